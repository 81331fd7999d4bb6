package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Interval;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.Unit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * comparison-matrix.md and .html: the golden files rendered from {@link ComparisonFixtures}, and
 * the figures, one-sided rows, clients, generator-bound sides, compared label and escaping checked
 * one by one.
 *
 * <p>After a deliberate change, regenerate the golden files with {@code mvn -pl templates test
 * -Dtest=ComparisonMatrixTest -Dgonogo.updateGolden=true} and review the diff line by line.
 */
class ComparisonMatrixTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    private final Renderer renderer = Renderer.builder().environment(Map.of()).build();
    private Locale savedLocale;
    private TimeZone savedZone;

    @BeforeEach
    void saveDefaults() {
        savedLocale = Locale.getDefault();
        savedZone = TimeZone.getDefault();
    }

    @AfterEach
    void restoreDefaults() {
        Locale.setDefault(savedLocale);
        TimeZone.setDefault(savedZone);
    }

    private String render(String name) {
        return switch (name) {
            case Renderer.COMPARISON_MATRIX_MD ->
                    renderer.comparisonMatrixMarkdown(
                            ComparisonFixtures.decision(), ComparisonFixtures.withGenerator());
            case Renderer.COMPARISON_MATRIX_HTML ->
                    renderer.comparisonMatrixHtml(
                            ComparisonFixtures.decision(), ComparisonFixtures.withGenerator());
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static String golden(String name) throws IOException {
        return Files.readString(GOLDEN.resolve(name), StandardCharsets.UTF_8);
    }

    private String markdown(EvidenceSet evidence) {
        return renderer.comparisonMatrixMarkdown(ComparisonFixtures.decision(), evidence);
    }

    /**
     * The Markdown table rows of {@code md} whose first cell is {@code operation}, split into
     * cells.
     */
    private static List<List<String>> rows(String md, String operation) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : md.split("\n")) {
            if (line.startsWith("| ")) {
                List<String> cells = cells(line);
                if (cells.get(0).equals(operation)) {
                    rows.add(cells);
                }
            }
        }
        return rows;
    }

    /** The cells of a Markdown table row, split at unescaped pipes. */
    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '|' && row.charAt(i - 1) != '\\') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    @ParameterizedTest
    @ValueSource(strings = {Renderer.COMPARISON_MATRIX_MD, Renderer.COMPARISON_MATRIX_HTML})
    void rendersTheReviewedGoldenDocument(String name) throws IOException {
        String text = render(name);
        if (Boolean.getBoolean("gonogo.updateGolden")) {
            Files.writeString(GOLDEN.resolve(name), text, StandardCharsets.UTF_8);
        }
        assertThat(text).isEqualTo(golden(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {Renderer.COMPARISON_MATRIX_MD, Renderer.COMPARISON_MATRIX_HTML})
    void rendersTheSameBytesUnderAGermanLocaleAndAnotherTimeZone(String name) throws IOException {
        Locale.setDefault(Locale.GERMANY);
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        assertThat(render(name).getBytes(StandardCharsets.UTF_8))
                .isEqualTo(golden(name).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void computesTheRatiosOfTheSecondValueToTheFirst() {
        Histogram http = ComparisonFixtures.bodyAndTail(1_000, 2_000, 9_000);

        List<List<String>> health = rows(markdown(ComparisonFixtures.evidence()), "health");

        assertThat(health).hasSize(2);
        assertThat(health.get(0).subList(1, 12))
                .containsExactly(
                        "http",
                        "not reported",
                        "1,000",
                        "2000",
                        Numbers.short4(http.getMean() / 1000),
                        "2",
                        "2",
                        "0",
                        "baseline",
                        "baseline",
                        "Baseline of the ratios.");
        assertThat(health.get(1).get(1)).isEqualTo("grpc");
        // throughput 3000/s over 2000/s; p99 1ms over 2ms
        assertThat(health.get(1).get(9)).isEqualTo("1.5x");
        assertThat(health.get(1).get(10)).isEqualTo("0.5x");
        assertThat(health.get(1).get(11))
                .contains("No interval")
                .contains("repeated runs or benchmark results");
    }

    @Test
    void addsTheHistogramsOfScenariosThatShareOperationAndValue() {
        Histogram merged = ComparisonFixtures.spread(1_000, 3_000, 12_000);
        merged.add(ComparisonFixtures.spread(1_000, 2_500, 10_500));
        Histogram grpc = ComparisonFixtures.spread(1_500, 1_500, 6_000);

        List<List<String>> sessions =
                rows(markdown(ComparisonFixtures.evidence()), "create-session");

        assertThat(sessions.get(0).subList(1, 9))
                .containsExactly(
                        "http",
                        "not reported",
                        "2,000",
                        "850",
                        Numbers.short4(merged.getMean() / 1000),
                        Numbers.short4(merged.getValueAtPercentile(50) / 1000.0),
                        Numbers.short4(merged.getValueAtPercentile(99) / 1000.0),
                        "3");
        assertThat(sessions.get(1).get(10))
                .isEqualTo(
                        Numbers.short4(
                                        (double) grpc.getValueAtPercentile(99)
                                                / merged.getValueAtPercentile(99))
                                + "x");
    }

    @Test
    void aRunOverHttpAloneStillShowsTheGrpcSideAsNotMeasured() {
        List<Measurement> ms = new ArrayList<>();
        ComparisonFixtures.run(
                ms,
                "h",
                "health",
                "transport",
                "http",
                ComparisonFixtures.spread(1_000, 500, 2_000),
                900,
                1_000,
                Map.of(),
                100.0);
        String md = markdown(ComparisonFixtures.evidence(ms));

        List<List<String>> health = rows(md, "health");
        assertThat(health).extracting(r -> r.get(1)).containsExactly("http", "grpc");
        assertThat(health.get(1).subList(2, 11)).allMatch(c -> c.equals("not measured"));
        assertThat(health.get(1).get(11))
                .isEqualTo("Not measured: no scenario measured health over transport grpc.");
        assertThat(md).contains("No scenario in this run measured over transport grpc");
    }

    @Test
    void showsTheSideNoScenarioMeasuredAsNotMeasuredWithTheReason() {
        List<List<String>> stats = rows(markdown(ComparisonFixtures.evidence()), "session-stats");

        assertThat(stats).hasSize(2);
        assertThat(stats.get(0).get(1)).isEqualTo("http");
        assertThat(stats.get(0).get(3)).isEqualTo("500");
        List<String> grpc = stats.get(1);
        assertThat(grpc.get(1)).isEqualTo("grpc");
        assertThat(grpc.subList(2, 11)).allMatch(c -> c.equals("not measured"));
        assertThat(grpc.get(11))
                .isEqualTo("Not measured: no scenario measured session-stats over transport grpc.");
        for (List<String> row : stats) {
            assertThat(row).hasSize(12).noneMatch(String::isBlank);
        }
    }

    @Test
    void summarisesTheLoadTestsPerTransport() {
        String md = markdown(ComparisonFixtures.evidence());

        // http: 4 scenarios, 1,000 + 2,000 + 500 answered; success (1000*100 + 1002*99.8 +
        // 1001*99.9 + 500*100) / 3503
        double http = (1_000 * 100 + 1_002 * 99.8 + 1_001 * 99.9 + 500 * 100) / 3_503;
        double worst =
                ComparisonFixtures.spread(1_000, 3_000, 12_000).getValueAtPercentile(99) / 1000.0;
        assertThat(rows(md, "http"))
                .singleElement()
                .isEqualTo(
                        List.of(
                                "http",
                                "4",
                                "3,500",
                                Numbers.short4(http) + "%",
                                "2000 (health-http)",
                                Numbers.short4(worst) + " (sessions-http-a)"));
        // grpc: the success rate comes from requests and errors, 1,500 of 1,503
        List<String> grpc = rows(md, "grpc").get(0);
        assertThat(grpc.subList(0, 5))
                .containsExactly(
                        "grpc",
                        "2",
                        "2,500",
                        Numbers.short4(((1_000 + 1_500) / 2_503.0) * 100) + "%",
                        "3000 (health-grpc)");
    }

    @Test
    void comparesAnyLabelTheBuilderNames() {
        Renderer byVersion = Renderer.builder().environment(Map.of()).compareBy("version").build();

        String md =
                byVersion.comparisonMatrixMarkdown(
                        ComparisonFixtures.decision(), ComparisonFixtures.versions());

        assertThat(byVersion.compareBy()).isEqualTo("version");
        assertThat(md)
                .contains("| Operation | version | Client, CPU per call | Requests |")
                .contains("Throughput vs 1.0")
                .contains("## Load testing summary per version");
        List<List<String>> health = rows(md, "health");
        assertThat(health).extracting(r -> r.get(1)).containsExactly("1.0", "1.1");
        assertThat(health.get(1).get(9)).isEqualTo("2x");
        assertThat(health.get(1).get(10)).isEqualTo("0.5x");
        // the default renderer compares transports, which this evidence does not label
        assertThat(markdown(ComparisonFixtures.versions()))
                .contains("No latency distribution names an operation and a `transport`")
                .contains(
                        "2 latency distributions have no `transport` label and are left out of this"
                                + " comparison.");
    }

    @Test
    void refusesToCompareByNothingOrByOperation() {
        assertThatThrownBy(() -> Renderer.builder().compareBy(" "))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expected a label key");
        assertThatThrownBy(() -> Renderer.builder().compareBy("operation"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("row per operation");
        assertThatThrownBy(() -> Renderer.builder().compareBy("trial"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("merged into its figures");
        assertThat(Renderer.builder().environment(Map.of()).build().compareBy())
                .isEqualTo("transport");
    }

    @Test
    void saysInOneSentenceThatThereIsNoLatencyInsteadOfAnEmptyTable() {
        String md = markdown(Fixtures.emptyEvidence());

        assertThat(md)
                .contains(
                        "This run's evidence holds no latency measurement, so there is nothing to"
                                + " compare.")
                .doesNotContain("| Operation")
                .doesNotContain("## Load testing summary");
    }

    @Test
    void keepsPipesAndScriptsInAnOperationNameAsText() {
        String name = "get | <script>alert(1)</script>";
        EvidenceSet evidence = ComparisonFixtures.named(name);

        String md = markdown(evidence);
        String html = renderer.comparisonMatrixHtml(ComparisonFixtures.decision(), evidence);

        List<List<String>> rows = new ArrayList<>();
        for (String line : md.split("\n")) {
            if (line.startsWith("| get")) {
                rows.add(cells(line));
            }
        }
        assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r).hasSize(12));
        assertThat(rows.get(0).get(0)).isEqualTo("get \\| \\<script>alert(1)\\</script>");
        assertThat(html)
                .doesNotContain("<script")
                .contains("get | &lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html.split("<tr>\n<td>get \\| &lt;script&gt;", -1)).hasSize(3);
    }

    @Test
    void saysThereIsNoBaselineWhenOnlyTheSecondValueWasMeasured() {
        List<Measurement> ms = new ArrayList<>();
        ComparisonFixtures.run(
                ms,
                "watch-grpc",
                "watch",
                "transport",
                "grpc",
                ComparisonFixtures.bodyAndTail(1_000, 1_000, 2_000),
                50,
                1_000,
                Map.of(),
                100.0);
        ComparisonFixtures.run(
                ms,
                "health-http",
                "health",
                "transport",
                "http",
                ComparisonFixtures.bodyAndTail(1_000, 1_000, 2_000),
                50,
                1_000,
                Map.of(),
                100.0);

        List<List<String>> watch = rows(markdown(ComparisonFixtures.evidence(ms)), "watch");

        assertThat(watch.get(0).subList(1, 3)).containsExactly("http", "not measured");
        assertThat(watch.get(0).get(11))
                .isEqualTo("Not measured: no scenario measured watch over transport http.");
        assertThat(watch.get(1).subList(9, 12))
                .containsExactly(
                        "no http figure",
                        "no http figure",
                        "No comparison: http was not measured for watch.");
    }

    /** What a row compared with a generator-bound grpc side says instead of ranking. */
    private static final String GRPC_BOUND =
            "Not ranked: the grpc side was generator-bound, so its figures may describe the load"
                    + " generator rather than the service.";

    @Test
    void aRowWhoseGrpcSideWasGeneratorBoundRanksNothingAndSaysWhichSide() {
        String md = markdown(ComparisonFixtures.withGenerator());

        List<List<String>> list = rows(md, "list-sessions");
        assertThat(list).extracting(r -> r.get(1)).containsExactly("http", "grpc");
        // the figures stay, the ratios go: nothing is compared with a bound side, not even the
        // baseline, whose only counterpart was bound
        assertThat(list.get(1).subList(3, 5)).containsExactly("1,000", "600");
        for (List<String> row : list) {
            assertThat(row.subList(9, 12)).containsExactly("not ranked", "not ranked", GRPC_BOUND);
        }
        assertThat(md)
                .contains("A side is generator-bound when its figures carry the quality")
                .contains("A row compared with such a side gives no ratio and ranks nothing");
        // a row with no bound side still ranks
        assertThat(rows(md, "health").get(1).subList(9, 11)).containsExactly("1.5x", "0.5x");
        // the summary still names the worst p99 per transport, and says its generator was bound
        assertThat(rows(md, "grpc").get(0).get(5)).endsWith(" (list-grpc, generator-bound)");
        assertThat(rows(md, "http").get(0).get(5)).endsWith(" (sessions-http-a)");

        String html =
                renderer.comparisonMatrixHtml(
                        ComparisonFixtures.decision(), ComparisonFixtures.withGenerator());
        assertThat(html.split(java.util.regex.Pattern.quote("<td>" + GRPC_BOUND + "</td>"), -1))
                .hasSize(3);
        assertThat(html.split("<td align=\"right\">not ranked</td>", -1)).hasSize(5);
        assertThat(html).contains("<code>GENERATOR_BOUND</code>");
    }

    @Test
    void namesEveryGeneratorBoundSideOfARow() {
        List<Measurement> httpBound = new ArrayList<>();
        ComparisonFixtures.run(
                httpBound,
                "s1",
                "health",
                "transport",
                "http",
                ComparisonFixtures.bodyAndTail(1_000, 2_000, 9_000),
                100,
                1_000,
                Map.of(),
                100.0);
        List<Measurement> grpcFree = new ArrayList<>();
        ComparisonFixtures.run(
                grpcFree,
                "s2",
                "health",
                "transport",
                "grpc",
                ComparisonFixtures.bodyAndTail(1_000, 1_000, 9_000),
                200,
                1_000,
                Map.of(),
                100.0);
        List<Measurement> ms = new ArrayList<>(ComparisonFixtures.generatorBound(httpBound));
        ms.addAll(grpcFree);

        List<List<String>> health = rows(markdown(ComparisonFixtures.evidence(ms)), "health");

        String httpReason =
                "Not ranked: the http side was generator-bound, so its figures may describe the"
                        + " load generator rather than the service.";
        assertThat(health.get(0).subList(9, 12))
                .containsExactly("not ranked", "not ranked", httpReason);
        assertThat(health.get(1).subList(9, 12))
                .containsExactly("not ranked", "not ranked", httpReason);

        List<Measurement> both = new ArrayList<>(ComparisonFixtures.generatorBound(httpBound));
        both.addAll(ComparisonFixtures.generatorBound(grpcFree));
        assertThat(rows(markdown(ComparisonFixtures.evidence(both)), "health"))
                .allSatisfy(
                        r ->
                                assertThat(r.get(11))
                                        .isEqualTo(
                                                "Not ranked: the http and grpc sides were"
                                                        + " generator-bound, so their figures may"
                                                        + " describe the load generator rather"
                                                        + " than the service."));
    }

    @Test
    void aGeneratorBoundFlagOnAScalarAloneStillLeavesTheRowUnranked() {
        List<Measurement> ms = new ArrayList<>(ComparisonFixtures.named("health").measurements());
        // the grpc side's throughput alone is flagged
        ms.replaceAll(
                m ->
                        m.metric().equals("throughput")
                                        && "grpc".equals(m.labels().get("transport"))
                                ? ComparisonFixtures.generatorBound(List.of(m)).get(0)
                                : m);

        List<List<String>> health = rows(markdown(ComparisonFixtures.evidence(ms)), "health");

        assertThat(health.get(1).get(11)).isEqualTo(GRPC_BOUND);
    }

    @Test
    void statesTheClientOfEachSideWithTheGeneratorsCpuPerCall() {
        String md = markdown(ComparisonFixtures.withGenerator());

        assertThat(md).contains("| Operation | transport | Client, CPU per call | Requests |");
        assertThat(rows(md, "health"))
                .extracting(r -> r.get(2))
                .containsExactly("gonogo, 8.4 us", "gonogo, 12.6 us");
        // two scenarios of 1,002 and 1,001 requests at 9.1 and 9.5 us per call
        assertThat(rows(md, "create-session"))
                .extracting(r -> r.get(2))
                .containsExactly(
                        "gonogo, " + Numbers.short4((9.1 * 1_002 + 9.5 * 1_001) / 2_003) + " us",
                        "grpc-java, 79 us");
        assertThat(rows(md, "list-sessions").get(1).get(2)).isEqualTo("grpc-java, 81.5 us");
        // a side measured without the figure, and a side not measured at all
        assertThat(rows(md, "session-stats"))
                .extracting(r -> r.get(2))
                .containsExactly("not reported", "not measured");
        assertThat(md)
                .contains("Client is what the load generator sent the calls through, `gonogo`")
                .contains("a ratio measures the clients as well as the service");
        assertThat(
                        renderer.comparisonMatrixHtml(
                                ComparisonFixtures.decision(), ComparisonFixtures.withGenerator()))
                .contains("<th>Client, CPU per call</th>")
                .contains("<td>grpc-java, 79 us</td>");
    }

    @Test
    void averagesTheCpuPerCallOfASidesRunsByTheirRequestsAndNamesEachClient() {
        List<Measurement> ms = new ArrayList<>();
        for (String[] s :
                new String[][] {
                    {"a", "gonogo", "10", "3000"},
                    {"b", "gonogo", "20", "1000"},
                    {"c", "grpc-java", "80", "1000"},
                    {"d", null, null, "1000"}
                }) {
            ComparisonFixtures.run(
                    ms,
                    s[0],
                    "health",
                    "transport",
                    "grpc",
                    ComparisonFixtures.bodyAndTail(Integer.parseInt(s[3]), 1_000, 2_000),
                    1_000,
                    Long.parseLong(s[3]),
                    Map.of(),
                    100.0);
            if (s[1] != null) {
                ComparisonFixtures.cpu(
                        ms, s[0], "health", "transport", "grpc", s[1], Double.parseDouble(s[2]));
            }
        }

        List<String> grpc = rows(markdown(ComparisonFixtures.evidence(ms)), "health").get(1);

        // (10 * 3,000 + 20 * 1,000) / 4,000, not (10 + 20) / 2
        assertThat(grpc.get(2))
                .isEqualTo("gonogo, 12.5 us; grpc-java, 80 us; not reported by 1 run");
    }

    @Test
    void theOperationsOfAMixShareTheirScenariosCpuPerCall() {
        List<Measurement> ms = new ArrayList<>();
        for (String op : List.of("approve", "health")) {
            ComparisonFixtures.run(
                    ms,
                    "mix",
                    op,
                    "transport",
                    "http",
                    ComparisonFixtures.bodyAndTail(1_000, 1_000, 2_000),
                    500,
                    1_000,
                    Map.of(),
                    100.0);
        }
        // the scenario's figure: its labels, with no operation
        ms.add(
                new Measurement(
                        "generator_cpu_per_request",
                        Map.of(
                                "suite",
                                "load",
                                "scenario",
                                "mix",
                                "transport",
                                "http",
                                "model",
                                "closed",
                                "client",
                                "gonogo"),
                        Unit.MICROSECONDS,
                        new Scalar(6.25),
                        java.util.Set.of(),
                        Source.UNATTRIBUTED));

        String md = markdown(ComparisonFixtures.evidence(ms));

        assertThat(rows(md, "approve").get(0).get(2)).isEqualTo("gonogo, 6.25 us");
        assertThat(rows(md, "health").get(0).get(2)).isEqualTo("gonogo, 6.25 us");
    }

    @Test
    void evidenceWithoutTheGeneratorsFiguresRendersNoClientAndRanksAsBefore() {
        String md = markdown(ComparisonFixtures.evidence());
        String html =
                renderer.comparisonMatrixHtml(
                        ComparisonFixtures.decision(), ComparisonFixtures.evidence());

        for (String op : List.of("health", "create-session")) {
            assertThat(rows(md, op))
                    .allSatisfy(
                            r -> assertThat(r).hasSize(12).element(2).isEqualTo("not reported"));
        }
        assertThat(rows(md, "health").get(1).subList(9, 11)).containsExactly("1.5x", "0.5x");
        assertThat(md + html)
                .doesNotContain("not ranked")
                .doesNotContain("generator-bound when")
                .doesNotContain("null")
                .doesNotContain("NaN");
    }

    @Test
    void mergesHistogramsRecordedInDifferentUnits() {
        List<Measurement> ms = new ArrayList<>();
        ComparisonFixtures.run(
                ms,
                "a",
                "health",
                "transport",
                "http",
                ComparisonFixtures.bodyAndTail(1_000, 2_000, 2_000),
                50,
                1_000,
                Map.of(),
                100.0);
        Measurement micros = ms.get(0);
        ms.add(
                new Measurement(
                        "latency",
                        Map.of(
                                "suite",
                                "load",
                                "scenario",
                                "b",
                                "operation",
                                "health",
                                "transport",
                                "http",
                                "model",
                                "closed"),
                        Unit.MILLISECONDS,
                        io.gonogo.core.Distribution.of(ComparisonFixtures.bodyAndTail(1_000, 4, 4)),
                        java.util.Set.of(),
                        micros.source()));

        List<String> health = rows(markdown(ComparisonFixtures.evidence(ms)), "health").get(0);

        // 1,000 samples at 2ms (in us) and 1,000 at 4ms (in ms, recorded as 4,000us, whose
        // HdrHistogram bucket at 3 significant digits reads back as 4,001us): p50 2ms, p99 4.001ms
        assertThat(health.subList(1, 8))
                .containsExactly("http", "not reported", "2,000", "50", "3.001", "2", "4.001");
    }

    @Test
    void letsAUserTemplateReplaceTheMatrixAndTheStylesheetOfEveryPage(
            @org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Files.writeString(
                tmp.resolve("comparison-matrix.md.ftl"),
                "# Mine\n"
                        + "<#list rows as r>\n"
                        + "- ${r.operation} ${r.value}: ${r.p99Ratio}\n"
                        + "</#list>\n");
        Files.writeString(
                tmp.resolve("page-style.html.ftl"), "<style>body { color: teal; }</style>\n");
        Renderer custom = Renderer.builder().environment(Map.of()).templatesDir(tmp).build();

        String md =
                custom.comparisonMatrixMarkdown(
                        ComparisonFixtures.decision(), ComparisonFixtures.evidence());

        assertThat(md)
                .startsWith("# Mine\n- create-session http: baseline\n")
                .contains("- health grpc: 0.5x\n");
        assertThat(
                        custom.comparisonMatrixHtml(
                                ComparisonFixtures.decision(), ComparisonFixtures.evidence()))
                .contains("<style>body { color: teal; }</style>")
                .contains("<h1>Mine</h1>");
        assertThat(custom.goNoGoHtml(Fixtures.decision(), Fixtures.evidence()))
                .contains("<style>body { color: teal; }</style>");
    }

    private static Measurement relabel(Measurement m, String key, String value) {
        Map<String, String> labels = new java.util.TreeMap<>(m.labels());
        labels.put(key, value);
        return new Measurement(
                m.metric(), labels, m.unit(), m.value(), m.quality(), m.source(), m.interval());
    }

    @Test
    void keepsClosedAndOpenRunsOfOneOperationInSeparateRows() {
        List<Measurement> ms = new ArrayList<>();
        ComparisonFixtures.run(
                ms,
                "burst",
                "health",
                "transport",
                "http",
                ComparisonFixtures.bodyAndTail(1_000, 2_000, 2_000),
                5_000,
                1_000,
                Map.of(),
                100.0);
        List<Measurement> open = new ArrayList<>();
        ComparisonFixtures.run(
                open,
                "sustained",
                "health",
                "transport",
                "http",
                ComparisonFixtures.bodyAndTail(3_000, 9_000, 9_000),
                1_000,
                3_000,
                Map.of(),
                100.0);
        open.forEach(m -> ms.add(relabel(m, "model", "open")));

        String md = markdown(ComparisonFixtures.evidence(ms));

        assertThat(rows(md, "health")).as("no row merges the two models").isEmpty();
        assertThat(rows(md, "health (closed)").get(0).subList(1, 8))
                .containsExactly("http", "not reported", "1,000", "5000", "2", "2", "2");
        assertThat(rows(md, "health (open)").get(0).subList(1, 8))
                .containsExactly(
                        "http",
                        "not reported",
                        "3,000",
                        "1000",
                        "9.004",
                        "9.007",
                        "9.007"); // HdrHistogram buckets at 3 digits
    }

    @Test
    void ranksBenchmarkScoresOnlyWhenTheirIntervalsDoNotOverlap() {
        List<Measurement> ms = new ArrayList<>(ComparisonFixtures.evidence().measurements());
        Source src = ms.get(0).source();
        java.util.function.BiFunction<String, String, Map<String, String>> labels =
                (op, t) ->
                        Map.of(
                                "suite",
                                "benchmark",
                                "scenario",
                                "jmh-" + op,
                                "operation",
                                op,
                                "transport",
                                t,
                                "mode",
                                "thrpt");
        ms.add(
                jmh(
                        "score",
                        labels.apply("health", "http"),
                        Unit.PER_SECOND,
                        41_200,
                        40_100,
                        42_300,
                        src));
        ms.add(
                jmh(
                        "score",
                        labels.apply("health", "grpc"),
                        Unit.PER_SECOND,
                        63_900,
                        61_000,
                        66_800,
                        src));
        ms.add(
                new Measurement(
                        "alloc_per_op",
                        labels.apply("health", "grpc"),
                        Unit.BYTES,
                        new Scalar(1_536),
                        java.util.Set.of(),
                        src));
        ms.add(
                jmh(
                        "score",
                        labels.apply("get-decision", "http"),
                        Unit.PER_SECOND,
                        20_000,
                        18_000,
                        22_000,
                        src));
        ms.add(
                jmh(
                        "score",
                        labels.apply("get-decision", "grpc"),
                        Unit.PER_SECOND,
                        21_000,
                        19_500,
                        22_500,
                        src));

        String md = markdown(ComparisonFixtures.evidence(ms));

        assertThat(rows(md, "health (thrpt)").get(1))
                .containsExactly(
                        "health (thrpt)",
                        "grpc",
                        "63900 /s",
                        "[61000, 66800] (99.9%)",
                        "1.5KiB/op",
                        "1.551x",
                        "Significant: the intervals do not overlap.");
        assertThat(rows(md, "health (thrpt)").get(0).get(4)).isEqualTo("not reported");
        assertThat(rows(md, "get-decision (thrpt)").get(1).get(6))
                .isEqualTo("Not significant: the intervals overlap, so neither side is ranked.");
        assertThat(markdown(ComparisonFixtures.evidence()))
                .contains("No benchmark results are in this run");
    }

    @Test
    void readsTheBenchmarkSuitesOwnMetricsPerModeWithTheirAllocation() {
        // what runners/benchmark publishes: throughput (thrpt) and the sample-mode mean latency,
        // each
        // with JMH's interval, and alloc_per_op under the same labels
        List<Measurement> ms = new ArrayList<>(ComparisonFixtures.evidence().measurements());
        Source src = ms.get(0).source();
        java.util.function.BiFunction<String, String, Map<String, String>> labels =
                (t, mode) ->
                        Map.of(
                                "suite",
                                "benchmark",
                                "scenario",
                                "calls-" + t + "-approve",
                                "operation",
                                "approve",
                                "transport",
                                t,
                                "mode",
                                mode);
        ms.add(
                jmh(
                        "throughput",
                        labels.apply("http", "thrpt"),
                        Unit.PER_SECOND,
                        726,
                        700,
                        752,
                        src));
        ms.add(
                jmh(
                        "throughput",
                        labels.apply("grpc", "thrpt"),
                        Unit.PER_SECOND,
                        1_450,
                        1_400,
                        1_500,
                        src));
        ms.add(
                new Measurement(
                        "alloc_per_op",
                        labels.apply("grpc", "thrpt"),
                        Unit.BYTES,
                        new Scalar(18_600),
                        java.util.Set.of(),
                        src));
        ms.add(
                jmh(
                        "latency",
                        labels.apply("http", "sample"),
                        Unit.MICROSECONDS,
                        2_194,
                        1_868,
                        2_520,
                        src));
        ms.add(
                jmh(
                        "latency",
                        labels.apply("grpc", "sample"),
                        Unit.MICROSECONDS,
                        2_300,
                        2_000,
                        2_600,
                        src));

        String md = markdown(ComparisonFixtures.evidence(ms));

        assertThat(md).doesNotContain("No benchmark results are in this run");
        assertThat(rows(md, "approve (thrpt)")).hasSize(2);
        assertThat(rows(md, "approve (thrpt)").get(1))
                .containsExactly(
                        "approve (thrpt)",
                        "grpc",
                        "1450 /s",
                        "[1400, 1500] (99.9%)",
                        "18.16KiB/op",
                        "1.997x",
                        "Significant: the intervals do not overlap.");
        assertThat(rows(md, "approve (sample)").get(1).get(6))
                .isEqualTo("Not significant: the intervals overlap, so neither side is ranked.");
    }

    @Test
    void aTeamsOwnBenchmarksWithoutATransportStandAloneWithTheirPercentilesAndAllocation() {
        // what runners/benchmark publishes for a team's own benchmark: no transport, the full
        // name in 'benchmark', its @Param values and the scenario's labels
        List<Measurement> ms = new ArrayList<>(ComparisonFixtures.evidence().measurements());
        Source src = ms.get(0).source();
        java.util.function.Function<String, Map<String, String>> labels =
                mode ->
                        Map.of(
                                "suite",
                                "benchmark",
                                "scenario",
                                "acme",
                                "operation",
                                "checksum",
                                "benchmark",
                                "com.acme.bench.ChecksumBench.checksum",
                                "size",
                                "128",
                                "mode",
                                mode);
        ms.add(
                jmh(
                        "throughput",
                        labels.apply("thrpt"),
                        Unit.PER_SECOND,
                        9_500_000,
                        9_100_000,
                        9_900_000,
                        src));
        ms.add(
                new Measurement(
                        "alloc_per_op",
                        labels.apply("thrpt"),
                        Unit.BYTES,
                        new Scalar(0),
                        java.util.Set.of(),
                        src));
        ms.add(jmh("latency", labels.apply("sample"), Unit.MICROSECONDS, 0.11, 0.1, 0.12, src));
        ms.add(
                new Measurement(
                        "latency_p50",
                        labels.apply("sample"),
                        Unit.MICROSECONDS,
                        new Scalar(0.1),
                        java.util.Set.of(),
                        src));
        ms.add(
                new Measurement(
                        "latency_p99",
                        labels.apply("sample"),
                        Unit.MICROSECONDS,
                        new Scalar(0.3),
                        java.util.Set.of(),
                        src));

        String md = markdown(ComparisonFixtures.evidence(ms));

        assertThat(md)
                .contains("### Benchmarks without a")
                .doesNotContain("No benchmark results are in this run");
        List<List<String>> rows = rows(md, "com.acme.bench.ChecksumBench.checksum");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1))
                .containsExactly(
                        "com.acme.bench.ChecksumBench.checksum",
                        "thrpt",
                        "size=128",
                        "9500000 /s",
                        "[9100000, 9900000] (99.9%)",
                        "0B/op",
                        "",
                        "");
        assertThat(rows.get(0).subList(1, 5))
                .containsExactly("sample", "size=128", "0.11 us", "[0.1, 0.12] (99.9%)");
        assertThat(rows.get(0).subList(5, 8)).containsExactly("not reported", "0.1 us", "0.3 us");

        // a run of benchmarks alone (no load run, so no latency distribution) still lists them
        List<Measurement> benchmarksOnly =
                ms.subList(ComparisonFixtures.evidence().measurements().size(), ms.size());
        String alone = markdown(ComparisonFixtures.evidence(benchmarksOnly));
        assertThat(alone).contains("holds no latency measurement", "### Benchmarks without a");
        assertThat(rows(alone, "com.acme.bench.ChecksumBench.checksum")).hasSize(2);
    }

    /**
     * A JMH score with its 99.9% interval, as the benchmark suite or the JMH importer publishes it.
     */
    private static Measurement jmh(
            String metric,
            Map<String, String> labels,
            io.gonogo.core.Unit unit,
            double value,
            double low,
            double high,
            Source src) {
        return new Measurement(
                metric,
                labels,
                unit,
                new Scalar(value),
                java.util.Set.of(),
                src,
                Interval.of(low, high, 0.999, "jmh-score-error"));
    }
}
