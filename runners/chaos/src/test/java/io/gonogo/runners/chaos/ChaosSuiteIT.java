package io.gonogo.runners.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import io.gonogo.core.Distribution;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Profile;
import io.gonogo.core.Scalar;
import io.gonogo.core.Series;
import io.gonogo.core.config.TargetsParser;
import io.gonogo.core.json.Json;
import io.gonogo.runners.engine.EngineSettings;
import io.gonogo.runners.engine.ScenarioSpec;
import io.gonogo.runners.engine.SuitePlanner;
import io.gonogo.server.GovernanceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code suites.chaos} through gonogo's TestEngine: planning, evidence per phase, and the
 * hypothesis.
 */
class ChaosSuiteIT {
    @TempDir Path dir;
    private GovernanceServer server;

    @BeforeEach
    void start() {
        server = GovernanceServer.builder().host("127.0.0.1").httpPort(0).build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path targets(String sut, String scenarios) throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: chaos test}
                sut: %s
                suites:
                  chaos:
                    scenarios:
                %s
                """
                        .formatted(sut, scenarios.indent(6)));
        return f;
    }

    private String url() {
        return "{url: {base: \"http://127.0.0.1:"
                + server.httpPort()
                + "\", token: \""
                + server.operatorToken()
                + "\"}}";
    }

    static EngineExecutionResults run(Path targets) {
        return EngineTestKit.engine(EngineSettings.ENGINE_ID)
                .configurationParameter(EngineSettings.TARGETS, targets.toString())
                .configurationParameter(EngineSettings.PROGRESS, "true")
                .selectors(selectUniqueId("[engine:gonogo]"))
                .execute();
    }

    static List<Measurement> measurements(EngineExecutionResults results, String scenario) {
        return results.allEvents()
                .reportingEntryPublished()
                .filter(
                        e ->
                                e.getTestDescriptor()
                                        .getUniqueId()
                                        .toString()
                                        .endsWith("[scenario:" + scenario + "]"))
                .map(
                        e ->
                                e.getRequiredPayload(ReportEntry.class)
                                        .getKeyValuePairs()
                                        .get("gonogo.measurement"))
                .map(json -> Json.readMeasurement(json, "test"))
                .toList();
    }

    static Measurement find(List<Measurement> ms, String metric, String phase) {
        return ms.stream()
                .filter(
                        m ->
                                m.metric().equals(metric)
                                        && !m.labels().containsKey("kind")
                                        && (phase == null
                                                ? !m.labels().containsKey("phase")
                                                : phase.equals(m.labels().get("phase"))))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + metric + " " + phase + " among " + ms));
    }

    static double scalar(List<Measurement> ms, String metric, String phase) {
        return ((Scalar) find(ms, metric, phase).value()).value();
    }

    static TestExecutionResult result(EngineExecutionResults r) {
        return r.testEvents()
                .finished()
                .list()
                .get(0)
                .getRequiredPayload(TestExecutionResult.class);
    }

    @Test
    void latencyFaultShowsInTheDuringPhaseOnlyAndTheHypothesisHolds() throws IOException {
        Path f =
                targets(
                        url(),
                        """
                        - id: lat
                          concurrency: 2
                          duration: 5s
                          warmup: 1s
                          fault: {kind: latency, latency: 80ms, direction: downstream}
                          at: 2s
                          for: 1500ms
                          hypothesis:
                            steady-state: {success_rate: ">= 99%"}
                            during: {success_rate: ">= 99%", p50: ">= 80ms"}
                            recovery: "<= 5s"
                        """);
        EngineExecutionResults r = run(f);
        assertThat(result(r).getStatus())
                .as(result(r).toString())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        List<Measurement> ms = measurements(r, "lat");
        Distribution before = (Distribution) find(ms, "latency", "before").value();
        Distribution during = (Distribution) find(ms, "latency", "during").value();
        Distribution after = (Distribution) find(ms, "latency", "after").value();
        assertThat(
                        during.decode().getValueAtPercentile(50)
                                - before.decode().getValueAtPercentile(50))
                .isBetween(70_000L, 200_000L);
        assertThat(after.decode().getValueAtPercentile(50))
                .isLessThan(before.decode().getValueAtPercentile(50) + 40_000);
        assertThat(find(ms, "latency", "during").labels())
                .containsEntry("fault", "latency")
                .containsEntry("suite", "chaos")
                .containsEntry("scenario", "lat");
        double start = scalar(ms, "fault_start", null);
        double end = scalar(ms, "fault_end", null);
        assertThat(start).isBetween(1900.0, 3000.0);
        assertThat(end - start).isBetween(1400.0, 2500.0);
        assertThat(scalar(ms, "recovery_time", null)).isBetween(0.0, 5000.0);
        Series tput = (Series) find(ms, "throughput", null).value();
        assertThat(tput.points()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(((Series) find(ms, "p99", null).value()).points()).isNotEmpty();
    }

    @Test
    void aHypothesisThatDoesNotHoldFailsTheScenarioNamingTheCriterionAndFigure()
            throws IOException {
        Path f =
                targets(
                        url(),
                        """
                        - id: five-hundreds
                          concurrency: 4
                          duration: 5s
                          warmup: 1s
                          fault: {kind: http-error, share: 50%}
                          at: 1s
                          for: 2s
                          hypothesis:
                            steady-state: {success_rate: ">= 99%"}
                            during: {error_rate: "<= 10%"}
                        """);
        EngineExecutionResults r = run(f);
        TestExecutionResult res = result(r);
        assertThat(res.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(res.getThrowable().orElseThrow().getMessage())
                .contains("during error_rate = ")
                .contains("expected <= 10%");
        double errors = scalar(measurements(r, "five-hundreds"), "error_rate", "during");
        assertThat(errors).isBetween(30.0, 70.0);
    }

    @Test
    void generatedTargetsAreNamedByScenarioAndCriterion() throws IOException {
        Path f =
                targets(
                        url(),
                        """
                        - id: net
                          duration: 10s
                          fault: {kind: blackhole}
                          at: 2s
                          for: 2s
                          hypothesis:
                            steady-state: {success_rate: ">= 99%", p99: "<= 50ms"}
                            during: {error_rate: "<= 100%"}
                            recovery: "<= 5s"
                            critical: false
                        """);
        List<ScenarioSpec> specs =
                SuitePlanner.withServiceLoader().plan(TargetsParser.parse(f), Profile.QUICK);
        assertThat(specs.get(0).targets())
                .extracting(t -> t.id())
                .containsExactly(
                        "chaos.net.before-success-rate",
                        "chaos.net.before-p99",
                        "chaos.net.during-error-rate",
                        "chaos.net.after-success-rate",
                        "chaos.net.after-p99",
                        "chaos.net.recovery");
        assertThat(specs.get(0).targets()).allMatch(t -> !t.critical());
        assertThat(specs.get(0).targets().get(1).aggregate().orElseThrow().text()).isEqualTo("p99");
        assertThat(specs.get(0).targets().get(1).where()).containsEntry("phase", "before");
    }

    @Test
    void unknownKeysAndBadValuesAreErrorsWithLineAndColumn() throws IOException {
        Path f =
                targets(
                        url(),
                        """
                        - id: x
                          duration: 10s
                          fault: {kind: latency, latency: 100ms, jiter: 5ms}
                          at: 2s
                          for: 2s
                        """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(f), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("targets.yaml:8:")
                .hasMessageContaining("no setting 'jiter'");
        Path g =
                targets(
                        url(),
                        """
                        - id: x
                          duration: 10s
                          fault: {kind: latency, latency: 100ms}
                          at: 2s
                          for: 2s
                          hypothesis: {before: {p99: ">= 99%"}}
                          colour: red
                        """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(g), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("targets.yaml:")
                .hasMessageContaining("colour");
        Path h =
                targets(
                        url(),
                        """
                        - id: x
                          duration: 10s
                          fault: {kind: latency, latency: 100ms}
                          at: 2s
                          for: 2s
                          hypothesis: {before: {p99: ">= 99%"}}
                        """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(h), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("targets.yaml:11:")
                .hasMessageContaining("expected a duration");
        Path k =
                targets(
                        url(),
                        """
                        - id: x
                          duration: 5s
                          fault: {kind: kill}
                          at: 2s
                          for: 3s
                        """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(k), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not before the scenario's 'duration'");
    }

    @Test
    void aProcessFaultAgainstAServiceReachedByUrlIsNotExecutedSayingWhy() throws IOException {
        Path f =
                targets(
                        url(),
                        """
                        - id: k
                          duration: 4s
                          fault: {kind: kill}
                          at: 1s
                          for: 1s
                        """);
        TestExecutionResult res = result(run(f));
        // the platform reports it FAILED; the NotExecutedException makes the evidence say
        // NOT_EXECUTED
        assertThat(res.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(res.getThrowable().orElseThrow())
                .isInstanceOf(io.gonogo.core.NotExecutedException.class)
                .hasMessageContaining("needs a service gonogo started");
    }

    static Optional<String> none() {
        return Optional.empty();
    }
}
