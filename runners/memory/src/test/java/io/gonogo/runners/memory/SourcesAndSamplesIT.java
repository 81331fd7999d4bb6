package io.gonogo.runners.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Quality;
import io.gonogo.core.Verdict;
import io.gonogo.runners.memory.fixture.LeakyServer;
import io.gonogo.runners.spi.SutEndpoint;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unreachable metrics endpoint or a missing metric is named and its targets are NOT MEASURED;
 * too few samples for a slope is INCONCLUSIVE, never a pass. Also: the Prometheus source finds a
 * thread leak under Micrometer's names.
 */
class SourcesAndSamplesIT {

    @TempDir Path dir;

    @Test
    void unreachableMetricsEndpointFailsTheScenarioAndLeavesEveryTargetNotMeasured()
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Scenarios.Run r =
                Scenarios.run(
                        """
                        - id: gone
                          requests: 10
                          source: prometheus
                        """,
                        new SutEndpoint(URI.create("http://127.0.0.1:" + port), "", ""),
                        Optional.empty(),
                        dir);
        assertThat(r.failure())
                .hasValueSatisfying(
                        f ->
                                assertThat(f.getMessage())
                                        .contains("http://127.0.0.1:" + port + "/prometheus")
                                        .contains("unreachable"));
        assertThat(r.verdicts()).isNotEmpty();
        r.verdicts()
                .values()
                .forEach(
                        v -> {
                            assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED);
                            assertThat(v.reason()).contains("unreachable");
                        });
    }

    @Test
    void endpointLackingAMetricNamesItAndItsTargetsAreNotMeasured() throws Exception {
        try (ChildService svc = ChildService.start(LeakyServer.class.getName(), "none")) {
            // the fixture's endpoint has no jvm_gc_live_data_size_bytes (Micrometer's live-heap
            // name)
            Scenarios.Run r =
                    Scenarios.run(
                            """
                            - id: lacking
                              duration: 2s
                              concurrency: 2
                              interval: 250ms
                              linger: 500ms
                              source: prometheus
                            """,
                            new SutEndpoint(svc.base, "", ""),
                            Optional.empty(),
                            dir);
            assertThat(r.failure())
                    .hasValueSatisfying(
                            f ->
                                    assertThat(f.getMessage())
                                            .contains("heap-live")
                                            .contains("jvm_gc_live_data_size_bytes")
                                            .contains("memory.lacking.heap-slope"));
            r.verdicts()
                    .values()
                    .forEach(v -> assertThat(v.verdict()).isEqualTo(Verdict.NOT_MEASURED));
            assertThat(r.verdict("heap-growth").reason()).contains("jvm_gc_live_data_size_bytes");
            // what the endpoint had is still in the evidence, labelled with its source
            assertThat(r.context().metric("threads"))
                    .hasValueSatisfying(
                            m -> assertThat(m.labels()).containsEntry("source", "prometheus"));
        }
    }

    @Test
    void prometheusSourceFindsAThreadLeakUnderMicrometerNames() throws Exception {
        try (ChildService svc = ChildService.start(LeakyServer.class.getName(), "thread", "10")) {
            Scenarios.Run r =
                    Scenarios.run(
                            """
                            - id: prom-threads
                              duration: 3s
                              rate: 300/s
                              concurrency: 2
                              warmup: 200
                              interval: 250ms
                              linger: 500ms
                              source: prometheus
                              metrics: {heap-live: 'jvm_memory_used_bytes{area="heap"}'}
                              thresholds: {heap-slope: off, heap-growth: off, gc-reclaim: off}
                            """,
                            new SutEndpoint(svc.base, "", ""),
                            Optional.empty(),
                            dir);
            assertThat(r.failure()).isEmpty();
            assertThat(r.verdict("thread-growth").verdict()).isEqualTo(Verdict.MISSED);
            assertThat(r.verdict("thread-growth").achieved().orElseThrow().value())
                    .isGreaterThan(40);
            assertThat(r.verdict("fd-growth").verdict()).isEqualTo(Verdict.MET);
            assertThat(r.verdicts()).doesNotContainKey("memory.prom-threads.heap-slope");
        }
    }

    @Test
    void tooFewSamplesForASlopeIsInconclusiveNeverAPass() throws Exception {
        try (ChildService svc = ChildService.start(LeakyServer.class.getName(), "none")) {
            Scenarios.Run r =
                    Scenarios.run(
                            """
                            - id: short
                              duration: 2s
                              concurrency: 2
                              interval: 500ms
                              linger: 500ms
                              source: jmx
                            """,
                            new SutEndpoint(svc.base, "", ""),
                            Optional.of(svc.process.toHandle()),
                            dir);
            assertThat(r.failure()).isEmpty();
            var slope = r.context().metric("heap_slope").orElseThrow();
            assertThat(slope.quality()).contains(Quality.LOW_SAMPLES);
            var v = r.verdict("heap-slope");
            assertThat(v.verdict()).isNotIn(Verdict.MET, Verdict.EXCEEDED, Verdict.ACCEPTABLE);
            if (slope.interval().isNone() || slope.interval().low() <= 0) {
                // the figure would pass, but rests on fewer samples than min-samples (10)
                assertThat(v.verdict()).isIn(Verdict.INCONCLUSIVE, Verdict.NOT_MEASURED);
            }
        }
    }
}
