package io.gonogo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.CheckReport;
import io.gonogo.Gonogo;
import io.gonogo.RunOptions;
import io.gonogo.RunResult;
import io.gonogo.core.Distribution;
import io.gonogo.core.ExitCode;
import io.gonogo.core.Measurement;
import io.gonogo.core.Profile;
import io.gonogo.core.Scalar;
import io.gonogo.core.TestStatus;
import io.gonogo.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Two runs of one plan, one after the other in one JVM: each measures afresh (its figures differ
 * from the other's) and both documents keep the same structure. The plan is the governance
 * example's load suite with its targets, at a tenth of its requests, 2 s of sustained load and
 * short warm-ups: what is compared here (headings, table rows, whether figures differ, the request
 * counts against the plan's) does not depend on how long each scenario runs, and the example as it
 * stands is run once per build, by {@link GovernanceRun}.
 */
@GovernanceRun.During(GovernanceRun.Window.AFTER_THE_RUN)
class RepeatedRunsIT {

    @TempDir Path dir;

    @Test
    void twoRunsOfTheExamplesLoadSuiteMeasureAfreshAndKeepTheirStructure() throws IOException {
        Map<String, Long> configured = new HashMap<>();
        Path loadOnly = shortLoadSuiteOnly(GovernanceRun.EXAMPLE, configured);
        CheckReport check = Gonogo.check(loadOnly, Optional.of(Profile.QUICK));
        RunResult first =
                Gonogo.run(RunOptions.builder(loadOnly).out(dir.resolve("first")).quiet().build());
        RunResult second =
                Gonogo.run(RunOptions.builder(loadOnly).out(dir.resolve("second")).quiet().build());

        assertThat(configured).hasSize(15);
        for (RunResult r : List.of(first, second)) {
            assertThat(r.exitCode()).isEqualTo(ExitCode.of(r.decision().outcome(), false));
            assertThat(r.evidence().outcomes())
                    .filteredOn(o -> !o.container())
                    .extracting(o -> o.status())
                    .containsOnly(TestStatus.SUCCESSFUL)
                    .hasSize(check.scenarios().size());
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
                            .as(m.labels().get("scenario"))
                            .isEqualTo(configured.get(m.labels().get("scenario")));
                }
            }
            assertThat(mixedOperations)
                    .as("the mix's operations add up to its requests")
                    .isEqualTo(configured.get("mixed-5k"));
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
     * The example with only its load suite, the targets on it and a plan that names no other suite;
     * each scenario at a tenth of its requests (its mix too), 2 s for the sustained ones, 100
     * warm-up requests. Written beside the example, so the plan's deliverables keep their relative
     * paths, and removed when the JVM exits; {@code configured} receives each scenario's measured
     * request count.
     */
    @SuppressWarnings("unchecked")
    private static Path shortLoadSuiteOnly(Path example, Map<String, Long> configured)
            throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(example));
        Map<String, Object> suites = (Map<String, Object>) doc.get("suites");
        suites.keySet().retainAll(List.of("load"));
        for (Map<String, Object> s :
                (List<Map<String, Object>>)
                        ((Map<String, Object>) suites.get("load")).get("scenarios")) {
            String id = (String) s.get("id");
            s.put("warmup", 100);
            if (s.get("requests") instanceof Integer n) {
                s.put("requests", n / 10);
                configured.put(id, (long) n / 10);
            } else {
                assertThat(s).as(id).containsEntry("rate", "1000/s");
                s.put("duration", "2s");
                configured.put(id, 2000L);
            }
        }
        ((List<Map<String, Object>>) doc.get("targets"))
                .removeIf(
                        t -> {
                            Object where = t.get("where");
                            return where instanceof Map<?, ?> w
                                    && w.get("suite") != null
                                    && !"load".equals(w.get("suite"));
                        });
        // the risks, checklist items and plan tasks bound to the other suites go with them
        Predicate<Object> otherSuite =
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
                            Object taskSuites = t.get("suites");
                            Object doneWhen = t.get("done-when");
                            boolean other =
                                    taskSuites instanceof List<?> l
                                            && l.stream().anyMatch(x -> !"load".equals(x));
                            return other || otherSuite.test(doneWhen);
                        });
        Path out = example.resolveSibling(".load-only-" + ProcessHandle.current().pid() + ".yaml");
        Files.writeString(out, new Yaml().dump(doc));
        out.toFile().deleteOnExit();
        return out;
    }

    /**
     * Headings whose presence and rows follow the verdicts, so the figures of a run: risks are
     * derived from INCONCLUSIVE targets (one busy second can flag a run GENERATOR_BOUND), and each
     * condition comes from a verdict.
     */
    private static final Set<String> FIGURE_DEPENDENT =
            Set.of("### High", "### Medium", "### Low", "### Conditions for proceeding");

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
        List<String> cells = new ArrayList<>();
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
