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

/** The governance example, as the README tells a new user to run it: embedded server, quick profile. */
class GovernanceExampleTest {
    private static final Path EXAMPLE = Path.of("governance/targets.yaml");

    @TempDir
    Path dir;

    @Test
    void everyExampleTargetsFileIsValidInBothProfiles() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("."))) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.startsWith("./target")).toList();
        }
        assertThat(files).contains(Path.of("./governance/targets.yaml"));
        for (Path f : files) {
            for (Profile p : Profile.values()) {
                CheckReport report = Gonogo.check(f, Optional.of(p));
                assertThat(report.scenarios()).as(f.toString()).isNotEmpty();
                assertThat(report.targets()).as(f + ": every target has a producer in the plan")
                        .allSatisfy(t -> assertThat(t.producers()).isNotEmpty());
            }
        }
    }

    @Test
    void governanceExamplePlansTheSeedsLoadScenarios() {
        List<PlannedScenario> plan = Gonogo.check(EXAMPLE, Optional.of(Profile.QUICK)).scenarios().stream()
                .filter(s -> s.suite().equals("load")).toList();
        assertThat(plan).extracting(PlannedScenario::id).containsExactly("health-1k", "health-5k", "health-10k",
                "create-session-1k", "list-decisions-5k", "get-metrics-10k", "sustained-1000");
        assertThat(plan).filteredOn(s -> s.id().equals("sustained-1000"))
                .allMatch(s -> s.labels().get("model").equals("open"));
        assertThat(plan).filteredOn(s -> !s.id().equals("sustained-1000"))
                .allMatch(s -> s.labels().get("model").equals("closed"));
        assertThat(Gonogo.check(EXAMPLE, Optional.of(Profile.FULL)).scenarios())
                .filteredOn(s -> s.suite().equals("load")).hasSize(7);
    }

    @Test
    void governanceExamplePlansTheSeedsSixChaosScenariosWithTheirHypotheses() {
        var report = Gonogo.check(EXAMPLE, Optional.of(Profile.QUICK));
        assertThat(report.scenarios()).filteredOn(s -> s.suite().equals("chaos")).extracting(PlannedScenario::id)
                .containsExactly("network-latency", "server-failure", "connection-drop-recovery",
                        "partial-degradation", "timeouts", "high-error-rate");
        assertThat(report.targets()).extracting(t -> t.target().id()).contains("chaos.server-failure.recovery",
                "chaos.server-failure.writes-missing", "chaos.partial-degradation.during-error-rate",
                "chaos.network-latency.after-p99");
    }

    @Test
    void twoRunsOfTheGovernanceExampleMeasureAfreshAndKeepTheirStructure() throws IOException {
        RunResult first = Gonogo.run(RunOptions.builder(EXAMPLE).out(dir.resolve("first")).quiet().build());
        RunResult second = Gonogo.run(RunOptions.builder(EXAMPLE).out(dir.resolve("second")).quiet().build());

        for (RunResult r : List.of(first, second)) {
            assertThat(r.exitCode()).isEqualTo(ExitCode.of(r.decision().outcome(), false));
            assertThat(r.evidence().outcomes()).filteredOn(o -> !o.container() && o.suite().equals("load"))
                    .extracting(o -> o.status()).containsOnly(TestStatus.SUCCESSFUL).hasSize(7);
            Map<String, Long> configured = Map.of("health-1k", 1000L, "health-5k", 5000L, "health-10k", 10000L,
                    "create-session-1k", 1000L, "list-decisions-5k", 5000L, "get-metrics-10k", 10000L,
                    "sustained-1000", 10000L);
            for (Measurement m : r.evidence().measurements()) {
                if (m.metric().equals("latency") && "load".equals(m.labels().get("suite"))) {
                    assertThat(((Distribution) m.value()).count()).isEqualTo(configured.get(m.labels().get("scenario")));
                }
            }
            assertThat(r.decision().verdicts()).filteredOn(v -> !v.target().startsWith("chaos.")).hasSize(8);
        }
        Path a = dir.resolve("first/go-no-go.md");
        Path b = dir.resolve("second/go-no-go.md");
        assertThat(headings(a)).isEqualTo(headings(b)).contains("## Performance vs targets");
        assertThat(firstColumns(a)).isEqualTo(firstColumns(b));
        assertThat(throughputs(first)).isNotEqualTo(throughputs(second));
        assertThat(Files.readString(a)).isNotEqualTo(Files.readString(b));
        assertThat(Json.readDecision(dir.resolve("first/decision.json")).outcome()).isEqualTo(first.decision().outcome());
    }

    private static List<String> headings(Path md) throws IOException {
        return Files.readAllLines(md).stream().filter(l -> l.startsWith("#")).toList();
    }

    /** First cells of every table but the conditions, whose rows depend on the figures measured. */
    private static List<String> firstColumns(Path md) throws IOException {
        List<String> cells = new java.util.ArrayList<>();
        boolean inConditions = false;
        for (String l : Files.readAllLines(md)) {
            if (l.startsWith("## ")) {
                inConditions = l.equals("## Conditions");
            } else if (!inConditions && l.startsWith("| ")) {
                cells.add(l.substring(0, l.indexOf('|', 2)));
            }
        }
        return cells;
    }

    private static List<Double> throughputs(RunResult r) {
        return r.evidence().measurements().stream().filter(m -> m.metric().equals("throughput"))
                .map(m -> ((Scalar) m.value()).value()).toList();
    }
}
