package io.gonogo.collect.importers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gonogo.collect.importers.ImportedEvidence;
import io.gonogo.collect.importers.Importer;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads k6's granular {@code --out json} output (see {@link K6Points}: per-request histograms from
 * the {@code http_req_duration} points) and k6's end-of-test summary as JSON, in both shapes k6
 * writes it: the legacy {@code k6 run --summary-export=summary.json} (each metric's statistics
 * directly under its name) and the data object that {@code handleSummary} receives, written with
 * {@code JSON.stringify(data)} (each metric with {@code type}, {@code contains} and {@code
 * values}). k6 0.x to 1.x; times are in milliseconds, as k6 writes them whatever {@code
 * summaryTimeUnit} says.
 *
 * <p>A summary holds statistics, not samples: percentiles cannot be recomputed or merged. So a
 * trend becomes one scalar per statistic, labelled {@code stat} ({@code avg} as {@code mean},
 * {@code med} as {@code p50}, {@code p(95)} as {@code p95}, {@code min}, {@code max}; which ones
 * exist depends on k6's {@code --summary-trend-stats}), and a target picks the one its {@code
 * aggregate} names ({@code p95}, {@code max}, ...). Sub-metrics such as {@code
 * http_req_duration{expected_response:true}} carry their tags as labels ({@code name} becomes
 * {@code operation}).
 *
 * <p>Names: {@code http_req_duration} becomes {@code latency} and {@code http_req_connecting}
 * {@code connect_time} (ms); {@code http_reqs} gives {@code requests} (its count) and {@code
 * throughput} (its rate, /s, over every request); {@code http_req_failed} gives {@code errors}
 * (failed requests) and {@code success_rate} (% of requests that did not fail); {@code checks}
 * gives {@code checks} (% passed) and {@code checks_failed}; {@code iterations} gives {@code
 * iterations}; any other trend keeps its k6 name with its statistics, in ms when it is a time.
 * Gauges ({@code vus}) and data counters are left out.
 *
 * <p>Thresholds: each threshold k6 evaluated becomes a test outcome (suite {@code k6 thresholds},
 * named {@code <metric>: <expression>}), passed or failed as k6 decided, so a failed threshold
 * fails the import's entry as a failed test does. handleSummary's data has {@code thresholds:
 * {expr: {ok}}}; {@code --summary-export} has {@code thresholds: {expr: bool}} among the values,
 * {@code true} meaning the threshold failed (as k6 has always written it there).
 */
public final class K6Importer implements Importer {
    /** The label naming a summary statistic, as the decision engine reads it. */
    static final String STAT = "stat";

    @Override
    public String id() {
        return "k6";
    }

    @Override
    public String description() {
        return "k6 summary JSON (--summary-export or handleSummary's data) and k6's --out json"
                + " points";
    }

    @Override
    public boolean detect(Path file, String head) {
        if (K6Points.detect(head)) {
            return true;
        }
        String h = head.stripLeading();
        return h.startsWith("{")
                && h.contains("\"metrics\"")
                && (h.contains("\"http_req")
                        || h.contains("\"iteration_duration\"")
                        || h.contains("\"root_group\"")
                        || h.contains("\"vus\""));
    }

    @Override
    public ImportedEvidence read(Path file) {
        if (K6Points.detect(firstLine(file))) {
            return K6Points.read(file);
        }
        JsonNode root = JsonFiles.read(file);
        if (!root.isObject()) {
            throw InvalidInputException.of(
                    file.toString(), "expected a JSON object with 'metrics' (a k6 summary)");
        }
        JsonNode metrics = JsonFiles.requiredObject(root, "metrics", file, "the summary");
        List<Measurement> out = new ArrayList<>();
        List<TestOutcome> thresholds = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String full = e.getKey();
            String where = "metrics." + full;
            if (!e.getValue().isObject()) {
                throw InvalidInputException.of(file.toString(), where + " is not an object");
            }
            // handleSummary: {type, contains, values}; --summary-export: the values themselves
            JsonNode values =
                    e.getValue().has("values") ? e.getValue().get("values") : e.getValue();
            if (!values.isObject()) {
                throw InvalidInputException.of(file.toString(), where + ".values is not an object");
            }
            String type = e.getValue().path("type").asText("");
            String contains = e.getValue().path("contains").asText("");
            int brace = full.indexOf('{');
            String name = brace < 0 ? full : full.substring(0, brace);
            Map<String, String> labels =
                    brace < 0 ? Map.of() : tags(full.substring(brace), file, where);
            thresholds(full, e.getValue(), values, file, where, thresholds);
            if (!read(name, labels, values, type, contains, file, where, out)) {
                skipped.add(full);
            }
        }
        if (out.isEmpty() && thresholds.isEmpty()) {
            throw InvalidInputException.of(
                    file.toString(),
                    "the summary's 'metrics' hold no metric gonogo reads (http_req_duration,"
                            + " http_reqs, http_req_failed, checks, iterations or a time trend)");
        }
        List<String> notes = new ArrayList<>();
        notes.add(
                "k6 summary: percentiles as k6 computed them (no histogram to merge or recompute"
                        + " from)");
        return new ImportedEvidence(out, thresholds, notes);
    }

    private static String firstLine(Path file) {
        try (java.io.BufferedReader in =
                java.nio.file.Files.newBufferedReader(
                        file, java.nio.charset.StandardCharsets.UTF_8)) {
            String line = in.readLine();
            return line == null ? "" : line;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return ""; // JsonFiles.read names the problem
        }
    }

    /**
     * The thresholds of the metric {@code full}, as k6 decided them, one outcome each: in
     * handleSummary's data, {@code thresholds: {"p(95)<500": {"ok": true}}} beside {@code values};
     * in the legacy {@code --summary-export}, {@code thresholds: {"p(95)<500": false}} among the
     * values, where k6 writes {@code true} for a threshold that <em>failed</em> (grafana/k6#1498,
     * kept for compatibility).
     */
    private static void thresholds(
            String full,
            JsonNode metric,
            JsonNode values,
            Path file,
            String where,
            List<TestOutcome> out) {
        // --summary-export has no 'values': its thresholds sit among the statistics
        boolean legacy = !metric.has("values");
        JsonNode data = legacy ? values.get("thresholds") : metric.get("thresholds");
        if (data == null || data.isNull()) {
            return;
        }
        if (!data.isObject()) {
            throw InvalidInputException.of(file.toString(), where + ".thresholds is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            JsonNode v = t.getValue();
            boolean ok;
            if (v.isObject() && v.path("ok").isBoolean()) {
                ok = v.get("ok").asBoolean();
            } else if (v.isBoolean() && legacy) {
                ok = !v.asBoolean();
            } else {
                throw InvalidInputException.of(
                        file.toString(),
                        where
                                + ".thresholds."
                                + t.getKey()
                                + " is "
                                + v
                                + "; expected {\"ok\": true|false} (handleSummary) or a"
                                + " boolean among a metric's values (--summary-export)");
            }
            String text = full + ": " + t.getKey();
            out.add(
                    new TestOutcome(
                            "[k6:thresholds]/[threshold:" + text + "]",
                            "k6 threshold " + text,
                            "k6 thresholds",
                            "",
                            false,
                            ok ? TestStatus.SUCCESSFUL : TestStatus.FAILED,
                            0,
                            ok ? "" : "k6 marked this threshold as crossed"));
        }
    }

    /**
     * Adds the measurements of the k6 metric {@code name} to {@code out}; false when gonogo reads
     * none of it (neither a metric it knows nor a time trend).
     */
    private static boolean read(
            String name,
            Map<String, String> labels,
            JsonNode values,
            String type,
            String contains,
            Path file,
            String where,
            List<Measurement> out) {
        switch (name) {
            case "http_req_duration" -> trend(out, "latency", labels, values, file, where);
            case "http_req_connecting" -> trend(out, "connect_time", labels, values, file, where);
            case "http_reqs" -> {
                count(values, "count", file, where)
                        .ifPresent(v -> out.add(m("requests", labels, Unit.COUNT, v)));
                count(values, "rate", file, where)
                        .ifPresent(v -> out.add(m("throughput", labels, Unit.PER_SECOND, v)));
            }
            case "http_req_failed" -> {
                double rate = rate(values, file, where);
                count(values, "passes", file, where)
                        .ifPresent(v -> out.add(m("errors", labels, Unit.COUNT, v)));
                out.add(m("success_rate", labels, Unit.PERCENT, 100.0 * (1 - rate)));
            }
            case "checks" -> {
                out.add(m("checks", labels, Unit.PERCENT, 100.0 * rate(values, file, where)));
                count(values, "fails", file, where)
                        .ifPresent(v -> out.add(m("checks_failed", labels, Unit.COUNT, v)));
            }
            case "iterations" ->
                    count(values, "count", file, where)
                            .ifPresent(v -> out.add(m("iterations", labels, Unit.COUNT, v)));
            default -> {
                boolean isTrend =
                        type.equals("trend")
                                || (type.isEmpty() && values.has("avg") && values.has("max"));
                boolean time =
                        contains.equals("time")
                                || (contains.isEmpty()
                                        && (name.startsWith("http_req_")
                                                || name.endsWith("_duration")));
                if (!isTrend || !time) {
                    return false;
                }
                trend(out, name, labels, values, file, where);
            }
        }
        return true;
    }

    private static Measurement m(String metric, Map<String, String> labels, Unit unit, double v) {
        return Measurement.of(metric, labels, unit, new Scalar(v));
    }

    /** One scalar per statistic of a trend, in ms, labelled {@code stat}. */
    private static void trend(
            List<Measurement> out,
            String metric,
            Map<String, String> labels,
            JsonNode values,
            Path file,
            String where) {
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            Optional<String> stat = stat(s.getKey());
            if (stat.isEmpty()) {
                continue; // count, thresholds
            }
            if (!s.getValue().isNumber()) {
                throw InvalidInputException.of(
                        file.toString(),
                        where
                                + "."
                                + s.getKey()
                                + " is "
                                + s.getValue()
                                + "; expected a number of milliseconds");
            }
            Map<String, String> l = new LinkedHashMap<>(labels);
            l.put(STAT, stat.get());
            out.add(m(metric, l, Unit.MILLISECONDS, s.getValue().asDouble()));
        }
    }

    /**
     * k6's statistic names as gonogo's aggregations: {@code p(95)} is {@code p95}, {@code med}
     * {@code p50}.
     */
    static Optional<String> stat(String k6) {
        switch (k6) {
            case "avg":
                return Optional.of("mean");
            case "med":
                return Optional.of("p50");
            case "min":
            case "max":
                return Optional.of(k6);
            default:
                java.util.regex.Matcher m =
                        java.util.regex.Pattern.compile("p\\((\\d{1,2}(?:\\.\\d+)?)\\)")
                                .matcher(k6);
                if (m.matches()) {
                    double p = Double.parseDouble(m.group(1));
                    if (p > 0 && p < 100) {
                        return Optional.of(io.gonogo.core.Distribution.percentileKey(p));
                    }
                }
                return Optional.empty();
        }
    }

    private static Optional<Double> count(JsonNode values, String field, Path file, String where) {
        JsonNode n = values.get(field);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isNumber()) {
            throw InvalidInputException.of(
                    file.toString(), where + "." + field + " is " + n + "; expected a number");
        }
        return Optional.of(n.asDouble());
    }

    /** A Rate metric's share: {@code rate} (handleSummary) or {@code value} (--summary-export). */
    private static double rate(JsonNode values, Path file, String where) {
        Optional<Double> r =
                count(values, "rate", file, where).or(() -> count(values, "value", file, where));
        double v =
                r.orElseThrow(
                        () ->
                                InvalidInputException.of(
                                        file.toString(),
                                        where
                                                + " has neither 'rate' nor 'value'; expected a k6"
                                                + " Rate metric"));
        if (!(v >= 0 && v <= 1)) {
            throw InvalidInputException.of(
                    file.toString(),
                    where + " has the rate " + v + "; expected a share from 0 to 1");
        }
        return v;
    }

    /** {@code {expected_response:true,name:x}} as labels. */
    private static Map<String, String> tags(String braces, Path file, String where) {
        if (!braces.endsWith("}")) {
            throw InvalidInputException.of(
                    file.toString(), where + ": a sub-metric's tags must end with '}'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : braces.substring(1, braces.length() - 1).split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = pair.substring(0, colon).strip();
            String value = pair.substring(colon + 1).strip();
            if (key.equals("name")) {
                key = "operation";
            }
            if (List.of("suite", "scenario", "format", STAT).contains(key)) {
                key = "k6." + key;
            }
            labels.put(key, value);
        }
        return labels;
    }
}
