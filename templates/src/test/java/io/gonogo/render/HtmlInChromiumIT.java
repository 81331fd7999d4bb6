package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.gonogo.core.Outcome;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every HTML page renders in headless Chromium without console errors, under the banner of its
 * decision, with no empty chart.
 *
 * <p>Renders the fixture's documents (with charts inlined) for a GO, a GO WITH CONDITIONS and a
 * NO-GO decision to a folder each, opens each page in {@code chromium --headless}, and checks that
 * the screenshot is a real 1280x2000 image with content whose top band is the banner in the
 * outcome's colour (green, amber, red) and in no other outcome's, that the browser logged no
 * console message, that the DOM it built holds the document's tables, its table of contents and its
 * charts, and that every chart draws data (a step, a line or a bar). The screenshots stay under
 * {@code target/chromium/} ({@code go-no-go-go.png}, {@code go-no-go-conditions.png}, {@code
 * go-no-go-no-go.png}, ...) for a person to look at.
 *
 * <p>Without Chromium the test is skipped (reported as such), unless the environment variable
 * {@value #REQUIRE} is {@code 1} (as {@code .ci/run} sets it), when it fails: CI must not pass it
 * silently.
 */
class HtmlInChromiumIT {
    static final String REQUIRE = "GONOGO_REQUIRE_CHROMIUM";
    private static final List<String> CANDIDATES =
            List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final Path SCREENSHOTS = Path.of("target/chromium");

    @TempDir Path tmp;

    private static Optional<Path> chromium() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    private Path requireChromium() {
        Optional<Path> chromium = chromium();
        if (chromium.isEmpty()) {
            if ("1".equals(System.getenv(REQUIRE))) {
                fail(
                        REQUIRE
                                + "=1 but no Chromium at "
                                + CANDIDATES
                                + "; install it (apt-get install -y chromium)");
            }
            Assumptions.abort("Chromium is not installed (looked at " + CANDIDATES + ")");
        }
        return chromium.get();
    }

    /** The banner colour of each outcome, as page-style.html.ftl sets it: green, amber, red. */
    static final Map<Outcome, Integer> BANNER =
            Map.of(
                    Outcome.GO, 0x1a7f37,
                    Outcome.GO_WITH_CONDITIONS, 0xe3a008,
                    Outcome.NO_GO, 0xcf222e);

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void rendersEveryPageInHeadlessChromiumWithTheBannerOfItsOutcome(Outcome outcome)
            throws Exception {
        Path chromium = requireChromium();
        Path out = tmp.resolve("reports-" + tone(outcome));
        Renderer.builder()
                .environment(Map.of())
                .build()
                .render(Fixtures.decision(outcome), Fixtures.evidence(), Fixtures.context(), out);
        Files.createDirectories(SCREENSHOTS);
        for (String page :
                List.of(
                        Renderer.GO_NO_GO_HTML,
                        Renderer.COMPARISON_MATRIX_HTML,
                        Renderer.PROGRESS_REPORT_HTML)) {
            Path png =
                    SCREENSHOTS
                            .resolve(page.replace(".html", "-" + tone(outcome) + ".png"))
                            .toAbsolutePath();
            Files.deleteIfExists(png);
            String url = out.resolve(page).toUri().toString();

            Run shot = run(chromium, "--screenshot=" + png, "--window-size=1280,2000", url);
            assertThat(shot.exit)
                    .as(page + ": chromium exit code; stderr:\n" + shot.stderr)
                    .isZero();
            assertThat(consoleMessages(shot.stderr)).as(page + ": console messages").isEmpty();
            assertThat(png).exists();
            // the page too, beside its screenshot, for a person to open or print
            Files.copy(
                    out.resolve(page),
                    png.resolveSibling(page.replace(".html", "-" + tone(outcome) + ".html")),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(1280);
            assertThat(image.getHeight()).isEqualTo(2000);
            assertThat(colours(image))
                    .as(page + ": distinct colours, a blank page has one")
                    .isGreaterThan(20);
            assertThat(Files.size(png)).as(page + ": PNG size").isGreaterThan(20_000);
            for (Outcome o : Outcome.values()) {
                double share = bannerShare(image, BANNER.get(o));
                if (o == outcome) {
                    assertThat(share)
                            .as(page + ": share of the banner's band in " + o + "'s colour")
                            .isGreaterThan(0.6);
                } else {
                    assertThat(share)
                            .as(page + ": share of the banner's band in " + o + "'s colour")
                            .isZero();
                }
            }

            Run dom = run(chromium, "--dump-dom", url);
            assertThat(dom.exit).as(page + ": chromium --dump-dom exit code").isZero();
            assertThat(consoleMessages(dom.stderr)).as(page + ": console messages").isEmpty();
            assertThat(dom.stdout)
                    .contains("<table", "</main>", "<nav class=\"toc\"")
                    .contains("<header class=\"banner banner-" + tone(outcome) + "\">")
                    .contains("Decision: " + outcome.title())
                    .doesNotContainIgnoringCase("<script");
            List<String> charts = charts(dom.stdout);
            for (String svg : charts) {
                assertThat(drawsData(svg))
                        .as(page + ": a chart with nothing drawn:\n" + svg)
                        .isTrue();
            }
            if (page.equals(Renderer.GO_NO_GO_HTML)) {
                assertThat(dom.stdout)
                        .contains("<section class=\"dashboard\" id=\"headline-charts\">")
                        .contains("<span class=\"badge badge-good\">MET</span>");
                assertThat(charts).as(page + ": inlined charts").hasSizeGreaterThan(4);
                // the dashboard is above the fold: its bars and lines are in the screenshot
                assertThat(pixels(image, 0x0072B2))
                        .as(page + ": pixels of the first series' colour in the screenshot")
                        .isGreaterThan(2_000);
            }
        }
    }

    private static String tone(Outcome outcome) {
        return switch (outcome) {
            case GO -> "go";
            case GO_WITH_CONDITIONS -> "conditions";
            case NO_GO -> "no-go";
        };
    }

    /**
     * The share of the pixels of the band at the top of the page (where the banner is) within a few
     * steps of {@code rgb} in each channel.
     */
    static double bannerShare(BufferedImage image, int rgb) {
        int near = 0;
        int all = 0;
        for (int y = 4; y < 28; y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                all++;
                if (close(image.getRGB(x, y), rgb)) {
                    near++;
                }
            }
        }
        return near / (double) all;
    }

    private static int pixels(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (close(image.getRGB(x, y), rgb)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean close(int argb, int rgb) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((argb >> shift) & 0xff) - ((rgb >> shift) & 0xff)) > 6) {
                return false;
            }
        }
        return true;
    }

    private static final Pattern SVG = Pattern.compile("<svg\\b.*?</svg>", Pattern.DOTALL);
    private static final Pattern STEP =
            Pattern.compile("class=\"series\"[^>]* d=\"M[-0-9.]+ [-0-9.]+H[-0-9.]+");
    private static final Pattern POLYLINE =
            Pattern.compile("<polyline class=\"series\"[^>]* points=\"[-0-9.]+,[-0-9.]+ [-0-9.]+,");
    private static final Pattern BAR =
            Pattern.compile("<rect class=\"bar\"[^>]* height=\"([0-9.]+)\"");

    /** The charts of a page, as Chromium's DOM holds them. */
    static List<String> charts(String dom) {
        List<String> charts = new ArrayList<>();
        Matcher m = SVG.matcher(dom);
        while (m.find()) {
            charts.add(m.group());
        }
        return charts;
    }

    /**
     * Whether {@code svg} draws data: a series with at least one step or two points, or a bar
     * taller than nothing.
     */
    static boolean drawsData(String svg) {
        if (STEP.matcher(svg).find() || POLYLINE.matcher(svg).find()) {
            return true;
        }
        Matcher bar = BAR.matcher(svg);
        while (bar.find()) {
            if (Double.parseDouble(bar.group(1)) > 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void findsAChartThatDrawsNothing() {
        String empty =
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>n/a</text>"
                        + "<path class=\"series\" fill=\"none\" d=\"\"/></svg>";
        assertThat(drawsData(empty)).isFalse();
        assertThat(
                        drawsData(
                                "<svg><rect class=\"bar\" x=\"1\" y=\"2\" width=\"3\""
                                        + " height=\"0\"/></svg>"))
                .isFalse();
        assertThat(
                        drawsData(
                                "<svg><path class=\"series\" stroke=\"#000\" d=\"M78"
                                        + " 60H90V70H95\"/></svg>"))
                .isTrue();
    }

    private record Run(int exit, String stdout, String stderr) {}

    private Run run(Path chromium, String... args) throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                chromium.toString(),
                                "--headless",
                                "--disable-gpu",
                                "--no-sandbox",
                                "--no-first-run",
                                "--disable-extensions",
                                "--enable-logging=stderr",
                                "--v=0",
                                "--user-data-dir=" + tmp.resolve("profile")));
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile(tmp, "out", ".txt");
        Path stderr = Files.createTempFile(tmp, "err", ".txt");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 120 s: " + cmd);
        }
        return new Run(
                p.exitValue(),
                Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    /** Lines of Chromium's log that report a message of the page's console (errors included). */
    static List<String> consoleMessages(String log) {
        try (Stream<String> lines = log.lines()) {
            return lines.filter(
                            l ->
                                    l.contains(":CONSOLE(")
                                            || l.contains("Uncaught")
                                            || l.contains("Refused to")
                                            || l.contains("Failed to load resource"))
                    .toList();
        }
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                seen.add(image.getRGB(x, y));
                if (seen.size() > 1000) {
                    return seen.size();
                }
            }
        }
        return seen.size();
    }

    @Test
    void detectsAConsoleErrorWhenAPageHasOne() throws Exception {
        Optional<Path> chromium = chromium();
        Assumptions.assumeTrue(chromium.isPresent(), "Chromium is not installed");
        Path page =
                Files.writeString(
                        tmp.resolve("broken.html"),
                        "<!DOCTYPE html><html><head><meta"
                            + " charset=\"utf-8\"><title>x</title></head><body><p>x</p><script>console.error('boom');"
                            + " undefinedFunction();</script></body></html>");
        Run run = run(chromium.get(), "--dump-dom", page.toUri().toString());
        assertThat(consoleMessages(run.stderr))
                .as("the detector the main test relies on; log:\n" + run.stderr)
                .isNotEmpty();
    }
}
