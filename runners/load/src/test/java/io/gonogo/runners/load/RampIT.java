package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.runners.load.TestHttpServer.After;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RampIT {

    @Test
    void a_ramp_from_50_to_250_per_second_sends_twice_as_many_requests_in_its_second_half()
            throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            arrivals.add(System.nanoTime());
                            out.write(TestHttpServer.response(200, "{}"));
                            return After.KEEP_OPEN;
                        })) {
            long t0 = System.nanoTime();
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(8)
                            .rate(50)
                            .rampTo(250)
                            .duration(Duration.ofSeconds(2))
                            .build()
                            .run();

            assertThat(r.abortReason()).isEmpty();
            assertThat(r.attempted()).as("(50 + 250) / 2 * 2 s").isEqualTo(300);
            assertThat(r.answered()).isEqualTo(300);
            // arrivals by t are 50 t + 50 t^2: 100 in the first second, 200 in the second
            // counted from the first arrival, the schedule's own start: setting up the run
            // (threads,
            // connections, a cold JVM's class loading) takes a varying share of the first second
            long start = arrivals.stream().mapToLong(Long::longValue).min().orElseThrow();
            assertThat(start - t0).as("the first request left after the run began").isPositive();
            long firstHalf = arrivals.stream().filter(a -> a - start < 1_000_000_000L).count();
            assertThat(firstHalf)
                    .as("about 100 of 300 requests in the first second")
                    .isBetween(60L, 140L);
            assertThat(r.measuredWindow())
                    .isBetween(Duration.ofMillis(1800), Duration.ofSeconds(5));
        }
    }

    @Test
    void a_ramp_needs_a_rate() {
        assertThatThrownBy(
                        () ->
                                LoadRunner.builder()
                                        .target(java.net.URI.create("http://127.0.0.1:1/"))
                                        .rampTo(100)
                                        .duration(Duration.ofSeconds(1))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rampTo needs a rate");
        assertThatThrownBy(
                        () ->
                                LoadRunner.builder()
                                        .target(java.net.URI.create("http://127.0.0.1:1/"))
                                        .rate(10)
                                        .rampTo(-1)
                                        .duration(Duration.ofSeconds(1))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rampTo must be > 0");
    }
}
