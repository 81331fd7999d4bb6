package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepSummaryTest {
    @TempDir Path tmp;

    private String summary() {
        return Renderer.builder()
                .environment(Map.of())
                .build()
                .summaryMarkdown(Fixtures.decision(), Fixtures.evidence());
    }

    @Test
    void appendsSummaryMdToTheFileTheEnvironmentNames() throws IOException {
        Path file = Files.writeString(tmp.resolve("summary.md"), "# Build\n\nall green\n");
        Path out = tmp.resolve("reports");
        Renderer renderer =
                Renderer.builder()
                        .environment(Map.of(Renderer.GITHUB_STEP_SUMMARY, file.toString()))
                        .build();

        List<Path> written = renderer.render(Fixtures.decision(), Fixtures.evidence(), out);

        assertThat(written.subList(0, Renderer.FILES.size()))
                .containsExactlyElementsOf(Renderer.FILES.stream().map(out::resolve).toList());
        assertThat(written.subList(Renderer.FILES.size(), written.size() - 1))
                .allMatch(
                        p ->
                                p.getParent().equals(out.resolve(Renderer.CHARTS_DIR))
                                        && p.toString().endsWith(".svg"));
        assertThat(written.get(written.size() - 1)).isEqualTo(file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo("# Build\n\nall green\n\n" + summary());
        assertThat(Files.readString(out.resolve(Renderer.SUMMARY_MD), StandardCharsets.UTF_8))
                .isEqualTo(summary());
        assertThat(summary())
                .startsWith("## Go/No-Go: Governance API 1.4\n\n**Decision: NO-GO**\n")
                .contains("\nBlockers:\n\n- required scenario load/decisions-10k was not executed")
                .contains("\nTargets: 5 declared;")
                .contains("\n- **memory**: 1 planned, 1 passed, 0 failed, 0 not executed;")
                .contains("\n- **chaos**: 1 planned, 1 passed, 0 failed, 0 not executed;")
                .endsWith(
                        "Run run-20260319-174205, profile quick. Full documents in the reports"
                                + " folder: [go-no-go.md](go-no-go.md) ([HTML](go-no-go.html)),"
                                + " [comparison-matrix.md](comparison-matrix.md),"
                                + " [progress-report.md](progress-report.md),"
                                + " [decision.json](decision.json), [junit.xml](junit.xml).\n");
    }

    @Test
    void appendsAgainOnASecondRenderInsteadOfOverwriting() throws IOException {
        Path file = Files.writeString(tmp.resolve("summary.md"), "no newline at the end");
        Renderer renderer = Renderer.builder().stepSummary(file).environment(Map.of()).build();

        renderer.render(Fixtures.decision(), Fixtures.evidence(), tmp.resolve("a"));
        renderer.render(Fixtures.decision(), Fixtures.evidence(), tmp.resolve("b"));

        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo("no newline at the end\n\n" + summary() + "\n" + summary());
    }

    @Test
    void createsTheFileWhenItDoesNotExistYet() throws IOException {
        Path file = tmp.resolve("new-summary.md");
        Renderer.builder()
                .stepSummary(file)
                .build()
                .render(Fixtures.decision(), Fixtures.evidence(), tmp.resolve("reports"));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(summary());
    }

    @Test
    void anExplicitFileWinsOverTheEnvironment() throws IOException {
        Path explicit = tmp.resolve("explicit.md");
        Path fromEnv = tmp.resolve("env.md");
        Renderer renderer =
                Renderer.builder()
                        .stepSummary(explicit)
                        .environment(Map.of(Renderer.GITHUB_STEP_SUMMARY, fromEnv.toString()))
                        .build();
        renderer.render(Fixtures.decision(), Fixtures.evidence(), tmp.resolve("reports"));
        assertThat(explicit).exists();
        assertThat(fromEnv).doesNotExist();
    }

    @Test
    void writesNoSummaryWithoutTheVariableOrWhenItIsBlank() throws IOException {
        for (Map<String, String> env :
                List.of(Map.<String, String>of(), Map.of(Renderer.GITHUB_STEP_SUMMARY, " "))) {
            Renderer renderer = Renderer.builder().environment(env).build();
            assertThat(renderer.stepSummary()).isEmpty();
            Path out = Files.createTempDirectory(tmp, "reports");
            assertThat(renderer.render(Fixtures.decision(), Fixtures.evidence(), out))
                    .hasSize(
                            Renderer.FILES.size()
                                    + renderer.charts(Fixtures.decision(), Fixtures.evidence())
                                            .size());
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).allMatch(Files::isDirectory);
        }
    }

    @Test
    void aStepSummaryThatIsAFolderIsRejectedWhenBuilding() {
        assertThatThrownBy(
                        () ->
                                Renderer.builder()
                                        .environment(
                                                Map.of(
                                                        Renderer.GITHUB_STEP_SUMMARY,
                                                        tmp.toString()))
                                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(tmp + ": the step summary file is a folder");
    }
}
