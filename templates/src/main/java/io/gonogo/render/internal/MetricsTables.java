package io.gonogo.render.internal;

import io.gonogo.core.Decision;
import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.MetricInfo;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedOutcome;
import io.gonogo.core.Quantity;
import io.gonogo.core.Scalar;
import io.gonogo.core.Series;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.SuiteKindInfo.Presentation;
import io.gonogo.core.Unit;
import io.gonogo.core.config.ResultsSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sections of {@code go-no-go.md} of the kinds shown as a table of their metrics ({@link
 * Presentation#METRICS_TABLE}): one per such kind the plan declares, in its order, then one per
 * suite of the evidence that no declared kind covers (imported results aside, which the targets
 * judge). Each lists the kind's scenarios, the planned ones first, with how each ended and the
 * figure of every metric the kind declares (or, undeclared, every metric the suite published).
 */
final class MetricsTables {
    private MetricsTables() {}

    /**
     * The section of one kind.
     *
     * @param title the kind's declared title (its id when undeclared), as a heading
     * @param columns the titles of its metrics, a column each
     * @param rows a row per scenario, the planned ones first
     * @param none what the section says when it has no scenario; empty when it has one
     * @param verdicts the verdicts of the targets judging its scenarios, one list item each
     */
    public record Section(
            String title,
            List<String> columns,
            List<Row> rows,
            String none,
            List<String> verdicts) {
        /** Copies the lists. */
        public Section {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            verdicts = List.copyOf(verdicts);
        }
    }

    /**
     * A scenario of a kind, a row of its section's table.
     *
     * @param scenario the scenario's id
     * @param status how it ended
     * @param figures the figure of each metric, in the order of the section's columns
     */
    public record Row(String scenario, String status, List<String> figures) {
        /** Copies the list. */
        public Row {
            figures = List.copyOf(figures);
        }
    }

    /** The sections of {@code decision}'s kinds shown as tables, then of undeclared suites. */
    static List<Section> of(
            Decision decision,
            EvidenceSet evidence,
            Optional<List<PlannedOutcome>> plan,
            Charts charts) {
        EvidenceIndex index = charts.index();
        Kinds kinds = index.kinds();
        List<Section> sections = new ArrayList<>();
        for (String id : kinds.ids(Presentation.METRICS_TABLE)) {
            SuiteKindInfo kind = kinds.info(id).orElseThrow();
            sections.add(section(kind, decision, evidence, plan, charts));
        }
        for (String suite : undeclared(index, plan)) {
            SuiteKindInfo kind =
                    new SuiteKindInfo(
                            suite, suite, Presentation.METRICS_TABLE, published(index, suite));
            sections.add(section(kind, decision, evidence, plan, charts));
        }
        return sections;
    }

    /**
     * The suites no declared kind covers, other than imported results: those the evidence's
     * measurements name, in evidence order, then those only the plan names.
     */
    private static List<String> undeclared(
            EvidenceIndex index, Optional<List<PlannedOutcome>> plan) {
        Set<String> suites = new LinkedHashSet<>(index.suites());
        plan.ifPresent(p -> p.forEach(s -> suites.add(s.suite())));
        return suites.stream()
                .filter(s -> !s.isBlank())
                .filter(s -> !s.equals(ResultsSpec.SUITE) && !index.kinds().declared(s))
                .toList();
    }

    /** The metrics {@code suite} published, in evidence order, as an undeclared kind's. */
    private static List<MetricInfo> published(EvidenceIndex index, String suite) {
        return index.suite(suite).stream()
                .map(Measurement::metric)
                .distinct()
                .map(m -> new MetricInfo(m, MetricInfo.Better.NEITHER, m))
                .toList();
    }

    private static Section section(
            SuiteKindInfo kind,
            Decision decision,
            EvidenceSet evidence,
            Optional<List<PlannedOutcome>> plan,
            Charts charts) {
        List<Measurement> mine = charts.index().suite(kind.id());
        List<Row> rows = new ArrayList<>();
        Set<String> verdicts = new LinkedHashSet<>();
        for (String id : FindingsView.scenarios(kind.id(), evidence, plan, charts)) {
            List<Measurement> scenario =
                    mine.stream().filter(m -> id.equals(m.labels().get("scenario"))).toList();
            List<String> figures = new ArrayList<>();
            for (MetricInfo metric : kind.metrics()) {
                figures.add(figure(scenario, metric.name()));
            }
            rows.add(
                    new Row(
                            Markdown.text(id),
                            FindingsView.scenarioStatus(decision, kind.id(), id, evidence),
                            figures));
            verdicts.addAll(FindingsView.verdicts(decision, kind.id(), id));
        }
        return new Section(
                Markdown.heading(kind.title()),
                kind.metrics().stream().map(m -> Markdown.text(m.title())).toList(),
                rows,
                rows.isEmpty()
                        ? "No scenario of this kind is planned or recorded in this run's evidence."
                        : "",
                List.copyOf(verdicts));
    }

    /**
     * The figure of {@code metric} in a scenario's measurements: each measurement's, prefixed by
     * the labels that tell it from the others when there are several.
     */
    private static String figure(List<Measurement> scenario, String metric) {
        List<Measurement> found = scenario.stream().filter(m -> m.metric().equals(metric)).toList();
        if (found.isEmpty()) {
            return Formats.NONE;
        }
        if (found.size() == 1) {
            return value(found.get(0));
        }
        Map<String, String> shared = new java.util.HashMap<>(found.get(0).labels());
        found.forEach(
                m ->
                        shared.entrySet()
                                .removeIf(e -> !e.getValue().equals(m.labels().get(e.getKey()))));
        return found.stream()
                .map(m -> labelled(otherLabels(m.labels(), shared.keySet()), value(m)))
                .collect(Collectors.joining("; "));
    }

    /**
     * One measurement's figure: a scalar's value, a distribution's p50 and p99, a series' last
     * sample, each with its unit.
     */
    private static String value(Measurement m) {
        Unit unit = m.unit();
        if (m.value() instanceof Scalar s) {
            return Numbers.show(new Quantity(s.value(), unit));
        }
        if (m.value() instanceof Distribution d) {
            return d.count() == 0
                    ? Formats.NONE
                    : "p50 "
                            + Numbers.show(new Quantity(percentile(d, 50), unit))
                            + ", p99 "
                            + Numbers.show(new Quantity(percentile(d, 99), unit));
        }
        if (m.value() instanceof Series s && !s.points().isEmpty()) {
            return Numbers.show(new Quantity(s.points().get(s.points().size() - 1).value(), unit))
                    + " (last of "
                    + Numbers.grouped(s.points().size())
                    + " samples)";
        }
        return Formats.NONE;
    }

    private static double percentile(Distribution d, double p) {
        Double summarised = d.percentiles().get(Distribution.percentileKey(p));
        return summarised != null ? summarised : d.decode().getValueAtPercentile(p);
    }

    private static String labelled(String labels, String value) {
        return labels.isEmpty() ? value : Markdown.text(labels) + ": " + value;
    }

    /** {@code labels} but for {@code shared}, as {@code key=value, ...} in key order. */
    private static String otherLabels(Map<String, String> labels, Set<String> shared) {
        return labels.entrySet().stream()
                .filter(e -> !shared.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
