package io.gonogo.runners.benchmark.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gonogo.core.Interval;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.Unit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
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

    /** A JMH score: its value, the bounds of its interval (NaN when none) and JMH's unit. */
    record Score(double score, double low, double high, String unit) {
        static Score of(Result<?> r) {
            double[] ci = r.getScoreConfidence();
            return new Score(r.getScore(), ci[0], ci[1], r.getScoreUnit());
        }
    }

    /** What one benchmark run of one mode gave, from JMH's API or from its JSON result. */
    record Run(
            String benchmark,
            Mode mode,
            Map<String, String> params,
            Score primary,
            DoubleUnaryOperator percentile,
            long samples,
            Score alloc) {}

    static List<Measurement> of(
            RunResult r, Map<String, String> scenarioLabels, boolean builtIn, String file) {
        BenchmarkParams p = r.getParams();
        Map<String, String> params = new LinkedHashMap<>();
        for (String key : p.getParamsKeys()) {
            params.put(key, p.getParam(key));
        }
        Result<?> primary = r.getPrimaryResult();
        Statistics stats = primary.getStatistics();
        Score alloc = null;
        for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                alloc = Score.of(e.getValue());
            }
        }
        return of(
                new Run(
                        p.getBenchmark(),
                        p.getMode(),
                        params,
                        Score.of(primary),
                        stats::getPercentile,
                        stats.getN(),
                        alloc),
                scenarioLabels,
                builtIn,
                file);
    }

    /**
     * The same measurements from one element of JMH's JSON result ({@code -rf json}): {@code
     * benchmark}, {@code mode}, {@code params}, {@code primaryMetric} ({@code score}, {@code
     * scoreConfidence}, {@code scoreUnit}, {@code scorePercentiles} keyed {@code "50.0"}, {@code
     * "99.9"}, ..., and in sample mode {@code rawDataHistogram}, {@code [fork][iteration][[value,
     * count], ...]}, whose counts add up to the samples) and {@code secondaryMetrics}. JMH writes
     * {@code "NaN"} as a string where it has no number.
     *
     * @throws IllegalArgumentException when the element lacks what JMH always writes
     */
    static List<Measurement> ofJson(JsonNode run, Map<String, String> scenarioLabels, String file) {
        String benchmark = run.path("benchmark").asText("");
        JsonNode primary = run.path("primaryMetric");
        if (benchmark.isEmpty() || !primary.isObject()) {
            throw new IllegalArgumentException(
                    "a JMH result without 'benchmark' or 'primaryMetric': " + run);
        }
        Map<String, String> params = new LinkedHashMap<>();
        run.path("params")
                .fields()
                .forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        JsonNode percentiles = primary.path("scorePercentiles");
        long samples = -1;
        JsonNode histogram = primary.path("rawDataHistogram");
        if (histogram.isArray()) {
            samples = 0;
            for (JsonNode fork : histogram) {
                for (JsonNode iteration : fork) {
                    for (JsonNode bucket : iteration) {
                        samples += bucket.path(1).asLong();
                    }
                }
            }
        }
        Score alloc = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = run.path("secondaryMetrics").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                alloc = score(e.getValue());
            }
        }
        return of(
                new Run(
                        benchmark,
                        Mode.deepValueOf(run.path("mode").asText()),
                        params,
                        score(primary),
                        pct -> number(percentiles.path(String.valueOf(pct))),
                        samples,
                        alloc),
                scenarioLabels,
                false,
                file);
    }

    private static Score score(JsonNode metric) {
        JsonNode ci = metric.path("scoreConfidence");
        return new Score(
                number(metric.path("score")),
                number(ci.path(0)),
                number(ci.path(1)),
                metric.path("scoreUnit").asText());
    }

    /** A number of JMH's JSON: NaN for {@code "NaN"} or a missing value. */
    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        try {
            return n.isTextual() ? Double.parseDouble(n.asText()) : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static List<Measurement> of(
            Run r, Map<String, String> scenarioLabels, boolean builtIn, String file) {
        Map<String, String> labels = new LinkedHashMap<>(scenarioLabels);
        if (!builtIn) {
            String name = r.benchmark();
            labels.putIfAbsent("operation", name.substring(name.lastIndexOf('.') + 1));
            labels.putIfAbsent("benchmark", name);
            r.params().forEach(labels::putIfAbsent);
        }
        labels.put("mode", BenchmarkSuiteKind.modeLabel(r.mode()));
        Source source = new Source("", "0", "", file);
        List<Measurement> out = new ArrayList<>();
        Score primary = r.primary();
        if (r.mode() == Mode.Throughput) {
            double perSecond = perSecondFactor(primary.unit());
            out.add(scored("throughput", labels, Unit.PER_SECOND, primary, perSecond, source));
        } else if (r.mode() == Mode.SampleTime) {
            double toMicros = microsFactor(primary.unit());
            out.add(scored("latency", labels, Unit.MICROSECONDS, primary, toMicros, source));
            long n = r.samples();
            for (double pct : PERCENTILES) {
                double value = r.percentile().applyAsDouble(pct);
                if (!Double.isFinite(value)) {
                    continue;
                }
                Set<Quality> q = n < 10 / (1 - pct / 100) ? Set.of(Quality.LOW_SAMPLES) : Set.of();
                out.add(
                        new Measurement(
                                "latency_" + percentileName(pct),
                                labels,
                                Unit.MICROSECONDS,
                                new Scalar(value * toMicros),
                                q,
                                source));
            }
            if (n >= 0) {
                out.add(
                        new Measurement(
                                "samples", labels, Unit.COUNT, new Scalar(n), Set.of(), source));
            }
        } else {
            double toMicros = microsFactor(primary.unit());
            out.add(scored("latency", labels, Unit.MICROSECONDS, primary, toMicros, source));
        }
        if (r.alloc() != null) {
            out.add(scored("alloc_per_op", labels, Unit.BYTES, r.alloc(), 1, source));
        }
        return out;
    }

    private static Measurement scored(
            String metric,
            Map<String, String> labels,
            Unit unit,
            Score result,
            double factor,
            Source source) {
        double score = result.score() * factor;
        double low = result.low() * factor;
        double high = result.high() * factor;
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
