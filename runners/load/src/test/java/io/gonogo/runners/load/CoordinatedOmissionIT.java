package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.runners.load.TestHttpServer.After;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Coordinated omission, scaled down to keep the build short: a server that freezes for 500 ms every
 * 2.5 s (a fifth of the time, as 1 s every 5 s), driven at 200 req/s.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoordinatedOmissionIT {

    private static final long PERIOD_MILLIS = 2_500;
    private static final long FREEZE_MILLIS = 500;

    /**
     * A request slower than this was held up by a freeze (the server answers within a few ms
     * otherwise).
     */
    private static final long DELAYED_MICROS = 50_000;

    /**
     * Starts a server whose clock starts with its first request: it answers at once except in the
     * last {@link #FREEZE_MILLIS} of every {@link #PERIOD_MILLIS}, when every request is held until
     * the freeze ends.
     */
    private static TestHttpServer freezingServer() throws IOException {
        AtomicLong start = new AtomicLong();
        return TestHttpServer.start(
                (n, req, out) -> {
                    long now = System.nanoTime();
                    start.compareAndSet(0, now);
                    long inPeriod =
                            TimeUnit.NANOSECONDS.toMillis(now - start.get()) % PERIOD_MILLIS;
                    long frozenFor = inPeriod - (PERIOD_MILLIS - FREEZE_MILLIS);
                    if (frozenFor >= 0) {
                        sleep(FREEZE_MILLIS - frozenFor);
                    }
                    out.write(TestHttpServer.response(200, "{\"status\":\"ok\"}"));
                    return After.KEEP_OPEN;
                });
    }

    private static double delayedShare(Histogram h) {
        return (double)
                        h.getCountBetweenValues(
                                DELAYED_MICROS, Math.max(DELAYED_MICROS, h.getMaxValue()))
                / h.getTotalCount();
    }

    @Test
    void the_open_model_shows_a_freezing_server_in_its_percentiles_and_the_closed_model_hides_it()
            throws Exception {
        LoadResult open;
        try (TestHttpServer server = freezingServer()) {
            open =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .concurrency(64)
                            .rate(200)
                            .duration(Duration.ofMillis(7_500))
                            .requestTimeout(Duration.ofSeconds(5))
                            .build()
                            .run();
        }
        LoadResult closed;
        try (TestHttpServer server = freezingServer()) {
            closed =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .concurrency(4)
                            .duration(Duration.ofSeconds(5))
                            .requestTimeout(Duration.ofSeconds(5))
                            .build()
                            .run();
        }

        Histogram o = open.latencyMicros();
        Histogram c = closed.latencyMicros();
        System.out.printf(
                java.util.Locale.ROOT,
                "open: %d requests, delayed %.1f%%, p50 %d us, p99 %d us, max %d us, send lag p99"
                    + " %d us; closed: %d requests, delayed %.2f%%, p50 %d us, p99 %d us, max %d"
                    + " us%n",
                open.attempted(),
                100 * delayedShare(o),
                o.getValueAtPercentile(50),
                o.getValueAtPercentile(99),
                o.getMaxValue(),
                open.sendLagMicros().getValueAtPercentile(99),
                closed.attempted(),
                100 * delayedShare(c),
                c.getValueAtPercentile(50),
                c.getValueAtPercentile(99),
                c.getMaxValue());
        assertThat(open.model()).isEqualTo(LoadModel.OPEN);
        assertThat(open.abortReason()).isEmpty();
        assertThat(open.attempted()).isEqualTo(1_500);
        assertThat(open.succeeded())
                .as("a freeze slows the server down, it does not fail requests")
                .isEqualTo(1_500);
        assertThat(delayedShare(o))
                .as("about a fifth of the requests were due while the server was frozen")
                .isBetween(0.10, 0.40);
        assertThat(o.getValueAtPercentile(99))
                .as("open p99: several hundred ms")
                .isBetween(250_000L, 1_500_000L);

        assertThat(closed.model()).isEqualTo(LoadModel.CLOSED);
        assertThat(closed.abortReason()).isEmpty();
        assertThat(c.getMaxValue())
                .as("the closed model saw the freeze, once per user")
                .isGreaterThan(200_000);
        assertThat(delayedShare(c))
                .as("but only a handful of its requests were delayed")
                .isLessThan(0.05);
        assertThat(c.getValueAtPercentile(99))
                .as("closed p99 under-reports the stall")
                .isLessThan(o.getValueAtPercentile(99) / 4);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
