package io.gonogo.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import io.gonogo.core.Distribution;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Profile;
import io.gonogo.core.Scalar;
import io.gonogo.core.config.TargetsParser;
import io.gonogo.core.json.Json;
import io.gonogo.server.GovernanceServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The keys of {@code suites.load} beyond the spine's: duration, rate, body, headers, operations,
 * token.
 */
class LoadScenarioSettingsIT {

    @TempDir Path dir;

    GovernanceServer server;

    @BeforeEach
    void start() {
        server = GovernanceServer.builder().httpPort(0).build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String sutWithToken() {
        return "{url: {base: \""
                + server.httpBaseUri()
                + "\", token: \""
                + server.operatorToken()
                + "\"}}";
    }

    private String sut() {
        return "{url: \"" + server.httpBaseUri() + "\"}";
    }

    private Path targets(String sut, String scenarios) throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: load settings test}
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

    private static List<String> entries(EngineExecutionResults results) {
        return results.allEvents()
                .reportingEntryPublished()
                .map(
                        e ->
                                e.getRequiredPayload(ReportEntry.class)
                                        .getKeyValuePairs()
                                        .get("gonogo.measurement"))
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    private static List<Measurement> measurements(EngineExecutionResults results, String scenario) {
        return entries(results).stream()
                .map(json -> Json.readMeasurement(json, "test"))
                .filter(m -> scenario.equals(m.labels().get("scenario")))
                .toList();
    }

    private static Measurement metric(List<Measurement> ms, String metric) {
        return ms.stream()
                .filter(m -> m.metric().equals(metric) && !m.labels().containsKey("kind"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " among " + ms));
    }

    private static double scalar(List<Measurement> ms, String metric) {
        return ((Scalar) metric(ms, metric).value()).value();
    }

    private static double errors(List<Measurement> ms, String kind) {
        return ms.stream()
                .filter(m -> m.metric().equals("errors") && kind.equals(m.labels().get("kind")))
                .mapToDouble(m -> ((Scalar) m.value()).value())
                .sum();
    }

    private void planFails(String scenarios, String... messageParts) throws IOException {
        Path f = targets(sut(), scenarios);
        var thrown =
                assertThatThrownBy(
                                () ->
                                        SuitePlanner.withServiceLoader()
                                                .plan(TargetsParser.parse(f), Profile.QUICK))
                        .isInstanceOf(InvalidInputException.class);
        for (String part : messageParts) {
            thrown.hasMessageContaining(part);
        }
    }

    private long decisions() throws Exception {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(server.httpBaseUri() + "/decisions"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        return tree.findValues("total").stream().mapToLong(n -> n.asLong()).max().orElse(-1);
    }

    @Test
    void durationRunsTheClosedModelForThatLong() throws IOException {
        Path f =
                targets(
                        sut(),
                        "- {id: timed, operation: health, duration: 1s, concurrency: 2, warmup:"
                                + " 20}");
        long t0 = System.nanoTime();
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat((System.nanoTime() - t0) / 1e9).isBetween(0.9, 20.0);
        List<Measurement> ms = measurements(results, "timed");
        assertThat(metric(ms, "latency").labels()).containsEntry("model", "closed");
        assertThat(scalar(ms, "requests")).isPositive();
        assertThat(((Distribution) metric(ms, "latency").value()).count())
                .isEqualTo((long) scalar(ms, "requests"));
    }

    @Test
    void rateRunsTheOpenModelAtThatRate() throws IOException {
        Path f =
                targets(
                        sut(),
                        "- {id: steady, duration: 2s, rate: 200/s, concurrency: 4, warmup: 0}");
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        List<Measurement> ms = measurements(results, "steady");
        assertThat(metric(ms, "latency").labels()).containsEntry("model", "open");
        assertThat(scalar(ms, "requests")).isEqualTo(400);
        assertThat(scalar(ms, "throughput")).isBetween(150.0, 250.0);
        assertThat(scalar(ms, "success_rate")).isEqualTo(100.0);
    }

    @Test
    void createSessionCarriesTheTokenAndItsDefaultBody() throws IOException {
        Path f =
                targets(
                        sutWithToken(),
                        "- {id: sessions, operation: create-session, requests: 50, concurrency:"
                                + " 2}");
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        List<Measurement> ms = measurements(results, "sessions");
        assertThat(scalar(ms, "success_rate")).isEqualTo(100.0);
        assertThat(metric(ms, "latency").labels()).containsEntry("operation", "create-session");
        assertThat(entries(results)).noneMatch(e -> e.contains(server.operatorToken()));
    }

    @Test
    void withoutTheTokenMutatingRequestsAre401AndTheScenarioFails() throws IOException {
        Path f =
                targets(
                        sut(),
                        "- {id: denied, operation: create-session, requests: 20, concurrency: 1,"
                                + " warmup: 0}");
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertThat(errors(measurements(results, "denied"), "http_4xx")).isEqualTo(20);
    }

    @Test
    void submitDecisionCreatesDecisionsWithTheDefaultBody() throws Exception {
        Path f =
                targets(
                        sutWithToken(),
                        "- {id: submit, operation: submit-decision, requests: 30, concurrency: 2,"
                                + " warmup: 0}");
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(scalar(measurements(results, "submit"), "success_rate")).isEqualTo(100.0);
        assertThat(decisions()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void readOperationsMapToTheirPaths() throws IOException {
        Path f =
                targets(
                        sut(),
                        """
                        - {id: list, operation: list-decisions, requests: 30, concurrency: 2, warmup: 0}
                        - {id: metrics, operation: metrics, requests: 30, concurrency: 2, warmup: 0}
                        """);
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(scalar(measurements(results, "list"), "success_rate")).isEqualTo(100.0);
        assertThat(scalar(measurements(results, "metrics"), "success_rate")).isEqualTo(100.0);
    }

    @Test
    void bodyAsMappingOrJsonTextAndHeadersAreSent() throws IOException {
        Path f =
                targets(
                        sutWithToken(),
                        """
                        - id: mapped
                          operation: create-session
                          requests: 10
                          concurrency: 1
                          body: {operator: alice}
                          headers: {X-Trace: load-test}
                        - id: texted
                          operation: submit-decision
                          requests: 10
                          concurrency: 1
                          body: '{"title":"t","riskLevel":"HIGH","context":{"a":"b"}}'
                        - id: rejected
                          operation: submit-decision
                          requests: 10
                          concurrency: 1
                          warmup: 0
                          body: {title: t, riskLevel: NOT_A_LEVEL}
                        """);
        EngineExecutionResults results = run(f);
        assertThat(scalar(measurements(results, "mapped"), "success_rate")).isEqualTo(100.0);
        assertThat(scalar(measurements(results, "texted"), "success_rate")).isEqualTo(100.0);
        assertThat(errors(measurements(results, "rejected"), "http_4xx")).isEqualTo(10);
    }

    @Test
    void rampToRampsTheOpenModelOnTwoThreadsAndItsIntervalLogAddsUpToTheLatency()
            throws IOException {
        Path f =
                targets(
                        sut(),
                        "- {id: ramp, duration: 2s, rate: 100/s, ramp-to: 300/s, concurrency: 4,"
                                + " threads: 2, warmup: 0}");
        Path outputs = Files.createDirectories(dir.resolve("outputs"));
        EngineExecutionResults results =
                EngineTestKit.engine(EngineSettings.ENGINE_ID)
                        .configurationParameter(EngineSettings.TARGETS, f.toString())
                        .configurationParameter(EngineSettings.PROGRESS, "false")
                        .outputDirectoryCreator(
                                new org.junit.platform.engine.OutputDirectoryCreator() {
                                    @Override
                                    public Path getRootDirectory() {
                                        return outputs;
                                    }

                                    @Override
                                    public Path createOutputDirectory(
                                            org.junit.platform.engine.TestDescriptor d)
                                            throws IOException {
                                        return Files.createDirectories(
                                                outputs.resolve(
                                                        Integer.toHexString(
                                                                d.getUniqueId().hashCode())));
                                    }
                                })
                        .selectors(selectUniqueId("[engine:gonogo]"))
                        .execute();
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        List<Measurement> ms = measurements(results, "ramp");
        assertThat(metric(ms, "latency").labels()).containsEntry("model", "open");
        assertThat(scalar(ms, "requests")).as("(100 + 300) / 2 * 2 s").isEqualTo(400);
        Path log =
                results.allEvents()
                        .filter(
                                e ->
                                        e.getType()
                                                == org.junit.platform.testkit.engine.EventType
                                                        .FILE_ENTRY_PUBLISHED)
                        .map(
                                e ->
                                        e.getRequiredPayload(
                                                        org.junit.platform.engine.reporting
                                                                .FileEntry.class)
                                                .getPath())
                        .findFirst()
                        .orElseThrow();
        assertThat(log.getFileName()).hasToString("latency.hlog");
        org.HdrHistogram.Histogram sum = new org.HdrHistogram.Histogram(3);
        org.HdrHistogram.HistogramLogReader reader =
                new org.HdrHistogram.HistogramLogReader(log.toFile());
        int intervals = 0;
        org.HdrHistogram.EncodableHistogram e;
        while ((e = reader.nextIntervalHistogram()) != null) {
            assertThat(e.getTag()).isEqualTo("ramp");
            sum.add((org.HdrHistogram.Histogram) e);
            intervals++;
        }
        Distribution latency = (Distribution) metric(ms, "latency").value();
        assertThat(intervals).as("1 s intervals of two engine threads").isGreaterThanOrEqualTo(3);
        assertThat(sum.getTotalCount()).isEqualTo(latency.count()).isEqualTo(400);
        assertThat(sum.getValueAtPercentile(99))
                .isEqualTo(latency.decode().getValueAtPercentile(99));
    }

    @Test
    void aRunBeyondItsGeneratorBoundsIsFlaggedAndSaysWhy() throws IOException {
        // a closed run at full speed keeps its selector busy well above 1% of the time; the calm
        // run keeps the default busy bound, and lifts the GC bounds: the server under test runs in
        // this JVM, and on a loaded machine its collections alone can pass 5% of a second
        Path f =
                targets(
                        sut(),
                        "- {id: busy, duration: 1s, concurrency: 2, warmup: 0, generator-bounds:"
                                + " {engine-busy: 1%}}\n"
                                + "- {id: calm, duration: 1s, concurrency: 2, warmup: 0,"
                                + " generator-bounds: {gc-pause-share: 100%, gc-pause: 1h}}");
        EngineExecutionResults results =
                EngineTestKit.engine(EngineSettings.ENGINE_ID)
                        .configurationParameter(EngineSettings.TARGETS, f.toString())
                        .configurationParameter(EngineSettings.PROGRESS, "false")
                        .selectors(selectUniqueId("[engine:gonogo]"))
                        .execute();
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        List<Measurement> busy = measurements(results, "busy");
        assertThat(busy)
                .isNotEmpty()
                .allSatisfy(
                        m ->
                                assertThat(m.quality())
                                        .contains(io.gonogo.core.Quality.GENERATOR_BOUND));
        List<Measurement> calm = measurements(results, "calm");
        assertThat(calm)
                .isNotEmpty()
                .allSatisfy(
                        m ->
                                assertThat(m.quality())
                                        .doesNotContain(io.gonogo.core.Quality.GENERATOR_BOUND));
    }

    @Test
    void rampThreadsAndBoundsAreCheckedWithPositions() throws IOException {
        planFails(
                "- {id: a, duration: 1s, ramp-to: 100/s, concurrency: 1}",
                ":6:",
                "'ramp-to' needs 'rate'");
        planFails(
                "- {id: a, duration: 1s, rate: 10/s, ramp-to: 0/s, concurrency: 1}",
                "'ramp-to'",
                "above 0");
        planFails(
                "- {id: a, duration: 1s, concurrency: 2, threads: 3}",
                "'threads' is 3, more than 'concurrency' 2");
        planFails("- {id: a, duration: 1s, concurrency: 2, threads: 0}", "'threads'");
        planFails(
                "- {id: a, duration: 1s, concurrency: 1, generator-bounds: {engine-busy: 150%}}",
                "'engine-busy'", "to 100%");
        planFails(
                "- {id: a, duration: 1s, concurrency: 1, generator-bounds: {send-lag: 10ms}}",
                "send-lag");
        planFails(
                "- {id: a, duration: 1s, concurrency: 1, generator-bounds: {gc-pause: 5%}}",
                "'gc-pause'", "a duration");
    }

    @Test
    void aMixPublishesEachOperationAndTheWholeAndSendsEachItsShare() throws Exception {
        long before = decisions();
        Path f =
                targets(
                        sutWithToken(),
                        """
                        - id: mixed
                          requests: 500
                          concurrency: 5
                          warmup: 0
                          mix:
                            - {operation: health, weight: 3}
                            - {operation: list-decisions, weight: 1}
                            - {name: submit, operation: submit-decision, weight: 1, expect: [200-201, 409], timeout: 5s}
                        """);
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        List<Measurement> ms = measurements(results, "mixed");
        java.util.function.Function<String, List<Measurement>> byOp =
                op -> ms.stream().filter(m -> op.equals(m.labels().get("operation"))).toList();
        assertThat(scalar(byOp.apply("mixed"), "requests")).isEqualTo(500);
        assertThat(scalar(byOp.apply("health"), "requests")).isEqualTo(300);
        assertThat(scalar(byOp.apply("list-decisions"), "requests")).isEqualTo(100);
        assertThat(scalar(byOp.apply("submit"), "requests")).isEqualTo(100);
        assertThat(scalar(byOp.apply("submit"), "success_rate"))
                .as("with the token")
                .isEqualTo(100.0);
        assertThat(((Distribution) metric(byOp.apply("health"), "latency").value()).count())
                .isEqualTo(300);
        assertThat(((Distribution) metric(byOp.apply("mixed"), "latency").value()).count())
                .isEqualTo(500);
        assertThat(errors(byOp.apply("submit"), "http_4xx")).isZero();
        assertThat(decisions() - before).as("each submit created one decision").isEqualTo(100);
    }

    @Test
    void mixEntriesAreCheckedWithPositions() throws IOException {
        planFails("- {id: a, requests: 1, concurrency: 1, mix: []}", "'mix' is empty");
        planFails(
                "- {id: a, requests: 1, concurrency: 1, path: /x, mix: [{operation: health}]}",
                "'path' belongs to each operation of 'mix'");
        planFails(
                "- {id: a, requests: 1, concurrency: 1, mix: [{operation: nope}]}",
                "unknown operation 'nope'");
        planFails(
                "- {id: a, requests: 1, concurrency: 1, mix: [{operation: health}, {operation:"
                        + " health}]}",
                "twice in 'mix'");
        planFails(
                "- {id: a, requests: 1, concurrency: 1, mix: [{operation: health, expect: 2xx}]}",
                "'expect'",
                "such as 200-299");
        planFails(
                "- {id: a, requests: 1, concurrency: 1, mix: [{operation: health, weight: 0}]}",
                "'weight'");
        planFails(
                "- {id: a, requests: 1, concurrency: 1, mix: [{operation: health, color: red}]}",
                "color");
    }

    @Test
    void requestsAndDurationAreExclusiveAndOneIsRequired() throws IOException {
        planFails(
                "- {id: a, requests: 10, duration: 5s, concurrency: 1}",
                ":6:",
                "either 'requests' or 'duration'");
        planFails("- {id: a, concurrency: 1}", "missing 'requests' or 'duration'");
        planFails("- {id: a, duration: 0s, concurrency: 1}", "'duration'", "from 1ms to 24h");
        planFails("- {id: a, duration: 10, concurrency: 1}", "'duration'");
    }

    @Test
    void rateNeedsADurationAndAPositiveRate() throws IOException {
        planFails(
                "- {id: a, requests: 10, rate: 100/s, concurrency: 1}", "'rate' needs 'duration'");
        planFails("- {id: a, duration: 1s, rate: -1/s, concurrency: 1}", "'rate'", "above 0");
        planFails(
                "- {id: a, duration: 1s, rate: 10ms, concurrency: 1}", "'rate'", "such as 1000/s");
        planFails("- {id: a, duration: 1s, rate: 0/s, concurrency: 1}", "'rate'");
    }

    @Test
    void badBodiesAndHeadersAreErrorsWithPositions() throws IOException {
        planFails(
                "- {id: a, requests: 1, concurrency: 1, body: 'not json'}",
                ":6:",
                "'body' is text but not JSON");
        planFails(
                "- {id: a, requests: 1, concurrency: 1, headers: {Authorization: x}}",
                "Authorization");
        planFails(
                "- {id: a, requests: 1, concurrency: 1, headers: {'Bad Name': x}}",
                "'headers'",
                "token");
        planFails("- {id: a, requests: 1, concurrency: 1, headers: [x]}", "'headers'");
        planFails(
                "- {id: a, requests: 1, concurrency: 1, hedaers: {X: y}}",
                ":6:",
                "unknown key 'hedaers'");
    }

    @Test
    void profilesOverlayTheNewKeys() throws IOException {
        Path f =
                targets(
                        sut(),
                        """
                        - id: s
                          duration: 10s
                          rate: 1000/s
                          concurrency: 8
                          profiles: {full: {duration: 30s}}
                        """);
        var quick = SuitePlanner.withServiceLoader().plan(TargetsParser.parse(f), Profile.QUICK);
        var full = SuitePlanner.withServiceLoader().plan(TargetsParser.parse(f), Profile.FULL);
        assertThat(quick.get(0).displayName()).contains("1,000/s").contains("10s");
        assertThat(full.get(0).displayName()).contains("30s");
        assertThat(quick.get(0).planned().labels()).containsEntry("model", "open");
    }

    @Test
    void urlTokenFromAMissingEnvironmentVariableIsAnError() throws IOException {
        Path f =
                targets(
                        "{url: {base: \""
                                + server.httpBaseUri()
                                + "\", token: \"${env:GONOGO_SURELY_UNSET_42}\"}}",
                        "- {id: a, requests: 1, concurrency: 1}");
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(f), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("GONOGO_SURELY_UNSET_42")
                .hasMessageContaining("not set");
        Path g =
                targets(
                        "{url: {base: \"" + server.httpBaseUri() + "\", tokn: x}}",
                        "- {id: a, requests: 1, concurrency: 1}");
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(g), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown key 'tokn'");
    }

    @Test
    void unknownOperationWithoutPathListsTheKnownOnes() throws IOException {
        planFails(
                "- {id: a, operation: frobnicate, requests: 1, concurrency: 1}",
                "create-session",
                "submit-decision",
                "list-decisions",
                "metrics");
    }
}
