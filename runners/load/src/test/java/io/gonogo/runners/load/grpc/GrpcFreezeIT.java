package io.gonogo.runners.load.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.LoadResult;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Coordinated omission for the gRPC engine, at full scale, as {@code CoordinatedOmissionIT} for the
 * HTTP engine: a server frozen 1 s of every 5 s ({@link TestGrpcServer#freezeEvery(long, long)}),
 * driven at 200 calls/s for 10.5 s, which holds two freezes (4 s to 5 s and 9 s to 10 s after the
 * first call).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GrpcFreezeIT {

    private static final long PERIOD_MILLIS = 5_000;
    private static final long FREEZE_MILLIS = 1_000;
    private static final int RATE = 200;
    private static final Duration OPEN_DURATION = Duration.ofMillis(10_500);

    /**
     * The most calls in flight of the open run, one connection each: a freeze holds a second of
     * calls (200), and a call finding no free connection would wait for one, so there are more.
     */
    private static final int OPEN_CONCURRENCY = 400;

    /**
     * A call slower than this was held up by a freeze (the server answers within a millisecond or
     * two otherwise, a loaded machine's hiccup adding tens of ms at most).
     */
    private static final long DELAYED_MICROS = 50_000;

    /**
     * A call slower than this waited out a good part of a freeze; a closed run's calls hardly ever
     * do otherwise.
     */
    private static final long HELD_MICROS = 300_000;

    private static GrpcLoadRunner.Builder echo(TestGrpcServer server) {
        return GrpcLoadRunner.builder()
                .target(server.target())
                .method(TestGrpcServer.ECHO)
                .body("{\"text\":\"hi\"}")
                .requestTimeout(Duration.ofSeconds(5));
    }

    /** The share of calls slower than {@link #DELAYED_MICROS}. */
    private static double delayedShare(Histogram h) {
        return (h.getTotalCount() - h.getCountBetweenValues(0, DELAYED_MICROS))
                / (double) h.getTotalCount();
    }

    /** The number of calls slower than {@link #HELD_MICROS}. */
    private static long held(Histogram h) {
        return h.getTotalCount() - h.getCountBetweenValues(0, HELD_MICROS);
    }

    @Test
    void the_open_model_shows_a_server_frozen_1_s_in_5_in_its_p99_the_closed_model_hides_it() {
        CallLoadResult open;
        CallLoadResult closed;
        try (TestGrpcServer server = TestGrpcServer.start()) {
            // JIT warm-up of client and server, before the freezes' clock starts
            echo(server).concurrency(8).requests(3_000).build().run();

            server.freezeEvery(PERIOD_MILLIS, FREEZE_MILLIS);
            GrpcLoadRunner openRunner =
                    echo(server)
                            .concurrency(OPEN_CONCURRENCY)
                            .rate(RATE)
                            .duration(OPEN_DURATION)
                            .build();
            assertThat(openRunner.client()).isEqualTo(GrpcLoadRunner.Client.GONOGO);
            open = openRunner.run();

            // the clock starts again with the closed run's first call: frozen from 4 s to 5 s
            server.freezeEvery(PERIOD_MILLIS, FREEZE_MILLIS);
            closed = echo(server).concurrency(4).duration(Duration.ofMillis(5_500)).build().run();
        }

        LoadResult of = open.figures();
        LoadResult cf = closed.figures();
        Histogram o = of.latencyMicros();
        Histogram c = cf.latencyMicros();
        System.out.printf(
                Locale.ROOT,
                "open: %d calls, delayed %.1f%%, held %d, p50 %d us, p99 %d us, max %d us, send lag"
                    + " p99 %d us; closed: %d calls, held %d, p50 %d us, p99 %d us, max %d us%n",
                of.attempted(),
                100 * delayedShare(o),
                held(o),
                o.getValueAtPercentile(50),
                o.getValueAtPercentile(99),
                o.getMaxValue(),
                of.sendLagMicros().getValueAtPercentile(99),
                cf.attempted(),
                held(c),
                c.getValueAtPercentile(50),
                c.getValueAtPercentile(99),
                c.getMaxValue());

        long expected = Math.round(RATE * OPEN_DURATION.toMillis() / 1_000.0);
        assertThat(of.model()).isEqualTo(LoadModel.OPEN);
        assertThat(of.abortReason()).isEmpty();
        assertThat(of.attempted())
                .as("the open model sends rate x duration calls, whatever the server does")
                .isCloseTo(expected, withinPercentage(3));
        assertThat(of.succeeded())
                .as(
                        "a freeze slows the server down, it does not fail calls: "
                                + open.errorsByKind())
                .isEqualTo(of.attempted());
        assertThat(open.totalErrors()).isZero();
        assertThat(of.errorCount(ErrorKind.TIMEOUT)).isZero();
        assertThat(o.getTotalCount()).isEqualTo(of.attempted());
        assertThat(of.sendLagMicros().getTotalCount())
                .as("every call was sent, none waited for a slot until it was given up")
                .isEqualTo(of.attempted());
        assertThat(delayedShare(o))
                .as("about a fifth of the calls were due while the server was frozen")
                .isBetween(0.10, 0.35);
        assertThat(o.getValueAtPercentile(50))
                .as("open p50: most calls never met a freeze")
                .isLessThan(100_000L);
        assertThat(o.getValueAtPercentile(99))
                .as("open p99: hundreds of ms, up to the 1 s freeze")
                .isBetween(500_000L, 1_500_000L);
        assertThat(o.getMaxValue())
                .as("the call due as a freeze began waited all of it")
                .isGreaterThan(900_000L);

        assertThat(cf.model()).isEqualTo(LoadModel.CLOSED);
        assertThat(cf.abortReason()).isEmpty();
        assertThat(cf.succeeded()).isEqualTo(cf.attempted()).isPositive();
        assertThat(closed.totalErrors()).isZero();
        assertThat(c.getMaxValue())
                .as("the closed model saw the freeze, once per user")
                .isGreaterThan(500_000L);
        // its 4 users wait with the server: one call each is held, where the open run has hundreds
        assertThat(held(o)).as("open calls held over 300 ms").isGreaterThanOrEqualTo(150);
        assertThat(held(c)).as("closed calls held over 300 ms").isLessThan(held(o) / 10);
        assertThat(c.getValueAtPercentile(99))
                .as("closed p99 under-reports the freeze")
                .isLessThan(o.getValueAtPercentile(99) / 4)
                .isLessThan(c.getMaxValue() / 4);
    }
}
