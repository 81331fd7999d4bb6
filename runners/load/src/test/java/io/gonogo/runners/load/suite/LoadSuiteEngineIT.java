package io.gonogo.runners.load.suite;

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
import io.gonogo.runners.engine.EngineSettings;
import io.gonogo.runners.engine.SuitePlanner;
import io.gonogo.server.GovernanceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

class LoadSuiteEngineIT {

    @TempDir Path dir;

    private Path targets(String sut, String scenarios) throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: engine test}
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

    private static Measurement metric(List<Measurement> ms, String metric) {
        return ms.stream()
                .filter(m -> m.metric().equals(metric) && !m.labels().containsKey("kind"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " among " + ms));
    }

    @Test
    void discoversOneContainerPerSuiteAndOneTestPerScenario() throws IOException {
        Path f =
                targets(
                        "{url: \"http://127.0.0.1:1\"}",
                        """
                        - {id: a, requests: 10, concurrency: 1}
                        - {id: b, requests: 10, concurrency: 1}
                        """);
        TestDescriptor root =
                EngineTestKit.engine(EngineSettings.ENGINE_ID)
                        .configurationParameter(EngineSettings.TARGETS, f.toString())
                        .selectors(selectUniqueId("[engine:gonogo]"))
                        .discover()
                        .getEngineDescriptor();
        assertThat(root.getChildren()).hasSize(1);
        TestDescriptor suite = root.getChildren().iterator().next();
        assertThat(suite.getUniqueId().toString()).isEqualTo("[engine:gonogo]/[suite:load]");
        assertThat(suite.isContainer()).isTrue();
        assertThat(suite.getChildren())
                .extracting(d -> d.getUniqueId().toString())
                .containsExactly(
                        "[engine:gonogo]/[suite:load]/[scenario:a]",
                        "[engine:gonogo]/[suite:load]/[scenario:b]");
        assertThat(suite.getChildren()).allMatch(TestDescriptor::isTest);
    }

    @Test
    void selectingOneScenarioByUniqueIdDiscoversOnlyThatScenario() throws IOException {
        Path f =
                targets(
                        "{url: \"http://127.0.0.1:1\"}",
                        """
                        - {id: a, requests: 10, concurrency: 1}
                        - {id: b, requests: 10, concurrency: 1}
                        """);
        TestDescriptor root =
                EngineTestKit.engine(EngineSettings.ENGINE_ID)
                        .configurationParameter(EngineSettings.TARGETS, f.toString())
                        .selectors(selectUniqueId("[engine:gonogo]/[suite:load]/[scenario:b]"))
                        .discover()
                        .getEngineDescriptor();
        assertThat(root.getDescendants())
                .filteredOn(TestDescriptor::isTest)
                .extracting(d -> d.getUniqueId().toString())
                .containsExactly("[engine:gonogo]/[suite:load]/[scenario:b]");
    }

    @Test
    void publishedSampleCountsEqualConfiguredRequestsAndServerCountsWarmUpToo() throws IOException {
        try (GovernanceServer server = GovernanceServer.builder().httpPort(0).build()) {
            server.start();
            Path f =
                    targets(
                            "{url: \"" + server.httpBaseUri() + "\"}",
                            """
                            - {id: small, requests: 300, concurrency: 3, warmup: 50}
                            - {id: large, requests: 2000, concurrency: 20, warmup: 150}
                            """);
            EngineExecutionResults results = run(f);
            results.testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));

            Measurement small = metric(measurements(results, "small"), "latency");
            Measurement large = metric(measurements(results, "large"), "latency");
            assertThat(((Distribution) small.value()).count()).isEqualTo(300);
            assertThat(((Distribution) large.value()).decode().getTotalCount()).isEqualTo(2000);
            assertThat(small.labels())
                    .containsEntry("suite", "load")
                    .containsEntry("scenario", "small")
                    .containsEntry("operation", "health")
                    .containsEntry("transport", "http")
                    .containsEntry("model", "closed");
            assertThat(small.unit().symbol()).isEqualTo("us");
            assertThat(server.handledRequests()).isEqualTo(300 + 50 + 2000 + 150);
            Measurement rate = metric(measurements(results, "large"), "success_rate");
            assertThat(((Scalar) rate.value()).value()).isEqualTo(100.0);
            assertThat(
                            ((Scalar) metric(measurements(results, "large"), "requests").value())
                                    .value())
                    .isEqualTo(2000);
            assertThat(
                            ((Scalar) metric(measurements(results, "large"), "throughput").value())
                                    .value())
                    .isPositive();
        }
    }

    @Test
    void attachesTheLatencyHistogramLogAsAFileEntry() throws IOException {
        try (GovernanceServer server = GovernanceServer.builder().httpPort(0).build()) {
            server.start();
            Path f =
                    targets(
                            "{url: \"" + server.httpBaseUri() + "\"}",
                            "- {id: logged, requests: 100, concurrency: 2}");
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
                                        public Path createOutputDirectory(TestDescriptor d)
                                                throws IOException {
                                            return Files.createDirectories(
                                                    outputs.resolve(
                                                            Integer.toHexString(
                                                                    d.getUniqueId().hashCode())));
                                        }
                                    })
                            .selectors(selectUniqueId("[engine:gonogo]"))
                            .execute();
            List<Event> files =
                    results.allEvents()
                            .filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED)
                            .toList();
            assertThat(files).hasSize(1);
            Path log =
                    files.get(0)
                            .getRequiredPayload(org.junit.platform.engine.reporting.FileEntry.class)
                            .getPath();
            assertThat(log.getFileName().toString()).isEqualTo("latency.hlog");
            assertThat(log).startsWith(outputs);
            assertThat(Files.readString(log)).contains("#[StartTime:");
        }
    }

    @Test
    void stoppingTheServerMidScenarioFailsThatScenario() throws IOException {
        GovernanceServer server = GovernanceServer.builder().httpPort(0).build();
        server.start();
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        try {
            Path f =
                    targets(
                            "{url: \"" + server.httpBaseUri() + "\"}",
                            "- {id: doomed, requests: 5000000, concurrency: 4, warmup: 0, timeout:"
                                    + " 2s}");
            killer.schedule(server::stop, 700, TimeUnit.MILLISECONDS);
            EngineExecutionResults results = run(f);
            results.testEvents().assertStatistics(s -> s.started(1).failed(1));
            Throwable why =
                    results.testEvents()
                            .failed()
                            .list()
                            .get(0)
                            .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
                            .getThrowable()
                            .orElseThrow();
            assertThat(why.getMessage()).containsAnyOf("stopped answering", "target lost");
        } finally {
            killer.shutdownNow();
            server.stop();
        }
    }

    @Test
    void aServiceThatCannotBeReachedFailsTheScenarioQuickly() throws IOException {
        Path f =
                targets(
                        "{url: \"http://127.0.0.1:1\"}",
                        "- {id: nobody, requests: 1000, concurrency: 2}");
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
    }

    @Test
    void embeddedServiceStartsAsAChildJvmAndIsStoppedAfterTheRun() throws IOException {
        Path f = targets("embedded", "- {id: child, requests: 200, concurrency: 4, warmup: 20}");
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        Measurement latency = metric(measurements(results, "child"), "latency");
        assertThat(((Distribution) latency.value()).count()).isEqualTo(200);
        assertThat(
                        ProcessHandle.current()
                                .children()
                                .filter(
                                        p ->
                                                p.info()
                                                        .commandLine()
                                                        .orElse("")
                                                        .contains("GovernanceServerMain"))
                                .filter(ProcessHandle::isAlive))
                .isEmpty();
    }

    @Test
    void unknownScenarioKeyIsReportedWithLineAndColumn() throws IOException {
        Path f =
                targets(
                        "embedded",
                        """
                        - id: a
                          requests: 10
                          concurency: 5
                        """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(f), Profile.QUICK)
                                        .specs())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f + ":8:9: unknown key 'concurency'")
                .hasMessageContaining("concurrency");
    }

    @Test
    void profileOverlayReplacesBaseValues() throws IOException {
        Path f =
                targets(
                        "embedded",
                        """
                        - id: a
                          requests: 10
                          concurrency: 1
                          profiles: {full: {requests: 99}}
                        """);
        var quick =
                SuitePlanner.withServiceLoader()
                        .plan(TargetsParser.parse(f), Profile.QUICK)
                        .specs();
        var full =
                SuitePlanner.withServiceLoader().plan(TargetsParser.parse(f), Profile.FULL).specs();
        assertThat(quick.get(0).displayName()).contains("10 at");
        assertThat(full.get(0).displayName()).contains("99 at");
    }

    @Test
    void unknownSuiteKindIsAnError() throws IOException {
        Path f = dir.resolve("t.yaml");
        Files.writeString(
                f,
                """
                release: {name: x}
                sut: embedded
                suites:
                  lod: {scenarios: []}
                """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(f), Profile.QUICK)
                                        .specs())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown suite kind 'lod'")
                .hasMessageContaining("load");
    }
}
