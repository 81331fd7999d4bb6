package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.cli.CliRunner;
import io.gonogo.core.Change;
import io.gonogo.core.Decision;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.Verdict;
import io.gonogo.core.json.Json;
import io.gonogo.server.GovernanceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real runs, the second compared with the first through --baseline and through baseline: in the
 * file.
 */
class BaselineRunIT {

    @TempDir Path dir;

    private GovernanceServer server;

    @BeforeEach
    void startServer() {
        server = GovernanceServer.builder().httpPort(0).build();
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private Path targets(String name, String extra) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(
                f,
                """
                release: {name: baseline test, owner: qa}
                sut: {url: "%s"}
                suites:
                  load:
                    scenarios:
                      # GC bounds lifted: the server shares this JVM, and a GENERATOR_BOUND run would
                      # not be GO, so the history would hold no baseline (GeneratorWatchTest judges GC)
                      - {id: health-small, requests: 1500, concurrency: 4, warmup: 150,
                         generator-bounds: {gc-pause-share: 100%%, gc-pause: 1h}}
                targets:
                  - {id: p99-abs, metric: latency, where: {scenario: health-small}, aggregate: p99, pass: "< 5s"}
                  - {id: p99-rel, metric: latency, where: {scenario: health-small}, aggregate: p99,
                     pass: "<= +10000%% vs baseline and < 5s"}
                %s
                """
                        .formatted(server.httpBaseUri(), extra));
        return f;
    }

    private static TargetVerdict verdict(Decision d, String id) {
        return d.verdicts().stream().filter(v -> v.target().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aSecondRunIsJudgedAgainstTheFirstThroughTheOptionAndTheFile() throws IOException {
        Path f = targets("targets.yaml", "");
        RunResult first =
                Gonogo.run(RunOptions.builder(f).out(dir.resolve("first")).quiet().build());
        assertThat(verdict(first.decision(), "p99-rel").verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(verdict(first.decision(), "p99-rel").reason())
                .startsWith("no baseline: no baseline given");

        Path baselineFile = dir.resolve("first").resolve("decision.json");
        RunResult second =
                Gonogo.run(
                        RunOptions.builder(f)
                                .out(dir.resolve("second"))
                                .baseline(baselineFile)
                                .quiet()
                                .build());
        TargetVerdict rel = verdict(second.decision(), "p99-rel");
        assertThat(rel.verdict()).isEqualTo(Verdict.MET);
        assertThat(rel.baseline()).contains(first.decision().runId());
        assertThat(second.decision().baseline().evidence()).isTrue();
        assertThat(second.decision().changes())
                .extracting(Change::subject)
                .contains("target.p99-rel");
        String md = Files.readString(dir.resolve("second").resolve("go-no-go.md"));
        assertThat(md)
                .contains("## Since the baseline", "target p99-rel moved from NOT MEASURED to MET");
        assertThat(
                        Json.readDecision(dir.resolve("second").resolve("decision.json"))
                                .baseline()
                                .id())
                .isEqualTo(first.decision().runId());

        // the same through the targets file: the last GO decision of a history folder
        Path history = targets("history.yaml", "baseline: {history: first-reports}");
        Files.createDirectories(dir.resolve("first-reports"));
        Files.copy(
                dir.resolve("second").resolve("decision.json"),
                dir.resolve("first-reports").resolve("decision.json"));
        Files.copy(
                dir.resolve("second").resolve("evidence.json"),
                dir.resolve("first-reports").resolve("evidence.json"));
        RunResult third =
                Gonogo.run(RunOptions.builder(history).out(dir.resolve("third")).quiet().build());
        assertThat(third.decision().baseline().id()).isEqualTo(second.decision().runId());
        assertThat(verdict(third.decision(), "p99-rel").verdict()).isEqualTo(Verdict.MET);
    }

    @Test
    void aMissingBaselineFileExitsTwoBeforeAnythingRuns() throws IOException {
        Path f = targets("targets.yaml", "");
        CliRunner.Outcome o =
                CliRunner.run(
                        "run",
                        "--targets",
                        f.toString(),
                        "--out",
                        dir.resolve("r").toString(),
                        "--baseline",
                        dir.resolve("nope.json").toString(),
                        "--quiet");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("--baseline", "nope.json", "the file does not exist");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void aHistoryFolderWithoutAGoDecisionLeavesRelativeTargetsNotMeasuredSayingSo()
            throws IOException {
        Files.createDirectories(dir.resolve("empty-history"));
        Path f = targets("targets.yaml", "baseline: {history: empty-history}");
        RunResult r = Gonogo.run(RunOptions.builder(f).out(dir.resolve("r")).quiet().build());
        assertThat(verdict(r.decision(), "p99-rel").reason()).contains("holds no GO decision");
    }
}
