package io.gonogo.collect.importers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.collect.importers.ImportedEvidence;
import io.gonogo.collect.importers.ImportedResults;
import io.gonogo.collect.importers.Importers;
import io.gonogo.core.Distribution;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import io.gonogo.core.config.ResultsSpec;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Gatling importer on logs and reports Gatling itself wrote (3.12.0 text, 3.13.5, 3.14.9 and
 * 3.15.1 binary; see the README beside each): every figure it imports is compared with the figure
 * Gatling's own report gives for the same run, copied into the README and into {@link #GATLING}.
 */
class GatlingImporterTest {
    private static final Path RES = Path.of("src/test/resources/importers");
    private static final Path RUN_3_15_1 =
            RES.resolve("gatling-3.15.1/shopsimulation-20261207172121657");
    private static final Path RUN_3_12_0 =
            RES.resolve("gatling-3.12.0/shopsimulation-20261207172254809");

    @TempDir Path dir;

    /**
     * Gatling's report, per version and request ("group / name"): total, OK, KO, then of the OK
     * requests min, p50, p75, p95, p99, max and mean in ms; -1 where Gatling shows none (no OK
     * request).
     */
    private static final Map<String, Map<String, long[]>> GATLING =
            Map.of(
                    "3.15.1",
                    figures(
                            "browse / item:    100 100   0  1  7 23   73  118  118  19",
                            "browse / missing: 100   0 100 -1 -1 -1   -1   -1   -1  -1",
                            "home:             100 100   0  2  7 35 1065 1123 1123 115",
                            "home again:       100 100   0  1  5 14   88 1031 1031  44"),
                    // the means are the report's statistics table: 3.14.9's request pages show
                    // the requests per second (20) in their "Mean" row
                    "3.14.9",
                    figures(
                            "browse / item:    100 100   0  1  4  6   26   57   57   6",
                            "browse / missing: 100   0 100 -1 -1 -1   -1   -1   -1  -1",
                            "home:             100 100   0  1  3  5   25  116  116   8",
                            "home again:       100 100   0  1  3  5   17   37   37   5"),
                    "3.13.5",
                    figures(
                            "browse / item:    100 100   0  1  4  6   31 1015 1015  17",
                            "browse / missing: 100   0 100 -1 -1 -1   -1   -1   -1  -1",
                            "home:             100 100   0  2  4  7  248 1005 1005  31",
                            "home again:       100 100   0  1  3  5   22 1034 1034  16"),
                    "3.12.0",
                    figures(
                            "browse / item:    100 100   0  1  4 15   56  111 1025  22",
                            "browse / missing: 100   0 100 -1 -1 -1   -1   -1   -1  -1",
                            "home:             100 100   0  1  4 16  317  475 1033  48",
                            "home again:       100 100   0  0  2  9   65  102  130  12"));

    /** Rows of "request: total OK KO min p50 p75 p95 p99 max mean". */
    private static Map<String, long[]> figures(String... rows) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String row : rows) {
            int colon = row.indexOf(':');
            long[] f =
                    Arrays.stream(row.substring(colon + 1).strip().split("\\s+"))
                            .mapToLong(Long::parseLong)
                            .toArray();
            assertThat(f).hasSize(10);
            out.put(row.substring(0, colon), f);
        }
        return out;
    }

    private static Path log(String version) {
        return switch (version) {
            case "3.15.1" -> RUN_3_15_1.resolve("simulation.log");
            case "3.12.0" -> RUN_3_12_0.resolve("simulation.log");
            default -> RES.resolve("gatling-" + version).resolve("simulation.log");
        };
    }

    private static Measurement one(List<Measurement> all, String metric, Map<String, String> l) {
        List<Measurement> found =
                all.stream()
                        .filter(m -> m.metric().equals(metric) && m.labels().equals(l))
                        .toList();
        assertThat(found).as(metric + " " + l + " among " + all.size()).hasSize(1);
        return found.get(0);
    }

    private static Map<String, String> labels(String request) {
        int slash = request.lastIndexOf(" / ");
        return slash < 0
                ? Map.of("operation", request)
                : Map.of(
                        "group", request.substring(0, slash),
                        "operation", request.substring(slash + 3));
    }

    /**
     * Count, OK and KO, min, max and mean exactly; each percentile by Gatling's convention: its
     * report takes the quantile of a t-digest (compression 100), which interpolates between the two
     * samples around the rank, and rounds it to a whole ms. So Gatling's figure must lie between
     * the samples one rank either side of the rank, as the imported histogram holds them (each
     * within its HdrHistogram bucket), give or take the rounding.
     */
    @ParameterizedTest
    @ValueSource(strings = {"3.15.1", "3.14.9", "3.13.5", "3.12.0"})
    void everyImportedFigureIsGatlingsOwn(String version) {
        ImportedEvidence e = new GatlingImporter().read(log(version));
        List<Measurement> all = e.measurements();
        Map<String, long[]> gatling = GATLING.get(version);
        assertThat(
                        all.stream()
                                .filter(m -> !m.metric().startsWith("group"))
                                .filter(m -> !m.metric().startsWith("failed_group"))
                                .map(m -> m.labels())
                                .distinct()
                                .toList())
                .containsExactlyInAnyOrderElementsOf(
                        gatling.keySet().stream().map(GatlingImporterTest::labels).toList());
        for (Map.Entry<String, long[]> row : gatling.entrySet()) {
            Map<String, String> l = labels(row.getKey());
            long[] g = row.getValue();
            String as = version + " " + row.getKey();
            assertThat(((Scalar) one(all, "requests", l).value()).value()).as(as).isEqualTo(g[0]);
            assertThat(((Scalar) one(all, "errors", l).value()).value()).as(as).isEqualTo(g[2]);
            assertThat(((Scalar) one(all, "success_rate", l).value()).value())
                    .as(as)
                    .isEqualTo(100.0 * g[1] / g[0]);
            Distribution d = (Distribution) one(all, "latency", l).value();
            assertThat(d.count()).as(as + " OK").isEqualTo(g[1]);
            if (g[1] == 0) {
                continue;
            }
            assertThat(d.min()).as(as + " min").isEqualTo(g[3] * 1000.0);
            assertThat(d.max()).as(as + " max").isEqualTo(g[8] * 1000.0);
            assertThat(Math.round(d.mean() / 1000)).as(as + " mean").isEqualTo(g[9]);
            assertGatlingPercentiles(d, g, as);
        }
        // the histogram itself, what targets merge, within HdrHistogram's precision
        Distribution home = (Distribution) one(all, "latency", labels("home")).value();
        Histogram h = home.decode();
        long max = GATLING.get(version).get("home")[8] * 1000;
        assertThat(h.getMaxValue()).isEqualTo(h.highestEquivalentValue(max));
    }

    /**
     * Gatling's p50, p75, p95 and p99 ({@code g[4..7]}, ms) against {@code d}: each must lie
     * between the samples one rank either side of the rank, as the imported histogram holds them
     * (each within its HdrHistogram bucket), give or take the rounding to a whole ms.
     */
    private static void assertGatlingPercentiles(Distribution d, long[] g, String as) {
        Histogram h = d.decode();
        double[] pcts = {50, 75, 95, 99};
        for (int i = 0; i < pcts.length; i++) {
            double step = 100.0 / d.count();
            long below = h.getValueAtPercentile(Math.max(0, pcts[i] - step));
            long above = h.getValueAtPercentile(Math.min(100, pcts[i] + step));
            long lo = Math.floorDiv(h.lowestEquivalentValue(below), 1000);
            long hi = -Math.floorDiv(-h.highestEquivalentValue(above), 1000);
            assertThat(g[4 + i]).as(as + " p" + pcts[i]).isBetween(lo, hi);
        }
    }

    /**
     * Gatling's report on the group {@code browse}, per version: its statistics (the run kept the
     * default {@code useGroupDurationMetric = false}, so they are of the cumulated response time),
     * total column then KO column, as "total OK KO min p50 p75 p95 p99 max mean" in ms; from
     * 3.12.0's {@code js/stats.json} and 3.15.1's {@code index.html} and group page. Every pass
     * through {@code browse} failed, with its {@code missing} request.
     */
    private static final Map<String, Map<String, long[]>> GATLING_GROUP =
            Map.of(
                    "3.15.1",
                    figures(
                            "total: 100 0 100 3 15 48 147 1138 1138 45",
                            "KO:    100 0 100 3 15 50 147 1138 1138 45"),
                    "3.12.0",
                    figures(
                            "total: 100 0 100 2  7 30 110 1034 1069 46",
                            "KO:    100 0 100 2  7 30 110 1034 1069 46"));

    private static final Map<String, String> BROWSE = Map.of("group", "browse");

    @ParameterizedTest
    @ValueSource(strings = {"3.15.1", "3.12.0"})
    void groupResponseTimesAreGatlingsGroupStatistics(String version) {
        List<Measurement> all = new GatlingImporter().read(log(version)).measurements();
        long[] total = GATLING_GROUP.get(version).get("total");
        long[] ko = GATLING_GROUP.get(version).get("KO");
        assertThat(((Scalar) one(all, "groups", BROWSE).value()).value()).isEqualTo(total[0]);
        assertThat(((Scalar) one(all, "group_errors", BROWSE).value()).value()).isEqualTo(total[2]);
        for (var figure :
                List.of(
                        Map.entry("group_response_time", total),
                        Map.entry("failed_group_response_time", ko))) {
            Distribution d = (Distribution) one(all, figure.getKey(), BROWSE).value();
            long[] g = figure.getValue();
            String as = version + " " + figure.getKey();
            assertThat(d.count()).as(as + " count").isEqualTo(g[0]);
            assertThat(d.min()).as(as + " min").isEqualTo(g[3] * 1000.0);
            assertThat(d.max()).as(as + " max").isEqualTo(g[8] * 1000.0);
            assertThat(Math.round(d.mean() / 1000)).as(as + " mean").isEqualTo(g[9]);
            assertGatlingPercentiles(d, g, as);
        }
        assertThat(one(all, "group_duration", BROWSE).unit()).isEqualTo(Unit.MICROSECONDS);
    }

    /**
     * The report's group page draws the distribution of the durations and of the cumulated response
     * times: 100 columns of equal width from the smallest figure to the largest, each labelled with
     * its middle (rounded to a ms), holding the percentage of the passes whose figure falls in it
     * (the last column closed). Rebuilt from what gonogo imported, the chart is Gatling's: the
     * labels from the exact min and max, each column's share from the histogram, where a sample
     * whose HdrHistogram bucket straddles two columns may fall in either.
     */
    @ParameterizedTest
    @ValueSource(strings = {"3.15.1", "3.12.0"})
    void groupDurationsAreGatlingsDistributionCharts(String version) throws Exception {
        Path run = version.equals("3.15.1") ? RUN_3_15_1 : RUN_3_12_0;
        String page;
        try (var files = Files.list(run)) {
            page =
                    Files.readString(
                            files.filter(p -> p.getFileName().toString().startsWith("group_browse"))
                                    .findFirst()
                                    .orElseThrow());
        }
        List<Measurement> all = new GatlingImporter().read(log(version)).measurements();
        for (var chart :
                List.of(
                        Map.entry("groupdurationdistributioncontainer", "group_duration"),
                        Map.entry(
                                "groupcumulatedresponsetimedistributioncontainer",
                                "group_response_time"))) {
            String as = version + " " + chart.getValue();
            int at =
                    page.toLowerCase(java.util.Locale.ROOT).indexOf("renderto: '" + chart.getKey());
            assertThat(at).as(as + " chart in the page").isPositive();
            long[] labels = numbers(between(page, at, "categories: [", "]"));
            double[] ok = doubles(between(page, at, "name: 'OK',", "]"));
            double[] ko = doubles(between(page, at, "name: 'KO',", "]"));
            assertThat(labels).as(as).hasSize(100);
            assertThat(ko).as(as).hasSize(100);
            assertThat(ok).as(as + ": no pass succeeded").containsOnly(0.0);
            Distribution d = (Distribution) one(all, chart.getValue(), BROWSE).value();
            double min = d.min() / 1000;
            double step = (d.max() / 1000 - min) / 100;
            for (int i = 0; i < 100; i++) {
                assertThat(labels[i])
                        .as(as + " column " + i)
                        .isEqualTo(Math.round(min + step * (i + 0.5)));
            }
            // each histogram bucket's samples into the columns its whole-ms values reach
            int[] sure = new int[100];
            int[] maybe = new int[100];
            Histogram h = d.decode();
            for (var v : h.recordedValues()) {
                long lo = -Math.floorDiv(-h.lowestEquivalentValue(v.getValueIteratedTo()), 1000);
                long hi = Math.floorDiv(h.highestEquivalentValue(v.getValueIteratedTo()), 1000);
                lo = Math.max(lo, Math.round(min));
                hi = Math.min(hi, Math.round(d.max() / 1000));
                int first = column(lo, min, step);
                int last = column(hi, min, step);
                for (int c = first; c <= last; c++) {
                    (first == last ? sure : maybe)[c] += (int) v.getCountAtValueIteratedTo();
                }
            }
            for (int i = 0; i < 100; i++) {
                double share = ko[i] * d.count() / 100;
                assertThat(share)
                        .as(as + " column " + i)
                        .isBetween((double) sure[i], (double) sure[i] + maybe[i]);
            }
            assertThat(Arrays.stream(maybe).sum())
                    .as(as + " samples on a column's edge")
                    .isLessThanOrEqualTo(4);
        }
    }

    private static int column(long ms, double min, double step) {
        return (int) Math.min(99, Math.floor((ms - min) / step));
    }

    private static String between(String text, int from, String open, String close) {
        int start = text.indexOf(open, from);
        assertThat(start).as(open).isPositive();
        start += open.length();
        return text.substring(start, text.indexOf(close, start));
    }

    private static long[] numbers(String list) {
        return Arrays.stream(list.split(","))
                .map(x -> x.strip().replace("'", ""))
                .mapToLong(Long::parseLong)
                .toArray();
    }

    private static double[] doubles(String list) {
        list = list.substring(list.indexOf('[') + 1);
        return Arrays.stream(list.split(","))
                .map(String::strip)
                .mapToDouble(Double::parseDouble)
                .toArray();
    }

    /**
     * A pass's cumulated response time is the sum of its requests' response times, so over the
     * whole run the group's time is the time of every request in it: {@code browse / item}'s (all
     * OK) and {@code browse / missing}'s (all KO), figures the test above holds against Gatling's
     * report. This covers 3.13.5 and 3.14.9 too, whose reports were not kept.
     */
    @ParameterizedTest
    @ValueSource(strings = {"3.15.1", "3.14.9", "3.13.5", "3.12.0"})
    void aGroupsResponseTimeIsItsRequestsTime(String version) {
        List<Measurement> all = new GatlingImporter().read(log(version)).measurements();
        Distribution group = (Distribution) one(all, "group_response_time", BROWSE).value();
        Distribution duration = (Distribution) one(all, "group_duration", BROWSE).value();
        Distribution item = (Distribution) one(all, "latency", labels("browse / item")).value();
        Distribution missing =
                (Distribution) one(all, "failed_latency", labels("browse / missing")).value();
        assertThat(group.count()).isEqualTo(100);
        assertThat(duration.count()).isEqualTo(100);
        assertThat(group.mean() * group.count())
                .as(version)
                .isEqualTo(item.mean() * item.count() + missing.mean() * missing.count());
        // the requests run one after the other inside the group, which takes at least as long
        assertThat(duration.min()).isGreaterThanOrEqualTo(group.min());
        assertThat(duration.mean()).isGreaterThanOrEqualTo(group.mean());
        assertThat(duration.max()).isGreaterThanOrEqualTo(group.max());
        assertThat(((Scalar) one(all, "group_errors", BROWSE).value()).value()).isEqualTo(100);
        // every pass failed: the failed figures are the whole
        assertThat(((Distribution) one(all, "failed_group_duration", BROWSE).value()).histogram())
                .isEqualTo(duration.histogram());
    }

    @Test
    void eachFileOfARunFolderIsTheLogItsReportOrAnAsset() throws Exception {
        GatlingImporter gatling = new GatlingImporter();
        for (Path run : List.of(RUN_3_15_1, RUN_3_12_0)) {
            assertThat(Importers.withServiceLoader().detect(run.resolve("simulation.log")))
                    .map(i -> i.id())
                    .contains("gatling");
            assertThat(Importers.withServiceLoader().detect(run.resolve("index.html")))
                    .map(i -> i.id())
                    .contains("gatling");
            assertThat(gatling.isReportAsset(run.resolve("simulation.log"))).isFalse();
            assertThat(gatling.isReportAsset(run.resolve("index.html"))).isFalse();
            assertThat(gatling.isReportAsset(run.resolve("js/stats.js"))).isTrue();
            assertThat(gatling.isReportAsset(run.resolve("style/style.css"))).isTrue();
        }
        assertThat(gatling.isReportAsset(RUN_3_12_0.resolve("js/stats.json"))).isTrue();
        assertThat(gatling.isReportAsset(RUN_3_12_0.resolve("js/assertions.xml"))).isTrue();
        assertThat(gatling.isReportAsset(RES.resolve("gatling-3.14.9/simulation.log"))).isFalse();
    }

    /** The verdicts Gatling printed at the end of both runs, in its report's order. */
    private static final List<String> ASSERTIONS =
            List.of(
                    "Global: max of response time is less than 5000.0",
                    "Global: percentage of successful events is greater than 90.0",
                    "home: count of failed events is less than or equal to 200.0",
                    "browse / item: count of failed events is less than or equal to 200.0",
                    "browse / missing: count of failed events is less than or equal to 200.0",
                    "home again: count of failed events is less than or equal to 200.0");

    @ParameterizedTest
    @ValueSource(strings = {"gatling-3.15.1", "gatling-3.12.0"})
    void aRunFolderImportsItsLogAndGatlingsAssertionVerdicts(String folder) throws Exception {
        Path copy = dir.resolve(folder);
        copyTree(RES.resolve(folder), copy);
        ResultsSpec spec = ResultsSpec.of(copy, Set.of());
        ImportedResults r = Importers.withServiceLoader().importResults(List.of(spec), "run-1");
        assertThat(r.problems()).isEmpty();
        assertThat(r.measurements()).isNotEmpty();
        assertThat(r.measurements())
                .allSatisfy(m -> assertThat(m.labels()).containsEntry("format", "gatling"));
        assertThat(r.measurements())
                .allSatisfy(m -> assertThat(m.source().file()).endsWith("/simulation.log"));
        List<TestOutcome> tests = r.outcomes().subList(1, r.outcomes().size());
        assertThat(tests)
                .extracting(TestOutcome::displayName)
                .containsExactlyElementsOf(ASSERTIONS);
        assertThat(tests)
                .extracting(TestOutcome::status)
                .containsExactly(
                        TestStatus.SUCCESSFUL,
                        TestStatus.FAILED,
                        TestStatus.SUCCESSFUL,
                        TestStatus.SUCCESSFUL,
                        TestStatus.SUCCESSFUL,
                        TestStatus.SUCCESSFUL);
        assertThat(tests).allSatisfy(t -> assertThat(t.suite()).isEqualTo("ShopSimulation"));
        // the failed assertion fails the entry, naming it; the report's assets are a note
        TestOutcome entry = r.outcomes().get(0);
        assertThat(entry.status()).isEqualTo(TestStatus.FAILED);
        assertThat(entry.message())
                .startsWith("1 of 6 tests in ")
                .contains("Global: percentage of successful events is greater than 90.0");
    }

    @Test
    void aRunFolderWithoutFailedAssertionsPassesWithANoteOnTheAssets() throws Exception {
        Path copy = dir.resolve("run");
        copyTree(RUN_3_15_1, copy);
        Path index = copy.resolve("index.html");
        Files.writeString(
                index,
                Files.readString(index)
                        .replace(
                                "<td class=\"error-col-2 value ko total\">KO</td>",
                                "<td class=\"error-col-2 value ok total\">OK</td>"));
        ImportedResults r =
                Importers.withServiceLoader()
                        .importResults(List.of(ResultsSpec.of(copy, Set.of())), "run-1");
        TestOutcome entry = r.outcomes().get(0);
        assertThat(entry.status()).as(entry.message()).isEqualTo(TestStatus.SUCCESSFUL);
        assertThat(entry.message()).contains("and 6 tests").contains("left out");
    }

    @Test
    void aLogAloneSaysWhereGatlingsVerdictsAre() throws Exception {
        Path f = dir.resolve("simulation.log");
        Files.copy(log("3.15.1"), f);
        assertThat(new GatlingImporter().read(f).notes())
                .containsExactly(
                        "the log holds 3 Gatling assertions; Gatling's verdicts are in its"
                                + " report's index.html, imported with the run folder");
        assertThat(new GatlingImporter().read(log("3.15.1")).notes()).isEmpty();
    }

    @Test
    void anUnknownVersionIsRefusedNamingIt() throws Exception {
        byte[] log = Files.readAllBytes(log("3.15.1"));
        // the version string is 6 Latin-1 bytes after the record type and the length
        assertThat(new String(log, 5, 6, java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("3.15.1");
        byte[] later = log.clone();
        later[10] = (byte) 0x32; // 3.15.2
        Path f = dir.resolve("simulation.log");
        Files.write(f, later);
        assertThatThrownBy(() -> new GatlingImporter().read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        f
                                + ": written by Gatling 3.15.2; gonogo reads the binary"
                                + " simulation.log of Gatling 3.13.0 to 3.15.1 or the text log"
                                + " of Gatling 3.0 to 3.12");
        assertThat(GatlingBinaryLog.known("3.13.0")).isTrue();
        assertThat(GatlingBinaryLog.known("3.14.9")).isTrue();
        assertThat(GatlingBinaryLog.known("3.12.0")).isFalse();
        assertThat(GatlingBinaryLog.known("3.16.0")).isFalse();
        assertThat(GatlingBinaryLog.known("3.15.1-SNAPSHOT")).isFalse();
    }

    @Test
    void aDamagedBinaryLogIsNamedWithItsRecord() throws Exception {
        byte[] log = Files.readAllBytes(log("3.15.1"));
        Path cut = dir.resolve("cut.log");
        Files.write(cut, Arrays.copyOf(log, log.length - 3));
        assertThatThrownBy(() -> new GatlingImporter().read(cut))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cut short inside this record");
        Path bad = dir.resolve("bad.log");
        byte[] wrong = log.clone();
        wrong[wrong.length - 1 - lastRecordLength(log)] = 9;
        Files.write(bad, wrong);
        assertThatThrownBy(() -> new GatlingImporter().read(bad))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown record type 9");
    }

    /** The log's last record is a user end: type byte, int, boolean, int. */
    private static int lastRecordLength(byte[] log) {
        assertThat(log[log.length - 10]).isEqualTo((byte) 2);
        return 9;
    }

    @Test
    void stringsInUtf16AndTheCacheAreRead() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(512);
        b.put((byte) 0);
        latin1(b, "3.14.9");
        latin1(b, "x.Sim");
        b.putLong(1_000_000L);
        b.putInt(0); // description
        b.putInt(1);
        latin1(b, "S");
        b.putInt(0); // assertions
        for (int i = 0; i < 2; i++) {
            b.put((byte) 1);
            b.putInt(1); // one group
            if (i == 0) {
                b.putInt(1);
                utf16(b, "größe ✓");
                b.putInt(2);
                latin1(b, "get");
            } else {
                b.putInt(-1);
                b.putInt(-2);
            }
            b.putInt(10 + i);
            b.putInt(15 + 2 * i);
            b.put((byte) 1);
            b.putInt(i == 0 ? 3 : -3);
            if (i == 0) {
                b.putInt(0); // empty message
            }
        }
        Path f = dir.resolve("simulation.log");
        Files.write(f, Arrays.copyOf(b.array(), b.position()));
        List<Measurement> all = new GatlingImporter().read(f).measurements();
        Map<String, String> l = Map.of("group", "größe ✓", "operation", "get");
        Distribution d = (Distribution) one(all, "latency", l).value();
        assertThat(d.count()).isEqualTo(2);
        assertThat(d.min()).isEqualTo(5000.0);
        assertThat(d.max()).isEqualTo(6000.0);
    }

    /**
     * A binary log of Gatling 3.15.1: its run record (one scenario, no assertion), then {@code
     * records}.
     */
    private Path binaryLog(java.util.function.Consumer<ByteBuffer> records) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(1024);
        b.put((byte) 0);
        latin1(b, "3.15.1");
        latin1(b, "x.Sim");
        b.putLong(1_000_000L);
        b.putInt(0); // description
        b.putInt(1);
        latin1(b, "S");
        b.putInt(0); // assertions
        records.accept(b);
        Path f = dir.resolve("simulation.log");
        Files.write(f, Arrays.copyOf(b.array(), b.position()));
        return f;
    }

    /**
     * A group record: type 3, the path as cached strings (a new id, or minus a known one), start,
     * end, cumulated response time, OK.
     */
    private static void group(
            ByteBuffer b, int[] ids, String[] names, int start, int end, int rt, boolean ok) {
        b.put((byte) 3);
        b.putInt(ids.length);
        for (int i = 0; i < ids.length; i++) {
            b.putInt(ids[i]);
            if (ids[i] > 0) {
                latin1(b, names[i]);
            }
        }
        b.putInt(start);
        b.putInt(end);
        b.putInt(rt);
        b.put((byte) (ok ? 1 : 0));
    }

    /**
     * Nested groups are labelled with their path; a failed pass stays in the group's durations (a
     * slow failure makes its p95 worse, never better) and is counted in {@code group_errors} and
     * {@code failed_group_*}.
     */
    @Test
    void nestedGroupsAndFailedPassesFromABinaryLog() throws Exception {
        Path f =
                binaryLog(
                        b -> {
                            group(b, new int[] {1}, new String[] {"checkout"}, 0, 1500, 900, true);
                            group(b, new int[] {-1}, null, 10, 2010, 1000, true);
                            // a slow failure: a request that timed out
                            group(b, new int[] {-1}, null, 20, 9020, 8000, false);
                            group(
                                    b,
                                    new int[] {-1, 2},
                                    new String[] {null, "pay"},
                                    30,
                                    330,
                                    250,
                                    true);
                        });
        List<Measurement> all = new GatlingImporter().read(f).measurements();
        Map<String, String> checkout = Map.of("group", "checkout");
        Map<String, String> pay = Map.of("group", "checkout / pay");
        assertThat(all).extracting(Measurement::labels).containsOnly(checkout, pay);
        Distribution d = (Distribution) one(all, "group_duration", checkout).value();
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.min()).isEqualTo(1_500_000.0);
        assertThat(d.max()).isEqualTo(9_000_000.0);
        assertThat(d.mean()).isEqualTo((1_500_000.0 + 2_000_000 + 9_000_000) / 3);
        Histogram h = d.decode();
        assertThat(h.getValueAtPercentile(95)).isEqualTo(h.highestEquivalentValue(9_000_000));
        Distribution rt = (Distribution) one(all, "group_response_time", checkout).value();
        assertThat(rt.count()).isEqualTo(3);
        assertThat(rt.mean()).isEqualTo((900_000.0 + 1_000_000 + 8_000_000) / 3);
        Distribution failed = (Distribution) one(all, "failed_group_duration", checkout).value();
        assertThat(failed.count()).isEqualTo(1);
        assertThat(failed.min()).isEqualTo(9_000_000.0);
        assertThat(((Distribution) one(all, "failed_group_response_time", checkout).value()).max())
                .isEqualTo(8_000_000.0);
        assertThat(((Scalar) one(all, "groups", checkout).value()).value()).isEqualTo(3);
        assertThat(((Scalar) one(all, "group_errors", checkout).value()).value()).isEqualTo(1);
        assertThat(((Distribution) one(all, "group_duration", pay).value()).max())
                .isEqualTo(300_000.0);
        assertThat(((Scalar) one(all, "group_errors", pay).value()).value()).isZero();
        assertThat(all)
                .filteredOn(m -> m.metric().startsWith("failed_") && m.labels().equals(pay))
                .isEmpty();
    }

    @Test
    void aDamagedGroupRecordIsNamed() throws Exception {
        Path noPath = binaryLog(b -> group(b, new int[0], new String[0], 0, 10, 5, true));
        assertThatThrownBy(() -> new GatlingImporter().read(noPath))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(noPath + ": record 2 (at byte 48): a group record names no group");
        byte[] whole =
                Files.readAllBytes(
                        binaryLog(
                                b -> {
                                    group(b, new int[] {1}, new String[] {"g"}, 0, 10, 5, true);
                                    group(b, new int[] {-1}, null, 0, 10, 5, true);
                                }));
        Path cut = dir.resolve("cut.log");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 5));
        assertThatThrownBy(() -> new GatlingImporter().read(cut))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("record 3 (at byte ")
                .hasMessageEndingWith("the log is cut short inside this record");
    }

    /**
     * The text log's GROUP records, with the user id of early 3.x and without; a comma separates
     * nested groups. Damage is named by file and line.
     */
    @Test
    void groupsFromATextLog() throws Exception {
        Path f = dir.resolve("simulation.log");
        Files.write(
                f,
                List.of(
                        "RUN	x.Sim	sim	1000	 	3.12.0",
                        "REQUEST	checkout,pay	card	1010	1030	OK	 ",
                        "GROUP	checkout,pay	1005	1040	20	OK",
                        "GROUP	checkout	1000	1050	20	KO",
                        "GROUP	7	checkout	1100	1300	150	OK"));
        List<Measurement> all = new GatlingImporter().read(f).measurements();
        Map<String, String> checkout = Map.of("group", "checkout");
        Map<String, String> pay = Map.of("group", "checkout / pay");
        Distribution d = (Distribution) one(all, "group_duration", checkout).value();
        assertThat(d.count()).isEqualTo(2);
        assertThat(d.min()).isEqualTo(50_000.0);
        assertThat(d.max()).isEqualTo(200_000.0);
        assertThat(((Distribution) one(all, "group_response_time", checkout).value()).mean())
                .isEqualTo(85_000.0);
        assertThat(((Distribution) one(all, "failed_group_duration", checkout).value()).max())
                .isEqualTo(50_000.0);
        assertThat(((Scalar) one(all, "group_errors", checkout).value()).value()).isEqualTo(1);
        assertThat(((Distribution) one(all, "group_duration", pay).value()).max())
                .isEqualTo(35_000.0);
        // the request in the group keeps its labels and figures
        assertThat(
                        ((Distribution)
                                        one(
                                                        all,
                                                        "latency",
                                                        Map.of(
                                                                "group",
                                                                "checkout / pay",
                                                                "operation",
                                                                "card"))
                                                .value())
                                .max())
                .isEqualTo(20_000.0);

        for (var bad :
                List.of(
                        Map.entry(
                                "GROUP	checkout	1000	1050",
                                "a GROUP record has 4 fields; expected at least 6"),
                        Map.entry(
                                "GROUP	checkout	1000	1050	20	MAYBE",
                                "a GROUP's status is 'MAYBE'; expected OK or KO"),
                        Map.entry(
                                "GROUP	checkout	1000	1050	x	OK",
                                "'x' is not a cumulated response time in ms"),
                        Map.entry(
                                "GROUP	checkout	1000	later	20	OK",
                                "'later' is not a time in epoch milliseconds"),
                        Map.entry(
                                "GROUP	 	1000	1050	20	OK",
                                "a GROUP" + " record" + " names" + " no group"))) {
            Files.write(f, List.of("RUN	x.Sim	sim	1000	 	3.12.0", bad.getKey()));
            assertThatThrownBy(() -> new GatlingImporter().read(f))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(f + ":2:1: " + bad.getValue());
        }
    }

    private static void latin1(ByteBuffer b, String s) {
        b.putInt(s.length());
        b.put(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        b.put((byte) 0);
    }

    private static void utf16(ByteBuffer b, String s) {
        byte[] v = s.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        b.putInt(v.length);
        b.put(v);
        b.put((byte) 1);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
