package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Decision;
import io.gonogo.core.DecisionEngine;
import io.gonogo.core.Distribution;
import io.gonogo.core.Environment;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.Profile;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.Unit;
import io.gonogo.core.bench.LargeEvidence;
import io.gonogo.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeated runs of a scenario (labels {@code trial}, {@code shard}) are one load-table row and one
 * chart line; charts are capped (40 latency charts, 40 throughput bars, 10 lines per chart) with
 * notes naming what was left out; {@code evidence.json} is streamed with the bytes of the text.
 */
class RepeatedRunsTest {
    private static final Instant AS_OF = Instant.parse("2026-01-05T10:00:00Z");
    private static final Source SOURCE = new Source("run-t", "0", "t", "");
    private final Renderer renderer = Renderer.builder().build();

    private static Decision decide(LargeEvidence.Case c) {
        return DecisionEngine.builder()
                .kinds(Fixtures.KINDS)
                .build()
                .decide(c.targets(), c.plan(), c.evidence(), AS_OF);
    }

    private static List<String> loadRows(String markdown) {
        String section =
                markdown.substring(
                        markdown.indexOf("## Load scenarios"),
                        markdown.indexOf("## Memory and resource findings"));
        return section.lines().filter(l -> l.startsWith("| s")).toList();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void trialsOfAScenarioAreOneRowWithMergedHistogramAndMeanThroughput() {
        LargeEvidence.Case c = LargeEvidence.build(3, 4, 12);
        String md = renderer.goNoGoMarkdown(decide(c), c.evidence(), ReportContext.none());
        List<String> rows = loadRows(md);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0))
                .startsWith("| s0 (model=closed, operation=")
                .contains("; 4 trials)")
                .doesNotContain("trial=");
        // 4 trials x 200 requests each, merged losslessly
        assertThat(rows.get(0).split("\\|")[2].strip()).isEqualTo("800");
        double sum = 0;
        for (Measurement m : c.evidence().measurements()) {
            if (m.metric().equals("throughput") && m.labels().get("scenario").equals("s0")) {
                sum += ((Scalar) m.value()).value();
            }
        }
        String expected =
                io.gonogo.core.Numbers.show(new io.gonogo.core.Quantity(sum / 4, Unit.PER_SECOND));
        assertThat(rows.get(0).split("\\|")[3].strip()).isEqualTo(expected);
        assertThat(md).contains("the mean across trials when the row names a\ntrial count");
        // one line per scenario in its latency chart, one bar per scenario in the throughput chart
        Map<String, String> charts = renderer.charts(decide(c), c.evidence());
        assertThat(count(charts.get("latency-s0.svg"), "<polyline")).isEqualTo(1);
        assertThat(count(charts.get("throughput.svg"), "fill=\"")).isGreaterThan(0);
        assertThat(charts.get("throughput.svg"))
                .contains("mean across trials")
                .doesNotContain("trial=");
    }

    @Test
    void shardsAreSummedAndTrialsAveraged() {
        List<Measurement> ms = new ArrayList<>();
        double[][] tp = {{100, 50}, {300, 150}}; // trial x shard
        for (int t = 0; t < 2; t++) {
            for (int s = 0; s < 2; s++) {
                Map<String, String> l =
                        new TreeMap<>(
                                Map.of(
                                        "suite",
                                        "load",
                                        "scenario",
                                        "s0",
                                        "trial",
                                        "" + t,
                                        "shard",
                                        "" + s));
                ms.add(latency(l, 100, 1000));
                ms.add(
                        new Measurement(
                                "throughput",
                                l,
                                Unit.PER_SECOND,
                                new Scalar(tp[t][s]),
                                Set.of(),
                                SOURCE));
                ms.add(
                        new Measurement(
                                "success_rate",
                                l,
                                Unit.PERCENT,
                                new Scalar(99 + t),
                                Set.of(),
                                SOURCE));
            }
        }
        EvidenceSet e = evidence(ms);
        Decision d =
                DecisionEngine.builder()
                        .kinds(Fixtures.KINDS)
                        .build()
                        .decide(List.of(), List.of(), e, AS_OF);
        List<String> rows = loadRows(renderer.goNoGoMarkdown(d, e, ReportContext.none()));
        assertThat(rows).hasSize(1);
        String[] cells = rows.get(0).split("\\|");
        assertThat(cells[1].strip()).isEqualTo("s0 (2 trials, 2 shards)");
        assertThat(cells[2].strip()).isEqualTo("400");
        // (100 + 50 + 300 + 150) / 2 trials = 300/s; success rate: mean of 99, 99, 100, 100
        assertThat(cells[3].strip())
                .isEqualTo(
                        io.gonogo.core.Numbers.show(
                                new io.gonogo.core.Quantity(300, Unit.PER_SECOND)));
        assertThat(cells[4].strip())
                .isEqualTo(
                        io.gonogo.core.Numbers.show(
                                new io.gonogo.core.Quantity(99.5, Unit.PERCENT)));
        // 200 requests per trial at 300/s
        assertThat(cells[12].strip()).isEqualTo(io.gonogo.render.internal.Formats.duration(667));
        assertThat(renderer.charts(d, e).get("throughput.svg")).contains(">300<");
    }

    @Test
    void chartsAreCappedWithNotesNamingWhatIsLeftOut() {
        LargeEvidence.Case c = LargeEvidence.build(45, 1, 45);
        Map<String, String> charts = renderer.charts(decide(c), c.evidence());
        assertThat(charts.keySet().stream().filter(f -> f.startsWith("latency-")))
                .hasSize(40)
                .contains("latency-s0.svg", "latency-s39.svg")
                .doesNotContain("latency-s40.svg");
        String throughput = charts.get("throughput.svg");
        assertThat(count(throughput, "fill=\"#")).isGreaterThanOrEqualTo(40);
        assertThat(throughput)
                .contains("the 40 with most requests; 5 more scenarios in the load table")
                .doesNotContain(">s40 (");
        String md = renderer.goNoGoMarkdown(decide(c), c.evidence(), ReportContext.none());
        assertThat(loadRows(md)).hasSize(45);
        assertThat(md)
                .contains(
                        "Not charted (latency charts are drawn for the 40 scenarios with most"
                                + " requests;")
                .contains("in the table above): s40, s41, s42, s43, s44.");
    }

    @Test
    void latencyChartKeepsTheTenLabelSetsWithMostRequests() {
        List<Measurement> ms = new ArrayList<>();
        for (int op = 0; op < 12; op++) {
            ms.add(
                    latency(
                            new TreeMap<>(
                                    Map.of(
                                            "suite",
                                            "load",
                                            "scenario",
                                            "mix",
                                            "operation",
                                            "op" + op)),
                            10 + op * 10,
                            500));
        }
        Map<String, String> charts = renderer.charts(Fixtures.kindsOnly(), evidence(ms));
        String svg = charts.get("latency-mix.svg");
        assertThat(count(svg, "<polyline")).isEqualTo(10);
        assertThat(svg)
                .contains("the 10 label sets with most requests; 2 more in the load table")
                .contains("operation=op11")
                .doesNotContain("operation=op0<")
                .doesNotContain("operation=op1<");
    }

    @Test
    void streamedEvidenceJsonIsOneMeasurementPerLineAndReadsBack(@TempDir Path dir)
            throws Exception {
        LargeEvidence.Case c = LargeEvidence.build(3, 2, 12);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Json.writeTo(c.evidence(), out);
        byte[] text = Json.write(c.evidence()).getBytes(StandardCharsets.UTF_8);
        assertThat(out.toByteArray()).isEqualTo(text);
        renderer.render(decide(c), c.evidence(), dir);
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        Json.writeLines(c.evidence(), lines);
        assertThat(Files.readAllBytes(dir.resolve(Renderer.EVIDENCE_JSON)))
                .isEqualTo(lines.toByteArray());
        assertThat(
                        Files.readAllLines(dir.resolve(Renderer.EVIDENCE_JSON)).stream()
                                .filter(l -> l.startsWith("{\"metric\":"))
                                .count())
                .isEqualTo(c.evidence().measurements().size());
        assertThat(Json.readEvidence(dir.resolve(Renderer.EVIDENCE_JSON))).isEqualTo(c.evidence());
    }

    private static Measurement latency(Map<String, String> labels, int requests, int base) {
        Histogram h = new Histogram(1, 60_000_000, 3);
        for (int i = 0; i < requests; i++) {
            h.recordValue(base + i);
        }
        return new Measurement(
                "latency", labels, Unit.MICROSECONDS, Distribution.of(h), Set.of(), SOURCE);
    }

    private static EvidenceSet evidence(List<Measurement> ms) {
        Instant started = Instant.parse("2026-01-05T09:00:00Z");
        Environment env =
                new Environment(
                        "0.1.0",
                        "OpenJDK 17",
                        "Linux amd64",
                        2,
                        1L << 30,
                        "t",
                        started,
                        started.plusSeconds(600),
                        Profile.QUICK);
        return new EvidenceSet(EvidenceSet.SCHEMA_VERSION, "run-t", env, ms, List.of());
    }
}
