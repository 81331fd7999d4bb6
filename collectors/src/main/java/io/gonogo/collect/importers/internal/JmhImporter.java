package io.gonogo.collect.importers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gonogo.collect.importers.ImportedEvidence;
import io.gonogo.collect.importers.Importer;
import io.gonogo.core.Distribution;
import io.gonogo.core.Interval;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.Unit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Reads JMH's JSON results ({@code -rf json}, or {@code ResultFormatType.JSON} through the Runner
 * API), as written by JMH 1.x (tested with files JMH 1.37 writes in this module's test build).
 *
 * <p>The file is an array with one object per benchmark run: {@code benchmark} (the fully qualified
 * method), {@code mode} ({@code thrpt}, {@code avgt}, {@code sample}, {@code ss}), {@code params}
 * (optional, name to value), {@code primaryMetric} and {@code secondaryMetrics} (name to metric). A
 * metric has {@code score}, {@code scoreError}, {@code scoreConfidence} ({@code [low, high]}),
 * {@code scorePercentiles}, {@code scoreUnit} and, in sample mode, {@code rawDataHistogram} ({@code
 * [fork][iteration][[value, count], ...]}, values in the score unit). {@code "NaN"} (JMH writes it
 * as a string) is accepted wherever a number is.
 *
 * <p>What it gives, every measurement labelled {@code benchmark} (the fully qualified name), {@code
 * mode} and one label per parameter (named as the parameter; {@code param.<name>} when the name is
 * one gonogo uses itself):
 *
 * <ul>
 *   <li>{@code thrpt}: {@code throughput} in {@code /s} (any {@code ops/<time>} unit converted);
 *   <li>{@code avgt}: {@code avg_time} and {@code ss}: {@code single_shot_time}, in the score's
 *       time unit ({@code ns}, {@code us}, {@code ms}, {@code s});
 *   <li>{@code sample}: {@code sample_time}, a distribution in nanoseconds rebuilt sample by sample
 *       from {@code rawDataHistogram} (JMH times each sample in nanoseconds, so nothing is lost
 *       beyond HdrHistogram's 3 significant digits); when a file has no raw histogram, one {@code
 *       sample_time} scalar per percentile of {@code scorePercentiles}, labelled {@code stat}
 *       ({@code p50}, {@code p99}, ...) plus {@code stat=mean} for the score; and beside either,
 *       {@code sample_score}: JMH's own score (the mean time per operation, in the score's time
 *       unit) with its confidence interval, as JMH printed it;
 *   <li>secondary metrics: {@code gc.alloc.rate.norm} becomes {@code alloc_per_op} (B), {@code
 *       gc.count} {@code gc_count}, {@code gc.time} {@code gc_time} (ms); any other with a unit
 *       gonogo knows keeps its name with {@code .} turned into {@code _}; those without one (such
 *       as {@code gc.alloc.rate} in MB/sec) are left out with a note, as are the {@code
 *       p0.50}-style percentiles sample mode repeats as secondary metrics.
 * </ul>
 *
 * Each score carries JMH's confidence interval ({@code scoreConfidence}, at JMH's 99.9%) as an
 * {@link Interval} with method {@code jmh-score-error}; a score whose error is NaN (fewer than 3
 * measurement iterations in all) has no interval, and the import says so in a note.
 */
public final class JmhImporter implements Importer {
    /** JMH's confidence level for {@code scoreError} and {@code scoreConfidence}. */
    static final double CONFIDENCE = 0.999;

    private static final Set<String> OWN_LABELS =
            Set.of("benchmark", "mode", "suite", "scenario", "format", "stat");

    @Override
    public String id() {
        return "jmh";
    }

    @Override
    public String description() {
        return "JMH JSON results, -rf json, JMH 1.x";
    }

    @Override
    public boolean detect(Path file, String head) {
        String h = head.stripLeading();
        return h.startsWith("[")
                && (h.contains("\"jmhVersion\"")
                        || (h.contains("\"benchmark\"") && h.contains("\"primaryMetric\"")));
    }

    @Override
    public ImportedEvidence read(Path file) {
        JsonNode root = JsonFiles.read(file);
        if (!root.isArray()) {
            throw InvalidInputException.of(
                    file.toString(),
                    "expected a JSON array of benchmark results (JMH -rf json),"
                            + " found "
                            + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        List<Measurement> out = new ArrayList<>();
        Set<String> noError = new LinkedHashSet<>();
        Set<String> leftOut = new LinkedHashSet<>();
        int index = 0;
        for (JsonNode run : root) {
            index++;
            run(run, "benchmark #" + index, file, out, noError, leftOut);
        }
        return new ImportedEvidence(out, List.of(), notes(noError, leftOut));
    }

    /**
     * Adds the measurements of one benchmark result {@code run}, found at {@code where}, to {@code
     * out}; names the scores without an error in {@code noError} and the secondary metrics left out
     * in {@code leftOut}.
     */
    private static void run(
            JsonNode run,
            String where,
            Path file,
            List<Measurement> out,
            Set<String> noError,
            Set<String> leftOut) {
        if (!run.isObject()) {
            throw InvalidInputException.of(file.toString(), where + " is not an object");
        }
        String benchmark = JsonFiles.requiredText(run, "benchmark", file, where);
        where = where + " (" + benchmark + ")";
        String mode = JsonFiles.requiredText(run, "mode", file, where);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("benchmark", benchmark);
        labels.put("mode", mode);
        JsonNode params = run.get("params");
        if (params != null && params.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                String key = OWN_LABELS.contains(p.getKey()) ? "param." + p.getKey() : p.getKey();
                labels.put(key, p.getValue().asText());
            }
        }
        String shortName = shortName(benchmark) + paramText(params) + " (" + mode + ")";
        JsonNode primary = JsonFiles.requiredObject(run, "primaryMetric", file, where);
        String metric = metric(mode, file, where);
        if (mode.equals("sample")) {
            out.addAll(sample(primary, labels, file, where + ".primaryMetric"));
            // JMH's own figure for the run: the mean time per operation, with its interval
            score(
                            primary,
                            "sample_score",
                            labels,
                            file,
                            where + ".primaryMetric",
                            shortName,
                            noError)
                    .ifPresent(out::add);
        } else {
            Optional<Measurement> m =
                    score(
                            primary,
                            metric,
                            labels,
                            file,
                            where + ".primaryMetric",
                            shortName,
                            noError);
            if (m.isEmpty()) {
                throw InvalidInputException.of(
                        file.toString(),
                        where
                                + ": the primary score's unit '"
                                + primary.path("scoreUnit").asText()
                                + "' is not a JMH unit gonogo knows");
            }
            out.add(m.get());
        }
        JsonNode secondary = run.get("secondaryMetrics");
        if (secondary != null && secondary.isObject()) {
            secondary(secondary, labels, where, shortName, file, out, noError, leftOut);
        }
    }

    /** The metric a benchmark mode measures. */
    private static String metric(String mode, Path file, String where) {
        return switch (mode) {
            case "thrpt" -> "throughput";
            case "avgt" -> "avg_time";
            case "sample" -> "sample_time";
            case "ss" -> "single_shot_time";
            default ->
                    throw InvalidInputException.of(
                            file.toString(),
                            where
                                    + ": 'mode' is '"
                                    + mode
                                    + "'; expected thrpt, avgt, sample or ss");
        };
    }

    /** Adds the secondary metrics of a benchmark, leaving out those in units gonogo lacks. */
    private static void secondary(
            JsonNode secondary,
            Map<String, String> labels,
            String where,
            String shortName,
            Path file,
            List<Measurement> out,
            Set<String> noError,
            Set<String> leftOut) {
        for (Iterator<Map.Entry<String, JsonNode>> it = secondary.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            String name = s.getKey().replace("\u00b7", "");
            if (name.matches("p\\d(\\.\\d+)?")) {
                continue; // sample mode's percentiles, already in the distribution
            }
            String ours = secondaryName(name);
            String w = where + ".secondaryMetrics." + s.getKey();
            if (!s.getValue().isObject()) {
                throw InvalidInputException.of(file.toString(), w + " is not an object");
            }
            Optional<Measurement> m =
                    score(s.getValue(), ours, labels, file, w, shortName + " " + name, noError);
            if (m.isPresent()) {
                out.add(m.get());
            } else {
                leftOut.add(name + " (" + s.getValue().path("scoreUnit").asText() + ")");
            }
        }
    }

    /** The notes on scores without an error and on secondary metrics left out. */
    private static List<String> notes(Set<String> noError, Set<String> leftOut) {
        List<String> notes = new ArrayList<>();
        if (!noError.isEmpty()) {
            notes.add(
                    noError.size()
                            + " JMH score"
                            + (noError.size() == 1 ? " has" : "s have")
                            + " no error (NaN: JMH needs at least 3 measurement iterations) and so"
                            + " no interval: "
                            + String.join(", ", noError.stream().limit(5).toList())
                            + (noError.size() > 5 ? ", ..." : ""));
        }
        if (!leftOut.isEmpty()) {
            notes.add(
                    "left out secondary metrics in units gonogo has none for: "
                            + String.join(", ", leftOut));
        }
        return notes;
    }

    private static Optional<Measurement> score(
            JsonNode metric,
            String name,
            Map<String, String> labels,
            Path file,
            String where,
            String shown,
            Set<String> noError) {
        String unitText = JsonFiles.requiredText(metric, "scoreUnit", file, where);
        Optional<ToolUnits.Mapped> unit = ToolUnits.jmh(unitText);
        if (unit.isEmpty()) {
            return Optional.empty();
        }
        double score = JsonFiles.requiredNumber(metric, "score", file, where);
        if (!Double.isFinite(score)) {
            throw InvalidInputException.of(
                    file.toString(),
                    where + ": 'score' is " + score + "; expected a finite number");
        }
        ToolUnits.Mapped u = unit.get();
        Interval interval = Interval.NONE;
        double error = JsonFiles.number(metric, "scoreError", file, where).orElse(Double.NaN);
        JsonNode confidence = metric.get("scoreConfidence");
        if (!Double.isNaN(error)
                && confidence != null
                && confidence.isArray()
                && confidence.size() == 2) {
            double low = number(confidence.get(0), file, where + ".scoreConfidence[0]");
            double high = number(confidence.get(1), file, where + ".scoreConfidence[1]");
            if (Double.isFinite(low) && Double.isFinite(high)) {
                interval =
                        Interval.of(
                                Math.min(u.apply(low), u.apply(high)),
                                Math.max(u.apply(low), u.apply(high)),
                                CONFIDENCE,
                                "jmh-score-error");
            }
        } else if (!Double.isNaN(error) && Double.isFinite(error)) {
            interval =
                    Interval.of(
                            u.apply(score - error),
                            u.apply(score + error),
                            CONFIDENCE,
                            "jmh-score-error");
        }
        if (interval.isNone() && !name.equals("gc_count") && !name.equals("gc_time")) {
            noError.add(shown);
        }
        return Optional.of(
                new Measurement(
                        name, labels, u.unit(), new Scalar(u.apply(score)), null, null, interval));
    }

    /**
     * Sample mode: the distribution rebuilt from every recorded sample, else one scalar per
     * percentile.
     */
    private static List<Measurement> sample(
            JsonNode metric, Map<String, String> labels, Path file, String where) {
        String unitText = JsonFiles.requiredText(metric, "scoreUnit", file, where);
        ToolUnits.Mapped unit =
                ToolUnits.jmh(unitText)
                        .filter(u -> u.unit().dimension() == Unit.Dimension.DURATION)
                        .orElseThrow(
                                () ->
                                        InvalidInputException.of(
                                                file.toString(),
                                                where
                                                        + ": 'scoreUnit' is '"
                                                        + unitText
                                                        + "'; expected a time per operation (ns/op,"
                                                        + " us/op, ms/op, s/op) in sample mode"));
        JsonNode raw = metric.get("rawDataHistogram");
        if (raw != null && raw.isArray()) {
            return List.of(
                    new Measurement(
                            "sample_time",
                            labels,
                            Unit.NANOSECONDS,
                            Distribution.of(histogram(raw, unit, file, where)),
                            null,
                            null));
        }
        return percentiles(metric, labels, unit, file, where);
    }

    /** Every sample of JMH's {@code rawDataHistogram} in a histogram of nanoseconds. */
    private static Histogram histogram(
            JsonNode raw, ToolUnits.Mapped unit, Path file, String where) {
        Histogram h = new Histogram(3);
        int f = 0;
        for (JsonNode fork : raw) {
            int i = 0;
            for (JsonNode iteration : fork) {
                for (JsonNode pair : iteration) {
                    String w = where + ".rawDataHistogram[" + f + "][" + i + "]";
                    if (!pair.isArray() || pair.size() != 2) {
                        throw InvalidInputException.of(
                                file.toString(),
                                w + ": expected [value, count] pairs, found " + pair);
                    }
                    double v = number(pair.get(0), file, w);
                    double c = number(pair.get(1), file, w);
                    if (!(v >= 0) || !(c >= 0) || c != Math.rint(c)) {
                        throw InvalidInputException.of(
                                file.toString(),
                                w
                                        + ": ["
                                        + pair.get(0)
                                        + ", "
                                        + pair.get(1)
                                        + "] is not a non-negative time and a whole count");
                    }
                    long ns = Math.round(unit.unit().convert(unit.apply(v), Unit.NANOSECONDS));
                    h.recordValueWithCount(ns, (long) c);
                }
                i++;
            }
            f++;
        }
        return h;
    }

    /** The mean and each percentile JMH computed, one scalar each labelled {@code stat}. */
    private static List<Measurement> percentiles(
            JsonNode metric,
            Map<String, String> labels,
            ToolUnits.Mapped unit,
            Path file,
            String where) {
        JsonNode pct = JsonFiles.requiredObject(metric, "scorePercentiles", file, where);
        List<Measurement> out = new ArrayList<>();
        Map<String, String> mean = new LinkedHashMap<>(labels);
        mean.put("stat", "mean");
        out.add(
                new Measurement(
                        "sample_time",
                        mean,
                        unit.unit(),
                        new Scalar(
                                unit.apply(JsonFiles.requiredNumber(metric, "score", file, where))),
                        null,
                        null));
        for (Iterator<Map.Entry<String, JsonNode>> it = pct.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double p;
            try {
                p = Double.parseDouble(e.getKey());
            } catch (NumberFormatException ex) {
                throw InvalidInputException.of(
                        file.toString(),
                        where + ".scorePercentiles: key '" + e.getKey() + "' is not a percentile");
            }
            double v = number(e.getValue(), file, where + ".scorePercentiles." + e.getKey());
            if (!Double.isFinite(v)) {
                continue;
            }
            Map<String, String> l = new LinkedHashMap<>(labels);
            l.put("stat", p == 0 ? "min" : p == 100 ? "max" : Distribution.percentileKey(p));
            out.add(
                    new Measurement(
                            "sample_time", l, unit.unit(), new Scalar(unit.apply(v)), null, null));
        }
        return out;
    }

    private static double number(JsonNode n, Path file, String where) {
        if (n != null && n.isNumber()) {
            return n.asDouble();
        }
        if (n != null && n.isTextual() && n.asText().equals("NaN")) {
            return Double.NaN;
        }
        throw InvalidInputException.of(file.toString(), where + " is " + n + "; expected a number");
    }

    private static String secondaryName(String jmhName) {
        return switch (jmhName) {
            case "gc.alloc.rate.norm" -> "alloc_per_op";
            case "gc.alloc.rate" -> "alloc_rate";
            case "gc.count" -> "gc_count";
            case "gc.time" -> "gc_time";
            default -> jmhName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
        };
    }

    private static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2
                ? parts[parts.length - 2] + "." + parts[parts.length - 1]
                : benchmark;
    }

    private static String paramText(JsonNode params) {
        if (params == null || !params.isObject() || params.isEmpty()) {
            return "";
        }
        List<String> p = new ArrayList<>();
        params.fields().forEachRemaining(e -> p.add(e.getKey() + "=" + e.getValue().asText()));
        return "[" + String.join(",", p) + "]";
    }
}
