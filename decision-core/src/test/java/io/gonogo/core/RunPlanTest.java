package io.gonogo.core;

import static io.gonogo.core.EvidenceFixtures.AS_OF;
import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.config.PlanSpec;
import io.gonogo.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan stored in the decision: scenario statuses, deliverables, kinds, and its JSON form. */
class RunPlanTest {
    private static final PlannedScenario RAN = new PlannedScenario("toy", "ran", false, Map.of());
    private static final PlannedScenario NEVER =
            new PlannedScenario("toy", "never", true, Map.of());
    private static final SuiteKindInfo TOY =
            new SuiteKindInfo(
                    "toy",
                    "Toy queue",
                    SuiteKindInfo.Presentation.METRICS_TABLE,
                    List.of(
                            new MetricInfo("queue_depth", MetricInfo.Better.LOWER, "Queue depth"),
                            new MetricInfo("drained", MetricInfo.Better.HIGHER, "Drained")));

    @TempDir Path dir;

    @Test
    void aPlannedScenarioWithoutAnOutcomeIsNotExecutedAndSaysSo() {
        EvidenceSet e = evidence(List.of(), List.of(passed(RAN)));

        List<PlannedOutcome> all = PlannedOutcome.of(List.of(RAN, NEVER), e);

        assertThat(all)
                .extracting(PlannedOutcome::status)
                .containsExactly(TestStatus.SUCCESSFUL, TestStatus.NOT_EXECUTED);
        assertThat(all).extracting(PlannedOutcome::recorded).containsExactly(true, false);
        assertThat(all.get(1).outcome().message()).isEqualTo(PlannedOutcome.NO_OUTCOME);
        assertThat(all.get(1).outcome().testId()).isEqualTo(NEVER.testId());
    }

    @Test
    void theDecisionStoresThePlanAndItsDeliverablesAsCountedWhenItWasMade() throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/A.java"), "class A {\n\n}\n");
        Files.writeString(dir.resolve("src/B.java"), "class B {}");
        PlanSpec sprint =
                new PlanSpec(
                        "Sprint",
                        "",
                        List.of(
                                new PlanSpec.Task(
                                        "t",
                                        "T",
                                        Optional.empty(),
                                        List.of("src", "gone.txt"),
                                        List.of(),
                                        Optional.empty())),
                        List.of());

        Decision d =
                DecisionEngine.builder()
                        .sprint(sprint, dir)
                        .approvers(List.of("Security lead"))
                        .kinds(List.of(TOY))
                        .build()
                        .decide(
                                List.of(),
                                List.of(RAN, NEVER),
                                evidence(List.of(), List.of(passed(RAN))),
                                AS_OF);

        RunPlan p = d.plan();
        assertThat(p.declared()).isTrue();
        assertThat(p.plannedScenarios()).containsExactly(RAN, NEVER);
        assertThat(p.approvers()).containsExactly("Security lead");
        assertThat(p.deliverable("src")).contains(new RunPlan.Deliverable("src", true, true, 2, 3));
        assertThat(p.deliverable("gone.txt"))
                .contains(new RunPlan.Deliverable("gone.txt", false, false, 0, 0));
        assertThat(p.kind("toy")).contains(TOY);

        Path file = dir.resolve("decision.json");
        Json.write(d, file);
        Decision read = Json.readDecision(file);
        assertThat(read).isEqualTo(d);
        assertThat(read.schemaVersion()).isEqualTo(3);
    }

    @Test
    void aDecisionFileWithoutAPlanReadsWithThePlanUnknown() throws Exception {
        Decision d =
                DecisionEngine.builder()
                        .build()
                        .decide(List.of(), List.of(), evidence(List.of(), List.of()), AS_OF);
        Path file = dir.resolve("decision.json");
        Json.write(d, file);
        String json = Files.readString(file);
        int at = json.indexOf("\"plan\"");
        assertThat(at).isPositive();
        // the same decision as a schema-2 file wrote it: no plan member
        String older = json.substring(0, json.lastIndexOf(',', at)) + "\n}\n";
        Files.writeString(file, older.replace("\"schemaVersion\" : 3", "\"schemaVersion\" : 2"));

        assertThat(Json.readDecision(file).plan()).isEqualTo(RunPlan.UNKNOWN);
    }

    @Test
    void theBaselineComparisonTakesAMetricsDirectionFromItsKindsDeclaration() {
        EvidenceSet before =
                evidence(List.of(scalar(RAN, "queue_depth", Unit.COUNT, 10)), List.of(passed(RAN)));
        EvidenceSet after =
                evidence(List.of(scalar(RAN, "queue_depth", Unit.COUNT, 40)), List.of(passed(RAN)));
        Baseline base =
                Baseline.of(dir.resolve("evidence.json"), Optional.empty(), Optional.of(before));

        Decision undeclared =
                DecisionEngine.builder()
                        .baseline(base)
                        .build()
                        .decide(List.of(), List.of(RAN), after, AS_OF);
        Decision declared =
                DecisionEngine.builder()
                        .baseline(base)
                        .kinds(List.of(TOY))
                        .build()
                        .decide(List.of(), List.of(RAN), after, AS_OF);

        assertThat(undeclared.regressions())
                .singleElement()
                .extracting(Regression::direction)
                .isEqualTo(Regression.CHANGED);
        assertThat(declared.regressions())
                .singleElement()
                .extracting(Regression::direction)
                .isEqualTo(Regression.WORSE);
    }
}
