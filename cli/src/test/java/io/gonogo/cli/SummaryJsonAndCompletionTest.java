package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gonogo.core.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --summary json} for scripts, {@code --version} and {@code gonogo completion bash}, run
 * in-process on the imports example (a JMH result and a Surefire report, no service).
 */
class SummaryJsonAndCompletionTest {
    private static final Path IMPORTS = Path.of("../examples/imports/targets.yaml");

    @TempDir Path dir;

    @Test
    void summaryJsonPrintsOnlyOneJsonObjectWithTheDecisionExitCodeCountsAndTargetsNotMet()
            throws Exception {
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "evaluate",
                        "--targets",
                        IMPORTS.toString(),
                        "--out",
                        dir.resolve("reports").toString(),
                        "--summary",
                        "json",
                        "--strict");

        JsonNode json = new ObjectMapper().readTree(o.out());
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("decision").asText()).isEqualTo("GO WITH CONDITIONS");
        assertThat(json.get("outcome").asText()).isEqualTo("GO_WITH_CONDITIONS");
        assertThat(json.get("exitCode").asInt())
                .isEqualTo(o.exitCode())
                .isEqualTo(ExitCode.CONDITIONAL_STRICT);
        JsonNode targets = json.get("counts").get("targets");
        assertThat(targets.get("declared").asInt()).isEqualTo(5);
        assertThat(targets.get("met").asInt() + targets.get("inconclusive").asInt()).isEqualTo(5);
        assertThat(json.get("counts").get("scenarios").get("planned").asInt()).isEqualTo(2);
        assertThat(json.get("counts").get("conditions").asInt()).isEqualTo(1);
        assertThat(json.get("notMet")).hasSize(1);
        assertThat(json.get("notMet").get(0).get("id").asText()).isEqualTo("receipt-throughput");
        assertThat(json.get("notMet").get(0).get("verdict").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(json.get("files").toString())
                .contains("summary.md")
                .contains("go-no-go.md")
                .doesNotContain("charts/");
        assertThat(o.out()).doesNotContain("DECISION:");
        assertThat(dir.resolve("reports/summary.md"))
                .content()
                .startsWith("## Go/No-Go: shop 2.4 (imported results)\n")
                .contains("- **receipt-throughput** (Receipt formatting throughput) INCONCLUSIVE");
    }

    @Test
    void anUnknownSummaryFormatExitsTwoNamingTheChoices() {
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "evaluate",
                        "--targets",
                        IMPORTS.toString(),
                        "--out",
                        dir.resolve("reports").toString(),
                        "--summary",
                        "yaml");
        assertThat(o.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(o.err()).contains("--summary").contains("TEXT, JSON").contains("yaml");
        assertThat(Files.exists(dir.resolve("reports"))).isFalse();
    }

    @Test
    void versionNamesTheBuiltVersion() {
        CliTestSupport.Outcome o = CliTestSupport.run("--version");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).matches("gonogo \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    }

    @Test
    void completionBashPrintsAScriptCompletingEveryCommandAndOption() {
        CliTestSupport.Outcome o = CliTestSupport.run("completion", "bash");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out())
                .startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_gonogo")
                .contains("evaluate", "check", "render", "completion")
                .contains("--summary", "--targets", "--strict");
        assertThat(CliTestSupport.run("completion", "fish").exitCode())
                .isEqualTo(ExitCode.INVALID_INPUT);
    }
}
