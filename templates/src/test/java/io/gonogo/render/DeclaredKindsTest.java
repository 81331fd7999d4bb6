package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Baseline;
import io.gonogo.core.Decision;
import io.gonogo.core.DecisionEngine;
import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.MetricInfo;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Quantity;
import io.gonogo.core.Regression;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * A suite kind the documents were never written for, declared here only, is presented by what it
 * declares: a section of its own in go-no-go.md, a row in the progress report, its figures in the
 * baseline comparison.
 */
class DeclaredKindsTest {
    private static final SuiteKindInfo TOY =
            new SuiteKindInfo(
                    "toy",
                    "Queue drain",
                    SuiteKindInfo.Presentation.METRICS_TABLE,
                    List.of(
                            new MetricInfo("queue_depth", MetricInfo.Better.LOWER, "Queue depth"),
                            new MetricInfo("drained", MetricInfo.Better.HIGHER, "Drained")));

    private static final PlannedScenario RAN = new PlannedScenario("toy", "burst", false, Map.of());
    private static final PlannedScenario NEVER_RAN =
            new PlannedScenario("toy", "steady", false, Map.of());

    private final Renderer renderer = Renderer.builder().build();

    private static Measurement toy(String metric, Unit unit, io.gonogo.core.MeasuredValue value) {
        return new Measurement(
                metric,
                Map.of("suite", "toy", "scenario", RAN.id()),
                unit,
                value,
                Set.of(),
                new Source(Fixtures.RUN, "0", RAN.testId(), ""));
    }

    /** A run in which the burst scenario ran and left {@code depth} items queued. */
    private static EvidenceSet run(String runId, double depth, Measurement... more) {
        List<Measurement> ms = new ArrayList<>();
        ms.add(toy("queue_depth", Unit.COUNT, new Scalar(depth)));
        ms.add(toy("drained", Unit.COUNT, new Scalar(4_800)));
        ms.addAll(List.of(more));
        TestOutcome ran =
                new TestOutcome(
                        RAN.testId(),
                        RAN.id(),
                        "toy",
                        RAN.id(),
                        false,
                        TestStatus.SUCCESSFUL,
                        1_250,
                        "");
        return new EvidenceSet(
                EvidenceSet.SCHEMA_VERSION, runId, Fixtures.environment(), ms, List.of(ran));
    }

    private static Decision decide(DecisionEngine.Builder engine, EvidenceSet evidence) {
        return engine.build().decide(List.of(), List.of(RAN, NEVER_RAN), evidence, Fixtures.AS_OF);
    }

    private static List<SuiteKindInfo> builtInAndToy() {
        List<SuiteKindInfo> kinds = new ArrayList<>(Fixtures.KINDS);
        kinds.add(TOY);
        return kinds;
    }

    private static String show(double value, Unit unit) {
        return Numbers.show(new Quantity(value, unit));
    }

    private static String line(String document, String start) {
        return document.lines().filter(l -> l.startsWith(start)).findFirst().orElse("");
    }

    @Test
    void aKindShownAsATableHasItsOwnSectionWithEveryPlannedScenarioAndItsFigures() {
        EvidenceSet evidence = run(Fixtures.RUN, 12);
        Decision d = decide(DecisionEngine.builder().kinds(builtInAndToy()), evidence);

        String md = renderer.goNoGoMarkdown(d, evidence, ReportContext.of(d));

        assertThat(md)
                .contains("\n## Queue drain\n\n| Scenario | Status | Queue depth | Drained |\n");
        assertThat(md).contains("| toy | 2 | 1 | 1 | 0 | 1 |\n");
        assertThat(md.indexOf("## Queue drain"))
                .isGreaterThan(md.indexOf("## Chaos findings"))
                .isLessThan(md.indexOf("## Formal decision"));
        assertThat(line(md, "| burst |"))
                .isEqualTo(
                        "| burst | SUCCESSFUL | "
                                + show(12, Unit.COUNT)
                                + " | "
                                + show(4_800, Unit.COUNT)
                                + " |");
        assertThat(line(md, "| steady |"))
                .startsWith("| steady | NOT EXECUTED")
                .endsWith(" — | — |");
        assertThat(renderer.goNoGoHtml(d, evidence, ReportContext.of(d)))
                .contains("<h2 id=\"section-queue-drain\">Queue drain</h2>")
                .contains("<li><a href=\"#section-queue-drain\">Queue drain</a></li>")
                .contains("<td>steady</td>");
    }

    @Test
    void aDistributionShowsItsMedianAndP99WithItsUnit() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1_000; i++) {
            h.recordValue(i);
        }
        Distribution wait = Distribution.of(h);
        SuiteKindInfo timed =
                new SuiteKindInfo(
                        "toy",
                        "Queue drain",
                        SuiteKindInfo.Presentation.METRICS_TABLE,
                        List.of(new MetricInfo("wait", MetricInfo.Better.LOWER, "Wait")));
        EvidenceSet evidence = run(Fixtures.RUN, 12, toy("wait", Unit.MILLISECONDS, wait));
        Decision d = decide(DecisionEngine.builder().kinds(List.of(timed)), evidence);

        String md = renderer.goNoGoMarkdown(d, evidence, ReportContext.of(d));

        assertThat(line(md, "| burst |"))
                .isEqualTo(
                        "| burst | SUCCESSFUL | p50 "
                                + show(h.getValueAtPercentile(50), Unit.MILLISECONDS)
                                + ", p99 "
                                + show(h.getValueAtPercentile(99), Unit.MILLISECONDS)
                                + " |");
    }

    @Test
    void theProgressReportCountsTheKindAfterTheBuiltInOnes() {
        EvidenceSet evidence = run(Fixtures.RUN, 12);
        Decision d = decide(DecisionEngine.builder().kinds(builtInAndToy()), evidence);

        String progress = renderer.progressReportMarkdown(d, evidence, ReportContext.of(d));

        assertThat(progress)
                .contains(
                        "| benchmark | 0 | 0 | 0 | 0 | 0 |\n"
                                + "| toy | 2 | 1 | 1 | 0 | 1 |\n"
                                + "| other | 0 | 0 | 0 | 0 | 0 |\n");
    }

    @Test
    void theBaselineComparisonJudgesTheKindsMetricByItsDeclaredDirection() {
        EvidenceSet before = run("run-before", 12);
        EvidenceSet now = run(Fixtures.RUN, 30);
        Baseline baseline =
                Baseline.of(
                        Path.of("baseline/evidence.json"), Optional.empty(), Optional.of(before));
        Decision d = decide(DecisionEngine.builder().baseline(baseline).kinds(List.of(TOY)), now);

        String md = renderer.goNoGoMarkdown(d, now, ReportContext.of(d));

        String row =
                md.lines()
                        .filter(l -> l.startsWith("| queue") && l.contains("scenario=burst"))
                        .findFirst()
                        .orElse("");
        assertThat(row).contains("| " + Regression.WORSE + " |");
        assertThat(line(md, "| burst |")).contains("| " + show(30, Unit.COUNT) + " |");
    }

    @Test
    void aSuiteNoDeclaredKindCoversGetsATableButImportedResultsDoNot() {
        Measurement queue =
                new Measurement(
                        "queue_depth",
                        Map.of("suite", "queue", "scenario", "nightly"),
                        Unit.COUNT,
                        new Scalar(7),
                        Set.of(),
                        new Source(Fixtures.RUN, "0", "", ""));
        Measurement imported =
                new Measurement(
                        "throughput",
                        Map.of("suite", io.gonogo.core.config.ResultsSpec.SUITE, "scenario", "k6"),
                        Unit.PER_SECOND,
                        new Scalar(120),
                        Set.of(),
                        new Source(Fixtures.RUN, "0", "", "results/k6.json"));
        EvidenceSet evidence = run(Fixtures.RUN, 12, queue, imported);
        Decision d = decide(DecisionEngine.builder().kinds(Fixtures.KINDS), evidence);

        String md = renderer.goNoGoMarkdown(d, evidence, ReportContext.of(d));

        assertThat(md)
                .contains("\n## queue\n\n| Scenario | Status | queue_depth |\n")
                .contains("\n## toy\n\n")
                .doesNotContain("\n## " + io.gonogo.core.config.ResultsSpec.SUITE + "\n");
        assertThat(line(md, "| nightly |"))
                .isEqualTo("| nightly | NOT EXECUTED: no test ran | " + show(7, Unit.COUNT) + " |");
    }

    @Test
    void aDecisionThatDeclaresNoKindShowsEverySuiteAsATableOfItsMetrics() {
        Decision d = Fixtures.decision().withPlan(io.gonogo.core.RunPlan.UNKNOWN);

        String md = renderer.goNoGoMarkdown(d, Fixtures.evidence());

        assertThat(md)
                .contains("No load scenario recorded a latency distribution.")
                .contains("\n## load\n\n| Scenario | Status | latency | throughput | success")
                .contains("\n## memory\n\n")
                .contains("\n## chaos\n\n");
        assertThat(line(md, "| health-1k | SUCCESSFUL | p50 ")).isNotEmpty();
    }
}
