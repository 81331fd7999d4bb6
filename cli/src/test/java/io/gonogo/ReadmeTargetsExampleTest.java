package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.PlannedScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The targets file README.md shows for gating one's own service is valid as written. */
class ReadmeTargetsExampleTest {

    @Test
    void theReadmesOwnServiceExampleChecks(@TempDir Path dir) throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int at = readme.indexOf("## Gate your own service");
        assertThat(at).as("the README section").isPositive();
        int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        assertThat(yaml).contains("${env:CHECKOUT_TOKEN}");
        // the token comes from the environment when the plan is checked; this test gives it
        // literally
        Path file =
                Files.writeString(
                        dir.resolve("targets.yaml"),
                        yaml.replace("${env:CHECKOUT_TOKEN}", "a-token"));
        // the CA file it names is read when the plan is checked
        Files.createDirectories(dir.resolve("certs"));
        Files.createDirectories(dir.resolve("build/libs"));
        assertThat(keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=ca"))
                .isZero();
        assertThat(keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-file", "certs/ca.pem"))
                .isZero();

        CheckReport report = Gonogo.check(file, Optional.empty());

        assertThat(report.scenarios())
                .extracting(PlannedScenario::qualifiedId)
                .containsExactly(
                        "load/browse", "load/steady", "memory/browse-heap", "chaos/restart");
        assertThat(report.targets())
                .extracting(t -> t.target().id())
                .contains("browse-p99", "browse-throughput", "checkout-p99", "checkout-success")
                .contains("chaos.restart.recovery");
        assertThat(report.targets())
                .allSatisfy(t -> assertThat(t.producers()).as(t.target().id()).hasSize(1));
    }

    private static int keytool(Path dir, String... args) throws IOException {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(java.util.List.of(args));
        cmd.addAll(
                java.util.List.of(
                        "-keystore", "ks.p12", "-storetype", "PKCS12", "-storepass", "changeit"));
        try {
            Process p =
                    new ProcessBuilder(cmd)
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
