package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of invalid targets file ends with exit code 2 and one line naming file, line, column
 * and what was expected; no stack trace, nothing run, no report written.
 */
class InvalidTargetsFileTest {

    @TempDir Path dir;

    private static final String RELEASE = "release: {name: broken}\n";
    private static final String SUITE =
            """
            suites:
              load:
                scenarios:
                  - {id: s, requests: 10, concurrency: 1}
            sut: embedded
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("bad YAML", RELEASE + "targets: [ {id: a\n", "3:1", "invalid YAML"),
                Arguments.of(
                        "unknown top-level key",
                        RELEASE + "tragets: []\n",
                        "2:1",
                        "unknown key 'tragets' at the top level; expected one of: release"),
                Arguments.of(
                        "unknown key in a target",
                        RELEASE
                                + SUITE
                                + """
                                targets:
                                  - id: p99
                                    metric: latency
                                    aggregate: p99
                                    pas: "< 10ms"
                                """,
                        "11:5",
                        "unknown key 'pas' in targets[0]; expected one of: id, title, metric"),
                Arguments.of(
                        "wrong type",
                        RELEASE
                                + SUITE
                                + """
                                targets:
                                  - id: p99
                                    metric: latency
                                    aggregate: p99
                                    pass: "< 10ms"
                                    critical: [yes]
                                """,
                        "12:15",
                        "expected 'critical' as true or false, found a list"),
                Arguments.of(
                        "unit that does not parse",
                        RELEASE
                                + SUITE
                                + """
                                targets:
                                  - id: p99
                                    metric: latency
                                    aggregate: p99
                                    pass: "< 5 mss"
                                """,
                        "11:11",
                        "'mss' in '5 mss' is not a unit; expected one of ns us ms s"),
                Arguments.of(
                        "missing required field",
                        RELEASE
                                + SUITE
                                + """
                                targets:
                                  - id: p99
                                    metric: latency
                                    aggregate: p99
                                """,
                        "8:5",
                        "missing required key 'pass' in targets[0]"),
                Arguments.of(
                        "missing release",
                        "targets: []\n",
                        "1:1",
                        "missing required key 'release'"),
                Arguments.of(
                        "wrong type in a scenario",
                        RELEASE
                                + """
                                suites:
                                  load:
                                    scenarios:
                                      - {id: s, requests: many, concurrency: 1}
                                sut: embedded
                                """,
                        "5:27",
                        "expected 'requests' as a whole number, found the text 'many'"),
                Arguments.of(
                        "unknown suite kind",
                        RELEASE + "suites:\n  lod: {}\nsut: embedded\n",
                        "3:8",
                        "unknown suite kind 'lod'; expected one of: benchmark, chaos, load,"
                                + " memory"),
                Arguments.of(
                        "dimension mismatch",
                        RELEASE
                                + SUITE
                                + """
                                targets:
                                  - {id: p99, metric: latency, aggregate: p99, pass: "< 5000/s"}
                                """,
                        "8:54",
                        "'latency' is measured in duration"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitsTwoWithOneLineNamingFileLineAndColumn(
            String name, String yaml, String lineColumn, String expected) throws IOException {
        Path file = dir.resolve("targets.yaml");
        Files.writeString(file, yaml);
        Path out = dir.resolve("reports");

        CliTestSupport.Outcome o =
                CliTestSupport.run("--targets", file.toString(), "--out", out.toString(), "-q");

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .startsWith("gonogo: " + file + ":" + lineColumn + ": ")
                .contains(expected);
        assertThat(o.err().strip().lines()).hasSize(1);
        assertThat(o.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMissingFileExitsTwoNamingIt() {
        CliTestSupport.Outcome o =
                CliTestSupport.run("--targets", dir.resolve("nope.yaml").toString(), "-q");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("gonogo: " + dir.resolve("nope.yaml") + ": no such file\n");
    }

    @Test
    void aWaiverNamingATargetNoOneHasIsFoundByCheckAndBeforeAnySuiteRuns() throws IOException {
        Path file = dir.resolve("targets.yaml");
        Files.writeString(
                file,
                RELEASE
                        + SUITE
                        + """
                        waivers:
                          - id: w1
                            target: load.s.recovery
                            justification: the pool fix lands next week
                            approver: Priya Raman
                            expires: 2099-01-01
                        """);
        CliTestSupport.Outcome checked = CliTestSupport.run("check", "--targets", file.toString());
        assertThat(checked.exitCode()).isEqualTo(2);
        assertThat(checked.err())
                .startsWith("gonogo: " + file + ":")
                .contains(
                        "waiver 'w1' names target 'load.s.recovery', which this evaluation does not"
                                + " have");

        Path out = dir.resolve("reports");
        CliTestSupport.Outcome run =
                CliTestSupport.run("--targets", file.toString(), "--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .as("nothing started: the error is the only line")
                .startsWith("gonogo: " + file + ":")
                .contains("load.s.recovery")
                .doesNotContain("load/s");
        assertThat(out).doesNotExist();
    }

    @Test
    void checkExitsTwoOnTheSameErrors() throws IOException {
        Path file = dir.resolve("targets.yaml");
        Files.writeString(file, RELEASE + "tragets: []\n");
        CliTestSupport.Outcome o = CliTestSupport.run("check", "--targets", file.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).startsWith("gonogo: " + file + ":2:1: unknown key 'tragets'");
    }

    /**
     * The fault proxy relays TLS as opaque TCP, so a fault that answers single HTTP requests is
     * refused against an https service before anything runs (the URL is never contacted); a
     * connection-level fault on the same service passes.
     */
    @Test
    void checkRefusesAnHttpFaultOnATlsServiceNamingTheFaultAndWhy() throws IOException {
        Path file = dir.resolve("targets.yaml");
        String chaos =
                """
                sut: {url: "https://127.0.0.1:1/"}
                suites:
                  chaos:
                    scenarios:
                      - id: errors
                        fault: {kind: http-error, share: 30%}
                        at: 2s
                        for: 2s
                        duration: 6s
                """;
        Files.writeString(file, RELEASE + chaos);
        CliTestSupport.Outcome o = CliTestSupport.run("check", "--targets", file.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .startsWith(
                        "gonogo: "
                                + file
                                + ":7:23: fault kind 'http-error' acts on single HTTP requests,"
                                + " but the service's HTTP API speaks TLS (sut.url"
                                + " 'https://127.0.0.1:1/'): the fault proxy cannot see inside"
                                + " TLS")
                .contains("use a connection-level fault")
                .doesNotContain("Exception");
        assertThat(o.err().strip().lines()).hasSize(1);

        Files.writeString(
                file, RELEASE + chaos.replace("http-error, share: 30%", "latency, latency: 50ms"));
        CliTestSupport.Outcome ok = CliTestSupport.run("check", "--targets", file.toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("errors");
    }

    @Test
    void anOutputFolderThatIsAFileExitsTwo() throws IOException {
        Path file = dir.resolve("targets.yaml");
        Files.writeString(file, RELEASE + SUITE);
        Path notAFolder = Files.writeString(dir.resolve("plain.txt"), "x");
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "--targets", file.toString(), "--out", notAFolder.toString(), "-q");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .isEqualTo(
                        "gonogo: "
                                + notAFolder
                                + ": the output folder is a file; expected a folder"
                                + " (or a path that does not exist yet)\n");
    }

    @Test
    void checkValidatesTheOtherProfileTooAndWarnsAboutTargetsNothingProduces() throws IOException {
        Path file = dir.resolve("targets.yaml");
        Files.writeString(
                file,
                RELEASE
                        + """
                        suites:
                          load:
                            scenarios:
                              - {id: s, requests: 10, concurrency: 1, profiles: {full: {bogus: 1}}}
                        sut: embedded
                        """);
        CliTestSupport.Outcome bad = CliTestSupport.run("check", "--targets", file.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown key 'bogus'");

        Files.writeString(
                file,
                RELEASE
                        + SUITE
                        + """
                        targets:
                          - {id: ghost, metric: latency, where: {scenario: nosuch}, aggregate: p99, pass: "< 10ms"}
                          - {id: real, metric: latency, where: {scenario: s}, aggregate: p99, pass: "< 10ms"}
                        """);
        CliTestSupport.Outcome ok = CliTestSupport.run("check", "--targets", file.toString());
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out())
                .contains(
                        "ghost: p99 of latency where {scenario=nosuch} must be < 10ms; critical;"
                                + " WARNING: no scenario in the plan produces it, so it will be NOT"
                                + " MEASURED and block the release")
                .contains(
                        "real: p99 of latency where {scenario=s} must be < 10ms; critical; from"
                                + " load/s");
    }

    @Test
    void badArgumentsExitTwoWithUsageHint() {
        CliTestSupport.Outcome o = CliTestSupport.run("--targets", "x.yaml", "--profile", "medium");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .contains("'medium' is not a profile; expected quick or full")
                .contains("--help");
    }

    @Test
    void missingTargetsOptionExitsTwo() {
        CliTestSupport.Outcome o = CliTestSupport.run();
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("missing --targets FILE");
    }
}
