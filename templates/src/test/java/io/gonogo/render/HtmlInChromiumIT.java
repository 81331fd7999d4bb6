package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HTML page renders in headless Chromium without console errors.
 *
 * <p>Renders the fixture's documents (with charts inlined) to a folder, opens each page in {@code
 * chromium --headless}, and checks that the screenshot is a real 1280x2000 image with content, that
 * the browser logged no console message, and that the DOM it built holds the document's tables and
 * charts. The screenshots stay under {@code target/chromium/} for a person to look at.
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

    @Test
    void rendersEveryPageInHeadlessChromiumWithoutConsoleErrors() throws Exception {
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
        Path out = tmp.resolve("reports");
        Renderer.builder()
                .environment(Map.of())
                .build()
                .render(Fixtures.decision(), Fixtures.evidence(), Fixtures.context(), out);
        Files.createDirectories(SCREENSHOTS);
        for (String page :
                List.of(
                        Renderer.GO_NO_GO_HTML,
                        Renderer.COMPARISON_MATRIX_HTML,
                        Renderer.PROGRESS_REPORT_HTML)) {
            Path png = SCREENSHOTS.resolve(page.replace(".html", ".png")).toAbsolutePath();
            Files.deleteIfExists(png);
            String url = out.resolve(page).toUri().toString();

            Run shot = run(chromium.get(), "--screenshot=" + png, "--window-size=1280,2000", url);
            assertThat(shot.exit)
                    .as(page + ": chromium exit code; stderr:\n" + shot.stderr)
                    .isZero();
            assertThat(consoleMessages(shot.stderr)).as(page + ": console messages").isEmpty();
            assertThat(png).exists();
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(1280);
            assertThat(image.getHeight()).isEqualTo(2000);
            assertThat(colours(image))
                    .as(page + ": distinct colours, a blank page has one")
                    .isGreaterThan(20);
            assertThat(Files.size(png)).as(page + ": PNG size").isGreaterThan(20_000);

            Run dom = run(chromium.get(), "--dump-dom", url);
            assertThat(dom.exit).as(page + ": chromium --dump-dom exit code").isZero();
            assertThat(consoleMessages(dom.stderr)).as(page + ": console messages").isEmpty();
            assertThat(dom.stdout)
                    .contains("<table", "</main>")
                    .doesNotContainIgnoringCase("<script");
            if (page.equals(Renderer.GO_NO_GO_HTML)) {
                assertThat(dom.stdout).contains("<figure class=\"chart\"><svg");
            }
        }
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
