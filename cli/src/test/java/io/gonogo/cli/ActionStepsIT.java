package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's GitHub Action ({@code action.yml}) run locally: its {@code run:} steps in bash,
 * in order, with {@code GITHUB_OUTPUT}, {@code GITHUB_STEP_SUMMARY} and {@code RUNNER_TEMP} pointed
 * at files of a temporary folder and the {@code ${{ }}} expressions of their {@code env:} blocks
 * resolved as the runner would (inputs with their defaults, earlier steps' outputs), against
 * target/gonogo.jar given as the {@code jar} input. The {@code uses:} steps (setup-java,
 * upload-artifact) are GitHub's own and are only checked for their inputs. Also checks the CI
 * examples as YAML with the keys GitHub Actions and GitLab CI document.
 */
class ActionStepsIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "gonogo.jar").toAbsolutePath();
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*([^}]*?)\\s*}}");

    @TempDir Path dir;

    /** What a run of the action's steps left: outputs by step id, the step summary, exit codes. */
    record Run(
            Map<String, Map<String, String>> outputs,
            String stepSummary,
            Map<String, Integer> exitCodes,
            String log) {}

    @SuppressWarnings("unchecked")
    private static Map<String, Object> action() throws IOException {
        return new Yaml().load(Files.readString(ROOT.resolve("action.yml")));
    }

    @SuppressWarnings("unchecked")
    private Run runAction(Map<String, String> given) throws Exception {
        Map<String, Object> action = action();
        Map<String, String> inputs = new HashMap<>();
        ((Map<String, Map<String, Object>>) action.get("inputs"))
                .forEach(
                        (name, spec) ->
                                inputs.put(name, String.valueOf(spec.getOrDefault("default", ""))));
        inputs.putAll(given);
        Path temp = Files.createDirectories(dir.resolve("runner-temp"));
        Path summary = dir.resolve("step-summary.md");
        Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
        Map<String, Integer> codes = new LinkedHashMap<>();
        StringBuilder log = new StringBuilder();
        List<Map<String, Object>> steps =
                (List<Map<String, Object>>) ((Map<String, Object>) action.get("runs")).get("steps");
        int n = 0;
        boolean failed = false;
        for (Map<String, Object> step : steps) {
            String id = String.valueOf(step.getOrDefault("id", "step" + n++));
            String condition = String.valueOf(step.getOrDefault("if", "success()"));
            if (!step.containsKey("run") || !holds(condition, failed, inputs, outputs)) {
                continue;
            }
            assertThat(step.get("shell")).as(id).isEqualTo("bash");
            assertThat((String) step.get("run"))
                    .as("%s reads inputs from env:, never ${{ }} in its script", id)
                    .doesNotContain("${{");
            Path output = dir.resolve("output-" + id);
            Files.createFile(output);
            Path script = Files.writeString(dir.resolve(id + ".sh"), (String) step.get("run"));
            ProcessBuilder pb =
                    new ProcessBuilder(
                                    // as the runner runs a step whose shell is bash
                                    "bash",
                                    "--noprofile",
                                    "--norc",
                                    "-eo",
                                    "pipefail",
                                    script.toString())
                            .directory(dir.toFile())
                            .redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("GITHUB_OUTPUT", output.toString());
            env.put("GITHUB_STEP_SUMMARY", summary.toString());
            env.put("RUNNER_TEMP", temp.toString());
            Map<String, String> stepEnv = (Map<String, String>) step.getOrDefault("env", Map.of());
            stepEnv.forEach((k, v) -> env.put(k, resolve(v, inputs, outputs)));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            log.append("--- ").append(id).append('\n').append(out);
            codes.put(id, p.exitValue());
            failed |= p.exitValue() != 0;
            Map<String, String> written = new LinkedHashMap<>();
            for (String line : Files.readAllLines(output)) {
                int eq = line.indexOf('=');
                written.put(line.substring(0, eq), line.substring(eq + 1));
            }
            outputs.put(id, written);
        }
        return new Run(
                outputs,
                Files.exists(summary) ? Files.readString(summary) : "",
                codes,
                log.toString());
    }

    /**
     * Whether a step's {@code if:} holds, as the runner decides it: {@code success()} (the default)
     * unless an earlier step failed, {@code always()}, and tests of a value against {@code ''},
     * joined by {@code &&}; any other condition fails the test.
     */
    private static boolean holds(
            String condition,
            boolean failed,
            Map<String, String> inputs,
            Map<String, Map<String, String>> outputs) {
        boolean always = false;
        boolean holds = true;
        for (String part : condition.split("&&")) {
            String c = part.strip();
            if (c.equals("always()")) {
                always = true;
            } else if (c.equals("success()")) {
                holds &= !failed;
            } else if (c.matches("[\\w.-]+ (!=|==) ''")) {
                String value =
                        resolve("${{ " + c.substring(0, c.indexOf(' ')) + " }}", inputs, outputs);
                holds &= c.contains("!=") != value.isEmpty();
            } else {
                throw new AssertionError("unexpected condition in action.yml: " + condition);
            }
        }
        return holds && (always || !failed);
    }

    /** {@code value} with its expressions resolved; an expression the test does not know fails. */
    private static String resolve(
            String value, Map<String, String> inputs, Map<String, Map<String, String>> outputs) {
        Matcher m = EXPRESSION.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String resolved;
            if (e.startsWith("inputs.")) {
                resolved = inputs.get(e.substring("inputs.".length()));
                assertThat(resolved).as("input of %s", e).isNotNull();
            } else if (e.matches("steps\\.[\\w-]+\\.outputs\\.[\\w-]+")) {
                String[] parts = e.split("\\.");
                resolved = outputs.getOrDefault(parts[1], Map.of()).getOrDefault(parts[3], "");
            } else {
                throw new AssertionError("unexpected expression in action.yml: " + e);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @Test
    void aRunWritesTheDecisionAndExitCodeToGithubOutputAndSummaryMdToTheStepSummary()
            throws Exception {
        Path imports = ROOT.resolve("examples/imports");
        Files.copy(imports.resolve("targets.yaml"), dir.resolve("targets.yaml"));
        Files.createDirectories(dir.resolve("results"));
        try (var files = Files.list(imports.resolve("results"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve("results").resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("step-summary.md"), "# Build\n\nunit tests green\n");

        Run run =
                runAction(
                        Map.of("targets", "targets.yaml", "strict", "true", "jar", JAR.toString()));

        assertThat(run.exitCodes()).as(run.log()).containsEntry("install", 0);
        assertThat(run.outputs().get("install")).containsEntry("jar", JAR.toString());
        assertThat(run.outputs().get("gonogo"))
                .as(run.log())
                .containsEntry("decision", "GO WITH CONDITIONS")
                .containsEntry("exit-code", "3");
        assertThat(run.stepSummary())
                .startsWith(
                        "# Build\n\nunit tests green\n\n## Go/No-Go: shop 2.4 (imported results)\n")
                .contains("**Decision: GO WITH CONDITIONS**")
                .contains("- **receipt-throughput** (Receipt formatting throughput) INCONCLUSIVE")
                .endsWith(Files.readString(dir.resolve("reports/summary.md")));
        assertThat(dir.resolve("reports/junit.xml")).exists();
        assertThat(run.log()).contains("\"exitCode\" : 3");
        // the last step fails the job with gonogo's exit code
        assertThat(run.exitCodes().values().stream().reduce((a, b) -> b)).contains(3);
    }

    @Test
    void resultsMakeItEvaluateAndANoGoFailsTheLastStep() throws Exception {
        Path junit = ROOT.resolve("collectors/src/test/resources/importers/junit-xml");
        Files.copy(
                junit.resolve("TEST-com.example.shop.CheckoutTest.xml"),
                dir.resolve("TEST-checkout.xml"));
        Files.copy(
                junit.resolve("TEST-com.example.shop.CartTest.xml"), dir.resolve("TEST-cart.xml"));
        Files.writeString(
                dir.resolve("targets.yaml"),
                """
                release: {name: action test, owner: qa}
                targets:
                  - {id: no-failures, metric: tests, where: {status: failed}, aggregate: sum, pass: "<= 0"}
                """);

        Run run =
                runAction(
                        Map.of(
                                "targets", "targets.yaml",
                                "results", "TEST-checkout.xml\nTEST-cart.xml\n",
                                "out", "gate",
                                "jar", JAR.toString()));

        assertThat(run.outputs().get("gonogo"))
                .as(run.log())
                .containsEntry("decision", "NO-GO")
                .containsEntry("exit-code", "1");
        assertThat(run.stepSummary())
                .startsWith("## Go/No-Go: action test\n")
                .contains("- **no-failures** NOT MEASURED, critical: no figure; must be <= 0.");
        assertThat(dir.resolve("gate/summary.md")).exists();
        assertThat(run.log()).contains("::error::gonogo: NO-GO (exit code 1)");
        assertThat(run.exitCodes().values().stream().reduce((a, b) -> b)).contains(1);
    }

    @Test
    void aMissingJarStopsAtTheFirstStepNamingTheInput() throws Exception {
        Run run = runAction(Map.of("targets", "targets.yaml", "jar", "no/such/gonogo.jar"));
        assertThat(run.exitCodes()).containsEntry("install", 2);
        assertThat(run.log()).contains("::error::jar: 'no/such/gonogo.jar' does not exist");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theActionDeclaresItsInputsOutputsAndUploadsTheReports() throws IOException {
        Map<String, Object> action = action();
        assertThat(action).containsKeys("name", "description", "inputs", "outputs", "runs");
        assertThat((Map<String, Object>) action.get("inputs"))
                .containsKeys("targets", "profile", "results", "strict", "version");
        assertThat(((Map<String, Map<String, Object>>) action.get("inputs")).get("targets"))
                .containsEntry("required", true);
        Map<String, Map<String, Object>> outputs =
                (Map<String, Map<String, Object>>) action.get("outputs");
        assertThat(outputs).containsOnlyKeys("decision", "exit-code");
        outputs.values().forEach(o -> assertThat(o).containsKeys("description", "value"));
        Map<String, Object> runs = (Map<String, Object>) action.get("runs");
        assertThat(runs).containsEntry("using", "composite");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) runs.get("steps");
        assertThat(steps)
                .allMatch(s -> s.containsKey("run") ^ s.containsKey("uses"))
                .allMatch(s -> !s.containsKey("run") || s.containsKey("shell"))
                .anyMatch(
                        s ->
                                String.valueOf(s.get("uses")).startsWith("actions/upload-artifact@")
                                        && "always()".equals(s.get("if"))
                                        && ((Map<String, Object>) s.get("with"))
                                                .get("path")
                                                .equals("${{ inputs.out }}"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGithubWorkflowExampleHasTheKeysGithubActionsDocuments() throws IOException {
        Map<Object, Object> wf =
                new Yaml().load(Files.readString(ROOT.resolve("examples/ci/github-workflow.yml")));
        // YAML 1.1 reads the key 'on' as the boolean true, as SnakeYAML does; GitHub reads 'on'
        assertThat(wf).containsKeys("name", true, "jobs");
        Map<String, Map<String, Object>> jobs = (Map<String, Map<String, Object>>) wf.get("jobs");
        assertThat(jobs).isNotEmpty();
        jobs.values().forEach(j -> assertThat(j).containsKeys("runs-on", "steps"));
        List<Map<String, Object>> gate = (List<Map<String, Object>>) jobs.get("gate").get("steps");
        assertThat(gate)
                .allMatch(s -> s.containsKey("run") ^ s.containsKey("uses"))
                .anyMatch(
                        s ->
                                "gonogo".equals(s.get("id"))
                                        && ((Map<String, Object>) s.get("with"))
                                                .containsKey("targets"));
        List<Map<String, Object>> comment =
                (List<Map<String, Object>>) jobs.get("comment").get("steps");
        assertThat(comment)
                .anyMatch(s -> String.valueOf(s.get("run")).contains("reports/summary.md"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGitlabExampleHasTheKeysGitlabCiDocuments() throws IOException {
        Map<String, Object> ci =
                new Yaml().load(Files.readString(ROOT.resolve("examples/ci/gitlab-ci.yml")));
        assertThat((List<String>) ci.get("stages")).containsExactly("gate");
        Map<String, Object> job = (Map<String, Object>) ci.get("gonogo");
        assertThat(job).containsKeys("stage", "image", "script", "artifacts");
        assertThat(job.get("stage")).isEqualTo("gate");
        assertThat((List<String>) job.get("script"))
                .anyMatch(s -> s.contains("--summary json") && s.contains("--out reports"));
        Map<String, Object> artifacts = (Map<String, Object>) job.get("artifacts");
        assertThat(artifacts).containsEntry("when", "always");
        assertThat((List<String>) artifacts.get("paths")).contains("reports/");
        assertThat((Map<String, Object>) artifacts.get("reports"))
                .containsEntry("junit", "reports/junit.xml");
        assertThat((List<String>) job.get("after_script"))
                .anyMatch(s -> s.contains("reports/summary.md"));
    }

    @Test
    void theJarCarriesTheLicenseAndTheDependenciesNotices() throws IOException {
        try (var jar = new java.util.jar.JarFile(JAR.toFile())) {
            String license =
                    new String(
                            jar.getInputStream(jar.getEntry("META-INF/LICENSE")).readAllBytes(),
                            StandardCharsets.UTF_8);
            String notice =
                    new String(
                            jar.getInputStream(jar.getEntry("META-INF/NOTICE")).readAllBytes(),
                            StandardCharsets.UTF_8);
            assertThat(license).contains("Apache License").contains("Version 2.0, January 2004");
            assertThat(notice)
                    .contains("gonogo")
                    .contains("Copyright 2026 the gonogo authors")
                    .contains("Jackson")
                    .contains("Netty");
            assertThat(jar.getEntry("META-INF/LICENSE.txt")).isNotNull();
        }
    }
}
