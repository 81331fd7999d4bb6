package io.gonogo.runners.load.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.runners.load.GeneratorBounds;
import io.gonogo.runners.load.GeneratorHealth;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorWatchTest {

    private static Tally tally(long wallNanos, long idleNanos) {
        boolean[] ok = new boolean[600];
        java.util.Arrays.fill(ok, 200, 300, true);
        LoadPlan plan =
                new LoadPlan(
                        java.net.URI.create("http://127.0.0.1:1/"),
                        "127.0.0.1",
                        1,
                        new byte[1],
                        false,
                        1,
                        1,
                        0,
                        java.time.Duration.ofSeconds(1),
                        200,
                        299,
                        java.util.Optional.empty(),
                        java.time.Duration.ofSeconds(1),
                        java.util.Optional.empty(),
                        0,
                        0,
                        1,
                        GeneratorBounds.DEFAULT,
                        java.util.Optional.empty(),
                        "t",
                        List.of(new OpPlan("", new byte[1], false, ok, 1_000_000_000L, 1)),
                        io.gonogo.runners.spi.TlsSettings.DEFAULT,
                        java.util.Optional.empty());
        Tally t =
                new Tally(
                        3_600_000_000L,
                        plan,
                        new Shard(
                                0,
                                1,
                                1,
                                1,
                                0,
                                0,
                                java.util.Optional.empty(),
                                io.gonogo.runners.spi.RunShard.WHOLE));
        t.wallNanos = wallNanos;
        t.idleNanos = idleNanos;
        return t;
    }

    @Test
    void a_collection_the_jvm_reports_counts_as_a_pause() throws Exception {
        // The real collectors: a forced full collection is reported as a pause (System.gc() is
        // stop-the-world on G1, Parallel and Serial; ZGC and Shenandoah report it as cycles).
        try (GeneratorWatch watch = new GeneratorWatch()) {
            String collector =
                    java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()
                            .get(0)
                            .getName();
            org.junit.jupiter.api.Assumptions.assumeFalse(
                    collector.contains("ZGC") || collector.contains("Shenandoah"),
                    "concurrent collector: no pauses to report");
            long deadline = System.nanoTime() + 5_000_000_000L;
            System.gc();
            while (watch.judge(GeneratorBounds.DEFAULT, List.of(), false, 0).gcPauses() == 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(10); // notifications arrive on a JMX thread
            }
            assertThat(watch.judge(GeneratorBounds.DEFAULT, List.of(), false, 0).gcPauses())
                    .isPositive();
        }
    }

    @Test
    void a_long_gc_pause_of_the_generator_flags_the_run() {
        try (GeneratorWatch watch = new GeneratorWatch(List.of())) {
            watch.pause(350_000);
            GeneratorHealth h =
                    watch.judge(
                            GeneratorBounds.DEFAULT,
                            List.of(tally(1_000_000_000L, 900_000_000L)),
                            false,
                            0);

            assertThat(h.generatorBound()).isTrue();
            assertThat(h.longestGcPauseMillis()).isGreaterThanOrEqualTo(350);
            assertThat(h.reasons())
                    .anySatisfy(r -> assertThat(r).contains("GC pause").contains("350 ms"));
        }
    }

    @Test
    void the_pause_share_of_a_short_run_is_taken_over_one_second() {
        try (GeneratorWatch watch = new GeneratorWatch(List.of())) {
            // a run of a few milliseconds: 30 ms of pauses is 3% of the one-second floor, within 5%
            watch.pause(30_000);
            GeneratorHealth young = watch.judge(GeneratorBounds.DEFAULT, List.of(), false, 0);
            watch.pause(30_000);
            GeneratorHealth more = watch.judge(GeneratorBounds.DEFAULT, List.of(), false, 0);

            assertThat(young.generatorBound()).as("reasons: %s", young.reasons()).isFalse();
            assertThat(more.generatorBound()).isTrue();
            assertThat(more.reasons())
                    .anySatisfy(r -> assertThat(r).contains("in GC pauses").contains("60 ms in 2"));
        }
    }

    @Test
    void a_selector_thread_that_never_waits_flags_the_run_and_one_that_waits_does_not() {
        try (GeneratorWatch watch = new GeneratorWatch(List.of())) {
            GeneratorHealth busy =
                    watch.judge(
                            GeneratorBounds.DEFAULT,
                            List.of(
                                    tally(1_000_000_000L, 500_000_000L),
                                    tally(1_000_000_000L, 10_000_000L)),
                            false,
                            0);
            GeneratorHealth relaxed =
                    watch.judge(
                            GeneratorBounds.DEFAULT,
                            List.of(tally(1_000_000_000L, 500_000_000L)),
                            false,
                            0);

            assertThat(busy.engineBusyShare())
                    .as("the busiest thread counts")
                    .isEqualTo(0.99, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(busy.reasons()).anySatisfy(r -> assertThat(r).contains("busy 99.0%"));
            assertThat(relaxed.generatorBound()).isFalse();
        }
    }

    @Test
    void send_lag_counts_only_in_the_open_model() {
        try (GeneratorWatch watch = new GeneratorWatch(List.of())) {
            Tally t = tally(1_000_000_000L, 900_000_000L);
            assertThat(watch.judge(GeneratorBounds.DEFAULT, List.of(t), true, 20_000).reasons())
                    .anySatisfy(r -> assertThat(r).contains("send-lag p99 20.0 ms"));
            assertThat(
                            watch.judge(GeneratorBounds.DEFAULT, List.of(t), false, 20_000)
                                    .generatorBound())
                    .isFalse();
        }
    }
}
