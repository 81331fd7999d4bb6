package io.gonogo.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateMojoTest {
    private static final String RELEASE =
            """
            release:
              name: shop 2.4
              owner: shop team
            """;

    private static final String SANE_TARGETS =
            RELEASE
                    + """
                    targets:
                      - id: no-failed-test
                        metric: tests
                        where: {scenario: surefire-reports, status: failed}
                        pass: "<= 0"
                      - id: tests-ran
                        metric: tests
                        where: {scenario: surefire-reports, status: successful}
                        pass: ">= 3"
                      - id: receipt-p99
                        metric: sample_time
                        aggregate: p99
                        where: {scenario: jmh-result}
                        pass: "< 1s"
                    """;

    @TempDir Path dir;

    private final RecordingLog log = new RecordingLog();

    private GateMojo gate(BuildFolder build) {
        GateMojo gate = new GateMojo();
        gate.setLog(log);
        gate.targets = build.basedir.resolve("targets.yaml").toFile();
        gate.buildDirectory = build.target.toFile();
        gate.outputDirectory = build.target.resolve("gonogo").toFile();
        gate.buildResults = true;
        return gate;
    }

    @Test
    void decidesGoFromTheBuildsOwnResultsAndWritesTheDocumentsIntoTargetGonogo() throws Exception {
        BuildFolder build = BuildFolder.built(dir);
        build.targets(SANE_TARGETS);

        gate(build).execute();

        Path out = build.target.resolve("gonogo");
        assertThat(out.resolve("go-no-go.md")).content().contains("**Decision: GO**");
        assertThat(out.resolve("decision.json")).exists();
        assertThat(log.at("INFO"))
                .anyMatch(l -> l.startsWith("gonogo: results/surefire-reports imported"))
                .anyMatch(l -> l.startsWith("gonogo: results/jmh-result imported"))
                .anyMatch(l -> l.startsWith("DECISION: GO"))
                .contains("gonogo: GO; see " + out.resolve("go-no-go.md"))
                .noneMatch(l -> l.startsWith("exit code"));
        assertThat(log.at("WARN")).isEmpty();
    }

    @Test
    void noGoFailsTheBuildWithEachBlockerNamingItsTargetAndFigure() throws Exception {
        BuildFolder build = BuildFolder.built(dir);
        build.targets(
                RELEASE
                        + """
                        targets:
                          - id: tests-ran
                            metric: tests
                            where: {scenario: surefire-reports, status: successful}
                            pass: ">= 100"
                        """);

        assertThatThrownBy(() -> gate(build).execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("gonogo: NO-GO for shop 2.4: 1 blocker\n")
                .hasMessageContaining("  - target.tests-ran: critical target tests-ran")
                .hasMessageContaining("MISSED: 3")
                .hasMessageContaining(">= 100")
                .hasMessageEndingWith(
                        "see " + build.target.resolve("gonogo").resolve("go-no-go.md"));
        // the documents are written all the same: they say why
        assertThat(build.target.resolve("gonogo").resolve("go-no-go.md"))
                .content()
                .contains("NO-GO");
    }

    private static final String CONDITIONAL_TARGETS =
            RELEASE
                    + """
                    targets:
                      - id: tests-ran
                        metric: tests
                        where: {scenario: surefire-reports, status: successful}
                        pass: ">= 10"
                        acceptable: ">= 3"
                    """;

    @Test
    void goWithConditionsPassesWithEachConditionAsAWarning() throws Exception {
        BuildFolder build = BuildFolder.built(dir);
        build.targets(CONDITIONAL_TARGETS);

        gate(build).execute();

        assertThat(log.at("WARN"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("gonogo condition: target.tests-ran: ")
                .contains("(owner shop team, due ");
        assertThat(log.at("INFO")).anyMatch(l -> l.startsWith("gonogo: GO WITH CONDITIONS; see "));
    }

    @Test
    void strictFailsTheBuildOnGoWithConditionsListingThem() throws Exception {
        BuildFolder build = BuildFolder.built(dir);
        build.targets(CONDITIONAL_TARGETS);
        GateMojo gate = gate(build);
        gate.strict = true;

        assertThatThrownBy(gate::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith(
                        "gonogo: GO WITH CONDITIONS for shop 2.4 fails the build under strict: 1"
                                + " condition\n  - target.tests-ran: ");
    }

    @Test
    void skipDecidesNothingAndWritesNothing() throws Exception {
        BuildFolder build = BuildFolder.built(dir);
        GateMojo gate = gate(build);
        gate.skip = true;
        // no targets file at all: skip comes first

        gate.execute();

        assertThat(build.target.resolve("gonogo")).doesNotExist();
        assertThat(log.lines()).containsExactly("INFO gonogo: gate skipped");
    }

    @Test
    void buildResultsFalseImportsOnlyWhatTheFileAndResultsName() throws Exception {
        BuildFolder build = BuildFolder.built(dir);
        build.targets(
                RELEASE
                        + """
                        targets:
                          - id: receipt-p99
                            metric: sample_time
                            aggregate: p99
                            where: {scenario: jmh-result}
                            pass: "< 1s"
                        """);
        GateMojo gate = gate(build);
        gate.buildResults = false;
        gate.results = List.of(build.target.resolve("jmh-result.json").toFile());

        gate.execute();

        assertThat(log.at("INFO"))
                .anyMatch(l -> l.startsWith("gonogo: results/jmh-result imported"))
                .noneMatch(l -> l.contains("surefire-reports"));
    }

    @Test
    void doesNotImportTheBuildsResultsTwiceWhenTheFileNamesThem() throws Exception {
        BuildFolder build = BuildFolder.built(dir);
        build.targets(
                RELEASE
                        + """
                        results:
                          - {path: target/surefire-reports/TEST-com.example.shop.CartTest.xml, id: unit}
                        targets:
                          - id: tests-ran
                            metric: tests
                            where: {scenario: unit, status: successful}
                            pass: ">= 3"
                        """);

        gate(build).execute();

        assertThat(log.at("INFO"))
                .anyMatch(l -> l.startsWith("gonogo: results/unit imported"))
                .anyMatch(l -> l.startsWith("gonogo: results/jmh-result imported"))
                .noneMatch(l -> l.startsWith("gonogo: results/surefire-reports"))
                .contains("gonogo: GO; see " + build.target.resolve("gonogo/go-no-go.md"));
    }

    @Test
    void runsTheSuitesTheFileDeclaresAgainstItsServiceBesidesImportingTheBuildsResults()
            throws Exception {
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
        server.start();
        try {
            BuildFolder build = BuildFolder.built(dir);
            build.targets(
                    RELEASE
                            + "sut: {url: \"http://127.0.0.1:"
                            + server.getAddress().getPort()
                            + "\"}\n"
                            + """
                            suites:
                              load:
                                scenarios:
                                  - {id: root, operation: root, path: /, requests: 200, concurrency: 2, warmup: 20}
                            targets:
                              - id: all-answered
                                metric: errors
                                where: {scenario: root}
                                pass: "<= 0"
                              - id: tests-ran
                                metric: tests
                                where: {scenario: surefire-reports, status: successful}
                                pass: ">= 3"
                            """);

            gate(build).execute();

            assertThat(log.at("INFO"))
                    .anyMatch(l -> l.contains("profile quick, 1 scenario(s)"))
                    .anyMatch(l -> l.startsWith("gonogo: results/surefire-reports imported"))
                    .contains("gonogo: GO; see " + build.target.resolve("gonogo/go-no-go.md"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void refusesTheBundledServerWhichCannotStartInsideMaven() throws Exception {
        BuildFolder build = BuildFolder.built(dir);
        build.targets(
                RELEASE
                        + """
                        sut: embedded
                        suites:
                          load:
                            scenarios:
                              - {id: health, operation: health, requests: 100, concurrency: 2}
                        targets: []
                        """);

        assertThatThrownBy(() -> gate(build).execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith(
                        "gonogo: "
                                + dir.resolve("targets.yaml")
                                + ": 'sut: embedded' (the bundled governance server) cannot be"
                                + " started from inside a Maven build; expected");
    }

    @Test
    void failsWhenThereIsNothingToDecideFrom() throws Exception {
        BuildFolder build = BuildFolder.fresh(dir);
        build.targets(SANE_TARGETS);

        assertThatThrownBy(() -> gate(build).execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("gonogo: nothing to decide from: ")
                .hasMessageContaining("declares no suites and no results");
    }

    @Test
    void rejectsAnAsOfThatIsNotAnInstantNamingTheParameterAndTheForm() throws Exception {
        BuildFolder build = BuildFolder.built(dir);
        build.targets(SANE_TARGETS);
        GateMojo gate = gate(build);
        gate.asOf = "next tuesday";

        assertThatThrownBy(gate::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage(
                        "gonogo: parameter 'asOf' (property gonogo.asOf) is 'next tuesday', not an"
                                + " ISO-8601 instant; expected such as 2026-11-23T10:00:00Z");
    }

    @Test
    void rejectsAnUnknownProfile() throws Exception {
        BuildFolder build = BuildFolder.built(dir);
        build.targets(SANE_TARGETS);
        GateMojo gate = gate(build);
        gate.profile = "nightly";

        assertThatThrownBy(gate::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage(
                        "gonogo: parameter 'profile' (property gonogo.profile) is 'nightly';"
                                + " expected quick or full");
    }

    @Test
    void aMissingTargetsFileIsNamedWithTheParameterThatSetsIt() throws Exception {
        BuildFolder build = BuildFolder.built(dir);

        assertThatThrownBy(() -> gate(build).execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith(
                        "gonogo: the targets file " + dir.resolve("targets.yaml") + " does not")
                .hasMessageContaining("parameter 'targets', property gonogo.targets");
    }

    @Test
    void anInvalidTargetsFileFailsTheBuildWithFileLineAndColumn() throws Exception {
        BuildFolder build = BuildFolder.built(dir);
        build.targets(
                RELEASE
                        + """
                        targets:
                          - id: tests-ran
                            metric: tests
                            pas: ">= 3"
                        """);

        assertThatThrownBy(() -> gate(build).execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("gonogo: " + dir.resolve("targets.yaml") + ":7:")
                .hasMessageContaining("'pas'");
    }

    @Test
    void aBaselineThatDoesNotExistIsInvalidInput() throws Exception {
        BuildFolder build = BuildFolder.built(dir);
        build.targets(SANE_TARGETS);
        GateMojo gate = gate(build);
        gate.baseline = new File(dir.toFile(), "last/decision.json");

        assertThatThrownBy(gate::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("last/decision.json")
                .hasMessageContaining("does not exist");
        assertThat(Files.exists(build.target.resolve("gonogo"))).isFalse();
    }
}
