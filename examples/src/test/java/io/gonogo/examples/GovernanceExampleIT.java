package io.gonogo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.CheckReport;
import io.gonogo.Gonogo;
import io.gonogo.core.Decision;
import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.ExitCode;
import io.gonogo.core.Measurement;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The governance example as the README tells a new user to run it (the runnable jar, embedded
 * server, quick profile), asserted on the build's one run of it, {@link GovernanceRun#output()}.
 */
@GovernanceRun.UsesGovernanceRun
class GovernanceExampleIT {

    private static final CheckReport PLAN =
            Gonogo.check(GovernanceRun.EXAMPLE, Optional.of(Profile.QUICK));

    private static EvidenceSet evidence() {
        return Json.readEvidence(GovernanceRun.output().resolve("evidence.json"));
    }

    private static Decision decision() {
        return Json.readDecision(GovernanceRun.output().resolve("decision.json"));
    }

    @Test
    void theJarRunsTheExampleAndExitsWithTheDecisionsCode() {
        ExampleRun.Result r = GovernanceRun.result();
        Path reports = GovernanceRun.output();
        assertThat(r.exitCode()).as(r.err()).isIn(0, 1);
        assertThat(r.out()).contains("DECISION: " + (r.exitCode() == 0 ? "GO" : "NO-GO"));
        assertThat(r.err())
                .contains("gonogo: load/health-10k passed")
                .contains("gonogo: load/create-session-1k passed")
                .contains("gonogo: load/sustained-1000 passed")
                .doesNotContain("Exception");
        assertThat(reports.resolve("go-no-go.md")).exists();
        assertThat(reports.resolve("decision.json")).exists();
        assertThat(reports.resolve("evidence/health-1k/latency.hlog")).exists();
        assertThat(r.exitCode()).isEqualTo(ExitCode.of(decision().outcome(), false));
    }

    /**
     * Each scenario of the plan ran as a test of the JUnit Platform run and passed: a scenario that
     * fails fails the build.
     */
    @Test
    void everyPlannedScenarioRanOnceAndPassed() {
        List<TestOutcome> scenarios =
                evidence().outcomes().stream().filter(o -> !o.container()).toList();
        assertThat(scenarios)
                .as("the scenarios' outcomes: %s", scenarios)
                .extracting(TestOutcome::status)
                .containsOnly(TestStatus.SUCCESSFUL)
                .hasSize(PLAN.scenarios().size());
        assertThat(scenarios)
                .extracting(o -> o.suite() + "/" + o.scenario())
                .containsExactlyInAnyOrderElementsOf(
                        PLAN.scenarios().stream().map(PlannedScenario::qualifiedId).toList());
    }

    @Test
    void eachLoadScenarioMeasuredExactlyItsConfiguredRequests() {
        Map<String, Long> configured =
                new HashMap<>(
                        Map.of(
                                "health-1k",
                                1000L,
                                "health-5k",
                                5000L,
                                "health-10k",
                                10000L,
                                "create-session-1k",
                                1000L,
                                "list-decisions-5k",
                                5000L,
                                "get-metrics-10k",
                                10000L,
                                "sustained-1000",
                                10000L));
        new HashMap<>(configured).forEach((id, n) -> configured.put("grpc-" + id, n));
        configured.put("mixed-5k", 5000L);
        long mixedOperations = 0;
        int latencies = 0;
        for (Measurement m : evidence().measurements()) {
            if (!"load".equals(m.labels().get("suite"))) {
                continue;
            }
            boolean perOperation =
                    m.labels().get("scenario").equals("mixed-5k")
                            && !m.labels().get("operation").equals("mixed");
            if (m.metric().equals("latency") && perOperation) {
                mixedOperations += ((Distribution) m.value()).count();
            } else if (m.metric().equals("latency")) {
                assertThat(((Distribution) m.value()).count())
                        .as(m.labels().get("scenario"))
                        .isEqualTo(configured.get(m.labels().get("scenario")));
                latencies++;
            }
        }
        assertThat(mixedOperations)
                .as("the mix's operations add up to its 5K requests")
                .isEqualTo(5000L);
        assertThat(latencies).as("one latency per load scenario").isEqualTo(configured.size());
    }

    @Test
    void everyTargetOfThePlanHasAVerdict() {
        assertThat(decision().verdicts()).hasSize(PLAN.targets().size());
    }

    @Test
    void theGoNoGoDocumentHoldsEverySectionAndTheLoadFigures() throws IOException {
        Path md = GovernanceRun.output().resolve("go-no-go.md");
        assertThat(Files.readAllLines(md))
                .contains(
                        "## Performance vs targets",
                        "## Dashboard",
                        "## Memory and resource findings",
                        "## Chaos findings",
                        "## Recommendations",
                        "## Formal decision",
                        "### Approval",
                        "## Appendix: evidence files");
        assertThat(Files.readString(md))
                .contains(
                        "| load | 15 | 15 | 15 | 0 | 0 |",
                        "![Latency by percentile: health-1k](charts/latency-health-1k.svg)")
                .doesNotContain("TBD");
        assertThat(GovernanceRun.output().resolve("charts/latency-health-1k.svg")).exists();
        assertThat(GovernanceRun.output().resolve("charts/throughput.svg")).exists();
    }

    @Test
    void theProgressReportCountsTheLoadTasksDoneFromThisRunsEvidence() throws IOException {
        String progress = Files.readString(GovernanceRun.output().resolve("progress-report.md"));
        assertThat(progress)
                .contains(
                        "## Tasks done",
                        "| load-engine | Load engine for closed and open workloads | done |",
                        "| load-suite-green | Every load scenario of the release gate runs and"
                                + " passes | done |",
                        "| load | 15 | 15 | 15 | 0 | 0 |",
                        "| Peak throughput (peak-throughput) | >= 5000/s |")
                .doesNotContain("(missing)");
        assertThat(Files.readString(GovernanceRun.output().resolve("progress-report.html")))
                .doesNotContainIgnoringCase("<script");
    }
}
