package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.json.Json;
import io.gonogo.runners.engine.EngineSettings;
import io.gonogo.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A load scenario against {@code sut: {url: {base: https://..., tls: {...}}}}: the suite hands the
 * service's TLS settings, files relative to the targets file, to the HTTP engine.
 */
class HttpsLoadSuiteIT {

    @TempDir static Path dir;
    static TestCertificates.ServerClientOther certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.serverClientOther(Files.createDirectories(dir.resolve("certs")));
    }

    private static EngineExecutionResults run(String base, String tls) throws Exception {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: https load test}
                sut: {url: {base: "%s", tls: %s}}
                suites:
                  load:
                    scenarios:
                      - {id: secure, operation: health, requests: 300, concurrency: 3, warmup: 0}
                """
                        .formatted(base, tls));
        return EngineTestKit.engine(EngineSettings.ENGINE_ID)
                .configurationParameter(EngineSettings.TARGETS, f.toString())
                .configurationParameter(EngineSettings.PROGRESS, "false")
                .selectors(selectUniqueId("[engine:gonogo]"))
                .execute();
    }

    private static double metric(EngineExecutionResults results, String metric, String kind) {
        List<Measurement> ms =
                results.allEvents().reportingEntryPublished().stream()
                        .map(
                                e ->
                                        e.getPayload(ReportEntry.class)
                                                .orElseThrow()
                                                .getKeyValuePairs()
                                                .get("gonogo.measurement"))
                        .filter(Objects::nonNull)
                        .map(json -> Json.readMeasurement(json, "test"))
                        .filter(m -> m.metric().equals(metric))
                        .filter(m -> Objects.equals(kind, m.labels().get("kind")))
                        .toList();
        assertThat(ms).as(metric + " " + kind).isNotEmpty();
        return ms.stream().mapToDouble(m -> ((Scalar) m.value()).value()).sum();
    }

    @Test
    void theScenarioRunsOverTlsWithTheCaOfTheTargetsFile() throws Exception {
        try (TestHttpServer server = TestHttpServer.startTls(certs.serverContext(false), false)) {
            EngineExecutionResults results =
                    run(server.uri("").toString(), "{ca: certs/server.crt}");
            results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
            assertThat(metric(results, "requests", null)).isEqualTo(300);
            assertThat(metric(results, "errors", "tls")).isZero();
            assertThat(server.requests()).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void anUntrustedServerFailsTheScenarioWithTlsErrors() throws Exception {
        try (TestHttpServer server = TestHttpServer.startTls(certs.serverContext(false), false)) {
            EngineExecutionResults results =
                    run(server.uri("").toString(), "{ca: certs/other.crt}");
            results.testEvents().assertStatistics(s -> s.started(1).failed(1));
            assertThat(metric(results, "errors", "tls")).isPositive();
            assertThat(server.requests()).isZero();
        }
    }
}
