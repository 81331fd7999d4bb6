package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Decision;
import io.gonogo.core.DecisionEngine;
import io.gonogo.core.Environment;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Profile;
import io.gonogo.core.Release;
import io.gonogo.render.Renderer;
import io.gonogo.server.GovernanceServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gonogo render --from: the same stored decision and evidence give byte-identical documents. */
class RenderCommandTest {
    @TempDir Path dir;

    @Test
    void reRendersByteIdenticalDocumentsWithoutReEvaluating() throws Exception {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        EvidenceSet e =
                new EvidenceSet(
                        EvidenceSet.SCHEMA_VERSION,
                        "run-1",
                        new Environment("0.1", "jvm", "os", 2, 1L << 30, "", t, t, Profile.QUICK),
                        List.of(),
                        List.of());
        Decision d =
                DecisionEngine.builder()
                        .release(new Release("r", "", "", "o"))
                        .build()
                        .decide(List.of(), List.of(), e, t);
        Path first = dir.resolve("first");
        Renderer.builder().environment(Map.of()).build().render(d, e, first);
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "render",
                        "--from",
                        first.toString(),
                        "--out",
                        dir.resolve("again").toString());
        assertThat(o.exitCode()).as(o.err()).isEqualTo(0);
        for (String name : Renderer.FILES) {
            assertThat(Files.readAllBytes(dir.resolve("again").resolve(name)))
                    .as(name)
                    .isEqualTo(Files.readAllBytes(first.resolve(name)));
        }
    }

    /**
     * A real run with a plan the documents show (planned scenarios, one of which cannot run, a
     * sprint with deliverables, approvers): re-rendering its folder elsewhere, after the targets
     * file and the deliverables are gone, writes every document byte for byte again, because the
     * decision stores the plan.
     */
    @Test
    void reRendersARunsDocumentsByteForByteFromItsDecisionAlone() throws Exception {
        GovernanceServer server = GovernanceServer.builder().httpPort(0).build();
        server.start();
        Path project = dir.resolve("project");
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("src/Main.java"), "class Main {\n\n  void a() {}\n}\n");
        Path targets = project.resolve("targets.yaml");
        Files.writeString(
                targets,
                """
                release: {name: re-render, owner: qa}
                reports: {approvers: [Release manager, Security lead]}
                sut: {url: "%s"}
                suites:
                  load:
                    scenarios:
                      - {id: health-small, requests: 200, concurrency: 2, warmup: 20, \
                generator-bounds: {gc-pause-share: 100%%, gc-pause: 1h}}
                results:
                  - {path: missing.xml, id: unit, optional: true}
                targets:
                  - {id: p50, metric: latency, where: {suite: load}, aggregate: p50, pass: "< 10s"}
                plan:
                  title: Sprint 1
                  tasks:
                    - {id: code, title: The code, status: done, deliverables: [src, README.md]}
                    - {id: green, title: Load passes, done-when: suite load passed}
                """
                        .formatted(server.httpBaseUri()));
        Path first = dir.resolve("first");
        try {
            CliTestSupport.Outcome run =
                    CliTestSupport.run(
                            "--targets", targets.toString(), "--out", first.toString(), "-q");
            assertThat(run.exitCode()).as(run.err()).isIn(0, 1, 3);
        } finally {
            server.stop();
        }
        String md = Files.readString(first.resolve(Renderer.GO_NO_GO_MD));
        assertThat(md).contains("Security lead");
        assertThat(Files.readString(first.resolve(Renderer.PROGRESS_REPORT_MD)))
                .contains("Sprint 1", "README.md (missing)", "src (3 lines in 1 file)");
        Files.delete(targets);
        Files.delete(project.resolve("src/Main.java"));

        Path again = dir.resolve("again");
        CliTestSupport.Outcome o =
                CliTestSupport.run("render", "--from", first.toString(), "--out", again.toString());

        assertThat(o.exitCode()).as(o.err()).isEqualTo(0);
        List<Path> written;
        try (var walk = Files.walk(again)) {
            written = walk.filter(Files::isRegularFile).map(again::relativize).sorted().toList();
        }
        assertThat(written)
                .as("every document of the run is written again")
                .contains(Path.of(Renderer.GO_NO_GO_MD), Path.of(Renderer.PROGRESS_REPORT_MD));
        for (Path name : written) {
            assertThat(Files.readString(again.resolve(name)))
                    .as(name.toString())
                    .isEqualTo(Files.readString(first.resolve(name)));
        }
    }

    @Test
    void aFolderWithoutADecisionExitsTwoNamingTheFile() {
        CliTestSupport.Outcome o = CliTestSupport.run("render", "--from", dir.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("decision.json", "not found");
    }
}
