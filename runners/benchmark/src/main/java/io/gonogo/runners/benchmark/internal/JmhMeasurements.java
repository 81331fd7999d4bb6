package io.gonogo.runners.benchmark.internal;

import io.gonogo.core.Interval;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.Unit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * JMH's results as gonogo measurements. This is the suite's own mapping from JMH to the evidence
 * model; the JMH JSON importer of collectors reads the attached {@code jmh-result.json} into the
 * same names.
 *
 * <p>Per benchmark and mode (label {@code mode}: {@code thrpt} or {@code sample}):
 *
 * <ul>
 *   <li>throughput mode: {@code throughput} (/s), JMH's score with its confidence interval ({@code
 *       Interval.of(low, high, 0.999, "jmh-score-error")}: JMH's default 99.9% Student-t interval
 *       over the measurement iterations of all forks);
 *   <li>sample-time mode: {@code latency} (us, a Scalar: the mean sampled call time, with the same
 *       kind of interval), and {@code latency_p50}, {@code latency_p90}, {@code latency_p99},
 *       {@code latency_p999} (us, Scalars: JMH's percentiles over all samples, flagged LOW_SAMPLES
 *       below 10/(1-p) samples) and {@code samples} (count);
 *   <li>with the GC profiler: {@code alloc_per_op} (B per call, {@code gc.alloc.rate.norm}, with
 *       its interval): the allocation of the benchmark's own JVM (the client), not of the service.
 * </ul>
 *
 * A score whose error JMH cannot compute (one iteration) carries no interval and is LOW_SAMPLES.
 */
final class JmhMeasurements {

    static final String METHOD = "jmh-score-error";
    static final double CONFIDENCE = 0.999;

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private JmhMeasurements() {}

    static List<Measurement> of(
            RunResult r, Map<String, String> scenarioLabels, boolean builtIn, String file) {
        BenchmarkParams p = r.getParams();
        Map<String, String> labels = new LinkedHashMap<>(scenarioLabels);
        if (!builtIn) {
            String name = p.getBenchmark();
            labels.putIfAbsent("operation", name.substring(name.lastIndexOf('.') + 1));
            labels.putIfAbsent("benchmark", name);
            for (String key : p.getParamsKeys()) {
                labels.putIfAbsent(key, p.getParam(key));
            }
        }
        labels.put("mode", BenchmarkSuiteKind.modeLabel(p.getMode()));
        Source source = new Source("", "0", "", file);
        List<Measurement> out = new ArrayList<>();
        Result<?> primary = r.getPrimaryResult();
        if (p.getMode() == Mode.Throughput) {
            double perSecond = perSecondFactor(primary.getScoreUnit());
            out.add(scored("throughput", labels, Unit.PER_SECOND, primary, perSecond, source));
        } else if (p.getMode() == Mode.SampleTime) {
            double toMicros = microsFactor(primary.getScoreUnit());
            out.add(scored("latency", labels, Unit.MICROSECONDS, primary, toMicros, source));
            Statistics stats = primary.getStatistics();
            long n = stats.getN();
            for (double pct : PERCENTILES) {
                Set<Quality> q = n < 10 / (1 - pct / 100) ? Set.of(Quality.LOW_SAMPLES) : Set.of();
                out.add(
                        new Measurement(
                                "latency_" + percentileName(pct),
                                labels,
                                Unit.MICROSECONDS,
                                new Scalar(stats.getPercentile(pct) * toMicros),
                                q,
                                source));
            }
            out.add(
                    new Measurement(
                            "samples", labels, Unit.COUNT, new Scalar(n), Set.of(), source));
        } else {
            double toMicros = microsFactor(primary.getScoreUnit());
            out.add(scored("latency", labels, Unit.MICROSECONDS, primary, toMicros, source));
        }
        for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                out.add(scored("alloc_per_op", labels, Unit.BYTES, e.getValue(), 1, source));
            }
        }
        return out;
    }

    private static Measurement scored(
            String metric,
            Map<String, String> labels,
            Unit unit,
            Result<?> result,
            double factor,
            Source source) {
        double score = result.getScore() * factor;
        double[] ci = result.getScoreConfidence();
        double low = ci[0] * factor;
        double high = ci[1] * factor;
        Set<Quality> quality = EnumSet.noneOf(Quality.class);
        Interval interval = Interval.NONE;
        if (Double.isFinite(low) && Double.isFinite(high) && Double.isFinite(score)) {
            interval = Interval.of(Math.min(low, high), Math.max(low, high), CONFIDENCE, METHOD);
        } else {
            quality.add(Quality.LOW_SAMPLES);
        }
        return new Measurement(metric, labels, unit, new Scalar(score), quality, source, interval);
    }

    static String percentileName(double p) {
        return "p"
                + (p == Math.rint(p)
                        ? String.valueOf((long) p)
                        : String.valueOf(p).replace(".", ""));
    }

    /**
     * Factor from a JMH throughput unit ({@code ops/us}, {@code ops/s}, ...) to operations per
     * second.
     */
    static double perSecondFactor(String unit) {
        String per = unit.substring(unit.indexOf('/') + 1);
        return 1 / seconds(per, unit);
    }

    /** Factor from a JMH time unit ({@code us/op}, {@code ns/op}, ...) to microseconds. */
    static double microsFactor(String unit) {
        String time = unit.substring(0, unit.indexOf('/'));
        return seconds(time, unit) * 1e6;
    }

    private static double seconds(String timeUnit, String whole) {
        return switch (timeUnit) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            case "hr" -> 3600;
            case "day" -> 86_400;
            default -> throw new IllegalStateException("unknown JMH score unit '" + whole + "'");
        };
    }

    /** One line for the person watching. */
    static String summary(RunResult r) {
        BenchmarkParams p = r.getParams();
        Result<?> primary = r.getPrimaryResult();
        String name = p.getBenchmark();
        StringBuilder b =
                new StringBuilder(name.substring(name.lastIndexOf('.') + 1))
                        .append(' ')
                        .append(BenchmarkSuiteKind.modeLabel(p.getMode()))
                        .append(": ");
        if (p.getMode() == Mode.Throughput) {
            double f = perSecondFactor(primary.getScoreUnit());
            b.append(Numbers.grouped(Math.round(primary.getScore() * f)))
                    .append(" ± ")
                    .append(error(primary.getScoreError() * f))
                    .append(" ops/s");
        } else {
            double f = microsFactor(primary.getScoreUnit());
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%.1f ± %s us/op",
                            primary.getScore() * f,
                            error(primary.getScoreError() * f)));
            if (p.getMode() == Mode.SampleTime) {
                Statistics s = primary.getStatistics();
                b.append(
                        String.format(
                                Locale.ROOT,
                                ", p50 %.1f us, p99 %.1f us",
                                s.getPercentile(50) * f,
                                s.getPercentile(99) * f));
            }
        }
        for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                b.append(String.format(Locale.ROOT, ", %.0f B/op", e.getValue().getScore()));
            }
        }
        return b.toString();
    }

    private static String error(double e) {
        return Double.isFinite(e) ? String.format(Locale.ROOT, "%.1f", e) : "?";
    }
}
