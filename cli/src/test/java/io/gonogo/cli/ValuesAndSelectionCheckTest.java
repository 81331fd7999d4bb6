package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gonogo check} answers every mistake in the values a run takes from outside the file (the
 * environment, {@code --set}, {@code --sut-url}, {@code --select}) and a missing {@code sut} with
 * exit code 2 and one line naming where and how to fix it, before anything runs.
 */
class ValuesAndSelectionCheckTest {

    @TempDir Path dir;

    private static final String FILE =
            """
            release: {name: checked}
            sut: embedded
            suites:
              load:
                scenarios:
                  - {id: health-1k, requests: 10, concurrency: 1}
                  - {id: health-5k, requests: 10, concurrency: 1}
            """;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("targets.yaml"), yaml);
    }

    @Test
    void suitesWithoutSutAreAnErrorAtTheTopOfTheFile() throws IOException {
        Path f = write(FILE.replace("sut: embedded\n", ""));
        CliTestSupport.Outcome o = CliTestSupport.run("check", "--targets", f.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .startsWith("gonogo: " + f + ":1:1: the file has suites but no 'sut'")
                .contains("'sut: embedded'", "'sut: {url: ", "'sut: {command: ", "--sut-url")
                .doesNotContain("\tat ");
        assertThat(o.out()).isEmpty();

        // --sut-url supplies it
        CliTestSupport.Outcome url =
                CliTestSupport.run(
                        "check", "--targets", f.toString(), "--sut-url", "http://127.0.0.1:9");
        assertThat(url.exitCode()).isZero();
    }

    @Test
    void anUnsetEnvironmentVariableIsAnErrorNamingItWhereItIsUsed() throws IOException {
        Path f =
                write(
                        FILE.replace(
                                "release: {name: checked}",
                                "release: {name: \"${env:GONOGO_CHECK_UNSET_VARIABLE}\"}"));
        CliTestSupport.Outcome o = CliTestSupport.run("check", "--targets", f.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .isEqualTo(
                        "gonogo: "
                                + f
                                + ":1:17: environment variable GONOGO_CHECK_UNSET_VARIABLE is not"
                                + " set; set it, or give a default such as"
                                + " ${env:GONOGO_CHECK_UNSET_VARIABLE:-value}\n");
    }

    @Test
    void aSelectNamingNothingListsTheSuitesAndScenariosThatExist() throws IOException {
        Path f = write(FILE);
        CliTestSupport.Outcome o =
                CliTestSupport.run("check", "--targets", f.toString(), "--select", "lod");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .isEqualTo(
                        "gonogo: --select lod: names no suite or scenario of the plan; expected"
                                + " SUITE or SUITE/SCENARIO, one of: load (load/health-1k,"
                                + " load/health-5k)\n");

        CliTestSupport.Outcome ok =
                CliTestSupport.run(
                        "check", "--targets", f.toString(), "--select", "load/health-5k");
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out())
                .contains(": valid in both profiles; 2 scenario(s) (1 not selected) in the quick")
                .contains("  load/health-1k (not selected) ")
                .contains("  load/health-5k {");
    }

    @Test
    void anUnknownSetPathIsAnErrorNamingTheFlagAndWhatIsThere() throws IOException {
        Path f = write(FILE);
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "check",
                        "--targets",
                        f.toString(),
                        "--set",
                        "suites.load.scenarios[health-9k].requests=5");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .startsWith(
                        "gonogo: --set suites.load.scenarios[health-9k].requests=5: the targets"
                                + " file "
                                + f
                                + " has no 'suites.load.scenarios[health-9k]'")
                .contains("health-1k, health-5k");

        CliTestSupport.Outcome noEquals =
                CliTestSupport.run("check", "--targets", f.toString(), "--set", "release.name");
        assertThat(noEquals.exitCode()).isEqualTo(2);
        assertThat(noEquals.err()).contains("--set release.name: expected path=value");
    }

    @Test
    void aSetValueThatIsInvalidIsReportedAgainstTheFlag() throws IOException {
        Path f = write(FILE);
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "check",
                        "--targets",
                        f.toString(),
                        "--set",
                        "suites.load.scenarios[0].requests=many");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .startsWith("gonogo: --set suites.load.scenarios[0].requests=many: ")
                .contains("'requests' as a whole number");

        CliTestSupport.Outcome ok =
                CliTestSupport.run(
                        "check",
                        "--targets",
                        f.toString(),
                        "--set",
                        "suites.load.scenarios[0].requests=20");
        assertThat(ok.exitCode()).isZero();
    }
}
