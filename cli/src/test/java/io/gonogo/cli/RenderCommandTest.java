package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Decision;
import io.gonogo.core.DecisionEngine;
import io.gonogo.core.Environment;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Profile;
import io.gonogo.core.Release;
import io.gonogo.render.Renderer;
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

    @Test
    void aFolderWithoutADecisionExitsTwoNamingTheFile() {
        CliTestSupport.Outcome o = CliTestSupport.run("render", "--from", dir.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("decision.json", "not found");
    }
}
