package io.gonogo.render.internal;

import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.Series;
import io.gonogo.core.SuiteKindInfo.Presentation;
import io.gonogo.core.Unit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The charts of the documents, drawn from the evidence as SVG files under {@value #FOLDER}/: the
 * latency percentile distribution of each load scenario (HdrHistogram's percentile plot: x is
 * 1/(1-p) on a log scale), the throughput of the load scenarios, the compared label's values side
 * by side per operation (throughput and p99), the memory of each memory scenario over its run, and
 * each chaos scenario's throughput and p99 over time with the fault window shaded. Load, memory and
 * chaos scenarios are those of the kinds that declare {@code REQUEST_LOAD}, {@code RESOURCE_TREND}
 * and {@code FAULT_INJECTION} (see {@link Kinds}).
 *
 * <p>A chart is drawn only when its evidence exists. The same evidence gives byte-identical files.
 */
public final class Charts {
    /** The folder of the chart files, relative to the documents. */
    public static final String FOLDER = "charts";

    private static final double[] PERCENTILE_TICKS = {1, 10, 100, 1_000, 10_000, 100_000};
    private static final String[] PERCENTILE_LABELS = {
        "0%", "90%", "99%", "99.9%", "99.99%", "99.999%"
    };

    private final Map<String, String> files;
    private final Map<String, String> titles;
    private final Map<String, String> byKey;
    private final List<String> notCharted;
    private final EvidenceIndex index;

    /** At most this many per-scenario latency charts (the scenarios with most requests). */
    static final int MAX_LATENCY_CHARTS = 40;

    /** At most this many lines in one latency chart (the label sets with most requests). */
    static final int MAX_LATENCY_LINES = 10;

    /** At most this many bars in the throughput chart (the scenarios with most requests). */
    static final int MAX_THROUGHPUT_BARS = 40;

    /**
     * Labels that only repeat a run of a scenario: its histograms merge, its throughput sums
     * (shards) or averages (trials).
     */
    static final Set<String> REPEATS = Set.of("trial", "shard");

    private static final Set<String> LINE_SKIP = Set.of("suite", "scenario", "trial", "shard");
    private static final Set<String> BAR_SKIP =
            Set.of("suite", "scenario", "operation", "model", "trial", "shard");

    private Charts(
            Map<String, String> files,
            Map<String, String> titles,
            Map<String, String> byKey,
            List<String> notCharted,
            EvidenceIndex index) {
        this.index = index;
        this.files = files;
        this.titles = titles;
        this.byKey = byKey;
        this.notCharted = notCharted;
    }

    /**
     * The load scenarios with latency but no percentile chart, in evidence order: only the {@value
     * #MAX_LATENCY_CHARTS} with most requests are drawn.
     */
    List<String> notCharted() {
        return notCharted;
    }

    /** Every chart: its file name (under {@value #FOLDER}/) and its SVG text, in document order. */
    public Map<String, String> files() {
        return files;
    }

    /**
     * The Markdown image of the chart with key {@code key} ({@code latency/<scenario>}, ...), if
     * drawn.
     */
    Optional<String> image(String key) {
        String file = byKey.get(key);
        return file == null
                ? Optional.empty()
                : Optional.of(
                        "!["
                                + titles.get(file)
                                        .replaceAll("[^\\p{L}\\p{N} .,:()/=-]", " ")
                                        .strip()
                                + "]("
                                + FOLDER
                                + "/"
                                + file
                                + ")");
    }

    /** At most this many charts in the dashboard at the head of the go/no-go page. */
    static final int MAX_HEADLINE = 8;

    /**
     * The headline charts, by file name, for the dashboard at the head of the go/no-go page:
     * throughput and p99 per load scenario, then the memory of each memory scenario and the
     * throughput of each chaos scenario over time (its fall and recovery around the fault), at most
     * {@value #MAX_HEADLINE}.
     */
    public List<String> headline() {
        return byKey.entrySet().stream()
                .filter(
                        e ->
                                e.getKey().equals("throughput")
                                        || e.getKey().equals("p99")
                                        || e.getKey().startsWith("memory/")
                                        || e.getKey().startsWith("chaos/")
                                                && e.getKey().endsWith("/throughput"))
                .map(Map.Entry::getValue)
                .limit(MAX_HEADLINE)
                .toList();
    }

    /** The title of chart {@code file}, as drawn in it (plain text). */
    public String title(String file) {
        return titles.getOrDefault(file, file);
    }

    /** The evidence the charts were drawn from, indexed (for the tables beside them). */
    EvidenceIndex index() {
        return index;
    }

    /**
     * The charts of {@code evidence}, comparing the values of {@code compareBy} per operation, for
     * a decision that declares no suite kind: only the comparison charts.
     */
    public static Charts of(EvidenceSet evidence, String compareBy) {
        return of(evidence, compareBy, Kinds.NONE);
    }

    /**
     * The charts of {@code evidence}, comparing the values of {@code compareBy} per operation: the
     * charts of each presentation are drawn from the kinds of {@code kinds} that declare it.
     */
    public static Charts of(EvidenceSet evidence, String compareBy, Kinds kinds) {
        Builder b = new Builder();
        List<Measurement> all = evidence.measurements();
        // latency percentile distributions, one chart per load scenario (the MAX_LATENCY_CHARTS
        // with most requests)
        EvidenceIndex index = EvidenceIndex.of(evidence, kinds);
        Latencies merged = index.latencies();
        Map<String, List<Latencies.Merged>> latency = new LinkedHashMap<>();
        Map<String, Long> requests = new LinkedHashMap<>();
        for (Latencies.Merged e : index.requestLatencies()) {
            latency.computeIfAbsent(e.labels.get("scenario"), k -> new ArrayList<>()).add(e);
            requests.merge(e.labels.get("scenario"), e.histogram().getTotalCount(), Long::sum);
        }
        Set<String> charted = mostRequests(requests, MAX_LATENCY_CHARTS);
        List<String> notCharted = new ArrayList<>();
        for (Map.Entry<String, List<Latencies.Merged>> e : latency.entrySet()) {
            if (!charted.contains(e.getKey())) {
                notCharted.add(e.getKey());
                continue;
            }
            latencyChart(b, e.getKey(), e.getValue());
        }
        throughputChart(b, index.presenting(Presentation.REQUEST_LOAD), requests);
        p99Chart(b, index.requestLatencies(), requests);
        compared(b, all, merged, compareBy);
        memory(b, index.presenting(Presentation.RESOURCE_TREND));
        chaos(b, index.presenting(Presentation.FAULT_INJECTION));
        return new Charts(
                java.util.Collections.unmodifiableMap(b.files),
                b.titles,
                b.byKey,
                List.copyOf(notCharted),
                index);
    }

    /**
     * The latency percentile distribution of one load scenario: a line per label set but for trial
     * and shard (the {@value #MAX_LATENCY_LINES} with most requests); none when no line has a
     * sample.
     */
    private static void latencyChart(Builder b, String scenario, List<Latencies.Merged> runs) {
        // one line per label set but for trial and shard (repeated runs merge losslessly)
        Map<String, List<Latencies.Merged>> byLine = new LinkedHashMap<>();
        Map<String, Long> lineCounts = new LinkedHashMap<>();
        for (Latencies.Merged m : runs) {
            String name = otherLabels(m.labels, LINE_SKIP);
            String key = name.isEmpty() ? scenario : name;
            byLine.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
            lineCounts.merge(key, m.histogram().getTotalCount(), Long::sum);
        }
        Set<String> drawn = mostRequests(lineCounts, MAX_LATENCY_LINES);
        Map<String, Histogram> lines = new LinkedHashMap<>();
        for (Map.Entry<String, List<Latencies.Merged>> l : byLine.entrySet()) {
            if (!drawn.contains(l.getKey())) {
                continue;
            }
            Histogram h = new Histogram(3);
            l.getValue().forEach(m -> m.addTo(h, Unit.MICROSECONDS));
            lines.put(l.getKey(), h);
        }
        List<SvgChart.Line> ls = new ArrayList<>();
        double maxX = 1;
        for (Map.Entry<String, Histogram> l : lines.entrySet()) {
            SvgChart.Line line = percentileLine(l.getKey(), l.getValue());
            if (line != null) {
                ls.add(line);
                maxX = Math.max(maxX, line.xs()[line.xs().length - 1]);
            }
        }
        if (ls.isEmpty()) {
            return;
        }
        int ticks = 1;
        while (ticks < PERCENTILE_TICKS.length && PERCENTILE_TICKS[ticks - 1] < maxX) {
            ticks++;
        }
        double[][] xt = new double[ticks][];
        String[] labels = new String[ticks];
        for (int i = 0; i < ticks; i++) {
            xt[i] = new double[] {PERCENTILE_TICKS[i]};
            labels[i] = PERCENTILE_LABELS[i];
        }
        String file = b.name("latency-" + scenario);
        int more = byLine.size() - drawn.size();
        String title =
                "Latency by percentile: "
                        + scenario
                        + (more == 0
                                ? ""
                                : " (the "
                                        + drawn.size()
                                        + " label sets with most requests; "
                                        + more
                                        + " more in the load table)");
        b.add(
                "latency/" + scenario,
                file,
                title,
                new SvgChart(id(file), title, "percentile (log scale of 1/(1-p))", "latency (ms)")
                        .lines(ls, xt, labels));
    }

    /**
     * The throughput of each load scenario (the {@value #MAX_THROUGHPUT_BARS} with most {@code
     * requests}): summed over a trial's shards, the mean across trials; none without a throughput.
     */
    private static void throughputChart(
            Builder b, List<Measurement> all, Map<String, Long> requests) {
        Map<String, Map<String, Map<String, Double>>> tpRuns = new LinkedHashMap<>();
        Map<String, String> tpScenario = new LinkedHashMap<>();
        for (Measurement m : all) {
            if (m.metric().equals("throughput")
                    && m.value() instanceof Scalar s
                    && m.unit().dimension() == Unit.Dimension.RATE
                    && !m.labels().containsKey("phase")) {
                String name = m.labels().getOrDefault("scenario", "?");
                String extra = otherLabels(m.labels(), BAR_SKIP);
                String category = extra.isEmpty() ? name : name + " (" + extra + ")";
                tpScenario.putIfAbsent(category, name);
                tpRuns.computeIfAbsent(category, k -> new LinkedHashMap<>())
                        .computeIfAbsent(
                                m.labels().getOrDefault("trial", ""), k -> new LinkedHashMap<>())
                        .putIfAbsent(
                                m.labels().getOrDefault("shard", ""),
                                m.unit().convert(s.value(), Unit.PER_SECOND));
            }
        }
        Map<String, Long> scenarioRequests = new LinkedHashMap<>();
        for (String scenario : new java.util.LinkedHashSet<>(tpScenario.values())) {
            scenarioRequests.put(scenario, requests.getOrDefault(scenario, 0L));
        }
        Set<String> barScenarios = mostRequests(scenarioRequests, MAX_THROUGHPUT_BARS);
        List<SvgChart.Group> tp = new ArrayList<>();
        boolean trials = false;
        for (Map.Entry<String, Map<String, Map<String, Double>>> c : tpRuns.entrySet()) {
            if (!barScenarios.contains(tpScenario.get(c.getKey()))
                    || tp.size() == MAX_THROUGHPUT_BARS) {
                continue;
            }
            trials |= c.getValue().size() > 1;
            double mean =
                    c.getValue().values().stream()
                            .mapToDouble(
                                    shards ->
                                            shards.values().stream()
                                                    .mapToDouble(Double::doubleValue)
                                                    .sum())
                            .average()
                            .orElse(0);
            tp.add(new SvgChart.Group(c.getKey(), new double[] {mean}));
        }
        if (!tp.isEmpty()) {
            String file = b.name("throughput");
            int more = scenarioRequests.size() - barScenarios.size();
            String title =
                    "Throughput per load scenario"
                            + (trials ? ", mean across trials" : "")
                            + (more == 0
                                    ? ""
                                    : " (the "
                                            + barScenarios.size()
                                            + " with most requests; "
                                            + more
                                            + " more scenarios in the load table)");
            b.add(
                    "throughput",
                    file,
                    title,
                    new SvgChart(id(file), title, "scenario", "requests per second")
                            .bars(List.of("throughput"), tp));
        }
    }

    /**
     * The p99 latency of each load scenario (the {@value #MAX_THROUGHPUT_BARS} with most {@code
     * requests}), a bar per scenario and label set but for operation, model, trial and shard, read
     * from their merged histograms; none without a latency.
     */
    private static void p99Chart(
            Builder b, List<Latencies.Merged> latencies, Map<String, Long> requests) {
        Set<String> barScenarios = mostRequests(requests, MAX_THROUGHPUT_BARS);
        Map<String, Histogram> byCategory = new LinkedHashMap<>();
        for (Latencies.Merged m : latencies) {
            String name = m.labels.getOrDefault("scenario", "?");
            if (m.labels.containsKey("phase") || !barScenarios.contains(name)) {
                continue;
            }
            String extra = otherLabels(m.labels, BAR_SKIP);
            String category = extra.isEmpty() ? name : name + " (" + extra + ")";
            if (!byCategory.containsKey(category) && byCategory.size() == MAX_THROUGHPUT_BARS) {
                continue;
            }
            m.addTo(byCategory.computeIfAbsent(category, k -> new Histogram(3)), Unit.MICROSECONDS);
        }
        List<SvgChart.Group> bars = new ArrayList<>();
        for (Map.Entry<String, Histogram> e : byCategory.entrySet()) {
            if (e.getValue().getTotalCount() > 0) {
                bars.add(
                        new SvgChart.Group(
                                e.getKey(),
                                new double[] {e.getValue().getValueAtPercentile(99) / 1000.0}));
            }
        }
        if (bars.isEmpty()) {
            return;
        }
        String file = b.name("p99");
        int more = requests.size() - barScenarios.size();
        String title =
                "p99 latency per load scenario"
                        + (more == 0
                                ? ""
                                : " (the "
                                        + barScenarios.size()
                                        + " with most requests; "
                                        + more
                                        + " more scenarios in the load table)");
        b.add(
                "p99",
                file,
                title,
                new SvgChart(id(file), title, "scenario", "p99 latency (ms)")
                        .bars(List.of("p99"), bars));
    }

    /**
     * The keys of the {@code max} largest counts (ties: the earlier key), all of them when there
     * are no more than {@code max}.
     */
    private static Set<String> mostRequests(Map<String, Long> counts, int max) {
        if (counts.size() <= max) {
            return counts.keySet();
        }
        List<String> keys = new ArrayList<>(counts.keySet());
        keys.sort(
                java.util.Comparator.comparing((String k) -> counts.get(k))
                        .reversed()); // stable: ties keep order
        return new HashSet<>(keys.subList(0, max));
    }

    /** {@code labels} without the labels that only repeat a run ({@code trial}, {@code shard}). */
    static Map<String, String> withoutRepeats(Map<String, String> labels) {
        if (!labels.containsKey("trial") && !labels.containsKey("shard")) {
            return labels;
        }
        return io.gonogo.core.LabelMap.of(labels).without(REPEATS);
    }

    private static void compared(
            Builder b, List<Measurement> all, Latencies merged, String compareBy) {
        // per operation (and model, so closed and open runs stay apart): p99 and throughput per
        // value
        Map<String, Map<String, Histogram>> p99 = new TreeMap<>(ComparisonView.NATURAL);
        Map<String, Map<String, Double>> throughput = new TreeMap<>(ComparisonView.NATURAL);
        Set<String> values = new java.util.TreeSet<>(ComparisonView.valueOrder(compareBy));
        for (Measurement m : all) {
            if (!m.metric().equals("throughput")) {
                continue; // checked first: most measurements of a large run are other metrics
            }
            String v = m.labels().get(compareBy);
            String op = m.labels().get(ComparisonView.OPERATION);
            if (v == null || op == null || m.labels().containsKey("phase")) {
                continue;
            }
            String row = ComparisonView.rowName(op, m.labels().getOrDefault("model", ""));
            if (m.value() instanceof Scalar s && m.unit().dimension() == Unit.Dimension.RATE) {
                throughput
                        .computeIfAbsent(row, k -> new LinkedHashMap<>())
                        .merge(v, m.unit().convert(s.value(), Unit.PER_SECOND), Math::max);
            }
        }
        for (Latencies.Merged e : merged.all()) {
            String v = e.labels.get(compareBy);
            String op = e.labels.get(ComparisonView.OPERATION);
            if (v == null || op == null || e.labels.containsKey("phase")) {
                continue;
            }
            values.add(v);
            e.addTo(
                    p99.computeIfAbsent(
                                    ComparisonView.rowName(op, e.labels.getOrDefault("model", "")),
                                    k -> new LinkedHashMap<>())
                            .computeIfAbsent(v, k -> new Histogram(3)),
                    Unit.MICROSECONDS);
        }
        if (values.size() < 2 || p99.isEmpty()) {
            return;
        }
        List<String> names = List.copyOf(values);
        List<SvgChart.Group> lat = new ArrayList<>();
        List<SvgChart.Group> tp = new ArrayList<>();
        for (String row : p99.keySet()) {
            double[] l = new double[names.size()];
            double[] t = new double[names.size()];
            for (int i = 0; i < names.size(); i++) {
                Histogram h = p99.get(row).get(names.get(i));
                l[i] =
                        h == null || h.getTotalCount() == 0
                                ? Double.NaN
                                : h.getValueAtPercentile(99) / 1000.0;
                Double tv = throughput.getOrDefault(row, Map.of()).get(names.get(i));
                t[i] = tv == null ? Double.NaN : tv;
            }
            lat.add(new SvgChart.Group(row, l));
            tp.add(new SvgChart.Group(row, t));
        }
        String file = b.name("compare-p99");
        String title = "p99 latency per operation by " + compareBy;
        b.add(
                "compare/p99",
                file,
                title,
                new SvgChart(id(file), title, "operation", "p99 latency (ms)").bars(names, lat));
        file = b.name("compare-throughput");
        title = "Throughput per operation by " + compareBy;
        b.add(
                "compare/throughput",
                file,
                title,
                new SvgChart(id(file), title, "operation", "requests per second").bars(names, tp));
    }

    private static void memory(Builder b, List<Measurement> all) {
        Map<String, List<Measurement>> byScenario = new LinkedHashMap<>();
        for (Measurement m : all) {
            if (m.value() instanceof Series
                    && (m.metric().equals("heap_live")
                            || m.metric().equals("heap_used")
                            || m.metric().equals("rss"))) {
                byScenario
                        .computeIfAbsent(
                                m.labels().getOrDefault("scenario", "?"), k -> new ArrayList<>())
                        .add(m);
            }
        }
        for (Map.Entry<String, List<Measurement>> e : byScenario.entrySet()) {
            long start =
                    e.getValue().stream()
                            .flatMap(m -> ((Series) m.value()).points().stream())
                            .mapToLong(Series.Point::epochMillis)
                            .min()
                            .orElse(0);
            List<SvgChart.Line> lines = new ArrayList<>();
            for (Measurement m : e.getValue()) {
                List<Series.Point> pts = ((Series) m.value()).points();
                if (pts.isEmpty() || m.unit().dimension() != Unit.Dimension.BYTES) {
                    continue;
                }
                double[] xs = new double[pts.size()];
                double[] ys = new double[pts.size()];
                for (int i = 0; i < pts.size(); i++) {
                    xs[i] = (pts.get(i).epochMillis() - start) / 1000.0;
                    ys[i] = m.unit().convert(pts.get(i).value(), Unit.MEBIBYTES);
                }
                lines.add(new SvgChart.Line(m.metric() + sourceSuffix(m), xs, ys));
            }
            if (lines.isEmpty()) {
                continue;
            }
            String file = b.name("memory-" + e.getKey());
            String title = "Memory over time: " + e.getKey();
            b.add(
                    "memory/" + e.getKey(),
                    file,
                    title,
                    new SvgChart(id(file), title, "seconds since the first sample", "MiB")
                            .steps(lines, null, null));
        }
    }

    private static void chaos(Builder b, List<Measurement> all) {
        Map<String, List<Measurement>> byScenario = new LinkedHashMap<>();
        for (Measurement m : all) {
            byScenario
                    .computeIfAbsent(
                            m.labels().getOrDefault("scenario", "?"), k -> new ArrayList<>())
                    .add(m);
        }
        for (Map.Entry<String, List<Measurement>> e : byScenario.entrySet()) {
            double[] shade = null;
            Double fs = scalar(e.getValue(), "fault_start");
            Double fe = scalar(e.getValue(), "fault_end");
            if (fs != null && fe != null && fe >= fs) {
                shade = new double[] {fs / 1000, fe / 1000};
            }
            for (String metric : List.of("throughput", "p99")) {
                List<SvgChart.Line> lines = new ArrayList<>();
                for (Measurement m : e.getValue()) {
                    if (!m.metric().equals(metric)
                            || !(m.value() instanceof Series s)
                            || s.points().isEmpty()) {
                        continue;
                    }
                    long start = s.points().get(0).epochMillis();
                    double[] xs = new double[s.points().size()];
                    double[] ys = new double[s.points().size()];
                    for (int i = 0; i < xs.length; i++) {
                        xs[i] = (s.points().get(i).epochMillis() - start) / 1000.0;
                        double v = s.points().get(i).value();
                        ys[i] =
                                metric.equals("p99")
                                                && m.unit().dimension() == Unit.Dimension.DURATION
                                        ? m.unit().convert(v, Unit.MILLISECONDS)
                                        : v;
                    }
                    String name =
                            otherLabels(m.labels(), Set.of("suite", "scenario", "fault", "phase"));
                    lines.add(new SvgChart.Line(name.isEmpty() ? metric : name, xs, ys));
                }
                if (lines.isEmpty()) {
                    continue;
                }
                String file = b.name("chaos-" + e.getKey() + "-" + metric);
                String title =
                        (metric.equals("p99") ? "p99 latency" : "Throughput")
                                + " over time: "
                                + e.getKey();
                b.add(
                        "chaos/" + e.getKey() + "/" + metric,
                        file,
                        title,
                        new SvgChart(
                                        id(file),
                                        title,
                                        "seconds since the scenario's start",
                                        metric.equals("p99")
                                                ? "p99 latency (ms)"
                                                : "requests per second")
                                .steps(lines, shade, "fault window"));
            }
        }
    }

    private static Double scalar(List<Measurement> ms, String metric) {
        return ms.stream()
                .filter(m -> m.metric().equals(metric) && m.value() instanceof Scalar)
                .map(
                        m ->
                                m.unit().dimension() == Unit.Dimension.DURATION
                                        ? m.unit()
                                                .convert(
                                                        ((Scalar) m.value()).value(),
                                                        Unit.MILLISECONDS)
                                        : ((Scalar) m.value()).value())
                .findFirst()
                .orElse(null);
    }

    private static String sourceSuffix(Measurement m) {
        String s = m.labels().get("source");
        return s == null ? "" : " (" + s + ")";
    }

    /** The percentile plot of {@code h}: x = 1/(1-p), y = latency in ms; null when empty. */
    private static SvgChart.Line percentileLine(String name, Histogram h) {
        long n = h.getTotalCount();
        if (n == 0) {
            return null;
        }
        // percentiles halving the distance to 100% each step, as HdrHistogram's percentile output
        // does,
        // up to the last one the samples support (1/(1-p) <= n)
        List<double[]> pts = new ArrayList<>();
        List<Double> ps = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            for (int j = 0; j < 5; j++) {
                double tail = Math.pow(0.5, i) * (1 - j / 5.0 * 0.5);
                double x = 1 / tail;
                if (x > n || tail <= 0) {
                    break;
                }
                ps.add(100 * (1 - tail));
                pts.add(new double[] {x, 0});
            }
        }
        long[] values =
                valuesAtPercentiles(h, ps.stream().mapToDouble(Double::doubleValue).toArray());
        for (int i = 0; i < values.length; i++) {
            pts.get(i)[1] = values[i] / 1000.0;
        }
        pts.add(new double[] {Math.max(n, 1.0001), h.getMaxValue() / 1000.0});
        double[] xs = new double[pts.size()];
        double[] ys = new double[pts.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = pts.get(i)[0];
            ys[i] = pts.get(i)[1];
        }
        return new SvgChart.Line(name, xs, ys);
    }

    /**
     * {@code h.getValueAtPercentile(p)} for each of {@code ps}, in one pass over the histogram's
     * buckets instead of one scan of the counts array per percentile (a chart line asks for up to
     * 300). The count each percentile needs is worked out as HdrHistogram does; a percentile of 0,
     * or percentiles out of ascending order, are asked of the histogram itself.
     */
    static long[] valuesAtPercentiles(Histogram h, double[] ps) {
        long[] out = new long[ps.length];
        long total = h.getTotalCount();
        long max = h.getMaxValue();
        long cumulative = 0;
        long bucket = 0;
        long next = 0;
        long previousNeed = 0;
        for (int k = 0; k < ps.length; k++) {
            double p = ps[k];
            double requested =
                    Math.min(Math.max(Math.nextAfter(p, Double.NEGATIVE_INFINITY), 0.0D), 100.0D);
            long need = Math.max((long) Math.ceil(requested * total / 100.0), 1);
            if (p == 0.0 || need < previousNeed || total == 0) {
                out[k] = h.getValueAtPercentile(p);
                continue;
            }
            previousNeed = need;
            // buckets in index order: each step lands on the lowest value of the next bucket
            while (cumulative < need && next <= max) {
                bucket = next;
                cumulative += h.getCountAtValue(bucket);
                next = h.nextNonEquivalentValue(bucket);
            }
            out[k] =
                    cumulative >= need
                            ? h.highestEquivalentValue(bucket)
                            : h.getValueAtPercentile(p);
        }
        return out;
    }

    /**
     * {@code h.getMean()}, bit for bit (the same products summed in the same order), walking the
     * buckets directly rather than through HdrHistogram's iterator.
     */
    static double mean(Histogram h) {
        long total = h.getTotalCount();
        if (total == 0) {
            return 0;
        }
        long max = h.getMaxValue();
        double sum = 0;
        for (long v = 0; v <= max; v = h.nextNonEquivalentValue(v)) {
            long count = h.getCountAtValue(v);
            if (count != 0) {
                sum += h.medianEquivalentValue(v) * (double) count;
            }
        }
        return (sum * 1.0) / total;
    }

    private static String otherLabels(Map<String, String> labels, Set<String> skip) {
        return labels.entrySet().stream()
                .filter(e -> !skip.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String id(String file) {
        return "chart-" + file.substring(0, file.length() - ".svg".length());
    }

    private static final class Builder {
        final Map<String, String> files = new LinkedHashMap<>();
        final Map<String, String> titles = new LinkedHashMap<>();
        final Map<String, String> byKey = new LinkedHashMap<>();

        /** A safe, unique file name for {@code base}: lower-case letters, digits and '-'. */
        String name(String base) {
            String safe =
                    base.toLowerCase(Locale.ROOT)
                            .replaceAll("[^a-z0-9]+", "-")
                            .replaceAll("^-|-$", "");
            if (safe.isEmpty()) {
                safe = "chart";
            }
            String name = safe + ".svg";
            for (int i = 2; files.containsKey(name); i++) {
                name = safe + "-" + i + ".svg";
            }
            return name;
        }

        void add(String key, String file, String title, String svg) {
            files.put(file, svg);
            titles.put(file, title);
            byKey.put(key, file);
        }
    }
}
