package io.gonogo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.CheckReport;
import io.gonogo.Gonogo;
import io.gonogo.RunOptions;
import io.gonogo.RunResult;
import io.gonogo.core.Distribution;
import io.gonogo.core.ExitCode;
import io.gonogo.core.Measurement;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.Scalar;
import io.gonogo.core.TestStatus;
import io.gonogo.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The governance example, as the README tells a new user to run it: embedded server, quick profile.
 */
class GovernanceExampleTest {
    private static final Path EXAMPLE = Path.of("governance/targets.yaml");

    @TempDir Path dir;

    @Test
    void everyExampleTargetsFileIsValidInBothProfiles() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("."))) {
            files =
                    walk.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                            .filter(p -> !p.startsWith("./target"))
                            .toList();
        }
        assertThat(files).contains(Path.of("./governance/targets.yaml"));
        for (Path f : files) {
            for (Profile p : Profile.values()) {
                CheckReport report = Gonogo.check(f, Optional.of(p));
                assertThat(report.scenarios()).as(f.toString()).isNotEmpty();
                assertThat(report.targets())
                        .as(f + ": every target has a producer in the plan")
                        .allSatisfy(t -> assertThat(t.producers()).isNotEmpty());
            }
        }
    }

    @Test
    void governanceExamplePlansTheSeedsLoadScenarios() {
        List<PlannedScenario> plan =
                Gonogo.check(EXAMPLE, Optional.of(Profile.QUICK)).scenarios().stream()
                        .filter(s -> s.suite().equals("load"))
                        .toList();
        assertThat(plan)
                .extracting(PlannedScenario::id)
                .containsExactly(
                        "health-1k",
                        "health-5k",
                        "health-10k",
                        "create-session-1k",
                        "list-decisions-5k",
                        "get-metrics-10k",
                        "sustained-1000",
                        "mixed-5k",
                        "grpc-health-1k",
                        "grpc-health-5k",
                        "grpc-health-10k",
                        "grpc-create-session-1k",
                        "grpc-list-decisions-5k",
                        "grpc-get-metrics-10k",
                        "grpc-sustained-1000");
        assertThat(plan)
                .filteredOn(s -> s.id().endsWith("sustained-1000"))
                .allMatch(s -> s.labels().get("model").equals("open"));
        assertThat(plan)
                .filteredOn(s -> !s.id().endsWith("sustained-1000"))
                .allMatch(s -> s.labels().get("model").equals("closed"));
        assertThat(plan)
                .filteredOn(s -> s.id().equals("mixed-5k"))
                .allMatch(s -> s.labels().get("operation").equals("mixed"));
        assertThat(plan)
                .filteredOn(s -> s.id().startsWith("grpc-"))
                .allMatch(s -> s.labels().get("transport").equals("grpc"))
                .hasSize(7);
        assertThat(Gonogo.check(EXAMPLE, Optional.of(Profile.FULL)).scenarios())
                .hasSameSizeAs(Gonogo.check(EXAMPLE, Optional.of(Profile.QUICK)).scenarios());
    }

    @Test
    void governanceExamplePlansTheSeedsSixChaosScenariosAndThreeOverGrpcWithTheirHypotheses() {
        var report = Gonogo.check(EXAMPLE, Optional.of(Profile.QUICK));
        assertThat(report.scenarios())
                .filteredOn(s -> s.suite().equals("chaos"))
                .extracting(PlannedScenario::id)
                .containsExactly(
                        "network-latency",
                        "server-failure",
                        "connection-drop-recovery",
                        "partial-degradation",
                        "timeouts",
                        "high-error-rate",
                        "grpc-network-latency",
                        "grpc-connection-drop-recovery",
                        "grpc-partial-degradation");
        assertThat(report.scenarios())
                .filteredOn(s -> s.suite().equals("chaos") && s.id().startsWith("grpc-"))
                .allMatch(s -> s.labels().get("transport").equals("grpc"));
        assertThat(report.targets())
                .extracting(t -> t.target().id())
                .contains(
                        "chaos.server-failure.recovery",
                        "chaos.server-failure.writes-missing",
                        "chaos.partial-degradation.during-error-rate",
                        "chaos.network-latency.after-p99",
                        "chaos.grpc-partial-degradation.during-error-rate");
    }

    @Test
    void twoRunsOfTheGovernanceExampleMeasureAfreshAndKeepTheirStructure() throws IOException {
        // the example's load suite and its targets, twice: the memory, chaos and benchmark suites
        // have tests of their own, and running all four twice would take most of CI's time budget
        // beside the example, so the plan's deliverables keep their relative paths; removed
        // afterwards
        Path loadOnly =
                loadSuiteOnly(
                        EXAMPLE,
                        EXAMPLE.resolveSibling(
                                ".load-only-" + ProcessHandle.current().pid() + ".yaml"));
        loadOnly.toFile().deleteOnExit();
        CheckReport check = Gonogo.check(loadOnly, Optional.of(Profile.QUICK));
        RunResult first =
                Gonogo.run(RunOptions.builder(loadOnly).out(dir.resolve("first")).quiet().build());
        RunResult second =
                Gonogo.run(RunOptions.builder(loadOnly).out(dir.resolve("second")).quiet().build());

        for (RunResult r : List.of(first, second)) {
            assertThat(r.exitCode()).isEqualTo(ExitCode.of(r.decision().outcome(), false));
            assertThat(r.evidence().outcomes())
                    .filteredOn(o -> !o.container())
                    .extracting(o -> o.status())
                    .containsOnly(TestStatus.SUCCESSFUL)
                    .hasSize(check.scenarios().size());
            Map<String, Long> configured =
                    new java.util.HashMap<>(
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
            new java.util.HashMap<>(configured).forEach((id, n) -> configured.put("grpc-" + id, n));
            configured.put("mixed-5k", 5000L);
            long mixedOperations = 0;
            for (Measurement m : r.evidence().measurements()) {
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
                            .isEqualTo(configured.get(m.labels().get("scenario")));
                }
            }
            assertThat(mixedOperations)
                    .as("the mix's operations add up to its 5K requests")
                    .isEqualTo(5000L);
            assertThat(r.decision().verdicts()).hasSize(check.targets().size());
        }
        Path a = dir.resolve("first/go-no-go.md");
        Path b = dir.resolve("second/go-no-go.md");
        assertThat(headings(a)).isEqualTo(headings(b)).contains("## Performance vs targets");
        assertThat(firstColumns(a)).isEqualTo(firstColumns(b));
        assertThat(throughputs(first)).isNotEqualTo(throughputs(second));
        assertThat(Files.readString(a)).isNotEqualTo(Files.readString(b));
        assertThat(Json.readDecision(dir.resolve("first/decision.json")).outcome())
                .isEqualTo(first.decision().outcome());
        assertThat(headings(a))
                .contains(
                        "## Dashboard",
                        "## Memory and resource findings",
                        "## Chaos findings",
                        "## Recommendations",
                        "## Formal decision",
                        "### Approval",
                        "## Appendix: evidence files");
        assertThat(Files.readString(a))
                .contains(
                        "No memory suite in this plan",
                        "No chaos suite in this plan",
                        "| load | 15 | 15 | 15 | 0 | 0 |",
                        "![Latency by percentile: health-1k](charts/latency-health-1k.svg)")
                .doesNotContain("TBD");
        assertThat(dir.resolve("first/charts/latency-health-1k.svg")).exists();
        assertThat(dir.resolve("first/charts/throughput.svg")).exists();
        String progress = Files.readString(dir.resolve("first/progress-report.md"));
        assertThat(progress)
                .contains(
                        "## Tasks done",
                        "| load-engine | Load engine for closed and open workloads | done |",
                        "| load-suite-green | Every load scenario of the release gate runs and"
                                + " passes | done |",
                        "| load | 15 | 15 | 15 | 0 | 0 |",
                        "| Peak throughput (peak-throughput) | >= 5000/s |")
                .doesNotContain("(missing)");
        assertThat(Files.readString(dir.resolve("first/progress-report.html")))
                .doesNotContainIgnoringCase("<script");
    }

    /**
     * The example with only its load suite, the targets on it and a plan that names no other suite.
     */
    @SuppressWarnings("unchecked")
    private static Path loadSuiteOnly(Path example, Path out) throws IOException {
        Map<String, Object> doc = new org.yaml.snakeyaml.Yaml().load(Files.readString(example));
        ((Map<String, Object>) doc.get("suites")).keySet().retainAll(List.of("load"));
        ((List<Map<String, Object>>) doc.get("targets"))
                .removeIf(
                        t -> {
                            Object where = t.get("where");
                            return where instanceof Map<?, ?> w
                                    && w.get("suite") != null
                                    && !"load".equals(w.get("suite"));
                        });
        // the risks, checklist items and plan tasks bound to the other suites go with them
        java.util.function.Predicate<Object> otherSuite =
                v ->
                        v instanceof String w
                                && w.startsWith("suite ")
                                && !w.startsWith("suite load ");
        ((List<Map<String, Object>>) doc.get("risks"))
                .removeIf(r -> otherSuite.test(r.get("when")));
        ((List<Map<String, Object>>) doc.get("checklist"))
                .removeIf(c -> otherSuite.test(c.get("evidence")));
        Map<String, Object> plan = (Map<String, Object>) doc.get("plan");
        ((List<Map<String, Object>>) plan.get("tasks"))
                .removeIf(
                        t -> {
                            Object suites = t.get("suites");
                            Object doneWhen = t.get("done-when");
                            boolean other =
                                    suites instanceof List<?> l
                                            && l.stream().anyMatch(x -> !"load".equals(x));
                            return other || otherSuite.test(doneWhen);
                        });
        Files.writeString(out, new org.yaml.snakeyaml.Yaml().dump(doc));
        return out;
    }

    /**
     * Headings whose presence and rows follow the verdicts, so the figures of a run: risks are
     * derived from INCONCLUSIVE targets (one busy second can flag a run GENERATOR_BOUND), and each
     * condition comes from a verdict.
     */
    private static final java.util.Set<String> FIGURE_DEPENDENT =
            java.util.Set.of("### High", "### Medium", "### Low", "### Conditions for proceeding");

    private static List<String> headings(Path md) throws IOException {
        return Files.readAllLines(md).stream()
                .filter(l -> l.startsWith("#") && !FIGURE_DEPENDENT.contains(l))
                .toList();
    }

    /**
     * First cells of every table but the risks and conditions, whose rows depend on the figures
     * measured.
     */
    private static List<String> firstColumns(Path md) throws IOException {
        List<String> cells = new java.util.ArrayList<>();
        boolean inConditions = false;
        for (String l : Files.readAllLines(md)) {
            if (l.startsWith("## ") || l.startsWith("### ")) {
                inConditions = FIGURE_DEPENDENT.contains(l);
            } else if (!inConditions && l.startsWith("| ")) {
                cells.add(l.substring(0, l.indexOf('|', 2)));
            }
        }
        return cells;
    }

    private static List<Double> throughputs(RunResult r) {
        return r.evidence().measurements().stream()
                .filter(m -> m.metric().equals("throughput"))
                .map(m -> ((Scalar) m.value()).value())
                .toList();
    }
}
