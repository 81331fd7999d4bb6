package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gonogo.core.NotExecutedException;
import io.gonogo.runners.spi.RunShard;
import io.gonogo.runners.spi.StartBarrier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The coordinator's start barrier over loopback HTTP, with shards that register late, never, or
 * twice, and the shard side ({@link CoordinatorBarrier}) that sleeps until the start instant.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CoordinatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The status and body of one registration. */
    private record Answer(int status, JsonNode body) {}

    private static CompletableFuture<Answer> register(
            Coordinator c, String runId, int shard, String scenario) {
        String body =
                "{\"runId\": \""
                        + runId
                        + "\", \"shard\": "
                        + shard
                        + ", \"shards\": "
                        + c.shards()
                        + ", \"scenario\": \""
                        + scenario
                        + "\"}";
        HttpRequest request =
                HttpRequest.newBuilder(c.uri().resolve("/register"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(
                        r -> {
                            try {
                                return new Answer(r.statusCode(), JSON.readTree(r.body()));
                            } catch (Exception e) {
                                throw new IllegalStateException(r.body(), e);
                            }
                        });
    }

    @Test
    void everyShardGetsOneStartInstantAfterTheLateLastRegistration() throws Exception {
        try (Coordinator c =
                Coordinator.builder(3)
                        .barrierTimeout(Duration.ofSeconds(10))
                        .lead(Duration.ofMillis(150))
                        .build()
                        .start()) {
            assertThat(c.uri().getHost()).isEqualTo("127.0.0.1");
            CompletableFuture<Answer> a = register(c, "r-1", 0, "load/a");
            CompletableFuture<Answer> b = register(c, "r-1", 2, "load/a");
            Thread.sleep(400);
            assertThat(a).as("the barrier waits for the last shard").isNotDone();
            Instant lateRegistration = Instant.now();
            Answer late = register(c, "r-1", 1, "load/a").get();
            Answer first = a.get();
            Answer second = b.get();
            assertThat(List.of(first.status(), second.status(), late.status())).containsOnly(200);
            String startAt = late.body().get("startAt").asText();
            assertThat(first.body().get("startAt").asText()).isEqualTo(startAt);
            assertThat(second.body().get("startAt").asText()).isEqualTo(startAt);
            assertThat(Instant.parse(startAt))
                    .as("a lead after the last registration, so every shard has it in time")
                    .isAfter(lateRegistration.plusMillis(100));
            assertThat(late.body().get("shards").toString()).isEqualTo("[0,1,2]");

            // each scenario has its own barrier
            CompletableFuture<Answer> next = register(c, "r-1", 0, "load/b");
            register(c, "r-1", 1, "load/b");
            register(c, "r-1", 2, "load/b").get();
            assertThat(next.get().status()).isEqualTo(200);
        }
    }

    @Test
    void aShardThatNeverRegistersIsNamedAndItsLateRegistrationIsRefused() throws Exception {
        try (Coordinator c =
                Coordinator.builder(3).barrierTimeout(Duration.ofMillis(500)).build().start()) {
            long t0 = System.nanoTime();
            CompletableFuture<Answer> a = register(c, "r-1", 0, "load/a");
            CompletableFuture<Answer> b = register(c, "r-1", 1, "load/a");
            Answer timedOut = a.get();
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .isGreaterThan(Duration.ofMillis(450));
            assertThat(timedOut.status()).isEqualTo(504);
            assertThat(timedOut.body().get("missing").toString()).isEqualTo("[2]");
            assertThat(timedOut.body().get("error").asText())
                    .contains("shard 2/3 never registered for load/a")
                    .contains("500 ms");
            assertThat(b.get().status()).isEqualTo(504);

            Answer late = register(c, "r-1", 2, "load/a").get();
            assertThat(late.status()).isEqualTo(410);
            assertThat(late.body().get("error").asText())
                    .contains("shard 2 registered late for load/a")
                    .contains("timed out");
        }
    }

    @Test
    void aSecondRegistrationOfOneShardAndAnotherRunAreRefused() throws Exception {
        try (Coordinator c =
                Coordinator.builder(2).barrierTimeout(Duration.ofSeconds(10)).build().start()) {
            CompletableFuture<Answer> first = register(c, "r-1", 0, "load/a");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (c.registered("load/a") < 1 && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            assertThat(c.registered("load/a")).as("the first registration arrived").isEqualTo(1);
            Answer twice = register(c, "r-1", 0, "load/a").get();
            assertThat(twice.status()).isEqualTo(409);
            assertThat(twice.body().get("error").asText())
                    .contains("shard 0 already registered for load/a");
            Answer foreign = register(c, "r-2", 1, "load/a").get();
            assertThat(foreign.status()).isEqualTo(409);
            assertThat(foreign.body().get("error").asText())
                    .contains("run r-2")
                    .contains("run r-1");
            assertThat(first)
                    .as("the refused registrations did not complete the barrier")
                    .isNotDone();

            Answer outOfRange = register(c, "r-1", 5, "load/a").get();
            assertThat(outOfRange.status()).isEqualTo(400);
            assertThat(outOfRange.body().get("error").asText()).contains("expected 0..1");

            assertThat(register(c, "r-1", 1, "load/a").get().status()).isEqualTo(200);
            assertThat(first.get().status()).isEqualTo(200);
        }
    }

    @Test
    void shardsSleepUntilTheStartInstantAndRecordHowFarTheyStartedFromIt() throws Exception {
        try (Coordinator c =
                Coordinator.builder(2).barrierTimeout(Duration.ofSeconds(10)).build().start()) {
            CoordinatorBarrier s0 =
                    new CoordinatorBarrier(
                            c.uri(), "r-1", new RunShard(0, 2), Duration.ofSeconds(10));
            CoordinatorBarrier s1 =
                    new CoordinatorBarrier(
                            c.uri(), "r-1", new RunShard(1, 2), Duration.ofSeconds(10));
            CompletableFuture<StartBarrier.Start> a =
                    CompletableFuture.supplyAsync(() -> s0.await("load/a").orElseThrow());
            Thread.sleep(300);
            StartBarrier.Start b = s1.await("load/a").orElseThrow();
            Instant woke = Instant.now();
            StartBarrier.Start started = a.get();
            assertThat(started.at()).isEqualTo(b.at());
            // on one host the clocks are one; the offset measured over loopback is within half a
            // round trip of 0, and the shard wakes on the instant as its own clock shows it
            assertThat(Math.abs(s1.clockOffsetMillis())).as(s1.clockOffsetNote()).isLessThan(5.0);
            assertThat(woke)
                    .as("the shard slept until the start instant")
                    .isAfterOrEqualTo(b.at().plusNanos((long) (s1.clockOffsetMillis() * 1e6)));
            for (StartBarrier.Start s : List.of(started, b)) {
                assertThat(s.offset()).isBetween(Duration.ZERO, Duration.ofMillis(50));
            }
            assertThat(s1.starts())
                    .singleElement()
                    .satisfies(
                            s -> {
                                assertThat(s.scenario()).isEqualTo("load/a");
                                assertThat(s.startAt()).isEqualTo(b.at());
                                assertThat(s.offsetMillis()).isEqualTo(b.offset().toNanos() / 1e6);
                            });
        }
    }

    @Test
    void aShardMeasuresItsClockAgainstTheCoordinatorsAndStartsOnTheCoordinatorsInstant()
            throws Exception {
        // the coordinator's clock runs 5 s ahead of this host's, as another host's might
        java.time.Clock ahead =
                java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofSeconds(5));
        try (Coordinator c =
                Coordinator.builder(2)
                        .barrierTimeout(Duration.ofSeconds(10))
                        .clock(ahead)
                        .build()
                        .start()) {
            CoordinatorBarrier s0 =
                    new CoordinatorBarrier(
                            c.uri(), "r-1", new RunShard(0, 2), Duration.ofSeconds(10));
            CoordinatorBarrier s1 =
                    new CoordinatorBarrier(
                            c.uri(), "r-1", new RunShard(1, 2), Duration.ofSeconds(10));
            for (CoordinatorBarrier s : List.of(s0, s1)) {
                assertThat(s.clockOffsetMillis())
                        .as(s.clockOffsetNote())
                        .isBetween(-5_050.0, -4_950.0);
                assertThat(s.clockOffsetNote()).contains("round trips").contains("within");
            }
            CompletableFuture<StartBarrier.Start> a =
                    CompletableFuture.supplyAsync(() -> s0.await("load/a").orElseThrow());
            long t0 = System.nanoTime();
            StartBarrier.Start b = s1.await("load/a").orElseThrow();
            long waitedMillis = (System.nanoTime() - t0) / 1_000_000;
            Instant woke = Instant.now();
            a.get();
            assertThat(waitedMillis)
                    .as(
                            "the shard slept until the instant on the coordinator's clock, not 5 s"
                                    + " more")
                    .isLessThan(3_000);
            assertThat(woke.plus(Duration.ofSeconds(5)))
                    .as("on the coordinator's clock the shard woke at the start instant or after")
                    .isAfterOrEqualTo(b.at().minusMillis(10));
            assertThat(b.offset()).isBetween(Duration.ofMillis(-10), Duration.ofMillis(50));
        }
    }

    @Test
    void aBarrierThatNeverCompletesMakesTheScenarioNotExecutedNamingTheMissingShard() {
        try (Coordinator c =
                Coordinator.builder(2).barrierTimeout(Duration.ofMillis(300)).build().start()) {
            CoordinatorBarrier s0 =
                    new CoordinatorBarrier(
                            c.uri(), "r-1", new RunShard(0, 2), Duration.ofMillis(300));
            assertThatThrownBy(() -> s0.await("load/a"))
                    .isInstanceOf(NotExecutedException.class)
                    .hasMessageContaining("the shards did not start together")
                    .hasMessageContaining("shard 1/2 never registered for load/a");
            assertThat(s0.starts()).isEmpty();
        }
    }

    @Test
    void aCoordinatorThatDoesNotAnswerMakesTheScenarioNotExecuted() throws Exception {
        URI nowhere;
        try (Coordinator c = Coordinator.builder(2).build().start()) {
            nowhere = c.uri();
        }
        CoordinatorBarrier s0 =
                new CoordinatorBarrier(nowhere, "r-1", new RunShard(0, 2), Duration.ofSeconds(1));
        assertThatThrownBy(() -> s0.await("load/a"))
                .isInstanceOf(NotExecutedException.class)
                .hasMessageContaining("did not answer");
    }
}
