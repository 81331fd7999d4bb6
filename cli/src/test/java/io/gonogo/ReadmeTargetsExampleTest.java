package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.PlannedScenario;
import io.gonogo.testing.TestCertificates;
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
        TestCertificates.Pair ca = TestCertificates.make(dir, "ca", "CN=ca", null);
        Files.copy(ca.cert(), dir.resolve("certs/ca.pem"));

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
}
