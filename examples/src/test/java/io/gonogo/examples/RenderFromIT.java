package io.gonogo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every document of the governance example is a function of its decision.json and evidence.json:
 * {@code gonogo render --from} writes each file the run wrote (documents, charts, decision.json,
 * evidence.json, the JUnit XML) byte for byte again, the plan, the sprint, the approvers and the
 * links to the run's attachments included; the attachments themselves are copied.
 */
@GovernanceRun.UsesGovernanceRun
class RenderFromIT {

    @Test
    void renderFromTheExamplesDecisionWritesEveryDocumentOfTheRunByteForByte() throws Exception {
        Path run = GovernanceRun.output();
        assertThat(run.resolve("decision.json")).exists();
        Path again = Path.of("target", "governance-rerendered");
        deleteRecursively(again);

        Process p =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                GovernanceRun.JAR.toString(),
                                "render",
                                "--from",
                                run.toString(),
                                "-o",
                                again.toString())
                        .redirectErrorStream(true)
                        .start();
        p.getOutputStream().close();
        String console = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(console).isTrue();
        assertThat(p.exitValue()).as(console).isZero();

        List<Path> rendered = files(again);
        assertThat(rendered)
                .as("render --from writes every file of the run, its attachments copied")
                .containsExactlyElementsOf(files(run));
        assertThat(rendered)
                .contains(
                        Path.of("go-no-go.md"),
                        Path.of("go-no-go.html"),
                        Path.of("progress-report.md"),
                        Path.of("progress-report.html"),
                        Path.of("comparison-matrix.md"),
                        Path.of("decision.json"),
                        Path.of("evidence.json"));
        List<Path> differing = new ArrayList<>();
        for (Path f : rendered) {
            if (!java.util.Arrays.equals(
                    Files.readAllBytes(again.resolve(f)), Files.readAllBytes(run.resolve(f)))) {
                differing.add(f);
            }
        }
        assertThat(differing).as("files whose bytes differ from the run's").isEmpty();
    }

    /** Regular files under {@code dir}, relative to it, sorted. */
    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
