package io.gonogo.runners.memory;

import io.gonogo.core.config.SutSpec;
import io.gonogo.runners.engine.internal.EmbeddedSutProvider;
import io.gonogo.runners.load.LoadRunner;
import io.gonogo.runners.memory.internal.JmxSampler;
import io.gonogo.runners.spi.Sut;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark main (not a test): the governance server's throughput on one closed workload with and
 * without the memory suite's JMX sampling (forced GC every interval), measured in one run against
 * one server over one JMX connection, alternating which goes first in each round so drift hits both
 * alike; prints each round, the medians and the means.
 *
 * <p>Usage: {@code SamplingOverheadBench [seconds per round, 10] [rounds, 3] [interval ms, 500]
 * [force-gc, true] [rate/s, 0 = closed model]}
 */
public final class SamplingOverheadBench {
    /** Open-model rate per second, 0 for the closed model at saturation. */
    private static double rate;

    private SamplingOverheadBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long interval = args.length > 2 ? Long.parseLong(args[2]) : 500;
        boolean forceGc = args.length <= 3 || Boolean.parseBoolean(args[3]);
        rate = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        Path work = Files.createTempDirectory("gonogo-bench-");
        try (Sut sut = new EmbeddedSutProvider().start(SutSpec.embedded(), work)) {
            long pid = sut.process().orElseThrow().pid();
            LoadRunner warm = runner(sut, Duration.ofSeconds(seconds), 20_000);
            warm.run();
            double[] without = new double[rounds];
            double[] with = new double[rounds];
            // one JMX connection for the whole run, opened before measuring; rounds alternate the
            // order
            try (JmxSampler sampler = new JmxSampler(pid)) {
                sampler.sample(false);
                for (int i = 0; i < rounds; i++) {
                    boolean withFirst = i % 2 == 1;
                    if (withFirst) {
                        with[i] = sampled(sut, sampler, seconds, interval, forceGc);
                    }
                    without[i] =
                            runner(sut, Duration.ofSeconds(seconds), 1000)
                                    .run()
                                    .throughputPerSecond();
                    if (!withFirst) {
                        with[i] = sampled(sut, sampler, seconds, interval, forceGc);
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "round %d: without sampling %,.0f req/s, with sampling %,.0f req/s%n",
                            i + 1,
                            without[i],
                            with[i]);
                }
            }
            java.util.Arrays.sort(without);
            java.util.Arrays.sort(with);
            System.out.printf(
                    Locale.ROOT,
                    "median: without %,.0f req/s, with %,.0f req/s%n",
                    without[rounds / 2],
                    with[rounds / 2]);
            double a = java.util.Arrays.stream(without).average().orElseThrow();
            double b = java.util.Arrays.stream(with).average().orElseThrow();
            System.out.printf(
                    Locale.ROOT,
                    "mean: without %,.0f req/s, with JMX sampling every %d ms%s"
                            + " %,.0f req/s (%+.1f%%)%n",
                    a,
                    interval,
                    forceGc ? " + forced GC" : " (no forced GC)",
                    b,
                    (b - a) / a * 100);
        }
    }

    private static double sampled(
            Sut sut, JmxSampler sampler, int seconds, long interval, boolean forceGc)
            throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(
                () -> {
                    try {
                        sampler.sample(forceGc);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                },
                0,
                interval,
                TimeUnit.MILLISECONDS);
        try {
            return runner(sut, Duration.ofSeconds(seconds), 1000).run().throughputPerSecond();
        } finally {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static LoadRunner runner(Sut sut, Duration d, long warmup) {
        LoadRunner.Builder b =
                LoadRunner.builder()
                        .target(sut.endpoint().http("/decisions"))
                        .concurrency(8)
                        .duration(d)
                        .warmupRequests(warmup);
        if (rate > 0) {
            b.rate(rate);
        }
        return b.build();
    }
}
