package io.gonogo.render.internal;

import io.gonogo.core.Decision;
import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Interval;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Quantity;
import io.gonogo.core.Scalar;
import io.gonogo.core.Series;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.Unit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    private static List<String> scenarios(
            String suite,
            EvidenceSet evidence,
            Optional<List<PlannedScenario>> plan,
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

    private static String status(String suite, String id, EvidenceSet evidence) {
        return evidence.scenarioOutcome(suite, id)
                .map(
                        o ->
                                Formats.status(o.status())
                                        + (o.message().isBlank()
                                                ? ""
                                                : ": " + Markdown.text(o.message())))
                .orElse("NOT EXECUTED: no test ran");
    }

    private static List<String> verdicts(Decision d, String suite, String id) {
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

    static Map<String, Object> memory(
            Decision d,
            EvidenceSet evidence,
            Optional<List<PlannedScenario>> plan,
            Charts charts,
            List<String> files) {
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (String id : scenarios("memory", evidence, plan, charts)) {
            List<Measurement> mine =
                    charts.index().suite("memory").stream()
                            .filter(m -> id.equals(m.labels().get("scenario")))
                            .toList();
            Set<String> sources = new TreeSet<>();
            mine.forEach(
                    m -> Optional.ofNullable(m.labels().get("source")).ifPresent(sources::add));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String[] s : MEMORY_SCALARS) {
                for (Measurement m : mine) {
                    if (m.metric().equals(s[0]) && m.value() instanceof Scalar sc) {
                        Unit shown = shownUnit(sc.value(), m.unit());
                        String value =
                                show(sc.value(), m.unit(), shown)
                                        + (s[0].equals("heap_slope")
                                                ? " per 1,000 operations"
                                                : "");
                        rows.add(
                                map(
                                        "metric",
                                        Markdown.text(s[0]),
                                        "meaning",
                                        s[1],
                                        "value",
                                        value,
                                        "interval",
                                        interval(m.interval(), m.unit(), shown),
                                        "flags",
                                        flags(m)));
                    }
                }
            }
            List<Map<String, Object>> series = new ArrayList<>();
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
                                map(
                                        "metric",
                                        Markdown.text(name),
                                        "samples",
                                        Numbers.grouped(p.size()),
                                        "span",
                                        Formats.duration(span),
                                        "first",
                                        show(p.get(0).value(), m.unit()),
                                        "last",
                                        show(p.get(p.size() - 1).value(), m.unit()),
                                        "min",
                                        show(min, m.unit()),
                                        "max",
                                        show(max, m.unit())));
                    }
                }
            }
            List<Map<String, Object>> jfr = new ArrayList<>();
            for (String[] j : JFR) {
                mine.stream()
                        .filter(m -> m.metric().equals(j[0]) && m.value() instanceof Scalar)
                        .sorted(Comparator.comparingLong(m -> rank(m.labels().get("rank"))))
                        .limit(JFR_TOP)
                        .forEach(
                                m ->
                                        jfr.add(
                                                map(
                                                        "kind",
                                                        j[2],
                                                        "rank",
                                                        Markdown.text(
                                                                m.labels()
                                                                        .getOrDefault("rank", "")),
                                                        "name",
                                                        Markdown.text(
                                                                m.labels().getOrDefault(j[1], "")),
                                                        "value",
                                                        show(
                                                                ((Scalar) m.value()).value(),
                                                                m.unit()))));
            }
            List<String> links =
                    files.stream()
                            .filter(
                                    f ->
                                            f.startsWith("evidence/" + id + "/")
                                                    && (f.endsWith("flamegraph.svg")
                                                            || f.endsWith(".jfr")))
                            .map(f -> "[" + Markdown.text(f) + "](" + f + ")")
                            .toList();
            scenarios.add(
                    map(
                            "id",
                            Markdown.text(id),
                            "status",
                            status("memory", id, evidence),
                            "sources",
                            sources.isEmpty()
                                    ? "not stated"
                                    : String.join(
                                            ", ", sources.stream().map(Markdown::text).toList()),
                            "rows",
                            rows,
                            "series",
                            series,
                            "jfr",
                            jfr,
                            "jfrNote",
                            jfr.isEmpty() ? "No JFR recording was analysed for this scenario." : "",
                            "links",
                            links,
                            "verdicts",
                            verdicts(d, "memory", id),
                            "chart",
                            charts.image("memory/" + id).orElse(""),
                            "empty",
                            rows.isEmpty() && series.isEmpty()
                                    ? "This scenario published no memory figure, so nothing about"
                                            + " its memory can be said."
                                    : ""));
        }
        boolean inPlan =
                plan.map(p -> p.stream().anyMatch(s -> s.suite().equals("memory")))
                        .orElse(!scenarios.isEmpty());
        String none =
                scenarios.isEmpty()
                        ? (plan.isPresent() && !inPlan
                                ? "No memory suite in this plan, so this run says nothing about"
                                        + " leaks or resource growth."
                                : "No memory scenario is recorded in this run's evidence, so it"
                                        + " says nothing about leaks or resource growth.")
                        : "";
        return map("scenarios", scenarios, "none", none);
    }

    // ---- chaos

    static Map<String, Object> chaos(
            Decision d, EvidenceSet evidence, Optional<List<PlannedScenario>> plan, Charts charts) {
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (String id : scenarios("chaos", evidence, plan, charts)) {
            List<Measurement> mine =
                    charts.index().suite("chaos").stream()
                            .filter(m -> id.equals(m.labels().get("scenario")))
                            .toList();
            Set<String> faults = new TreeSet<>();
            mine.forEach(m -> Optional.ofNullable(m.labels().get("fault")).ifPresent(faults::add));
            List<Map<String, Object>> phases = new ArrayList<>();
            for (String phase : PHASES) {
                List<Measurement> ph =
                        mine.stream().filter(m -> phase.equals(m.labels().get("phase"))).toList();
                if (ph.isEmpty()) {
                    phases.add(
                            map(
                                    "phase",
                                    phase,
                                    "throughput",
                                    Formats.NONE,
                                    "successRate",
                                    Formats.NONE,
                                    "p99",
                                    Formats.NONE,
                                    "errors",
                                    Formats.NONE,
                                    "requests",
                                    "not measured"));
                    continue;
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
                                .filter(
                                        m ->
                                                m.metric().equals("errors")
                                                        && m.value() instanceof Scalar)
                                .mapToDouble(m -> ((Scalar) m.value()).value())
                                .sum();
                boolean anyErrors = ph.stream().anyMatch(m -> m.metric().equals("errors"));
                phases.add(
                        map(
                                "phase",
                                phase,
                                "throughput",
                                scalar(ph, "throughput"),
                                "successRate",
                                scalar(ph, "success_rate"),
                                "p99",
                                h.getTotalCount() == 0
                                        ? Formats.NONE
                                        : Numbers.show(
                                                        new Quantity(
                                                                h.getValueAtPercentile(99),
                                                                Unit.MICROSECONDS))
                                                + (h.getTotalCount() < 1_000
                                                        ? GoNoGoView.LOW_SAMPLE_MARK
                                                        : ""),
                                "errors",
                                anyErrors ? Numbers.grouped(Math.round(errors)) : Formats.NONE,
                                "requests",
                                Numbers.grouped(h.getTotalCount())));
            }
            List<Map<String, Object>> facts = new ArrayList<>();
            addFact(facts, mine, "detect_time", "Time to detect the fault");
            addFact(
                    facts,
                    mine,
                    "recovery_time",
                    "Recovery time (after the fault ends, back to steady state)");
            addFact(facts, mine, "fault_start", "Fault start (since the scenario's start)");
            addFact(facts, mine, "fault_end", "Fault end (since the scenario's start)");
            if (mine.stream().anyMatch(m -> m.metric().startsWith("acknowledged_writes_"))) {
                addFact(facts, mine, "acknowledged_writes_checked", "Acknowledged writes checked");
                addFact(facts, mine, "acknowledged_writes_missing", "Acknowledged writes missing");
            } else {
                // most faults do not check durability: one plain row, not two "not measured"
                // figures
                facts.add(
                        map(
                                "label",
                                "Acknowledged writes",
                                "value",
                                "not checked in this scenario (kill and"
                                        + " restart faults check them, or `durability: true`)"));
            }
            List<String> chartList = new ArrayList<>();
            charts.image("chaos/" + id + "/throughput").ifPresent(chartList::add);
            charts.image("chaos/" + id + "/p99").ifPresent(chartList::add);
            scenarios.add(
                    map(
                            "id",
                            Markdown.text(id),
                            "status",
                            status("chaos", id, evidence),
                            "fault",
                            faults.isEmpty()
                                    ? "not stated"
                                    : faults.stream()
                                            .map(Markdown::text)
                                            .collect(Collectors.joining(", ")),
                            "phases",
                            phases,
                            "facts",
                            facts,
                            "verdicts",
                            verdicts(d, "chaos", id),
                            "charts",
                            chartList,
                            "empty",
                            mine.isEmpty()
                                    ? "This scenario published no measurement, so its resilience is"
                                            + " unknown."
                                    : ""));
        }
        boolean inPlan =
                plan.map(p -> p.stream().anyMatch(s -> s.suite().equals("chaos")))
                        .orElse(!scenarios.isEmpty());
        String none =
                scenarios.isEmpty()
                        ? (plan.isPresent() && !inPlan
                                ? "No chaos suite in this plan, so this run says nothing about"
                                        + " behaviour under faults or recovery."
                                : "No chaos scenario is recorded in this run's evidence, so it says"
                                        + " nothing about behaviour under faults.")
                        : "";
        return map("scenarios", scenarios, "none", none);
    }

    private static void addFact(
            List<Map<String, Object>> facts, List<Measurement> ms, String metric, String label) {
        ms.stream()
                .filter(
                        m ->
                                m.metric().equals(metric)
                                        && m.value() instanceof Scalar
                                        && !m.labels().containsKey("phase"))
                .findFirst()
                .ifPresentOrElse(
                        m ->
                                facts.add(
                                        map(
                                                "label",
                                                label,
                                                "value",
                                                show(((Scalar) m.value()).value(), m.unit())
                                                        + (m.interval().isNone()
                                                                ? ""
                                                                : " "
                                                                        + interval(
                                                                                m.interval(),
                                                                                m.unit())))),
                        () -> facts.add(map("label", label, "value", "not measured")));
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

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
