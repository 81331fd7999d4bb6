package io.gonogo.runners.load.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.gonogo.core.Distribution;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Profile;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.config.TargetsParser;
import io.gonogo.core.json.Json;
import io.gonogo.runners.engine.EngineSettings;
import io.gonogo.runners.engine.SuitePlanner;
import io.gonogo.server.GovernanceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code suites.load} scenarios with {@code transport: grpc}, against the governance server's real
 * gRPC API.
 */
class GrpcLoadScenarioIT {

    static GovernanceServer server;

    @TempDir Path dir;

    @BeforeAll
    static void start() {
        server = GovernanceServer.builder().httpPort(0).grpcPort(0).build();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private String sut(boolean withToken) {
        return "{url: {base: \""
                + server.httpBaseUri()
                + "\", grpc: \""
                + server.grpcAddress()
                + "\""
                + (withToken ? ", token: \"" + server.operatorToken() + "\"" : "")
                + "}}";
    }

    private Path targets(String sut, String scenarios) throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: grpc load test}
                sut: %s
                suites:
                  load:
                    scenarios:
                %s
                """
                        .formatted(sut, scenarios.indent(6)));
        return f;
    }

    private static EngineExecutionResults run(Path targets) {
        return EngineTestKit.engine(EngineSettings.ENGINE_ID)
                .configurationParameter(EngineSettings.TARGETS, targets.toString())
                .configurationParameter(EngineSettings.PROGRESS, "false")
                .selectors(selectUniqueId("[engine:gonogo]"))
                .execute();
    }

    private static List<Measurement> measurements(EngineExecutionResults results, String scenario) {
        return results.allEvents()
                .reportingEntryPublished()
                .map(
                        e ->
                                e.getRequiredPayload(ReportEntry.class)
                                        .getKeyValuePairs()
                                        .get("gonogo.measurement"))
                .filter(java.util.Objects::nonNull)
                .map(json -> Json.readMeasurement(json, "test"))
                .filter(m -> scenario.equals(m.labels().get("scenario")))
                .toList();
    }

    /** Sums the server's Prometheus request counter for one gRPC operation. */
    private static double grpcCallsCountedByTheServer(String operation) {
        try {
            String text =
                    java.net.http.HttpClient.newHttpClient()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    server.httpBaseUri().resolve("/prometheus"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString())
                            .body();
            return text.lines()
                    .filter(
                            l ->
                                    l.startsWith("gonogo_server_requests_seconds_count{")
                                            && l.contains("operation=\"" + operation + "\"")
                                            && l.contains("transport=\"grpc\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static double errors(List<Measurement> ms, String kind) {
        return ms.stream()
                .filter(m -> m.metric().equals("errors") && kind.equals(m.labels().get("kind")))
                .mapToDouble(m -> ((Scalar) m.value()).value())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no errors{kind=" + kind + "}"));
    }

    @Test
    void grpcScenariosPublishTheLoadMetricsLabelledGrpcAndCarryTheToken() throws IOException {
        double healthBefore = grpcCallsCountedByTheServer("health");
        Path f =
                targets(
                        sut(true),
                        """
                        - {id: grpc-health, operation: health, transport: grpc, requests: 500, concurrency: 4, warmup: 100}
                        - {id: grpc-session, operation: create-session, transport: grpc, requests: 200, concurrency: 4,
                           warmup: 0, body: {operator: alice}}
                        - {id: grpc-sustained, operation: health, transport: grpc, rate: 200/s, duration: 1s,
                           concurrency: 8}
                        """);
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        List<Measurement> health = measurements(results, "grpc-health");
        Measurement latency =
                health.stream().filter(m -> m.metric().equals("latency")).findFirst().orElseThrow();
        assertThat(latency.labels())
                .containsEntry("transport", "grpc")
                .containsEntry("operation", "health")
                .containsEntry("model", "closed");
        assertThat(((Distribution) latency.value()).count()).isEqualTo(500);
        assertThat(errors(health, "grpc_UNAVAILABLE")).isZero();
        assertThat(errors(health, "grpc_UNAUTHENTICATED")).isZero();
        assertThat(errors(health, "connect")).isZero();
        assertThat(health.stream().filter(m -> m.metric().equals("errors")).count())
                .isEqualTo(3 + 16);

        List<Measurement> session = measurements(results, "grpc-session");
        assertThat(
                        session.stream()
                                .filter(m -> m.metric().equals("success_rate"))
                                .findFirst()
                                .orElseThrow()
                                .value())
                .isEqualTo(new Scalar(100.0));
        assertThat(session.stream().anyMatch(m -> m.metric().equals("connect_time")))
                .as("no warm-up: the 4 connections are timed apart")
                .isTrue();

        List<Measurement> open = measurements(results, "grpc-sustained");
        assertThat(
                        open.stream()
                                .filter(m -> m.metric().equals("latency"))
                                .findFirst()
                                .orElseThrow()
                                .labels())
                .containsEntry("model", "open");
        assertThat(
                        ((Distribution)
                                        open.stream()
                                                .filter(m -> m.metric().equals("latency"))
                                                .findFirst()
                                                .orElseThrow()
                                                .value())
                                .count())
                .isEqualTo(200);
        // the server's own count: warm-up and measured calls of both health scenarios, nothing lost
        // or added
        assertThat(grpcCallsCountedByTheServer("health") - healthBefore).isEqualTo(600 + 200);
    }

    @Test
    void aGeneratorBoundScenarioIsFlaggedWithItsReasonAndItsClientAndCostArePublished()
            throws IOException {
        // one event loop whose every busy moment counts: bounds this tight make the generator the
        // bottleneck of any run, which is what the flag must then say
        Path f =
                targets(
                        sut(true),
                        """
                        - {id: bound, operation: health, transport: grpc, rate: 2000/s, duration: 1s,
                           concurrency: 20, threads: 1, generator-bounds: {engine-busy: 0.1%}}
                        - {id: full-client, operation: health, transport: grpc, client: grpc-java,
                           requests: 200, concurrency: 2, warmup: 0}
                        - {id: multiplexed, operation: health, transport: grpc, streams-per-connection: 4,
                           requests: 200, concurrency: 8, warmup: 0}
                        """);
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        List<Measurement> multiplexed = measurements(results, "multiplexed");
        assertThat(multiplexed.stream().filter(m -> m.metric().equals("connect_time")).findFirst())
                .as("8 calls in flight over 2 connections")
                .hasValueSatisfying(
                        m -> assertThat(((Distribution) m.value()).count()).isEqualTo(2));
        assertThat(
                        multiplexed.stream()
                                .noneMatch(m -> m.metric().equals("generator_cpu_per_request")))
                .as("several calls per connection go through grpc-java's client")
                .isTrue();
        List<Measurement> bound = measurements(results, "bound");
        assertThat(bound.stream().filter(m -> m.metric().equals("latency")).findFirst())
                .hasValueSatisfying(m -> assertThat(m.quality()).contains(Quality.GENERATOR_BOUND));
        Measurement cost =
                bound.stream()
                        .filter(m -> m.metric().equals("generator_cpu_per_request"))
                        .findFirst()
                        .orElseThrow();
        assertThat(cost.labels()).containsEntry("client", "gonogo");
        assertThat(((Scalar) cost.value()).value()).isPositive();

        List<Measurement> full = measurements(results, "full-client");
        assertThat(full.stream().filter(m -> m.metric().equals("latency")).findFirst())
                .hasValueSatisfying(
                        m -> assertThat(((Distribution) m.value()).count()).isEqualTo(200));
        assertThat(full.stream().noneMatch(m -> m.metric().equals("generator_cpu_per_request")))
                .as("grpc-java's client does not measure its cost per call")
                .isTrue();
    }

    @Test
    void aGrpcErrorLandsInItsBucketAndFailsAScenarioWithoutSuccesses() throws IOException {
        Path f =
                targets(
                        sut(false),
                        """
                        - {id: no-token, operation: create-session, transport: grpc, requests: 100, concurrency: 2, warmup: 0}
                        """);
        EngineExecutionResults results = run(f);
        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("no-token"),
                                finishedWithFailure(
                                        message(
                                                m ->
                                                        m.contains("none of 100 calls succeeded")
                                                                && m.contains(
                                                                        "grpc_UNAUTHENTICATED"
                                                                                + " 100")))));
        List<Measurement> ms = measurements(results, "no-token");
        assertThat(errors(ms, "grpc_UNAUTHENTICATED")).isEqualTo(100);
        assertThat(errors(ms, "timeout")).isZero();
    }

    @Test
    void aGrpcMixSharesItsCallsByWeightAndPublishesEachOperationWithItsOwnStatusKinds()
            throws IOException {
        Path f =
                targets(
                        sut(true),
                        """
                        - id: grpc-mix
                          transport: grpc
                          requests: 1000
                          concurrency: 4
                          warmup: 0
                          mix:
                            - {operation: health, weight: 3}
                            - {name: absent, method: gonogo.governance.v1.Governance/GetDecision,
                               body: {decisionId: nope}, expect: NOT_FOUND}
                            - {name: absent-strict, method: gonogo.governance.v1.Governance/GetDecision,
                               body: {decisionId: nope}, weight: 1}
                        """);
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        List<Measurement> ms = measurements(results, "grpc-mix");
        java.util.function.BiFunction<String, String, Double> figure =
                (metric, op) ->
                        ms.stream()
                                .filter(
                                        m ->
                                                m.metric().equals(metric)
                                                        && op.equals(m.labels().get("operation")))
                                .map(
                                        m ->
                                                m.value() instanceof Distribution d
                                                        ? (double) d.count()
                                                        : ((Scalar) m.value()).value())
                                .findFirst()
                                .orElseThrow(() -> new AssertionError(metric + " of " + op));
        // weights 3:1:1 of 1,000 calls, in a fixed interleaved order
        assertThat(figure.apply("requests", "health")).isEqualTo(600);
        assertThat(figure.apply("requests", "absent")).isEqualTo(200);
        assertThat(figure.apply("requests", "absent-strict")).isEqualTo(200);
        assertThat(figure.apply("requests", "mixed")).isEqualTo(1000);
        assertThat(figure.apply("latency", "health")).isEqualTo(600);
        // NOT_FOUND is the expected answer of one, an error of the other
        assertThat(figure.apply("success_rate", "health")).isEqualTo(100);
        assertThat(figure.apply("success_rate", "absent")).isEqualTo(100);
        assertThat(figure.apply("success_rate", "absent-strict")).isZero();
        assertThat(figure.apply("success_rate", "mixed")).isEqualTo(80);
        java.util.function.BiFunction<String, String, Double> errors =
                (op, kind) ->
                        ms.stream()
                                .filter(
                                        m ->
                                                m.metric().equals("errors")
                                                        && op.equals(m.labels().get("operation"))
                                                        && kind.equals(m.labels().get("kind")))
                                .mapToDouble(m -> ((Scalar) m.value()).value())
                                .findFirst()
                                .orElseThrow(() -> new AssertionError(kind + " of " + op));
        assertThat(errors.apply("absent-strict", "grpc_NOT_FOUND")).isEqualTo(200);
        assertThat(errors.apply("absent", "grpc_NOT_FOUND")).isZero();
        assertThat(errors.apply("health", "grpc_NOT_FOUND")).isZero();
        assertThat(errors.apply("mixed", "grpc_NOT_FOUND")).isEqualTo(200);
    }

    @Test
    void anUnknownMethodFailsTheScenarioWithTheMethodsOfTheService() throws IOException {
        Path f =
                targets(
                        sut(true),
                        """
                        - {id: typo, operation: health, transport: grpc, method: gonogo.governance.v1.Governance/Helth,
                           requests: 10, concurrency: 1}
                        - {id: fine, operation: health, transport: grpc, requests: 10, concurrency: 1}
                        """);
        EngineExecutionResults results = run(f);
        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("typo"),
                                finishedWithFailure(
                                        message(
                                                m ->
                                                        m.startsWith(
                                                                "unknown gRPC method 'Helth' in"
                                                                    + " service"
                                                                    + " gonogo.governance.v1.Governance;"
                                                                    + " it has Health")))))
                .haveExactly(1, event(test("fine"), finishedSuccessfully()));
    }

    @Test
    void grpcKeysAreCheckedWithLineAndColumn() throws IOException {
        planFails(
                """
                - {id: a, operation: health, transport: grpc, path: /health, requests: 10, concurrency: 1}
                """,
                "'path' is for transport http",
                "targets.yaml:6:");
        planFails(
                """
                - {id: a, transport: grpc, method: Health, requests: 10, concurrency: 1}
                """,
                "'method' 'Health' is not a full gRPC method name",
                ":6:");
        planFails(
                """
                - {id: a, operation: approve-all, transport: grpc, requests: 10, concurrency: 1}
                """,
                "unknown operation 'approve-all' without a 'method' for transport grpc");
        planFails(
                """
                - {id: a, operation: health, transport: h2, requests: 10, concurrency: 1}
                """,
                "transport 'h2' is not supported by load scenarios; expected http or grpc");
        planFails(
                """
                - {id: a, operation: health, transport: grpc, requests: 10, concurrency: 1, deadline: 1s}
                """,
                "deadline");
        planFails(
                """
                - {id: a, operation: health, transport: grpc, client: netty, requests: 10, concurrency: 1}
                """,
                "'client' is 'netty'; expected gonogo or grpc-java",
                ":6:");
        planFails(
                """
                - {id: a, operation: health, client: grpc-java, requests: 10, concurrency: 1}
                """,
                "'client' is for transport grpc");
        planFails(
                """
                - {id: a, operation: health, streams-per-connection: 2, requests: 10, concurrency: 1}
                """,
                "'streams-per-connection' is for transport grpc");
        planFails(
                """
                - {id: a, transport: grpc, client: grpc-java, requests: 10, concurrency: 1,
                   mix: [{operation: health}]}
                """,
                "a grpc 'mix' runs on the gonogo client only");
        planFails(
                """
                - {id: a, transport: grpc, requests: 10, concurrency: 1,
                   mix: [{operation: health, expect: MAYBE}]}
                """,
                "'expect' has 'MAYBE'; expected gRPC status codes by name or number");
        planFails(
                """
                - {id: a, transport: grpc, requests: 10, concurrency: 1,
                   mix: [{name: x, path: /health}]}
                """,
                "'path' is for transport http; an operation of a grpc mix names its call");
        planFails(
                """
                - {id: a, transport: grpc, requests: 10, concurrency: 1, mix: [{name: x}]}
                """,
                "unknown operation 'x' without a 'method' for transport grpc");
        planFails(
                """
                - {id: a, operation: health, transport: grpc, streams-per-connection: 0, requests: 10,
                   concurrency: 1}
                """,
                "'streams-per-connection'");
    }

    @Test
    void aSutUrlChecksItsGrpcAddress() throws IOException {
        Path f =
                targets(
                        "{url: {base: \"http://127.0.0.1:1\", grpc: \"127.0.0.1\"}}",
                        """
                        - {id: a, operation: health, transport: grpc, requests: 10, concurrency: 1}
                        """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(f), Profile.QUICK)
                                        .specs())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'sut.url.grpc' is '127.0.0.1'; expected host:port");
    }

    private void planFails(String scenarios, String... messageParts) throws IOException {
        Path f = targets(sut(true), scenarios);
        var thrown =
                assertThatThrownBy(
                                () ->
                                        SuitePlanner.withServiceLoader()
                                                .plan(TargetsParser.parse(f), Profile.QUICK)
                                                .specs())
                        .isInstanceOf(InvalidInputException.class);
        for (String part : messageParts) {
            thrown.hasMessageContaining(part);
        }
    }
}
