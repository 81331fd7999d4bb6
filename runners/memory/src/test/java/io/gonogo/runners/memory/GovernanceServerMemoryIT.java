package io.gonogo.runners.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import io.gonogo.core.Measurement;
import io.gonogo.core.json.Json;
import io.gonogo.runners.engine.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventType;

/**
 * The memory suite through gonogo's own engine against the embedded governance server (a child
 * JVM): found by ServiceLoader, sampled over JMX, profiled with JFR through the DiagnosticCommand
 * MBean, with the recording, its summary and the flame graph attached as file entries.
 */
class GovernanceServerMemoryIT {

    @TempDir Path dir;

    @Test
    void profiledScenarioAgainstTheEmbeddedServerAttachesTheRecordingSummaryAndFlameGraph()
            throws Exception {
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(
                targets,
                """
                release: {name: memory engine test}
                sut: embedded
                suites:
                  memory:
                    scenarios:
                      - id: profiled
                        operation: list-decisions
                        duration: 4s
                        concurrency: 4
                        warmup: 2000
                        interval: 250ms
                        linger: 1s
                        profile: jfr
                """);
        EngineExecutionResults results = run(targets);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        List<Measurement> ms =
                results.allEvents()
                        .reportingEntryPublished()
                        .map(
                                e ->
                                        e.getRequiredPayload(ReportEntry.class)
                                                .getKeyValuePairs()
                                                .get("gonogo.measurement"))
                        .filter(java.util.Objects::nonNull)
                        .map(json -> Json.readMeasurement(json, "test"))
                        .toList();
        Measurement slope =
                ms.stream().filter(m -> m.metric().equals("heap_slope")).findFirst().orElseThrow();
        assertThat(slope.labels())
                .containsEntry("source", "jmx")
                .containsEntry("scenario", "profiled");
        assertThat(slope.interval().method()).isEqualTo("ols-slope");
        assertThat(ms)
                .anyMatch(
                        m ->
                                m.metric().equals("jfr_hot_method")
                                        && "1".equals(m.labels().get("rank"))
                                        && m.labels().get("method").contains(".")
                                        && "service".equals(m.labels().get("profiled")));
        assertThat(ms).anyMatch(m -> m.metric().equals("jfr_alloc_site"));
        List<Path> files =
                results.allEvents()
                        .filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED)
                        .map(e -> e.getRequiredPayload(FileEntry.class).getPath())
                        .toList();
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .contains("samples.csv", "recording.jfr", "jfr-summary.txt", "flamegraph.svg");
        Path svg =
                files.stream()
                        .filter(p -> p.getFileName().toString().equals("flamegraph.svg"))
                        .findFirst()
                        .orElseThrow();
        String text = Files.readString(svg);
        assertThat(text)
                .startsWith("<?xml")
                .contains("<svg")
                .contains("<title>")
                .endsWith("</svg>\n");
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(svg.toFile());
        Path jfr =
                files.stream()
                        .filter(p -> p.getFileName().toString().equals("recording.jfr"))
                        .findFirst()
                        .orElseThrow();
        assertThat(RecordingFile.readAllEvents(jfr))
                .anyMatch(e -> e.getEventType().getName().equals("jdk.ExecutionSample"));
    }

    @Test
    void grpcWorkloadDrivesTheSampledServiceOverItsGrpcAddress() throws Exception {
        Path targets = dir.resolve("grpc.yaml");
        Files.writeString(
                targets,
                """
                release: {name: memory over grpc}
                sut: embedded
                suites:
                  memory:
                    scenarios:
                      - id: grpc-reads
                        transport: grpc
                        operation: list-decisions
                        duration: 3s
                        concurrency: 2
                        warmup: 500
                        interval: 250ms
                        linger: 500ms
                """);
        EngineExecutionResults results = run(targets);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        List<Measurement> ms = measurements(results);
        Measurement ops =
                ms.stream().filter(m -> m.metric().equals("operations")).findFirst().orElseThrow();
        assertThat(ops.labels()).containsEntry("transport", "grpc");
        Measurement rate =
                ms.stream().filter(m -> m.metric().equals("throughput")).findFirst().orElseThrow();
        assertThat(((io.gonogo.core.Scalar) rate.value()).value()).isGreaterThan(50);
        assertThat(ms).anyMatch(m -> m.metric().equals("heap_slope"));
    }

    private static List<Measurement> measurements(EngineExecutionResults results) {
        return results.allEvents()
                .reportingEntryPublished()
                .map(
                        e ->
                                e.getRequiredPayload(ReportEntry.class)
                                        .getKeyValuePairs()
                                        .get("gonogo.measurement"))
                .filter(java.util.Objects::nonNull)
                .map(json -> Json.readMeasurement(json, "test"))
                .toList();
    }

    private EngineExecutionResults run(Path targets) throws java.io.IOException {
        Path outputs = Files.createDirectories(dir.resolve("outputs"));
        EngineExecutionResults results =
                EngineTestKit.engine(EngineSettings.ENGINE_ID)
                        .configurationParameter(EngineSettings.TARGETS, targets.toString())
                        .configurationParameter(EngineSettings.PROGRESS, "false")
                        .outputDirectoryCreator(
                                new org.junit.platform.engine.OutputDirectoryCreator() {
                                    @Override
                                    public Path getRootDirectory() {
                                        return outputs;
                                    }

                                    @Override
                                    public Path createOutputDirectory(TestDescriptor d)
                                            throws java.io.IOException {
                                        return Files.createDirectories(
                                                outputs.resolve(
                                                        Integer.toHexString(
                                                                d.getUniqueId().hashCode())));
                                    }
                                })
                        .selectors(selectUniqueId("[engine:gonogo]"))
                        .execute();
        return results;
    }
}
