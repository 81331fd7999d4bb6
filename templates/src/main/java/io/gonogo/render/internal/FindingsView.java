package io.gonogo.render.internal;

import io.gonogo.core.Decision;
import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Interval;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedOutcome;
import io.gonogo.core.Quantity;
import io.gonogo.core.Scalar;
import io.gonogo.core.Series;
import io.gonogo.core.SuiteKindInfo.Presentation;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.Unit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The memory and resource findings and the chaos findings of {@code go-no-go.md}, read from the
 * measurements of the memory and chaos suites (metric names of DESIGN.md and COMMON.md's metric
 * contract), already formatted and escaped for Markdown.
 */
final class FindingsView {
    /** The scalar memory figures, in document order, with what each means. */
    private static final List<String[]> MEMORY_SCALARS =
            List.of(
                    new String[] {
                        "heap_slope", "Live heap growth per 1,000 operations (least-squares slope)"
                    },
                    new String[] {"heap_growth", "Live heap at the end over the start"},
                    new String[] {"thread_growth", "Threads at the end minus the start"},
                    new String[] {"fd_growth", "Open file descriptors at the end minus the start"},
                    new String[] {"direct_growth", "Direct memory at the end minus the start"},
                    new String[] {"gc_reclaim", "Share of the used heap a full GC reclaimed"},
                    new String[] {"thread_residual", "Threads above the baseline after the linger"},
                    new String[] {
                        "fd_residual", "File descriptors above the baseline after the linger"
                    });

    private static final List<String> MEMORY_SERIES =
            List.of(
                    "heap_live",
                    "heap_used",
                    "threads",
                    "open_fds",
                    "direct_memory",
                    "rss",
                    "gc_pause",
                    "operations");
    private static final List<String[]> JFR =
            List.of(
                    new String[] {"jfr_hot_method", "method", "Hot method"},
                    new String[] {"jfr_alloc_site", "site", "Allocation site"},
                    new String[] {"jfr_contention", "monitor", "Contended monitor"},
                    new String[] {"jfr_old_object", "type", "Old object"});
    private static final List<String> PHASES = List.of("before", "during", "after");

    /** How many JFR entries of each kind the document lists. */
    private static final int JFR_TOP = 5;

    private FindingsView() {}

    /**
     * Scenario ids of {@code suite}: the planned ones first, then any others the evidence names.
     */
    static List<String> scenarios(
            String suite,
            EvidenceSet evidence,
            Optional<List<PlannedOutcome>> plan,
            Charts charts) {
        Set<String> ids = new LinkedHashSet<>();
        plan.ifPresent(
                p -> p.stream().filter(s -> s.suite().equals(suite)).forEach(s -> ids.add(s.id())));
        evidence.outcomes().stream()
                .filter(o -> !o.container() && o.suite().equals(suite) && !o.scenario().isEmpty())
                .forEach(o -> ids.add(o.scenario()));
        charts.index().suite(suite).forEach(m -> ids.add(m.labels().getOrDefault("scenario", "")));
        ids.remove("");
        return List.copyOf(ids);
    }

    /**
     * How scenario {@code id} ended: as the decision's plan records it (see {@link
     * PlannedOutcome}), else as the evidence does; a planned scenario that recorded no outcome is
     * NOT EXECUTED.
     */
    static String scenarioStatus(Decision d, String suite, String id, EvidenceSet evidence) {
        Optional<TestOutcome> outcome =
                d.plan().scenarios().stream()
                        .filter(p -> p.suite().equals(suite) && p.id().equals(id))
                        .findFirst()
                        .map(
                                p ->
                                        p.recorded()
                                                ? Optional.of(p.outcome())
                                                : Optional.<TestOutcome>empty())
                        .orElseGet(() -> evidence.scenarioOutcome(suite, id));
        return outcome.map(
                        o ->
                                Formats.status(o.status())
                                        + (o.message().isBlank()
                                                ? ""
                                                : ": " + Markdown.text(o.message())))
                .orElse("NOT EXECUTED: no test ran");
    }

    static List<String> verdicts(Decision d, String suite, String id) {
        List<String> out = new ArrayList<>();
        for (TargetVerdict v : d.verdicts()) {
            if (v.target().startsWith(suite + "." + id + ".")
                    || id.equals(v.where().get("scenario"))) {
                out.add(
                        Markdown.lineStart(
                                Markdown.text(v.target())
                                        + ": "
                                        + v.verdict().title()
                                        + v.achieved().map(a -> ", " + Numbers.show(a)).orElse("")
                                        + " against "
                                        + Markdown.text(v.pass().text())
                                        + ". "
                                        + Markdown.text(v.reason())));
            }
        }
        return out;
    }

    // ---- memory

    /**
     * The "Memory and resource findings" section.
     *
     * @param scenarios the memory scenarios, planned ones first
     * @param none what the section says when there is no memory scenario; empty when there is
     */
    public record MemoryFindings(List<MemoryScenario> scenarios, String none) {
        /** Copies the list. */
        public MemoryFindings {
            scenarios = List.copyOf(scenarios);
        }
    }

    /**
     * One memory scenario's findings.
     *
     * @param id the scenario
     * @param status how its test ended
     * @param sources where its samples came from
     * @param rows its scalar figures
     * @param series its sampled series
     * @param jfr the top entries of its JFR profile
     * @param jfrNote what the section says when no JFR recording was analysed; empty otherwise
     * @param links links to its profiles
     * @param verdicts the verdicts of the targets that judge it
     * @param chart the Markdown image of its memory chart; empty when none was drawn
     * @param empty what the section says when it published no memory figure; empty otherwise
     * @param suite the suite it belongs to, as declared (not escaped)
     */
    public record MemoryScenario(
            String id,
            String status,
            String sources,
            List<MemoryFigure> rows,
            List<SeriesRow> series,
            List<JfrEntry> jfr,
            String jfrNote,
            List<String> links,
            List<String> verdicts,
            String chart,
            String empty,
            String suite) {
        /** Copies the lists. */
        public MemoryScenario {
            rows = List.copyOf(rows);
            series = List.copyOf(series);
            jfr = List.copyOf(jfr);
            links = List.copyOf(links);
            verdicts = List.copyOf(verdicts);
        }
    }

    /** A scalar memory figure, a row of a memory scenario's figures table. */
    public record MemoryFigure(
            String metric, String meaning, String value, String interval, String flags) {}

    /** A sampled series, a row of a memory scenario's series table. */
    public record SeriesRow(
            String metric,
            String samples,
            String span,
            String first,
            String last,
            String min,
            String max) {}

    /** An entry of a JFR profile's top list. */
    public record JfrEntry(String kind, String rank, String name, String value) {}

    static MemoryFindings memory(
            Decision d,
            EvidenceSet evidence,
            Optional<List<PlannedOutcome>> plan,
            Charts charts,
            List<String> files) {
        List<MemoryScenario> scenarios = new ArrayList<>();
        List<String> kinds = charts.index().kinds().ids(Presentation.RESOURCE_TREND);
        for (String kind : kinds) {
            for (String id : scenarios(kind, evidence, plan, charts)) {
                scenarios.add(memoryScenario(kind, id, d, evidence, charts, files));
            }
        }
        boolean inPlan =
                plan.map(p -> p.stream().anyMatch(s -> kinds.contains(s.suite())))
                        .orElse(!scenarios.isEmpty());
        String none =
                scenarios.isEmpty()
                        ? (plan.isPresent() && !inPlan
                                ? "No memory suite in this plan, so this run says nothing about"
                                        + " leaks or resource growth."
                                : "No memory scenario is recorded in this run's evidence, so it"
                                        + " says nothing about leaks or resource growth.")
                        : "";
        return new MemoryFindings(scenarios, none);
    }

    private static MemoryScenario memoryScenario(
            String kind,
            String id,
            Decision d,
            EvidenceSet evidence,
            Charts charts,
            List<String> files) {
        List<Measurement> mine =
                charts.index().suite(kind).stream()
                        .filter(m -> id.equals(m.labels().get("scenario")))
                        .toList();
        Set<String> sources = new TreeSet<>();
        mine.forEach(m -> Optional.ofNullable(m.labels().get("source")).ifPresent(sources::add));
        List<MemoryFigure> rows = memoryFigures(mine);
        List<SeriesRow> series = memorySeries(mine);
        List<JfrEntry> jfr = jfrEntries(mine);
        List<String> links =
                files.stream()
                        .filter(
                                f ->
                                        f.startsWith("evidence/" + id + "/")
                                                && (f.endsWith("flamegraph.svg")
                                                        || f.endsWith(".jfr")))
                        .map(f -> "[" + Markdown.text(f) + "](" + f + ")")
                        .toList();
        return new MemoryScenario(
                Markdown.text(id),
                scenarioStatus(d, kind, id, evidence),
                sources.isEmpty()
                        ? "not stated"
                        : String.join(", ", sources.stream().map(Markdown::text).toList()),
                rows,
                series,
                jfr,
                jfr.isEmpty() ? "No JFR recording was analysed for this scenario." : "",
                links,
                verdicts(d, kind, id),
                charts.image("memory/" + id).orElse(""),
                rows.isEmpty() && series.isEmpty()
                        ? "This scenario published no memory figure, so nothing about its memory"
                                + " can be said."
                        : "",
                kind);
    }

    private static List<MemoryFigure> memoryFigures(List<Measurement> mine) {
        List<MemoryFigure> rows = new ArrayList<>();
        for (String[] s : MEMORY_SCALARS) {
            for (Measurement m : mine) {
                if (m.metric().equals(s[0]) && m.value() instanceof Scalar sc) {
                    Unit shown = shownUnit(sc.value(), m.unit());
                    String value =
                            show(sc.value(), m.unit(), shown)
                                    + (s[0].equals("heap_slope") ? " per 1,000 operations" : "");
                    rows.add(
                            new MemoryFigure(
                                    Markdown.text(s[0]),
                                    s[1],
                                    value,
                                    interval(m.interval(), m.unit(), shown),
                                    flags(m)));
                }
            }
        }
        return rows;
    }

    private static List<SeriesRow> memorySeries(List<Measurement> mine) {
        List<SeriesRow> series = new ArrayList<>();
        for (String name : MEMORY_SERIES) {
            for (Measurement m : mine) {
                if (m.metric().equals(name)
                        && m.value() instanceof Series s
                        && !s.points().isEmpty()) {
                    List<Series.Point> p = s.points();
                    double min = p.stream().mapToDouble(Series.Point::value).min().orElse(0);
                    double max = p.stream().mapToDouble(Series.Point::value).max().orElse(0);
                    long span = p.get(p.size() - 1).epochMillis() - p.get(0).epochMillis();
                    series.add(
                            new SeriesRow(
                                    Markdown.text(name),
                                    Numbers.grouped(p.size()),
                                    Formats.duration(span),
                                    show(p.get(0).value(), m.unit()),
                                    show(p.get(p.size() - 1).value(), m.unit()),
                                    show(min, m.unit()),
                                    show(max, m.unit())));
                }
            }
        }
        return series;
    }

    private static List<JfrEntry> jfrEntries(List<Measurement> mine) {
        List<JfrEntry> jfr = new ArrayList<>();
        for (String[] j : JFR) {
            mine.stream()
                    .filter(m -> m.metric().equals(j[0]) && m.value() instanceof Scalar)
                    .sorted(Comparator.comparingLong(m -> rank(m.labels().get("rank"))))
                    .limit(JFR_TOP)
                    .forEach(m -> jfr.add(jfrEntry(j[2], j[1], m)));
        }
        return jfr;
    }

    private static JfrEntry jfrEntry(String kind, String nameLabel, Measurement m) {
        return new JfrEntry(
                kind,
                Markdown.text(m.labels().getOrDefault("rank", "")),
                Markdown.text(m.labels().getOrDefault(nameLabel, "")),
                show(((Scalar) m.value()).value(), m.unit()));
    }

    // ---- chaos

    /**
     * The "Chaos findings" section.
     *
     * @param scenarios the chaos scenarios, planned ones first
     * @param none what the section says when there is no chaos scenario; empty when there is
     */
    public record ChaosFindings(List<ChaosScenario> scenarios, String none) {
        /** Copies the list. */
        public ChaosFindings {
            scenarios = List.copyOf(scenarios);
        }
    }

    /**
     * One chaos scenario's findings.
     *
     * @param id the scenario
     * @param status how its test ended
     * @param fault the faults it injected
     * @param phases its figures before, during and after the fault
     * @param facts its detection, recovery and durability figures
     * @param verdicts the verdicts of the targets that judge it
     * @param charts the Markdown images of its charts
     * @param empty what the section says when it published no measurement; empty otherwise
     * @param suite the suite it belongs to, as declared (not escaped)
     */
    public record ChaosScenario(
            String id,
            String status,
            String fault,
            List<ChaosPhase> phases,
            List<GoNoGoView.Fact> facts,
            List<String> verdicts,
            List<String> charts,
            String empty,
            String suite) {
        /** Copies the lists. */
        public ChaosScenario {
            phases = List.copyOf(phases);
            facts = List.copyOf(facts);
            verdicts = List.copyOf(verdicts);
            charts = List.copyOf(charts);
        }
    }

    /** A phase of a chaos scenario, a row of its phases table. */
    public record ChaosPhase(
            String phase,
            String requests,
            String throughput,
            String successRate,
            String p99,
            String errors) {}

    static ChaosFindings chaos(
            Decision d, EvidenceSet evidence, Optional<List<PlannedOutcome>> plan, Charts charts) {
        List<ChaosScenario> scenarios = new ArrayList<>();
        List<String> kinds = charts.index().kinds().ids(Presentation.FAULT_INJECTION);
        for (String kind : kinds) {
            for (String id : scenarios(kind, evidence, plan, charts)) {
                scenarios.add(chaosScenario(kind, id, d, evidence, charts));
            }
        }
        boolean inPlan =
                plan.map(p -> p.stream().anyMatch(s -> kinds.contains(s.suite())))
                        .orElse(!scenarios.isEmpty());
        String none =
                scenarios.isEmpty()
                        ? (plan.isPresent() && !inPlan
                                ? "No chaos suite in this plan, so this run says nothing about"
                                        + " behaviour under faults or recovery."
                                : "No chaos scenario is recorded in this run's evidence, so it says"
                                        + " nothing about behaviour under faults.")
                        : "";
        return new ChaosFindings(scenarios, none);
    }

    private static ChaosScenario chaosScenario(
            String kind, String id, Decision d, EvidenceSet evidence, Charts charts) {
        List<Measurement> mine =
                charts.index().suite(kind).stream()
                        .filter(m -> id.equals(m.labels().get("scenario")))
                        .toList();
        Set<String> faults = new TreeSet<>();
        mine.forEach(m -> Optional.ofNullable(m.labels().get("fault")).ifPresent(faults::add));
        List<ChaosPhase> phases = new ArrayList<>();
        for (String phase : PHASES) {
            phases.add(
                    chaosPhase(
                            phase,
                            mine.stream()
                                    .filter(m -> phase.equals(m.labels().get("phase")))
                                    .toList()));
        }
        List<String> chartList = new ArrayList<>();
        charts.image("chaos/" + id + "/throughput").ifPresent(chartList::add);
        charts.image("chaos/" + id + "/p99").ifPresent(chartList::add);
        return new ChaosScenario(
                Markdown.text(id),
                scenarioStatus(d, kind, id, evidence),
                faults.isEmpty()
                        ? "not stated"
                        : faults.stream().map(Markdown::text).collect(Collectors.joining(", ")),
                phases,
                chaosFacts(mine),
                verdicts(d, kind, id),
                chartList,
                mine.isEmpty()
                        ? "This scenario published no measurement, so its resilience is unknown."
                        : "",
                kind);
    }

    private static ChaosPhase chaosPhase(String phase, List<Measurement> ph) {
        if (ph.isEmpty()) {
            return new ChaosPhase(
                    phase, "not measured", Formats.NONE, Formats.NONE, Formats.NONE, Formats.NONE);
        }
        Histogram h = new Histogram(3);
        for (Measurement m : ph) {
            if (m.metric().equals("latency")
                    && m.value() instanceof Distribution dist
                    && m.unit() == Unit.MICROSECONDS) {
                dist.addTo(h);
            }
        }
        double errors =
                ph.stream()
                        .filter(m -> m.metric().equals("errors") && m.value() instanceof Scalar)
                        .mapToDouble(m -> ((Scalar) m.value()).value())
                        .sum();
        boolean anyErrors = ph.stream().anyMatch(m -> m.metric().equals("errors"));
        String p99 =
                h.getTotalCount() == 0
                        ? Formats.NONE
                        : Numbers.show(new Quantity(h.getValueAtPercentile(99), Unit.MICROSECONDS))
                                + (h.getTotalCount() < 1_000 ? GoNoGoView.LOW_SAMPLE_MARK : "");
        return new ChaosPhase(
                phase,
                Numbers.grouped(h.getTotalCount()),
                scalar(ph, "throughput"),
                scalar(ph, "success_rate"),
                p99,
                anyErrors ? Numbers.grouped(Math.round(errors)) : Formats.NONE);
    }

    private static List<GoNoGoView.Fact> chaosFacts(List<Measurement> mine) {
        List<GoNoGoView.Fact> facts = new ArrayList<>();
        facts.add(fact(mine, "detect_time", "Time to detect the fault"));
        facts.add(
                fact(
                        mine,
                        "recovery_time",
                        "Recovery time (after the fault ends, back to steady state)"));
        facts.add(fact(mine, "fault_start", "Fault start (since the scenario's start)"));
        facts.add(fact(mine, "fault_end", "Fault end (since the scenario's start)"));
        if (mine.stream().anyMatch(m -> m.metric().startsWith("acknowledged_writes_"))) {
            facts.add(fact(mine, "acknowledged_writes_checked", "Acknowledged writes checked"));
            facts.add(fact(mine, "acknowledged_writes_missing", "Acknowledged writes missing"));
        } else {
            // most faults do not check durability: one plain row, not two "not measured" figures
            facts.add(
                    new GoNoGoView.Fact(
                            "Acknowledged writes",
                            "not checked in this scenario (kill and"
                                    + " restart faults check them, or `durability: true`)"));
        }
        return facts;
    }

    private static GoNoGoView.Fact fact(List<Measurement> ms, String metric, String label) {
        return ms.stream()
                .filter(
                        m ->
                                m.metric().equals(metric)
                                        && m.value() instanceof Scalar
                                        && !m.labels().containsKey("phase"))
                .findFirst()
                .map(
                        m ->
                                new GoNoGoView.Fact(
                                        label,
                                        show(((Scalar) m.value()).value(), m.unit())
                                                + (m.interval().isNone()
                                                        ? ""
                                                        : " " + interval(m.interval(), m.unit()))))
                .orElse(new GoNoGoView.Fact(label, "not measured"));
    }

    private static String scalar(List<Measurement> ms, String metric) {
        List<Measurement> found =
                ms.stream()
                        .filter(m -> m.metric().equals(metric) && m.value() instanceof Scalar)
                        .toList();
        if (found.size() != 1) {
            return Formats.NONE;
        }
        return show(((Scalar) found.get(0).value()).value(), found.get(0).unit());
    }

    private static String show(double v, Unit unit) {
        return show(v, unit, shownUnit(v, unit));
    }

    /** The unit to show {@code v} in: binary units for memory, chosen by its size; else its own. */
    private static Unit shownUnit(double v, Unit unit) {
        if (unit.dimension() != Unit.Dimension.BYTES) {
            return unit;
        }
        double b = Math.abs(unit.convert(v, Unit.BYTES));
        return b >= 1L << 30
                ? Unit.GIBIBYTES
                : b >= 1L << 20 ? Unit.MEBIBYTES : b >= 1L << 10 ? Unit.KIBIBYTES : Unit.BYTES;
    }

    private static String show(double v, Unit unit, Unit shown) {
        if (unit.dimension() == Unit.Dimension.COUNT && v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Numbers.grouped((long) v);
        }
        if (unit.dimension() == Unit.Dimension.BYTES) {
            return Numbers.short4(unit.convert(v, shown)) + shown.symbol();
        }
        return Numbers.show(new Quantity(v, unit));
    }

    private static String interval(Interval i, Unit unit) {
        return interval(i, unit, shownUnit(i.isNone() ? 0 : i.high(), unit));
    }

    private static String interval(Interval i, Unit unit, Unit shown) {
        return i.asOptional()
                .map(
                        x ->
                                "["
                                        + show(x.low(), unit, shown)
                                        + ", "
                                        + show(x.high(), unit, shown)
                                        + "] at "
                                        + Numbers.short4(x.confidence() * 100)
                                        + "%"
                                        + (x.method().isEmpty()
                                                ? ""
                                                : " (" + Markdown.text(x.method()) + ")"))
                .orElse("none");
    }

    private static String flags(Measurement m) {
        return m.quality().isEmpty()
                ? "none"
                : m.quality().stream()
                        .map(q -> q.name().replace('_', ' '))
                        .collect(Collectors.joining(", "));
    }

    private static long rank(String r) {
        try {
            return r == null ? Long.MAX_VALUE : Long.parseLong(r.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
