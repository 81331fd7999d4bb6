package io.gonogo.runners.benchmark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gonogo.core.Measurement;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.Unit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JMH's JSON result read into the suite's measurements, as a team's own benchmarks publish them:
 * the excerpts are shaped as JMH 1.37 writes them (numbers as {@code "NaN"} where it has none).
 */
class JmhJsonMeasurementsTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    private static Measurement metric(List<Measurement> ms, String metric) {
        return ms.stream().filter(m -> m.metric().equals(metric)).findFirst().orElseThrow();
    }

    @Test
    void aThroughputOfTwoIterationsHasNoIntervalAndSaysSo() throws Exception {
        List<Measurement> ms =
                JmhMeasurements.ofJson(
                        json(
                                """
                                {"benchmark": "com.acme.SumBench.sum", "mode": "thrpt",
                                 "params": {"size": "64"},
                                 "primaryMetric": {"score": 67.5, "scoreError": "NaN",
                                   "scoreConfidence": ["NaN", "NaN"], "scoreUnit": "ops/us"},
                                 "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 1.0E-4,
                                   "scoreError": "NaN", "scoreConfidence": ["NaN", "NaN"],
                                   "scoreUnit": "B/op"}}}
                                """),
                        Map.of("component", "sum"),
                        "jmh-result.json");
        Measurement thrpt = metric(ms, "throughput");
        assertThat(((Scalar) thrpt.value()).value()).isEqualTo(67_500_000.0);
        assertThat(thrpt.unit()).isEqualTo(Unit.PER_SECOND);
        assertThat(thrpt.interval().isNone()).isTrue();
        assertThat(thrpt.quality()).contains(Quality.LOW_SAMPLES);
        assertThat(thrpt.labels())
                .containsEntry("benchmark", "com.acme.SumBench.sum")
                .containsEntry("operation", "sum")
                .containsEntry("size", "64")
                .containsEntry("component", "sum")
                .containsEntry("mode", "thrpt");
        assertThat(metric(ms, "alloc_per_op").unit()).isEqualTo(Unit.BYTES);
    }

    @Test
    void sampleModeGivesTheMeanWithItsIntervalPercentilesAndTheSampleCount() throws Exception {
        List<Measurement> ms =
                JmhMeasurements.ofJson(
                        json(
                                """
                                {"benchmark": "com.acme.SumBench.sum", "mode": "sample",
                                 "primaryMetric": {"score": 0.056, "scoreError": 0.027,
                                   "scoreConfidence": [0.029, 0.084], "scoreUnit": "us/op",
                                   "scorePercentiles": {"0.0": 0.03, "50.0": 0.04, "90.0": 0.05,
                                     "99.0": 0.07, "99.9": 0.9, "100.0": 12.0},
                                   "rawDataHistogram": [[[[0.03, 600], [0.04, 1300]],
                                                         [[0.05, 99], [0.9, 1]]]]},
                                 "secondaryMetrics": {}}
                                """),
                        Map.of(),
                        "jmh-result.json");
        Measurement latency = metric(ms, "latency");
        assertThat(((Scalar) latency.value()).value()).isEqualTo(0.056);
        assertThat(latency.interval().low()).isEqualTo(0.029);
        assertThat(latency.interval().high()).isEqualTo(0.084);
        assertThat(latency.interval().confidence()).isEqualTo(0.999);
        assertThat(((Scalar) metric(ms, "latency_p50").value()).value()).isEqualTo(0.04);
        assertThat(((Scalar) metric(ms, "latency_p999").value()).value()).isEqualTo(0.9);
        assertThat(((Scalar) metric(ms, "samples").value()).value()).isEqualTo(2000);
        // 2,000 samples are enough for p99 (1,000) but not for p99.9 (10,000)
        assertThat(metric(ms, "latency_p99").quality()).doesNotContain(Quality.LOW_SAMPLES);
        assertThat(metric(ms, "latency_p999").quality()).contains(Quality.LOW_SAMPLES);
        assertThat(ms).noneMatch(m -> m.metric().equals("alloc_per_op"));
    }
}
