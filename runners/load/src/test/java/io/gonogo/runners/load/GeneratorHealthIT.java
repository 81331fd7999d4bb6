package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GeneratorHealthIT {

    @Test
    void a_relaxed_open_run_is_not_generator_bound() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            // the default bounds, but a send-lag bound of 300 ms: the shared 2-core test machine
            // can
            // deschedule a thread for a hundred milliseconds and more (the blocked runs below are
            // late by 400 ms, their p99 about 390 ms)
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .concurrency(4)
                            .rate(100)
                            .duration(Duration.ofMillis(1500))
                            .generatorBounds(new GeneratorBounds(0.05, 200, 0.97, 300_000))
                            .build()
                            .run();

            assertThat(r.answered()).isEqualTo(150);
            assertThat(r.generatorBound()).as("reasons: %s", r.health().reasons()).isFalse();
            assertThat(r.health().reasons()).isEmpty();
            assertThat(r.health().engineBusyShare())
                    .as("the selector mostly waits at 100/s")
                    .isBetween(0.0, 0.9);
            assertThat(r.health().sendLagP99Micros()).isLessThan(300_000);
        }
    }

    @Test
    void an_open_run_whose_engine_thread_is_blocked_is_flagged_by_its_send_lag() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            LoadResult r = blockedRun(server, GeneratorBounds.DEFAULT);

            assertThat(r.generatorBound()).isTrue();
            assertThat(r.health().reasons())
                    .anySatisfy(reason -> assertThat(reason).contains("send-lag p99"));
            assertThat(r.health().sendLagP99Micros()).isGreaterThan(100_000);
        }
    }

    @Test
    void the_bounds_are_configurable() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            LoadResult r = blockedRun(server, new GeneratorBounds(0.5, 10_000, 1.0, 5_000_000));

            assertThat(r.health().sendLagP99Micros())
                    .as("as late as before")
                    .isGreaterThan(100_000);
            assertThat(r.generatorBound())
                    .as("but within the relaxed bound: %s", r.health().reasons())
                    .isFalse();
        }
    }

    /**
     * An open run whose progress listener blocks the engine thread for 400 ms each second. The pool
     * (100 connections) holds every arrival a block delays (80 at 200/s), so each is sent as soon
     * as the engine is back and all of them count as late; with a pool of 4, the delayed arrivals
     * waited for a free connection, their lag counted from then, and only about 1.6% of the
     * requests were late, too close to the p99 for the assertions below to hold on every machine.
     */
    private static LoadResult blockedRun(TestHttpServer server, GeneratorBounds bounds) {
        return LoadRunner.builder()
                .target(server.uri("/health"))
                .concurrency(100)
                .rate(200)
                .duration(Duration.ofMillis(2500))
                .generatorBounds(bounds)
                .progressListener(
                        p -> {
                            try {
                                Thread.sleep(400);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        })
                .build()
                .run();
    }
}
