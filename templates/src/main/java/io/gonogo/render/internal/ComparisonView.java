package io.gonogo.render.internal;

import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.SuiteKindInfo.Presentation;
import io.gonogo.core.Unit;
import io.gonogo.core.config.Aggregation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The view model of {@code comparison-matrix.md}: for each operation, the values of one label (the
 * compared dimension, {@code transport} by default) side by side, and a load summary per value;
 * every string already formatted in {@link java.util.Locale#ROOT} and escaped for Markdown.
 *
 * <p>A run is one latency distribution (metric {@code latency}, a duration) with its own label set;
 * the scalars of the run ({@code throughput}, {@code success_rate}, {@code requests}, {@code
 * errors}) are those whose labels, apart from the error {@code kind}, are exactly the run's. Runs
 * that share operation and compared value are merged by adding their histograms, never by averaging
 * percentiles. The first value of the compared label is the baseline of the ratios: for {@code
 * transport}, {@code http} then {@code grpc}; otherwise values in natural order ({@code 1.9} before
 * {@code 1.10}).
 *
 * <p>A run's client is the {@code client} label of the {@value #GENERATOR_CPU} scalar published
 * with the run's labels (or with its scenario's, the run's without {@code operation}, for the
 * operations of a mix), and that scalar is the generator's CPU time per call. A ratio whose either
 * side has a run flagged {@link Quality#GENERATOR_BOUND} (on its latency or on one of its scalars)
 * is not given: the figures of that side may describe the load generator rather than the service.
 */
public final class ComparisonView {
    /** The label a JMH result names its benchmark with (imported or measured by a suite). */
    static final String JMH_BENCHMARK_LABEL = "benchmark";

    /** The label that names an operation. */
    static final String OPERATION = "operation";

    /** What a cell shows for a side that no run measured. */
    static final String NOT_MEASURED = "not measured";

    /** What a cell shows for a figure a measured run did not report. */
    static final String NOT_REPORTED = "not reported";

    /** What a ratio cell shows on a row that ranks nothing because a side was generator-bound. */
    static final String NOT_RANKED = "not ranked";

    /**
     * The metric of the load generator's CPU time per call, a duration, labelled with the run's
     * labels and the {@value #CLIENT} the calls went through.
     */
    static final String GENERATOR_CPU = "generator_cpu_per_request";

    /**
     * The label of {@value #GENERATOR_CPU} that names the client: {@code gonogo} or {@code
     * grpc-java}.
     */
    static final String CLIENT = "client";

    /** The significance of a ratio between runs that carry no interval. */
    static final String NO_INTERVAL =
            "No interval: load runs alone give none; significance needs repeated"
                    + " runs or benchmark results, so no side is ranked.";

    private static final double P99 = 99;
    private static final long P99_MINIMUM =
            new Aggregation(Aggregation.Kind.PERCENTILE, P99).minimumSamples();

    private ComparisonView() {}

    /**
     * The model of {@code comparison-matrix.md}.
     *
     * @param title the release name, as a heading
     * @param runId the run
     * @param label the compared label
     * @param labelCode the compared label, as code
     * @param baseline the compared value the ratios are against
     * @param values the compared values, baseline first
     * @param comparedBy the compared label with its values, as a sentence part
     * @param hasLatency whether the run measured any latency
     * @param rows a row per operation and compared value
     * @param lowSample whether a p99 is marked as read from too few samples
     * @param generatorBound whether a side of a row was generator-bound, which leaves the ratios
     *     that compare it out
     * @param charts the Markdown images of the comparison charts
     * @param summary the load summary, a row per compared value
     * @param benchmark the benchmark results
     * @param notes the notes on what could not be compared, one list item each
     */
    public record Matrix(
            String title,
            String runId,
            String label,
            String labelCode,
            String baseline,
            List<String> values,
            String comparedBy,
            boolean hasLatency,
            List<MatrixRow> rows,
            boolean lowSample,
            boolean generatorBound,
            List<String> charts,
            List<SummaryRow> summary,
            Benchmarks benchmark,
            List<String> notes) {
        /** Copies the lists. */
        public Matrix {
            values = List.copyOf(values);
            rows = List.copyOf(rows);
            charts = List.copyOf(charts);
            summary = List.copyOf(summary);
            notes = List.copyOf(notes);
        }
    }

    /**
     * An operation over one compared value, a row of the matrix; latencies in milliseconds.
     *
     * @param operation the operation, with its workload model when it was measured under several
     * @param value the compared value
     * @param client the client the calls went through with the generator's CPU time per call, such
     *     as {@code gonogo, 8.4 us}; {@value #NOT_REPORTED} when no run measured it
     * @param requests the answered requests
     * @param throughput the reported throughput per second
     * @param mean the mean latency
     * @param p50 the median latency
     * @param p99 the 99th percentile latency, marked when read from too few samples
     * @param errors the reported errors
     * @param throughputRatio the throughput over the baseline's, {@code baseline}, or {@value
     *     #NOT_RANKED} when a side is generator-bound
     * @param p99Ratio the p99 over the baseline's, {@code baseline}, or {@value #NOT_RANKED}
     * @param significance what the ratios say, or why there are none
     */
    public record MatrixRow(
            String operation,
            String value,
            String client,
            String requests,
            String throughput,
            String mean,
            String p50,
            String p99,
            String errors,
            String throughputRatio,
            String p99Ratio,
            String significance) {}

    /**
     * The benchmarks section.
     *
     * @param rows a row per benchmark and compared value
     * @param standalone a row per benchmark that names no compared value (such as a team's own JMH
     *     benchmarks, which have no transport): nothing to compare it with, so it stands alone
     */
    public record Benchmarks(List<BenchmarkRow> rows, List<StandaloneRow> standalone) {
        /** Copies the lists. */
        public Benchmarks {
            rows = List.copyOf(rows);
            standalone = List.copyOf(standalone);
        }
    }

    /**
     * A benchmark that names no compared value, a row of its own table.
     *
     * @param benchmark the benchmark's full name (JMH's {@code package.Class.method})
     * @param mode JMH's mode, such as {@code thrpt} or {@code sample}
     * @param params its other labels ({@code @Param} values, the scenario's labels), {@code k=v}
     * @param score the score with its unit
     * @param interval the score's interval and confidence, or {@code none}
     * @param alloc the allocation per operation, or {@value #NOT_REPORTED}
     * @param p50 the median sampled time (sample mode), or an empty string
     * @param p99 the 99th percentile of the sampled times (sample mode), or an empty string
     */
    public record StandaloneRow(
            String benchmark,
            String mode,
            String params,
            String score,
            String interval,
            String alloc,
            String p50,
            String p99) {}

    /** A benchmark's score over one compared value, a row of the benchmarks table. */
    public record BenchmarkRow(
            String operation,
            String value,
            String score,
            String interval,
            String alloc,
            String ratio,
            String significance) {}

    /** The load runs over one compared value, a row of the load summary. */
    public record SummaryRow(
            String value,
            String scenarios,
            String requests,
            String successRate,
            String peakThroughput,
            String worstP99) {}

    /** One latency distribution and the scalars reported with it. */
    private static final class Run {
        final Map<String, String> labels;
        final Unit unit;
        final Distribution distribution;
        Double throughput;
        Double successRate;
        Double requests;
        Double errors;

        /** Whether the latency or a scalar of the run is flagged generator-bound. */
        boolean generatorBound;

        /** The generator's CPU time per call, with its client; null when not measured. */
        Cost cost;

        Run(Measurement m, Distribution d) {
            this.labels = m.labels();
            this.unit = m.unit();
            this.generatorBound = m.quality().contains(Quality.GENERATOR_BOUND);
            this.distribution =
                    d; // decoded only where its counts are needed: a run is often one of many
            // trials
        }

        long answered() {
            return distribution.count();
        }

        /**
         * The run's p99 in its unit: the summary the distribution carries, else from its histogram.
         */
        double p99() {
            Double summarised = distribution.percentiles().get(Distribution.percentileKey(P99));
            return summarised != null
                    ? summarised
                    : distribution.decodeCompact().getValueAtPercentile(P99);
        }

        /** Attempts: the reported request count, else answered requests plus errors. */
        double attempts() {
            return requests != null ? requests : answered() + (errors == null ? 0 : errors);
        }

        /**
         * The success rate in percent, reported or derived from errors; null when neither is known.
         */
        Double rate() {
            if (successRate != null) {
                return successRate;
            }
            if (errors == null || attempts() <= 0) {
                return null;
            }
            return (attempts() - errors) / attempts() * 100;
        }

        String scenario() {
            String scenario = labels.get("scenario");
            return scenario != null
                    ? scenario
                    : labels.toString(); // (getOrDefault would build the text every time)
        }
    }

    /** The runs of one operation with one compared value, merged. */
    private static final class Cell {
        final Unit unit;
        final Histogram histogram = new Histogram(3);
        final List<Run> runs = new ArrayList<>();

        Cell(Unit unit) {
            this.unit = unit;
        }

        void add(Run run) {
            runs.add(run);
        }

        /** The highest reported throughput of the runs; null when none reported one. */
        Double throughput() {
            return runs.stream()
                    .map(r -> r.throughput)
                    .filter(Objects::nonNull)
                    .max(Double::compare)
                    .orElse(null);
        }

        /** The sum of the errors of the runs; null when none reported errors. */
        Double errors() {
            return runs.stream()
                    .map(r -> r.errors)
                    .filter(Objects::nonNull)
                    .reduce(Double::sum)
                    .orElse(null);
        }

        double p99Millis() {
            return unit.convert(histogram.getValueAtPercentile(P99), Unit.MILLISECONDS);
        }

        boolean generatorBound() {
            return runs.stream().anyMatch(r -> r.generatorBound);
        }

        /**
         * Each client of the runs with the generator's CPU time per call, the runs' figures
         * averaged weighted by their attempts (a call of a long run counts as much as one of a
         * short run), such as {@code gonogo, 8.4 us}; and how many runs did not measure it.
         */
        String client() {
            Map<String, double[]> byClient = new TreeMap<>(NATURAL); // weighted sum, weight
            long unmeasured = 0;
            for (Run r : runs) {
                if (r.cost == null) {
                    unmeasured++;
                    continue;
                }
                double weight = r.attempts() > 0 ? r.attempts() : 1;
                double[] sum = byClient.computeIfAbsent(r.cost.client(), k -> new double[2]);
                sum[0] += r.cost.micros() * weight;
                sum[1] += weight;
            }
            if (byClient.isEmpty()) {
                return NOT_REPORTED;
            }
            List<String> parts = new ArrayList<>();
            byClient.forEach(
                    (client, sum) ->
                            parts.add(
                                    Markdown.text(client)
                                            + ", "
                                            + Numbers.short4(sum[0] / sum[1])
                                            + " "
                                            + Unit.MICROSECONDS.symbol()));
            if (unmeasured > 0) {
                parts.add(NOT_REPORTED + " by " + Formats.count(unmeasured, "run", "runs"));
            }
            return String.join("; ", parts);
        }
    }

    /** The generator's CPU time per call, in microseconds, through {@code client}. */
    private record Cost(String client, double micros) {}

    /**
     * The model of {@code comparison-matrix.md} from {@code evidence}, comparing the values of
     * {@code compareBy}.
     */
    public static Matrix of(String title, EvidenceSet evidence, String compareBy) {
        return of(title, evidence, compareBy, Charts.of(evidence, compareBy));
    }

    /** The model of {@code comparison-matrix.md}, with the images of {@code charts}. */
    public static Matrix of(String title, EvidenceSet evidence, String compareBy, Charts charts) {
        Scan scan = Scan.of(evidence.measurements(), compareBy, charts.index().kinds());
        List<Run> runs = scan.runs;
        Comparator<String> valueOrder = valueOrder(compareBy);
        TreeSet<String> values = new TreeSet<>(valueOrder);
        runs.forEach(r -> values.add(r.labels.get(compareBy)));
        Set<String> measured = new HashSet<>(values);
        if (compareBy.equals("transport") && !runs.isEmpty()) {
            // both transports are always compared: a side nothing measured says so rather than
            // vanishing
            values.addAll(List.of("http", "grpc"));
        }
        Map<String, Map<String, Cell>> byOperation =
                byOperation(runs, compareBy, valueOrder, charts);
        int withoutOperation =
                (int) runs.stream().filter(r -> !r.labels.containsKey(OPERATION)).count();
        String label = Markdown.text(compareBy);
        String baseline = values.isEmpty() ? "" : values.first();
        boolean lowSample =
                byOperation.values().stream()
                        .flatMap(cells -> cells.values().stream())
                        .mapToLong(c -> c.histogram.getTotalCount())
                        .anyMatch(n -> n > 0 && n < P99_MINIMUM);
        return new Matrix(
                Markdown.heading(title),
                Markdown.text(evidence.runId()),
                label,
                Markdown.code(compareBy),
                Markdown.text(baseline),
                values.stream().map(Markdown::text).toList(),
                comparedBy(compareBy, values, baseline),
                !runs.isEmpty() || scan.unlabelled > 0,
                rows(byOperation, values, baseline, label),
                lowSample,
                byOperation.values().stream()
                        .flatMap(cells -> cells.values().stream())
                        .anyMatch(Cell::generatorBound),
                Stream.of("compare/throughput", "compare/p99")
                        .map(charts::image)
                        .flatMap(Optional::stream)
                        .toList(),
                summary(runs, values, compareBy),
                benchmark(scan.benchmarks, compareBy, valueOrder),
                notes(compareBy, values, measured, withoutOperation, scan.unlabelled));
    }

    /**
     * The measurements the matrix reads, from one pass over the evidence (100,000 measurements in a
     * large run): the latency runs with their scalars, and the benchmark scores.
     */
    private static final class Scan {
        final List<Run> runs = new ArrayList<>();
        final List<Measurement> benchmarks = new ArrayList<>();

        /** Latency distributions with no value, or a blank one, for the compared label. */
        int unlabelled;

        static Scan of(List<Measurement> all, String compareBy, Kinds kinds) {
            Scan scan = new Scan();
            // the scalars indexed by their labels (an error's kind left out), so that each run
            // finds its own
            Map<WithoutKind, List<Measurement>> scalars = new HashMap<>();
            // the generator's CPU per call, by its labels without the client
            Map<Map<String, String>, Cost> costs = new HashMap<>();
            for (Measurement m : all) {
                if (m.value() instanceof Scalar s) {
                    if (m.metric().equals(GENERATOR_CPU)
                            && m.unit().dimension() == Unit.Dimension.DURATION
                            && !m.labels().getOrDefault(CLIENT, "").isBlank()) {
                        Map<String, String> labels = new HashMap<>(m.labels());
                        String client = labels.remove(CLIENT);
                        costs.put(
                                labels,
                                new Cost(client, m.unit().convert(s.value(), Unit.MICROSECONDS)));
                    }
                    if (RUN_SCALARS.contains(m.metric())) {
                        scalars.computeIfAbsent(
                                        new WithoutKind(m.labels(), m.metric().equals("errors")),
                                        k -> new ArrayList<>())
                                .add(m);
                    }
                    if (fromBenchmark(m, kinds)) {
                        scan.benchmarks.add(m);
                    }
                } else if (m.metric().equals("latency")
                        && m.value() instanceof Distribution d
                        && m.unit().dimension() == Unit.Dimension.DURATION
                        && !m.labels().containsKey("phase")) {
                    if (!m.labels().getOrDefault(compareBy, "").isBlank()) {
                        scan.runs.add(new Run(m, d));
                    } else {
                        scan.unlabelled++;
                    }
                }
            }
            for (Run run : scan.runs) {
                attachScalars(
                        run, scalars.getOrDefault(new WithoutKind(run.labels, false), List.of()));
                if (!costs.isEmpty()) {
                    run.cost = costs.get(run.labels);
                    if (run.cost == null && run.labels.containsKey(OPERATION)) {
                        // an operation of a mix: the scenario measured its generator as a whole
                        Map<String, String> scenario = new HashMap<>(run.labels);
                        scenario.remove(OPERATION);
                        run.cost = costs.get(scenario);
                    }
                }
            }
            return scan;
        }
    }

    /**
     * The runs that name an operation, by row (the operation, with its workload model when it was
     * measured under several) and compared value; each cell's histogram holds its runs' samples.
     */
    private static Map<String, Map<String, Cell>> byOperation(
            List<Run> runs, String compareBy, Comparator<String> valueOrder, Charts charts) {
        Map<String, Set<String>> modelsByOperation = new HashMap<>();
        for (Run run : runs) {
            String op = run.labels.get(OPERATION);
            if (op != null) {
                modelsByOperation
                        .computeIfAbsent(op, k -> new HashSet<>())
                        .add(run.labels.getOrDefault("model", ""));
            }
        }
        Map<String, Map<String, Cell>> byOperation = new TreeMap<>(NATURAL);
        for (Run run : runs) {
            String op = run.labels.get(OPERATION);
            if (op == null) {
                continue;
            }
            // like with like: closed and open runs of one operation are separate rows
            boolean severalModels = modelsByOperation.get(op).size() > 1;
            byOperation
                    .computeIfAbsent(
                            severalModels ? rowName(op, run.labels.getOrDefault("model", "")) : op,
                            k -> new TreeMap<>(valueOrder))
                    .computeIfAbsent(run.labels.get(compareBy), k -> new Cell(run.unit))
                    .add(run);
        }
        // the cells' samples from the distributions merged once per render (trials and shards are
        // already one there), rather than from every run's own histogram
        for (Latencies.Merged e : charts.index().latencies().all()) {
            String op = e.labels.get(OPERATION);
            String value = e.labels.getOrDefault(compareBy, "");
            if (op == null || value.isBlank() || e.labels.containsKey("phase")) {
                continue;
            }
            boolean severalModels = modelsByOperation.get(op).size() > 1;
            String row = severalModels ? rowName(op, e.labels.getOrDefault("model", "")) : op;
            Cell cell = byOperation.get(row).get(value);
            e.addTo(cell.histogram, cell.unit);
        }
        return byOperation;
    }

    /** The compared label and its values, naming the baseline when there is a ratio. */
    private static String comparedBy(String compareBy, TreeSet<String> values, String baseline) {
        return Markdown.code(compareBy)
                + (values.isEmpty()
                        ? ""
                        : " ("
                                + values.stream()
                                        .map(Markdown::text)
                                        .collect(Collectors.joining(", "))
                                + (values.size() > 1
                                        ? "; ratios against " + Markdown.text(baseline)
                                        : "")
                                + ")");
    }

    /** What the matrix could not compare, and why, one list item each. */
    private static List<String> notes(
            String compareBy,
            TreeSet<String> values,
            Set<String> measured,
            int withoutOperation,
            int unlabelled) {
        String label = Markdown.text(compareBy);
        List<String> notes = new ArrayList<>();
        if (values.size() == 1) {
            notes.add(
                    "Only "
                            + label
                            + " "
                            + Markdown.text(values.first())
                            + " was measured, so there is nothing to"
                            + " compare it with.");
        }
        for (String value : values) {
            if (!measured.contains(value)) {
                notes.add(
                        "No scenario in this run measured over "
                                + label
                                + " "
                                + Markdown.text(value)
                                + ", so its rows say not measured and no ratio is given against"
                                + " it.");
            }
        }
        if (withoutOperation > 0) {
            notes.add(
                    Formats.count(
                                    withoutOperation,
                                    "latency distribution has",
                                    "latency distributions have")
                            + " no "
                            + Markdown.code(OPERATION)
                            + " label; "
                            + (withoutOperation == 1 ? "it counts" : "they count")
                            + " in the summary per "
                            + label
                            + " but not in the matrix.");
        }
        if (unlabelled > 0) {
            notes.add(
                    Formats.count(
                                    unlabelled,
                                    "latency distribution has",
                                    "latency distributions have")
                            + " no "
                            + Markdown.code(compareBy)
                            + " label and "
                            + (unlabelled == 1 ? "is" : "are")
                            + " left out of this comparison.");
        }
        return notes.stream().map(Markdown::lineStart).toList();
    }

    /** The scalars a run reads (see {@link #attachScalars}). */
    private static final Set<String> RUN_SCALARS =
            Set.of("throughput", "success_rate", "requests", "errors");

    /**
     * A label set as a map key, with its {@code kind} label left out when {@code dropKind} (an
     * error count's labels are its run's plus the kind): equal and hashed as the map without that
     * entry would be, without copying the map (a large run has tens of thousands of error counts).
     */
    private static final class WithoutKind {
        private final Map<String, String> labels;
        private final String kind;
        private final int hash;

        WithoutKind(Map<String, String> labels, boolean dropKind) {
            this.labels = labels;
            this.kind = dropKind ? labels.get("kind") : null;
            // Map.hashCode is the sum of its entries' hashes, so the entry's hash can be taken out
            this.hash =
                    labels.hashCode() - (kind == null ? 0 : "kind".hashCode() ^ kind.hashCode());
        }

        private int size() {
            return labels.size() - (kind == null ? 0 : 1);
        }

        private String get(String key) {
            return kind != null && key.equals("kind") ? null : labels.get(key);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof WithoutKind other) || other.hash != hash || other.size() != size()) {
                return false;
            }
            for (Map.Entry<String, String> e : labels.entrySet()) {
                if (kind != null && e.getKey().equals("kind")) {
                    continue;
                }
                if (!e.getValue().equals(other.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Adds to {@code run} the scalars published with its labels (errors of every kind). */
    private static void attachScalars(Run run, List<Measurement> sameLabels) {
        for (Measurement s : sameLabels) {
            if (!(s.value() instanceof Scalar scalar)) {
                continue;
            }
            double v = scalar.value();
            run.generatorBound |= s.quality().contains(Quality.GENERATOR_BOUND);
            switch (s.metric()) {
                case "throughput" -> {
                    if (s.unit().dimension() == Unit.Dimension.RATE) {
                        run.throughput = s.unit().convert(v, Unit.PER_SECOND);
                    }
                }
                case "success_rate" -> run.successRate = v;
                case "requests" -> run.requests = v;
                case "errors" -> run.errors = run.errors == null ? v : run.errors + v;
                default -> {}
            }
        }
    }

    private static List<MatrixRow> rows(
            Map<String, Map<String, Cell>> byOperation,
            TreeSet<String> values,
            String baseline,
            String label) {
        List<MatrixRow> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Cell>> op : byOperation.entrySet()) {
            String operation = Markdown.text(op.getKey());
            Cell base = op.getValue().get(baseline);
            for (String value : values) {
                Cell c = op.getValue().get(value);
                if (c == null) {
                    rows.add(
                            new MatrixRow(
                                    operation,
                                    Markdown.text(value),
                                    NOT_MEASURED,
                                    NOT_MEASURED,
                                    NOT_MEASURED,
                                    NOT_MEASURED,
                                    NOT_MEASURED,
                                    NOT_MEASURED,
                                    NOT_MEASURED,
                                    NOT_MEASURED,
                                    NOT_MEASURED,
                                    "Not measured: no scenario measured "
                                            + operation
                                            + " over "
                                            + label
                                            + " "
                                            + Markdown.text(value)
                                            + "."));
                } else {
                    rows.add(
                            row(
                                    operation,
                                    value,
                                    c,
                                    base,
                                    baseline,
                                    boundSides(op.getValue(), value, baseline)));
                }
            }
        }
        return rows;
    }

    /**
     * The generator-bound sides that keep the row of {@code value} from ranking, in the order of
     * the values; empty when it ranks. A row's ratios compare its side with the baseline's, so
     * either being bound leaves them out; the baseline's own row ranks nothing when it is bound
     * itself, or when every other measured side is, as nothing is then compared with it.
     */
    private static List<String> boundSides(Map<String, Cell> cells, String value, String baseline) {
        Cell base = cells.get(baseline);
        if (!value.equals(baseline)) {
            return cells.entrySet().stream()
                    .filter(e -> e.getKey().equals(baseline) || e.getKey().equals(value))
                    .filter(e -> e.getValue().generatorBound())
                    .map(Map.Entry::getKey)
                    .toList();
        }
        List<String> bound =
                cells.entrySet().stream()
                        .filter(e -> e.getValue().generatorBound())
                        .map(Map.Entry::getKey)
                        .toList();
        boolean othersAllBound = cells.size() > 1 && bound.size() == cells.size() - 1;
        return base.generatorBound() || othersAllBound ? bound : List.of();
    }

    /**
     * Why a row ranks nothing, after {@code the}: {@code grpc side was generator-bound, so its
     * figures may describe the load generator rather than the service.}
     */
    private static String generatorBound(List<String> sides) {
        List<String> names = sides.stream().map(Markdown::text).toList();
        String joined =
                names.size() == 1
                        ? names.get(0)
                        : String.join(", ", names.subList(0, names.size() - 1))
                                + " and "
                                + names.get(names.size() - 1);
        return joined
                + (names.size() == 1
                        ? " side was generator-bound, so its figures"
                        : " sides were generator-bound, so their figures")
                + " may describe the load generator rather than the service.";
    }

    /**
     * The row of a measured cell, with its ratios to the baseline's cell {@code base}; none when a
     * side of {@code bound} was generator-bound.
     */
    private static MatrixRow row(
            String operation,
            String value,
            Cell c,
            Cell base,
            String baseline,
            List<String> bound) {
        Histogram h = c.histogram;
        long n = h.getTotalCount();
        boolean low = n < P99_MINIMUM;
        Double throughput = c.throughput();
        Double errors = c.errors();
        String throughputRatio;
        String p99Ratio;
        String significance;
        if (!value.equals(baseline) && base == null) {
            String noBase = "no " + Markdown.text(baseline) + " figure";
            throughputRatio = throughput == null ? NOT_REPORTED : noBase;
            p99Ratio = n == 0 ? Formats.NONE : noBase;
            significance =
                    "No comparison: "
                            + Markdown.text(baseline)
                            + " was not measured for "
                            + operation
                            + "."
                            + (bound.isEmpty() ? "" : " The " + generatorBound(bound));
        } else if (!bound.isEmpty()) {
            throughputRatio = NOT_RANKED;
            p99Ratio = NOT_RANKED;
            significance = "Not ranked: the " + generatorBound(bound);
        } else if (value.equals(baseline)) {
            throughputRatio = "baseline";
            p99Ratio = "baseline";
            significance = "Baseline of the ratios.";
        } else {
            String noBase = "no " + Markdown.text(baseline) + " figure";
            Double baseThroughput = base.throughput();
            throughputRatio =
                    throughput == null
                            ? NOT_REPORTED
                            : baseThroughput == null || baseThroughput == 0
                                    ? noBase
                                    : ratio(throughput / baseThroughput);
            boolean baseP99 = base.histogram.getTotalCount() > 0;
            p99Ratio =
                    n == 0
                            ? Formats.NONE
                            : !baseP99 || base.p99Millis() == 0
                                    ? noBase
                                    : ratio(c.p99Millis() / base.p99Millis());
            significance = NO_INTERVAL;
        }
        return new MatrixRow(
                operation,
                Markdown.text(value),
                c.client(),
                Numbers.grouped(n),
                throughput == null ? NOT_REPORTED : Numbers.short4(throughput),
                n == 0 ? Formats.NONE : ms(h.getMean(), c.unit),
                n == 0 ? Formats.NONE : ms(h.getValueAtPercentile(50), c.unit),
                n == 0
                        ? Formats.NONE
                        : ms(h.getValueAtPercentile(P99), c.unit)
                                + (low ? GoNoGoView.LOW_SAMPLE_MARK : ""),
                errors == null ? NOT_REPORTED : Numbers.grouped(Math.round(errors)),
                throughputRatio,
                p99Ratio,
                significance);
    }

    private static List<SummaryRow> summary(
            List<Run> runs, TreeSet<String> values, String compareBy) {
        List<SummaryRow> rows = new ArrayList<>();
        for (String value : values) {
            List<Run> mine =
                    runs.stream().filter(r -> value.equals(r.labels.get(compareBy))).toList();
            long scenarios = mine.stream().map(Run::scenario).distinct().count();
            long answered = mine.stream().mapToLong(Run::answered).sum();
            String rate;
            if (mine.stream().anyMatch(r -> r.rate() == null)) {
                rate = NOT_REPORTED;
            } else {
                double attempts = mine.stream().mapToDouble(Run::attempts).sum();
                double successes = mine.stream().mapToDouble(r -> r.rate() * r.attempts()).sum();
                rate = attempts <= 0 ? Formats.NONE : Numbers.short4(successes / attempts) + "%";
            }
            Run peak =
                    mine.stream()
                            .filter(r -> r.throughput != null)
                            .max(Comparator.comparingDouble(r -> r.throughput))
                            .orElse(null);
            Run worst =
                    mine.stream()
                            .filter(r -> r.answered() > 0)
                            .max(
                                    Comparator.comparingDouble(
                                            r -> r.unit.convert(r.p99(), Unit.MILLISECONDS)))
                            .orElse(null);
            rows.add(
                    new SummaryRow(
                            Markdown.text(value),
                            Numbers.grouped(scenarios),
                            Numbers.grouped(answered),
                            rate,
                            peak == null
                                    ? NOT_REPORTED
                                    : Numbers.short4(peak.throughput) + " " + from(peak),
                            worst == null
                                    ? Formats.NONE
                                    : ms(worst.p99(), worst.unit) + " " + from(worst)));
        }
        return rows;
    }

    /** The scenario a summary figure comes from: {@code (list-grpc, generator-bound)}. */
    private static String from(Run run) {
        return "("
                + Markdown.text(run.scenario())
                + (run.generatorBound ? ", generator-bound" : "")
                + ")";
    }

    private static String ms(double value, Unit unit) {
        return Numbers.short4(unit.convert(value, Unit.MILLISECONDS));
    }

    private static String ratio(double r) {
        return Numbers.short4(r) + "x";
    }

    /**
     * The metrics a benchmark's primary score comes under: {@code score} (any tool), and JMH's
     * modes as the benchmark suite and the JMH importer publish them: {@code throughput} (thrpt),
     * {@code latency} (the suite's sample-mode mean), {@code avg_time} and {@code
     * single_shot_time}.
     */
    static final Set<String> SCORES =
            Set.of("score", "throughput", "latency", "avg_time", "single_shot_time");

    /**
     * The metric of the allocation per operation a benchmark measured (JMH's gc.alloc.rate.norm).
     */
    static final String ALLOC = "alloc_per_op";

    /**
     * One benchmark: a score with its interval and, where measured, the allocation per operation.
     */
    private record Bench(Measurement score, Double alloc) {
        double value() {
            return ((Scalar) score.value()).value();
        }
    }

    /**
     * Whether {@code m} comes from a benchmark: a kind declaring {@link
     * Presentation#MICROBENCHMARK}, or a JMH result (it names its benchmark in the label {@value
     * #JMH_BENCHMARK_LABEL}).
     */
    private static boolean fromBenchmark(Measurement m, Kinds kinds) {
        String suite = m.labels().get("suite");
        return (suite != null && kinds.presents(suite, Presentation.MICROBENCHMARK))
                || m.labels().containsKey(JMH_BENCHMARK_LABEL);
    }

    /**
     * The benchmark rows: for each operation (and JMH mode), each value of the compared label with
     * its score, interval and allocation per operation, the ratio to the baseline value and whether
     * the difference is significant: it is when the two intervals do not overlap. {@code scores}
     * are the benchmark suite's scalars and imported JMH results (scores and allocations alike).
     */
    private static Benchmarks benchmark(
            List<Measurement> scores, String compareBy, Comparator<String> order) {
        Map<Map<String, String>, Double> allocByLabels = allocations(scores);
        Map<String, Map<String, Bench>> rows = new TreeMap<>(NATURAL);
        List<Measurement> alone = new ArrayList<>();
        for (Measurement m : scores) {
            if (SCORES.contains(m.metric())
                    && m.value() instanceof Scalar
                    && m.labels().get(compareBy) == null
                    && m.labels().containsKey(JMH_BENCHMARK_LABEL)) {
                alone.add(m);
                continue;
            }
            if (!SCORES.contains(m.metric())
                    || !(m.value() instanceof Scalar)
                    || m.labels().get(compareBy) == null
                    || m.labels().get(OPERATION) == null) {
                continue;
            }
            String row = rowName(m.labels().get(OPERATION), m.labels().getOrDefault("mode", ""));
            rows.computeIfAbsent(row, k -> new TreeMap<>(order))
                    .put(m.labels().get(compareBy), new Bench(m, allocByLabels.get(m.labels())));
        }
        List<BenchmarkRow> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Bench>> r : rows.entrySet()) {
            Map.Entry<String, Bench> base = r.getValue().entrySet().iterator().next();
            for (Map.Entry<String, Bench> e : r.getValue().entrySet()) {
                Bench b = e.getValue();
                Measurement s = b.score();
                String ratio;
                String significance;
                if (e.getKey().equals(base.getKey())) {
                    ratio = "baseline";
                    significance =
                            r.getValue().size() == 1
                                    ? "Nothing to compare it with."
                                    : "Baseline of the ratios.";
                } else {
                    Bench bb = base.getValue();
                    ratio = bb.value() == 0 ? Formats.NONE : ratio(b.value() / bb.value());
                    significance =
                            significance(b.score(), bb.score(), Markdown.text(base.getKey()));
                }
                out.add(
                        new BenchmarkRow(
                                Markdown.text(r.getKey()),
                                Markdown.text(e.getKey()),
                                Numbers.short4(b.value()) + " " + Markdown.text(s.unit().symbol()),
                                interval(s),
                                b.alloc() == null
                                        ? NOT_REPORTED
                                        : Formats.bytes(Math.round(b.alloc())) + "/op",
                                ratio,
                                significance));
            }
        }
        return new Benchmarks(out, standalone(alone, scores, allocByLabels));
    }

    /** The allocation per operation in bytes of each benchmark, by its labels. */
    private static Map<Map<String, String>, Double> allocations(List<Measurement> scores) {
        Map<Map<String, String>, Double> allocByLabels = new HashMap<>();
        for (Measurement a : scores) {
            if ((a.metric().equals(ALLOC) || a.metric().equals("gc.alloc.rate.norm"))
                    && a.value() instanceof Scalar sa
                    && a.unit().dimension() == Unit.Dimension.BYTES) {
                allocByLabels.put(a.labels(), a.unit().convert(sa.value(), Unit.BYTES));
            }
        }
        return allocByLabels;
    }

    /**
     * Every benchmark score of the evidence (a kind presenting {@link Presentation#MICROBENCHMARK},
     * or a JMH result), a row each, as go-no-go.md lists them: a JMH benchmark under its full name,
     * a built-in one under its operation with its transport among the parameters.
     */
    public static List<StandaloneRow> benchmarkScores(EvidenceSet evidence, Kinds kinds) {
        List<Measurement> all =
                evidence.measurements().stream()
                        .filter(m -> m.value() instanceof Scalar && fromBenchmark(m, kinds))
                        .toList();
        List<Measurement> scores =
                all.stream()
                        .filter(
                                m ->
                                        SCORES.contains(m.metric())
                                                && (m.labels().containsKey(JMH_BENCHMARK_LABEL)
                                                        || m.labels().containsKey(OPERATION)))
                        .toList();
        return standalone(scores, all, allocations(all));
    }

    /** Labels a standalone row shows in its own columns, not among the parameters. */
    private static final Set<String> STANDALONE_OWN =
            Set.of("suite", "scenario", OPERATION, JMH_BENCHMARK_LABEL, "mode");

    /**
     * The rows of benchmarks that name no compared value, by benchmark name, mode and parameters;
     * the sample-mode percentiles are the {@code latency_p50} and {@code latency_p99} of the same
     * labels.
     */
    private static List<StandaloneRow> standalone(
            List<Measurement> alone,
            List<Measurement> scores,
            Map<Map<String, String>, Double> allocByLabels) {
        Map<Keyed, Measurement> byLabels = new HashMap<>();
        for (Measurement m : scores) {
            if (m.value() instanceof Scalar
                    && (m.metric().equals("latency_p50") || m.metric().equals("latency_p99"))) {
                byLabels.put(withMetric(m.labels(), m.metric()), m);
            }
        }
        List<StandaloneRow> out = new ArrayList<>();
        for (Measurement m : alone) {
            Map<String, String> l = m.labels();
            String params =
                    l.entrySet().stream()
                            .filter(e -> !STANDALONE_OWN.contains(e.getKey()))
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .sorted()
                            .collect(Collectors.joining(", "));
            Double alloc = allocByLabels.get(l);
            out.add(
                    new StandaloneRow(
                            Markdown.text(l.getOrDefault(JMH_BENCHMARK_LABEL, l.get(OPERATION))),
                            Markdown.text(l.getOrDefault("mode", "")),
                            Markdown.text(params),
                            Numbers.short4(((Scalar) m.value()).value())
                                    + " "
                                    + Markdown.text(m.unit().symbol()),
                            interval(m),
                            alloc == null ? NOT_REPORTED : Formats.bytes(Math.round(alloc)) + "/op",
                            percentile(byLabels.get(withMetric(l, "latency_p50"))),
                            percentile(byLabels.get(withMetric(l, "latency_p99")))));
        }
        out.sort(
                Comparator.comparing(StandaloneRow::benchmark, NATURAL)
                        .thenComparing(StandaloneRow::params, NATURAL)
                        .thenComparing(StandaloneRow::mode));
        return out;
    }

    /** A measurement's labels and metric, as a key. */
    private record Keyed(Map<String, String> labels, String metric) {}

    private static Keyed withMetric(Map<String, String> labels, String metric) {
        return new Keyed(labels, metric);
    }

    private static String percentile(Measurement m) {
        return m == null
                ? ""
                : Numbers.short4(((Scalar) m.value()).value())
                        + " "
                        + Markdown.text(m.unit().symbol());
    }

    /** A score's interval and its confidence; {@code none} when it has none. */
    private static String interval(Measurement score) {
        return score.interval()
                .asOptional()
                .map(
                        i ->
                                "["
                                        + Numbers.short4(i.low())
                                        + ", "
                                        + Numbers.short4(i.high())
                                        + "] ("
                                        + Numbers.short4(i.confidence() * 100)
                                        + "%)")
                .orElse("none");
    }

    private static String significance(Measurement a, Measurement base, String baseName) {
        if (a.interval().isNone() || base.interval().isNone()) {
            return "Unknown: "
                    + (a.interval().isNone() ? "this score" : "the " + baseName + " score")
                    + " has no interval.";
        }
        boolean overlap =
                a.interval().low() <= base.interval().high()
                        && base.interval().low() <= a.interval().high();
        return overlap
                ? "Not significant: the intervals overlap, so neither side is ranked."
                : "Significant: the intervals do not overlap.";
    }

    /**
     * The row of an operation measured under a workload model: {@code health (closed)}, or the
     * operation alone.
     */
    static String rowName(String operation, String model) {
        return model.isBlank() ? operation : operation + " (" + model + ")";
    }

    /**
     * The order of the compared values: {@code http} before {@code grpc} for transports, else
     * natural.
     */
    static Comparator<String> valueOrder(String label) {
        if (!label.equals("transport")) {
            return NATURAL;
        }
        List<String> known = List.of("http", "grpc");
        return Comparator.<String>comparingInt(
                        v -> known.contains(v) ? known.indexOf(v) : known.size())
                .thenComparing(NATURAL);
    }

    /**
     * Natural order: runs of digits compare as numbers, so {@code 1.9} sorts before {@code 1.10}.
     */
    static final Comparator<String> NATURAL =
            (a, b) -> {
                int i = 0;
                int j = 0;
                while (i < a.length() && j < b.length()) {
                    char ca = a.charAt(i);
                    char cb = b.charAt(j);
                    if (Character.isDigit(ca) && Character.isDigit(cb)) {
                        int si = i;
                        int sj = j;
                        while (i < a.length() && Character.isDigit(a.charAt(i))) {
                            i++;
                        }
                        while (j < b.length() && Character.isDigit(b.charAt(j))) {
                            j++;
                        }
                        String da = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                        String db = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                        int c =
                                da.length() != db.length()
                                        ? Integer.compare(da.length(), db.length())
                                        : da.compareTo(db);
                        if (c != 0) {
                            return c;
                        }
                    } else {
                        if (ca != cb) {
                            return Character.compare(ca, cb);
                        }
                        i++;
                        j++;
                    }
                }
                int c = Integer.compare(a.length() - i, b.length() - j);
                return c != 0 ? c : a.compareTo(b);
            };
}
