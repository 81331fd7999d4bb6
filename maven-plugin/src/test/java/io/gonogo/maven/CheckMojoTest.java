package io.gonogo.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckMojoTest {
    @TempDir Path dir;

    private final RecordingLog log = new RecordingLog();

    private CheckMojo check(BuildFolder build) {
        CheckMojo check = new CheckMojo();
        check.setLog(log);
        check.targets = build.basedir.resolve("targets.yaml").toFile();
        check.buildDirectory = build.target.toFile();
        check.buildResults = true;
        return check;
    }

    @Test
    void countsTheBuildsOwnResultsAsProducersBeforeTheBuildWritesThem() throws Exception {
        BuildFolder build = BuildFolder.fresh(dir);
        build.targets(
                """
                release: {name: shop 2.4}
                targets:
                  - id: tests-ran
                    metric: tests
                    where: {scenario: surefire-reports, status: successful}
                    pass: ">= 3"
                  - id: receipt-p99
                    metric: sample_time
                    aggregate: p99
                    where: {scenario: jmh-result}
                    pass: "< 1ms"
                """);

        check(build).execute();

        assertThat(log.at("INFO"))
                .contains(
                        "gonogo: "
                                + dir.resolve("targets.yaml")
                                + " is valid in both profiles; 0 scenario(s) in the quick profile,"
                                + " 2 result entries of the build, 2 target(s)",
                        "  scenario results/surefire-reports (written by the build)",
                        "  scenario results/jmh-result (written by the build)")
                .anyMatch(
                        l ->
                                l.startsWith("  target tests-ran: ")
                                        && l.endsWith("from results/surefire-reports"))
                .anyMatch(
                        l ->
                                l.startsWith("  target receipt-p99: ")
                                        && l.endsWith("from results/jmh-result"));
        assertThat(log.at("WARN")).isEmpty();
    }

    @Test
    void warnsOfATargetThatNothingWillProduce() throws Exception {
        BuildFolder build = BuildFolder.fresh(dir);
        build.targets(
                """
                release: {name: shop 2.4}
                targets:
                  - id: tests-ran
                    metric: tests
                    where: {scenario: unit-tests}
                    pass: ">= 3"
                """);
        CheckMojo check = check(build);
        check.buildResults = false;

        check.execute();

        assertThat(log.at("WARN"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("  target tests-ran: ")
                .contains("no scenario in the plan produces it, so it will be NOT MEASURED");
    }

    @Test
    void anInvalidTargetsFileFailsTheBuildWithFileLineAndColumn() throws Exception {
        BuildFolder build = BuildFolder.fresh(dir);
        build.targets(
                """
                release: {name: shop 2.4}
                targets:
                  - id: tests-ran
                    metric: tests
                    pass: ">= three"
                """);

        assertThatThrownBy(() -> check(build).execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("gonogo: " + dir.resolve("targets.yaml") + ":5:");
    }

    @Test
    void skipChecksNothing() throws Exception {
        CheckMojo check = check(BuildFolder.fresh(dir));
        check.skip = true;

        check.execute();

        assertThat(log.lines()).containsExactly("INFO gonogo: check skipped");
    }
}
