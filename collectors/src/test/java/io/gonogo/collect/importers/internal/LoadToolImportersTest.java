package io.gonogo.collect.importers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gonogo.collect.importers.ImportedEvidence;
import io.gonogo.collect.importers.Importers;
import io.gonogo.core.Distribution;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The k6, Gatling, JMeter and HdrHistogram importers, on files those tools wrote (see the READMEs
 * beside them).
 */
class LoadToolImportersTest {
    private static final Path RES = Path.of("src/test/resources/importers");

    @TempDir Path dir;

    private static Measurement one(
            List<Measurement> all, String metric, Map<String, String> labels) {
        List<Measurement> found =
                all.stream()
                        .filter(m -> m.metric().equals(metric) && m.labels().equals(labels))
                        .toList();
        assertThat(found).as(metric + " " + labels + " among " + all.size()).hasSize(1);
        return found.get(0);
    }

    private static double scalar(List<Measurement> all, String metric, Map<String, String> labels) {
        return ((Scalar) one(all, metric, labels).value()).value();
    }

    @Test
    void eachFileIsDetectedAsItsTool() throws Exception {
        Importers importers = Importers.withServiceLoader();
        assertThat(importers.detect(RES.resolve("k6/summary-export.json")))
                .map(i -> i.id())
                .contains("k6");
        assertThat(importers.detect(RES.resolve("k6/handle-summary.json")))
                .map(i -> i.id())
                .contains("k6");
        assertThat(importers.detect(RES.resolve("gatling/simulation.log")))
                .map(i -> i.id())
                .contains("gatling");
        assertThat(importers.detect(RES.resolve("jmeter/result.jtl")))
                .map(i -> i.id())
                .contains("jmeter");
        assertThat(importers.detect(RES.resolve("jmeter-5.6.3/shop.csv")))
                .map(i -> i.id())
                .contains("jmeter");
        assertThat(importers.detect(RES.resolve("jmeter-5.6.3/shop.xml.jtl")))
                .map(i -> i.id())
                .contains("jmeter");
        assertThat(importers.detect(RES.resolve("jmeter/README.md"))).isEmpty();
    }

    @Test
    void k6SummaryExportBecomesLatencyStatisticsAndRequestFigures() {
        List<Measurement> all =
                new K6Importer().read(RES.resolve("k6/summary-export.json")).measurements();
        assertThat(scalar(all, "latency", Map.of("stat", "p95"))).isEqualTo(4101.811365);
        assertThat(one(all, "latency", Map.of("stat", "p95")).unit()).isEqualTo(Unit.MILLISECONDS);
        assertThat(scalar(all, "latency", Map.of("stat", "p50"))).isEqualTo(3390.69845);
        assertThat(scalar(all, "latency", Map.of("stat", "mean"))).isEqualTo(3264.992537000001);
        assertThat(scalar(all, "latency", Map.of("stat", "max"))).isEqualTo(4180.7135);
        assertThat(scalar(all, "latency", Map.of("stat", "p95", "expected_response", "true")))
                .isEqualTo(4102.77963);
        assertThat(scalar(all, "requests", Map.of())).isEqualTo(100);
        assertThat(scalar(all, "throughput", Map.of())).isEqualTo(23.738350582489275);
        // http_req_failed: 1 of 100 failed
        assertThat(scalar(all, "errors", Map.of())).isEqualTo(1);
        assertThat(scalar(all, "success_rate", Map.of())).isCloseTo(99.0, within(1e-9));
        assertThat(scalar(all, "checks", Map.of())).isCloseTo(99.0, within(1e-9));
        assertThat(scalar(all, "connect_time", Map.of("stat", "p90"))).isEqualTo(21.89036000000001);
        assertThat(all).noneMatch(m -> m.metric().equals("vus") || m.metric().startsWith("data_"));
    }

    @Test
    void k6HandleSummaryDataReadsTheSameWay() {
        ImportedEvidence e = new K6Importer().read(RES.resolve("k6/handle-summary.json"));
        List<Measurement> all = e.measurements();
        assertThat(scalar(all, "latency", Map.of("stat", "p95"))).isEqualTo(1901.2019999999993);
        assertThat(scalar(all, "latency", Map.of("stat", "p90"))).isEqualTo(1465.6670000000001);
        assertThat(scalar(all, "requests", Map.of())).isEqualTo(29);
        assertThat(scalar(all, "errors", Map.of())).isZero();
        assertThat(scalar(all, "success_rate", Map.of())).isEqualTo(100.0);
        assertThat(scalar(all, "checks", Map.of())).isEqualTo(100.0);
        assertThat(scalar(all, "checks", Map.of("step", "My Orders API"))).isZero();
        assertThat(scalar(all, "iterations", Map.of())).isEqualTo(1);
        assertThat(scalar(all, "http_req_waiting", Map.of("stat", "p50"))).isEqualTo(612.604);
        assertThat(e.notes()).anyMatch(n -> n.contains("no histogram"));
    }

    @Test
    void k6ThresholdsBecomeOutcomesAsK6DecidedThem() throws Exception {
        ImportedEvidence e = new K6Importer().read(RES.resolve("k6/handle-summary.json"));
        assertThat(e.outcomes())
                .extracting(TestOutcome::displayName)
                .containsExactlyInAnyOrder(
                        "k6 threshold checks{step:Course Library Podcast2 API}: rate>0.95",
                        "k6 threshold checks{step:My Orders API}: rate>0.99");
        assertThat(e.outcomes()).allMatch(o -> o.status() == TestStatus.SUCCESSFUL);

        // --summary-export writes true for a threshold that failed (grafana/k6#1498)
        Path f = dir.resolve("summary.json");
        Files.writeString(
                f,
                Files.readString(RES.resolve("k6/summary-export.json"))
                        .replace(
                                "\"p(95)\": 4101.811365",
                                "\"p(95)\": 4101.811365, \"thresholds\": {\"p(95)<500\": true,"
                                        + " \"avg<5000\": false}"));
        ImportedEvidence legacy = new K6Importer().read(f);
        Map<String, TestStatus> status =
                legacy.outcomes().stream()
                        .collect(
                                java.util.stream.Collectors.toMap(
                                        TestOutcome::displayName, TestOutcome::status));
        assertThat(status)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "k6 threshold http_req_duration: p(95)<500",
                                TestStatus.FAILED,
                                "k6 threshold http_req_duration: avg<5000",
                                TestStatus.SUCCESSFUL));
        assertThat(scalar(legacy.measurements(), "latency", Map.of("stat", "p95")))
                .isEqualTo(4101.811365);
    }

    /**
     * k6's --out json points against the summary of the same samples (see the fixture's README:
     * both made here in k6's formats, k6 cannot be installed).
     */
    @Test
    void k6PointsBecomeHistogramsThatAgreeWithK6sSummary() throws Exception {
        Path points = RES.resolve("k6-json/points.json");
        assertThat(Importers.withServiceLoader().detect(points)).map(i -> i.id()).contains("k6");
        ImportedEvidence e = new K6Importer().read(points);
        List<Measurement> all = e.measurements();
        JsonNode metrics =
                new ObjectMapper()
                        .readTree(RES.resolve("k6-json/summary.json").toFile())
                        .get("metrics");
        List<Distribution> ok =
                all.stream()
                        .filter(m -> m.metric().equals("latency"))
                        .map(m -> (Distribution) m.value())
                        .filter(d -> d.count() > 0)
                        .toList();
        List<Distribution> failed =
                all.stream()
                        .filter(m -> m.metric().equals("failed_latency"))
                        .map(m -> (Distribution) m.value())
                        .toList();
        List<Distribution> every = new ArrayList<>(ok);
        every.addAll(failed);
        JsonNode reqs = metrics.get("http_reqs").get("values");
        JsonNode fails = metrics.get("http_req_failed").get("values");
        double requests =
                all.stream()
                        .filter(m -> m.metric().equals("requests"))
                        .mapToDouble(m -> ((Scalar) m.value()).value())
                        .sum();
        double errors =
                all.stream()
                        .filter(m -> m.metric().equals("errors"))
                        .mapToDouble(m -> ((Scalar) m.value()).value())
                        .sum();
        assertThat(requests).isEqualTo(reqs.get("count").asDouble());
        assertThat(errors).isEqualTo(fails.get("passes").asDouble());
        assertThat(failed.stream().mapToLong(Distribution::count).sum()).isEqualTo(120);
        checkAgainstK6(every, metrics.get("http_req_duration").get("values"), "all");
        checkAgainstK6(
                ok, metrics.get("http_req_duration{expected_response:true}").get("values"), "ok");
        Map<String, String> missing = Map.of("operation", "http://127.0.0.1:18087/missing.html");
        assertThat(scalar(all, "success_rate", missing)).isZero();
        assertThat(e.notes())
                .anyMatch(
                        n ->
                                n.contains(
                                        "left out the points of http_req_failed,"
                                                + " http_req_waiting"));

        // the summary of the same run: its thresholds as k6 decided them
        ImportedEvidence summary = new K6Importer().read(RES.resolve("k6-json/summary.json"));
        assertThat(summary.outcomes())
                .extracting(o -> o.displayName() + " " + o.status())
                .containsExactlyInAnyOrder(
                        "k6 threshold http_req_duration: p(95)<500 SUCCESSFUL",
                        "k6 threshold http_req_failed: rate<0.01 FAILED");

        Path f = dir.resolve("points.json");
        List<String> lines = Files.readAllLines(points);
        Files.writeString(
                f, String.join("\n", lines.subList(0, 10)) + "\n" + lines.get(10).substring(0, 40));
        assertThatThrownBy(() -> new K6Importer().read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f + ":11:")
                .hasMessageContaining("is the line cut short?");
    }

    /** Count, mean, min and max exactly (to the us); k6's percentiles within neighbouring ranks. */
    private static void checkAgainstK6(List<Distribution> parts, JsonNode k6, String as) {
        long n = parts.stream().mapToLong(Distribution::count).sum();
        double mean = parts.stream().mapToDouble(d -> d.mean() * d.count()).sum() / n;
        assertThat(mean).as(as + " avg").isCloseTo(k6.get("avg").asDouble() * 1000, within(1e-6));
        assertThat(parts.stream().mapToDouble(Distribution::min).min().orElseThrow())
                .as(as + " min")
                .isCloseTo(k6.get("min").asDouble() * 1000, within(1e-6));
        assertThat(parts.stream().mapToDouble(Distribution::max).max().orElseThrow())
                .as(as + " max")
                .isCloseTo(k6.get("max").asDouble() * 1000, within(1e-6));
        Histogram h = new Histogram(3);
        parts.forEach(d -> d.addTo(h));
        assertThat(h.getTotalCount()).isEqualTo(n);
        Map<String, Double> pct = Map.of("med", 50.0, "p(90)", 90.0, "p(95)", 95.0);
        for (Map.Entry<String, Double> p : pct.entrySet()) {
            double step = 100.0 / n;
            long low =
                    h.lowestEquivalentValue(
                            h.getValueAtPercentile(Math.max(0, p.getValue() - step)));
            long high =
                    h.highestEquivalentValue(
                            h.getValueAtPercentile(Math.min(100, p.getValue() + step)));
            assertThat(k6.get(p.getKey()).asDouble() * 1000)
                    .as(as + " " + p.getKey())
                    .isBetween((double) low, (double) high);
        }
    }

    @Test
    void k6ErrorsNameTheField() throws Exception {
        Path f = dir.resolve("summary.json");
        Files.writeString(
                f,
                Files.readString(RES.resolve("k6/summary-export.json"))
                        .replace("\"value\": 0.01", "\"value\": \"lots\""));
        assertThatThrownBy(() -> new K6Importer().read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": metrics.http_req_failed.value is \"lots\"; expected a number");
        Files.writeString(f, "{\"metrics\": {\"vus\": {\"value\": 1}}}");
        assertThatThrownBy(() -> new K6Importer().read(f))
                .hasMessageContaining("hold no metric gonogo reads");
    }

    @Test
    void gatlingRequestsBecomeHistogramsSampleBySample() {
        List<Measurement> all =
                new GatlingImporter().read(RES.resolve("gatling/simulation.log")).measurements();
        Map<String, String> get = Map.of("operation", "01_Get_Specific_Post");
        Distribution d = (Distribution) one(all, "latency", get).value();
        // 20 requests of 01_Get_Specific_Post in the log; 15 to 27 ms each
        assertThat(d.count()).isEqualTo(20);
        Histogram h = d.decode();
        assertThat(h.getMinValue()).isEqualTo(h.lowestEquivalentValue(15_000));
        assertThat(h.highestEquivalentValue(h.getMaxValue()))
                .isEqualTo(h.highestEquivalentValue(27_000));
        assertThat(scalar(all, "requests", get)).isEqualTo(20);
        assertThat(scalar(all, "errors", get)).isZero();
        assertThat(scalar(all, "success_rate", get)).isEqualTo(100.0);
        long total =
                all.stream()
                        .filter(m -> m.metric().equals("latency"))
                        .mapToLong(m -> ((Distribution) m.value()).count())
                        .sum();
        assertThat(total).isEqualTo(60);
        assertThat(all)
                .filteredOn(m -> m.metric().equals("latency"))
                .extracting(m -> m.labels().get("operation"))
                .containsExactlyInAnyOrder(
                        "01_Get_Specific_Post", "02_Get_Comments_For_Post", "03_Create_Post");
    }

    @Test
    void gatlingKoRequestsAreErrorsAndDamageIsNamed() throws Exception {
        List<String> lines =
                new ArrayList<>(Files.readAllLines(RES.resolve("gatling/simulation.log")));
        int i =
                lines.indexOf(
                        lines.stream()
                                .filter(l -> l.startsWith("REQUEST\t\t03_Create_Post"))
                                .findFirst()
                                .orElseThrow());
        lines.set(
                i,
                lines.get(i)
                        .replace("\tOK\t ", "\tKO\tstatus.find.is(201), but actually found 500"));
        Path f = dir.resolve("simulation.log");
        Files.write(f, lines);
        List<Measurement> all = new GatlingImporter().read(f).measurements();
        Map<String, String> create = Map.of("operation", "03_Create_Post");
        assertThat(scalar(all, "errors", create)).isEqualTo(1);
        assertThat(scalar(all, "success_rate", create)).isCloseTo(100.0 * 19 / 20, within(1e-9));
        assertThat(((Distribution) one(all, "latency", create).value()).count()).isEqualTo(19);

        lines.set(i, "REQUEST\t\t03_Create_Post\t1767825937955\t17678");
        Files.write(f, lines);
        assertThatThrownBy(() -> new GatlingImporter().read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f + ":" + (i + 1) + ":1: a REQUEST record has 5 fields");
        Path binary = dir.resolve("binary.log");
        Files.write(binary, new byte[] {0, (byte) 0xC3, (byte) 0x28, 1, 2, 3});
        assertThatThrownBy(() -> new GatlingImporter().read(binary))
                .hasMessageContaining("record 1 (at byte 0): a string or field length is");
    }

    @Test
    void jmeterSamplesBecomeHistogramsPerLabel() {
        List<Measurement> all =
                new JMeterImporter().read(RES.resolve("jmeter/result.jtl")).measurements();
        Map<String, String> create = Map.of("operation", "Create EHR");
        Distribution d = (Distribution) one(all, "latency", create).value();
        assertThat(d.count()).isEqualTo(2); // 502 ms and 52 ms
        assertThat(d.decode().getMaxValue()).isEqualTo(d.decode().highestEquivalentValue(502_000));
        assertThat(scalar(all, "requests", Map.of("operation", "Query ehr_id #1"))).isEqualTo(2);
        long total =
                all.stream()
                        .filter(m -> m.metric().equals("latency"))
                        .mapToLong(m -> ((Distribution) m.value()).count())
                        .sum();
        assertThat(total).isEqualTo(29);
        assertThat(all)
                .filteredOn(m -> m.metric().equals("success_rate"))
                .allSatisfy(m -> assertThat(((Scalar) m.value()).value()).isEqualTo(100.0));
    }

    /**
     * JMeter 5.6.3's CSV and XML of one run (see the fixture's README) against the figures of
     * JMeter's own dashboard, which counts successful and failed samples together.
     */
    @Test
    void jmeterCsvAndXmlGiveTheFiguresOfJMetersDashboard() throws Exception {
        Path dirOf = RES.resolve("jmeter-5.6.3");
        JsonNode stats = new ObjectMapper().readTree(dirOf.resolve("statistics.json").toFile());
        for (String file : List.of("shop.csv", "shop.xml.jtl")) {
            List<Measurement> all = new JMeterImporter().read(dirOf.resolve(file)).measurements();
            long samples = 0;
            long failures = 0;
            for (String label : List.of("home", "item", "missing")) {
                JsonNode jm = stats.get(label);
                String as = file + " " + label;
                Map<String, String> op = Map.of("operation", label);
                Distribution ok = (Distribution) one(all, "latency", op).value();
                long errors = jm.get("errorCount").asLong();
                assertThat(scalar(all, "requests", op))
                        .as(as)
                        .isEqualTo(jm.get("sampleCount").asLong());
                assertThat(scalar(all, "errors", op)).as(as).isEqualTo(errors);
                assertThat(ok.count()).as(as).isEqualTo(jm.get("sampleCount").asLong() - errors);
                List<Distribution> parts = new ArrayList<>(List.of(ok));
                if (errors > 0) {
                    Distribution ko = (Distribution) one(all, "failed_latency", op).value();
                    assertThat(ko.count()).as(as).isEqualTo(errors);
                    parts.add(ko);
                } else {
                    assertThat(all)
                            .noneMatch(m -> m.metric().equals("failed_latency") && m.matches(op));
                }
                List<Distribution> some = parts.stream().filter(d -> d.count() > 0).toList();
                long n = some.stream().mapToLong(Distribution::count).sum();
                double mean = some.stream().mapToDouble(d -> d.mean() * d.count()).sum() / n;
                assertThat(mean)
                        .as(as + " mean")
                        .isCloseTo(jm.get("meanResTime").asDouble() * 1000, within(1e-6));
                assertThat(some.stream().mapToDouble(Distribution::min).min().orElseThrow())
                        .as(as + " min")
                        .isEqualTo(jm.get("minResTime").asDouble() * 1000);
                assertThat(some.stream().mapToDouble(Distribution::max).max().orElseThrow())
                        .as(as + " max")
                        .isEqualTo(jm.get("maxResTime").asDouble() * 1000);
                Histogram h = new Histogram(3);
                some.forEach(d -> d.addTo(h));
                // JMeter's percentiles interpolate between the samples around rank p(n+1)/100: each
                // lies between the histogram's values one rank below and one rank above
                Map<Double, String> pct =
                        Map.of(
                                50.0,
                                "medianResTime",
                                90.0,
                                "pct1ResTime",
                                95.0,
                                "pct2ResTime",
                                99.0,
                                "pct3ResTime");
                for (Map.Entry<Double, String> p : pct.entrySet()) {
                    double jmUs = jm.get(p.getValue()).asDouble() * 1000;
                    double step = 100.0 / n;
                    long low =
                            h.lowestEquivalentValue(
                                    h.getValueAtPercentile(Math.max(0, p.getKey() - step)));
                    long high =
                            h.highestEquivalentValue(
                                    h.getValueAtPercentile(Math.min(100, p.getKey() + step)));
                    assertThat(jmUs)
                            .as(as + " " + p.getValue())
                            .isBetween((double) low, (double) high);
                }
                samples += n;
                failures += errors;
            }
            assertThat(samples).isEqualTo(stats.get("Total").get("sampleCount").asLong());
            assertThat(failures).isEqualTo(stats.get("Total").get("errorCount").asLong());
        }
    }

    @Test
    void jmeterXmlDamageIsNamedWithItsPosition() throws Exception {
        String real = Files.readString(RES.resolve("jmeter-5.6.3/shop.xml.jtl"));
        Path f = dir.resolve("r.jtl");
        Files.writeString(f, real.substring(0, real.length() / 2));
        assertThatThrownBy(() -> new JMeterImporter().read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageMatching(
                        java.util.regex.Pattern.quote(f.toString())
                                + ":\\d+:\\d+: not well-formed XML: the XML ends early.*");
        Files.writeString(f, real.replaceFirst("t=\"41\"", "t=\"4.1\""));
        assertThatThrownBy(() -> new JMeterImporter().read(f))
                .hasMessageMatching(
                        java.util.regex.Pattern.quote(f.toString())
                                + ":3:\\d+: t=\"4.1\"; expected whole milliseconds.*");
        Files.writeString(
                f,
                "<?xml version=\"1.0\"?>\n"
                    + "<testResults version=\"1.2\">\n"
                    + "<sample t=\"5\" ts=\"1700000000000\" s=\"true\" lb=\"buy\" rm=\"Number of"
                    + " samples in transaction : 2\"/>\n"
                    + "<httpSample t=\"3\" ts=\"1700000000001\" s=\"false\" lb=\"pay\"><httpSample"
                    + " t=\"2\" ts=\"1700000000001\" s=\"true\""
                    + " lb=\"pay-redirect\"/></httpSample>\n"
                    + "</testResults>\n");
        ImportedEvidence e = new JMeterImporter().read(f);
        assertThat(e.measurements()).allMatch(m -> m.labels().get("operation").equals("pay"));
        assertThat(
                        ((Distribution)
                                        one(
                                                        e.measurements(),
                                                        "failed_latency",
                                                        Map.of("operation", "pay"))
                                                .value())
                                .max())
                .isEqualTo(3000.0);
        assertThat(e.notes()).anyMatch(n -> n.contains("1 transaction controller sample"));
    }

    @Test
    void jmeterFailuresQuotesAndDamage() throws Exception {
        Path f = dir.resolve("r.jtl");
        Files.writeString(
                f,
                """
                timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage
                1700000000000,10,"login, then home",200,OK,t 1-1,text,true,
                1700000000100,30,"login, then home",500,"Server \"\"Error\"\"",t 1-1,text,false,"Response code was 500
                not 200"
                1700000000200,40,checkout,200,Number of samples in transaction : 2,t 1-1,,true,
                """);
        ImportedEvidence e = new JMeterImporter().read(f);
        Map<String, String> login = Map.of("operation", "login, then home");
        assertThat(scalar(e.measurements(), "requests", login)).isEqualTo(2);
        assertThat(scalar(e.measurements(), "errors", login)).isEqualTo(1);
        assertThat(scalar(e.measurements(), "success_rate", login)).isEqualTo(50.0);
        assertThat(e.measurements()).noneMatch(m -> "checkout".equals(m.labels().get("operation")));
        assertThat(e.notes()).anyMatch(n -> n.contains("transaction controller"));

        Files.writeString(
                f,
                "timeStamp,elapsed,label,success\n"
                        + "1700000000000,10,a,true\n"
                        + "1700000000100,ten,a,true\n");
        assertThatThrownBy(() -> new JMeterImporter().read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        f
                                + ":3:1: elapsed is 'ten'; expected whole milliseconds (timeStamp"
                                + " saved as ms, the default)");
        Files.writeString(f, "timeStamp,elapsed,responseCode\n1700000000000,10,200\n");
        assertThatThrownBy(() -> new JMeterImporter().read(f))
                .hasMessageStartingWith(f + ":1:1: the header lacks label, success");
        String real = Files.readString(RES.resolve("jmeter/result.jtl"));
        Files.writeString(f, real.substring(0, real.indexOf(",Set Up 1-1,text,true")));
        assertThatThrownBy(() -> new JMeterImporter().read(f))
                .hasMessageContaining("fields where the header has 17");
    }

    @Test
    void hdrLogIntervalsAreAddedIntoOneHistogram() throws Exception {
        Path f = dir.resolve("latency.hlog");
        Histogram expected = new Histogram(3);
        try (java.io.PrintStream out = new java.io.PrintStream(Files.newOutputStream(f))) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.outputLogFormatVersion();
            w.outputStartTime(1_700_000_000_000L);
            w.outputLegend();
            java.util.Random r = new java.util.Random(7);
            for (int interval = 0; interval < 5; interval++) {
                Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
                h.setStartTimeStamp(1_700_000_000_000L + interval * 1000L);
                h.setEndTimeStamp(1_700_000_001_000L + interval * 1000L);
                for (int i = 0; i < 1000; i++) {
                    long v = 100 + (long) (r.nextDouble() * 900) + (interval == 3 ? 20_000 : 0);
                    h.recordValue(v);
                    expected.recordValue(v);
                }
                w.outputIntervalHistogram(h);
            }
        }
        assertThat(Importers.withServiceLoader().detect(f)).map(i -> i.id()).contains("hdr-log");
        List<Measurement> all = new HdrLogImporter().read(f).measurements();
        Distribution d = (Distribution) one(all, "latency", Map.of()).value();
        assertThat(d.count()).isEqualTo(5000);
        Histogram got = d.decode();
        for (double p : new double[] {50, 90, 99, 99.9}) {
            assertThat(got.getValueAtPercentile(p)).isEqualTo(expected.getValueAtPercentile(p));
        }
        // the slow interval is a fifth of the samples: p90 lies in it, never averaged away
        assertThat(got.getValueAtPercentile(90)).isGreaterThan(20_000);

        String text = Files.readString(f);
        Path cut = dir.resolve("cut.hlog");
        Files.writeString(cut, text.substring(0, text.length() - 40));
        assertThatThrownBy(() -> new HdrLogImporter().read(cut))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(cut + ": interval 5 cannot be decoded");
    }
}
