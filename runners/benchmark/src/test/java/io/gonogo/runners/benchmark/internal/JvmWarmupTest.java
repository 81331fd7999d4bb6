package io.gonogo.runners.benchmark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JvmWarmupTest {

    /** A caller whose calls take a fixed time: its rate is flat from the start. */
    private static JvmWarmup.Callers flat(AtomicInteger closed) {
        return () ->
                new JvmWarmup.Caller() {
                    @Override
                    public void call(int turn) throws InterruptedException {
                        Thread.sleep(1);
                    }

                    @Override
                    public void close() {
                        closed.incrementAndGet();
                    }
                };
    }

    @Test
    void aFlatRateEndsTheWarmupOnceTheMinimumsAreMetAndEveryCallerIsClosed() {
        AtomicInteger closed = new AtomicInteger();
        JvmWarmup.Result r = JvmWarmup.run(flat(closed), 1_000, 10, 20_000);

        assertThat(r.steady()).isTrue();
        assertThat(r.failure()).isNull();
        // the first window sets the best rate, then three windows that do not beat it
        assertThat(r.millis()).isBetween(3_900L, 15_000L);
        assertThat(r.calls()).isGreaterThan(10);
        assertThat(closed).hasValue(JvmWarmup.THREADS);
        assertThat(r.describe("grpc", 20_000)).contains("warmed the grpc client", "steady");
    }

    @Test
    void aRateThatKeepsRisingRunsToTheCap() {
        AtomicLong started = new AtomicLong(System.nanoTime());
        JvmWarmup.Callers rising =
                () ->
                        new JvmWarmup.Caller() {
                            @Override
                            public void call(int turn) throws InterruptedException {
                                // each call shorter than the last second's: 40 ms at the start, 10
                                // ms after 3 s
                                long ms =
                                        Math.max(
                                                1,
                                                40
                                                        - (System.nanoTime() - started.get())
                                                                / 100_000_000L);
                                Thread.sleep(ms);
                            }

                            @Override
                            public void close() {}
                        };
        JvmWarmup.Result r = JvmWarmup.run(rising, 0, 0, 3_000);

        assertThat(r.steady()).isFalse();
        assertThat(r.millis()).isGreaterThanOrEqualTo(3_000L);
        assertThat(r.describe("http", 3_000)).contains("still rising at the 3s cap ('jvm-warmup')");
    }

    @Test
    void aFailedCallEndsTheWarmupAtOnceAndSaysWhy() {
        AtomicInteger closed = new AtomicInteger();
        JvmWarmup.Callers failing =
                () ->
                        new JvmWarmup.Caller() {
                            @Override
                            public void call(int turn) {
                                throw new IllegalStateException("UNAVAILABLE: io exception");
                            }

                            @Override
                            public void close() {
                                closed.incrementAndGet();
                            }
                        };
        JvmWarmup.Result r = JvmWarmup.run(failing, 5_000, 0, 20_000);

        assertThat(r.steady()).isFalse();
        assertThat(r.failure()).isEqualTo("UNAVAILABLE: io exception");
        assertThat(r.millis()).as("not at the end of a one-second window").isLessThan(900L);
        assertThat(closed).hasValue(JvmWarmup.THREADS);
        assertThat(r.describe("grpc", 20_000))
                .contains("stopped by a failed call (UNAVAILABLE: io exception)");
    }
}
