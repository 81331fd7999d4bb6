package io.gonogo.runners.memory;

import io.gonogo.core.config.SutSpec;
import io.gonogo.runners.engine.Sut;
import io.gonogo.runners.engine.internal.EmbeddedSutProvider;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.LoadRunner;
import io.gonogo.runners.memory.internal.JmxSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Acceptance 5, a benchmark main (not a test): the governance server's throughput on one closed
 * workload with and without the memory suite's JMX sampling (forced GC every interval), measured
 * in one run against one server, alternating rounds so drift hits both alike.
 *
 * <p>Usage: {@code SamplingOverheadBench [seconds per round, 10] [rounds, 3] [interval ms, 500]}
 */
public final class SamplingOverheadBench {
    private SamplingOverheadBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long interval = args.length > 2 ? Long.parseLong(args[2]) : 500;
        Path work = Files.createTempDirectory("gonogo-bench-");
        try (Sut sut = new EmbeddedSutProvider().start(SutSpec.embedded(), work)) {
            long pid = sut.process().orElseThrow().pid();
            LoadRunner warm = runner(sut, Duration.ofSeconds(seconds), 20_000);
            warm.run();
            double[] without = new double[rounds];
            double[] with = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                without[i] = runner(sut, Duration.ofSeconds(seconds), 1000).run().throughputPerSecond();
                try (JmxSampler sampler = new JmxSampler(pid)) {
                    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
                    int[] samples = {0};
                    timer.scheduleAtFixedRate(() -> {
                        try {
                            sampler.sample(true);
                            samples[0]++;
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }, 0, interval, TimeUnit.MILLISECONDS);
                    LoadResult r = runner(sut, Duration.ofSeconds(seconds), 1000).run();
                    timer.shutdownNow();
                    timer.awaitTermination(10, TimeUnit.SECONDS);
                    with[i] = r.throughputPerSecond();
                    System.out.printf(Locale.ROOT, "round %d: without sampling %,.0f req/s, with sampling (%d samples)"
                            + " %,.0f req/s%n", i + 1, without[i], samples[0], with[i]);
                }
            }
            double a = java.util.Arrays.stream(without).average().orElseThrow();
            double b = java.util.Arrays.stream(with).average().orElseThrow();
            System.out.printf(Locale.ROOT, "mean: without %,.0f req/s, with JMX sampling every %d ms + forced GC"
                    + " %,.0f req/s (%+.1f%%)%n", a, interval, b, (b - a) / a * 100);
        }
    }

    private static LoadRunner runner(Sut sut, Duration d, long warmup) {
        return LoadRunner.builder().target(sut.endpoint().http("/decisions")).concurrency(8).duration(d)
                .warmupRequests(warmup).build();
    }
}
