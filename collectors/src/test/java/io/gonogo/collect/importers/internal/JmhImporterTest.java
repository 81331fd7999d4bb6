package io.gonogo.collect.importers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gonogo.collect.importers.ImportedEvidence;
import io.gonogo.collect.importers.Importers;
import io.gonogo.core.Distribution;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JMH importer on JSON files that JMH 1.37 writes in this test build (see {@link JmhResults}).
 */
class JmhImporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JmhImporter importer = new JmhImporter();

    @TempDir Path dir;

    private static Measurement one(
            List<Measurement> all, String metric, String method, String mode, String size) {
        List<Measurement> found =
                all.stream()
                        .filter(
                                m ->
                                        m.metric().equals(metric)
                                                && m.labels()
                                                        .get("benchmark")
                                                        .endsWith("." + method)
                                                && m.labels().get("mode").equals(mode)
                                                && m.labels().get("size").equals(size))
                        .toList();
        assertThat(found).as(metric + " " + method + " " + mode + " size=" + size).hasSize(1);
        return found.get(0);
    }

    private static JsonNode run(JsonNode root, String method, String mode, String size) {
        for (JsonNode r : root) {
            if (r.get("benchmark").asText().endsWith("." + method)
                    && r.get("mode").asText().equals(mode)
                    && r.get("params").get("size").asText().equals(size)) {
                return r;
            }
        }
        throw new AssertionError("no run " + method + " " + mode + " " + size);
    }

    @Test
    void isFoundByServiceLoaderAndDetectsRealJmhJson() throws Exception {
        Path file = JmhResults.allModes();
        assertThat(Importers.withServiceLoader().detect(file)).map(i -> i.id()).contains("jmh");
        assertThat(
                        importer.detect(
                                Path.of("x.xml"), "<?xml version=\"1.0\"?><testsuite name=\"a\"/>"))
                .isFalse();
        assertThat(importer.detect(Path.of("x.json"), "{\"metrics\": {}}")).isFalse();
    }

    @Test
    void everyModeBecomesItsMetricWithJmhsFiguresInGonogosUnits() throws Exception {
        Path file = JmhResults.allModes();
        JsonNode root = JSON.readTree(file.toFile());
        List<Measurement> all = importer.read(file).measurements();
        for (String method : List.of("allocate", "spin")) {
            for (String size : List.of("16", "256")) {
                Measurement thrpt = one(all, "throughput", method, "thrpt", size);
                JsonNode pm = run(root, method, "thrpt", size).get("primaryMetric");
                assertThat(pm.get("scoreUnit").asText()).isEqualTo("ops/us");
                assertThat(thrpt.unit()).isEqualTo(Unit.PER_SECOND);
                assertThat(((Scalar) thrpt.value()).value())
                        .isCloseTo(pm.get("score").asDouble() * 1e6, within(1e-3));
                // three measurement iterations: JMH gives an error, and gonogo keeps it as an
                // interval
                assertThat(thrpt.interval().isNone()).isFalse();
                assertThat(thrpt.interval().confidence()).isEqualTo(0.999);
                assertThat(thrpt.interval().method()).isEqualTo("jmh-score-error");
                assertThat(thrpt.interval().low())
                        .isCloseTo(pm.get("scoreConfidence").get(0).asDouble() * 1e6, within(1e-3));
                assertThat(thrpt.interval().high())
                        .isCloseTo(pm.get("scoreConfidence").get(1).asDouble() * 1e6, within(1e-3));

                Measurement avgt = one(all, "avg_time", method, "avgt", size);
                assertThat(avgt.unit()).isEqualTo(Unit.MICROSECONDS);
                assertThat(((Scalar) avgt.value()).value())
                        .isEqualTo(
                                run(root, method, "avgt", size)
                                        .get("primaryMetric")
                                        .get("score")
                                        .asDouble());

                Measurement ss = one(all, "single_shot_time", method, "ss", size);
                assertThat(ss.unit()).isEqualTo(Unit.MICROSECONDS);
                assertThat(((Scalar) ss.value()).value()).isPositive();

                assertThat(thrpt.labels())
                        .containsEntry("size", size)
                        .containsEntry("benchmark", TinyBenchmark.class.getName() + "." + method);
            }
        }
    }

    @Test
    void sampleModeIsRebuiltSampleBySampleIntoADistributionInNanoseconds() throws Exception {
        Path file = JmhResults.allModes();
        JsonNode root = JSON.readTree(file.toFile());
        List<Measurement> all = importer.read(file).measurements();
        for (String method : List.of("allocate", "spin")) {
            for (String size : List.of("16", "256")) {
                Measurement m = one(all, "sample_time", method, "sample", size);
                assertThat(m.unit()).isEqualTo(Unit.NANOSECONDS);
                Distribution d = (Distribution) m.value();
                JsonNode pm = run(root, method, "sample", size).get("primaryMetric");
                long samples = 0;
                for (JsonNode fork : pm.get("rawDataHistogram")) {
                    for (JsonNode it : fork) {
                        for (JsonNode pair : it) {
                            samples += pair.get(1).asLong();
                        }
                    }
                }
                assertThat(d.count()).isEqualTo(samples).isGreaterThan(100);
                Histogram h = d.decode();
                // JMH's own percentiles (us/op, interpolated between samples) against the rebuilt
                // histogram's
                // (ns): each lies between the histogram's neighbouring percentiles, within its 3
                // digits
                for (String p : List.of("50.0", "90.0", "99.0")) {
                    double jmhNs = pm.get("scorePercentiles").get(p).asDouble() * 1000;
                    double pc = Double.parseDouble(p);
                    double low = h.getValueAtPercentile(pc - 0.5);
                    double high =
                            h.highestEquivalentValue(
                                    h.getValueAtPercentile(Math.min(100, pc + 0.5)));
                    assertThat(jmhNs)
                            .as(method + " size=" + size + " p" + p)
                            .isBetween(low * 0.99 - 1, high * 1.01 + 1);
                }
                assertThat(h.getMean())
                        .isCloseTo(
                                pm.get("score").asDouble() * 1000,
                                within(pm.get("score").asDouble() * 10 + 1));
                // JMH's own score and interval, besides the distribution, exactly as JMH wrote them
                Measurement score = one(all, "sample_score", method, "sample", size);
                assertThat(score.unit()).isEqualTo(Unit.MICROSECONDS);
                assertThat(((Scalar) score.value()).value()).isEqualTo(pm.get("score").asDouble());
                assertThat(score.interval().isNone()).isFalse();
                assertThat(score.interval().confidence()).isEqualTo(0.999);
                assertThat(score.interval().low())
                        .isEqualTo(pm.get("scoreConfidence").get(0).asDouble());
                assertThat(score.interval().high())
                        .isEqualTo(pm.get("scoreConfidence").get(1).asDouble());
            }
        }
    }

    @Test
    void allocationPerOperationComesFromTheGcProfiler() throws Exception {
        List<Measurement> all = importer.read(JmhResults.allModes()).measurements();
        Measurement big = one(all, "alloc_per_op", "allocate", "avgt", "256");
        assertThat(big.unit()).isEqualTo(Unit.BYTES);
        // a byte[256] is 256 bytes plus its header; JMH's figure is per operation
        assertThat(((Scalar) big.value()).value()).isBetween(256.0, 400.0);
        Measurement none = one(all, "alloc_per_op", "spin", "avgt", "16");
        assertThat(((Scalar) none.value()).value()).isLessThan(16.0);
        assertThat(all).anyMatch(m -> m.metric().equals("gc_count") && m.unit() == Unit.COUNT);
        ImportedEvidence e = importer.read(JmhResults.allModes());
        assertThat(e.notes()).anyMatch(n -> n.contains("gc.alloc.rate (MB/sec)"));
        assertThat(all).noneMatch(m -> m.metric().startsWith("p0"));
    }

    @Test
    void aNanErrorGivesNoIntervalAndANote() throws Exception {
        ImportedEvidence e = importer.read(JmhResults.singleIteration());
        Measurement m = one(e.measurements(), "avg_time", "allocate", "avgt", "16");
        assertThat(m.interval().isNone()).isTrue();
        assertThat(e.notes())
                .anyMatch(
                        n ->
                                n.contains("NaN")
                                        && n.contains("TinyBenchmark.allocate[size=16] (avgt)"));
    }

    @Test
    void aCutShortFileIsAnErrorNamingFileLineAndColumn() throws Exception {
        String text = Files.readString(JmhResults.allModes());
        Path cut = dir.resolve("cut.json");
        Files.writeString(cut, text.substring(0, text.lastIndexOf('\n', text.length() / 2) + 1));
        assertThatThrownBy(() -> importer.read(cut))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(cut + ":")
                .hasMessageMatching(
                        "(?s)"
                                + java.util.regex.Pattern.quote(cut.toString())
                                + ":\\d+:\\d+: not valid JSON: .*cut short.*");
    }

    @Test
    void aMissingFieldNamesTheBenchmarkAndTheField() throws Exception {
        JsonNode root = JSON.readTree(JmhResults.allModes().toFile());
        ((ObjectNode) root.get(2)).remove("mode");
        Path broken = dir.resolve("broken.json");
        JSON.writeValue(broken.toFile(), root);
        assertThatThrownBy(() -> importer.read(broken))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(broken + ": benchmark #3 (" + TinyBenchmark.class.getName())
                .hasMessageContaining("'mode' is missing");
        ((ObjectNode) root.get(2)).put("mode", "fast");
        JSON.writeValue(broken.toFile(), root);
        assertThatThrownBy(() -> importer.read(broken))
                .hasMessageContaining("'mode' is 'fast'; expected thrpt, avgt, sample or ss");
    }

    @Test
    void anObjectIsNotAJmhFile() throws Exception {
        Path other = dir.resolve("other.json");
        Files.writeString(other, JSON.writeValueAsString(Map.of("metrics", Map.of())));
        assertThatThrownBy(() -> importer.read(other))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        other
                                + ": expected a JSON array of benchmark results (JMH -rf json),"
                                + " found object");
    }
}
