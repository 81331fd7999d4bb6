package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares go-no-go.md, go-no-go.html, junit.xml, summary.md (also the step summary) rendered from
 * {@link Fixtures} with the reviewed golden files.
 *
 * <p>After a deliberate change of a document, regenerate the golden files with {@code mvn -pl
 * templates test -Dtest=GoNoGoGoldenTest -Dgonogo.updateGolden=true} and review the diff line by
 * line before committing it.
 */
class GoNoGoGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final String PLANNED_MD = "go-no-go-planned.md";
    private static final String PLANNED_HTML = "go-no-go-planned.html";
    private static final String LATENCY_SVG = "charts/latency-health-1k.svg";
    private static final String MEMORY_SVG = "charts/memory-session-soak.svg";
    private static final String CHAOS_SVG = "charts/chaos-server-kill-throughput.svg";
    private static final String THROUGHPUT_SVG = "charts/throughput.svg";

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
            case Renderer.GO_NO_GO_MD ->
                    renderer.goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence());
            case Renderer.GO_NO_GO_HTML ->
                    renderer.goNoGoHtml(Fixtures.decision(), Fixtures.evidence());
            case Renderer.JUNIT_XML -> renderer.junitXml(Fixtures.decision());
            case Renderer.SUMMARY_MD ->
                    renderer.summaryMarkdown(Fixtures.decision(), Fixtures.evidence());
            case PLANNED_MD ->
                    renderer.goNoGoMarkdown(
                            Fixtures.decision(), Fixtures.evidence(), Fixtures.context());
            case PLANNED_HTML ->
                    renderer.goNoGoHtml(
                            Fixtures.decision(), Fixtures.evidence(), Fixtures.context());
            case Renderer.PROGRESS_REPORT_MD ->
                    renderer.progressReportMarkdown(
                            Fixtures.decision(), Fixtures.evidence(), Fixtures.context());
            case Renderer.PROGRESS_REPORT_HTML ->
                    renderer.progressReportHtml(
                            Fixtures.decision(), Fixtures.evidence(), Fixtures.context());
            case LATENCY_SVG, MEMORY_SVG, CHAOS_SVG, THROUGHPUT_SVG ->
                    renderer.charts(Fixtures.decision(), Fixtures.evidence())
                            .get(name.substring("charts/".length()));
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static String golden(String name) throws IOException {
        return Files.readString(GOLDEN.resolve(name), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                Renderer.GO_NO_GO_MD,
                Renderer.GO_NO_GO_HTML,
                Renderer.JUNIT_XML,
                Renderer.SUMMARY_MD,
                PLANNED_MD,
                PLANNED_HTML,
                Renderer.PROGRESS_REPORT_MD,
                Renderer.PROGRESS_REPORT_HTML,
                LATENCY_SVG,
                MEMORY_SVG,
                CHAOS_SVG,
                THROUGHPUT_SVG
            })
    void rendersTheReviewedGoldenDocument(String name) throws IOException {
        String text = render(name);
        if (Boolean.getBoolean("gonogo.updateGolden")) {
            Files.createDirectories(GOLDEN.resolve(name).getParent());
            Files.writeString(GOLDEN.resolve(name), text, StandardCharsets.UTF_8);
        }
        assertThat(text).isEqualTo(golden(name));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                Renderer.GO_NO_GO_MD,
                Renderer.GO_NO_GO_HTML,
                Renderer.JUNIT_XML,
                Renderer.SUMMARY_MD,
                PLANNED_MD,
                Renderer.PROGRESS_REPORT_MD,
                LATENCY_SVG,
                MEMORY_SVG,
                CHAOS_SVG
            })
    void rendersTheSameDocumentUnderAGermanLocaleAndAnotherTimeZone(String name)
            throws IOException {
        Locale.setDefault(Locale.GERMANY);
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        assertThat(render(name)).isEqualTo(golden(name));
    }

    @Test
    void writesByteIdenticalFilesOnASecondRender(@TempDir Path tmp) throws IOException {
        renderer.render(Fixtures.decision(), Fixtures.evidence(), tmp.resolve("a"));
        Locale.setDefault(Locale.GERMANY);
        Renderer.builder()
                .environment(Map.of())
                .build()
                .render(Fixtures.decision(), Fixtures.evidence(), tmp.resolve("b"));
        java.util.List<String> names = new java.util.ArrayList<>(Renderer.FILES);
        try (var charts = Files.list(tmp.resolve("a").resolve(Renderer.CHARTS_DIR))) {
            charts.forEach(c -> names.add(Renderer.CHARTS_DIR + "/" + c.getFileName()));
        }
        assertThat(names)
                .contains(
                        "charts/latency-health-1k.svg",
                        "charts/memory-session-soak.svg",
                        "charts/chaos-server-kill-throughput.svg");
        for (String name : names) {
            assertThat(Files.readAllBytes(tmp.resolve("b").resolve(name)))
                    .as(name)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(name)));
        }
        for (String name :
                new String[] {Renderer.GO_NO_GO_MD, Renderer.GO_NO_GO_HTML, Renderer.JUNIT_XML}) {
            assertThat(Files.readAllBytes(tmp.resolve("a").resolve(name)))
                    .as(name)
                    .isEqualTo(Files.readAllBytes(GOLDEN.resolve(name)));
        }
    }

    @Test
    void changingOneFigureChangesTheDocumentsAndTheChartThatShowIt() {
        org.HdrHistogram.Histogram slower = Fixtures.healthLatencies();
        slower.recordValue(250_000); // one 250ms outlier: max, p99.99 and the chart's tail move
        io.gonogo.core.EvidenceSet changed =
                Fixtures.evidence(io.gonogo.core.Distribution.of(slower));
        io.gonogo.core.EvidenceSet original = Fixtures.evidence();

        assertThat(renderer.goNoGoMarkdown(Fixtures.decision(), changed, Fixtures.context()))
                .isNotEqualTo(
                        renderer.goNoGoMarkdown(Fixtures.decision(), original, Fixtures.context()))
                .contains("| 250.1 |");
        assertThat(renderer.charts(Fixtures.decision(), changed).get("latency-health-1k.svg"))
                .isNotEqualTo(
                        renderer.charts(Fixtures.decision(), original)
                                .get("latency-health-1k.svg"));
        assertThat(renderer.charts(Fixtures.decision(), changed).get("memory-session-soak.svg"))
                .as("a chart whose evidence did not change")
                .isEqualTo(
                        renderer.charts(Fixtures.decision(), original)
                                .get("memory-session-soak.svg"));
        assertThat(renderer.comparisonMatrixMarkdown(Fixtures.decision(), changed))
                .isNotEqualTo(renderer.comparisonMatrixMarkdown(Fixtures.decision(), original));
    }
}
