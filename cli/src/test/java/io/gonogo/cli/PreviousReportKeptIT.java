package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gonogo.core.ExitCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gonogo.jar against a real HTTP server on a loopback port: a run writes beside {@code reports/}
 * and swaps it in only once every document is written, so a run that fails with exit 2 or 4, and
 * one stopped with SIGTERM in the middle of a suite, each leave the previous {@code reports/} byte
 * for byte (a file of the user's in it included), with no folder of theirs left beside it.
 */
class PreviousReportKeptIT {
    private static final Path JAR = Path.of("target", "gonogo.jar").toAbsolutePath();
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir Path dir;

    private HttpServer server;
    private java.util.concurrent.ExecutorService handlers;

    @BeforeEach
    void startServer() throws IOException {
        assertThat(JAR).as("the shaded jar, built in package").isRegularFile();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        handlers = Executors.newFixedThreadPool(4);
        server.setExecutor(handlers);
        server.createContext(
                "/",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        handlers.shutdownNow();
    }

    /** A targets file with a short load scenario, {@code more} scenarios and top-level lines. */
    private Path targets(String name, String moreScenarios, String topLevel) throws IOException {
        return Files.writeString(
                dir.resolve(name),
                """
                release: {name: keep, owner: qa}
                sut: {url: "http://127.0.0.1:%d"}
                suites:
                  load:
                    scenarios:
                      - {id: quick, operation: quick, path: /quick, requests: 40, concurrency: 2, warmup: 0}
                %s
                targets:
                  - {id: quick-success, metric: success_rate, where: {scenario: quick}, pass: ">= 99%%"}
                %s
                """
                        .formatted(
                                server.getAddress().getPort(), moreScenarios.indent(6), topLevel));
    }

    private ProcessBuilder gonogo(Path targets) {
        ProcessBuilder pb =
                new ProcessBuilder(
                                JAVA,
                                // a short run on a shared machine: no C2, one GC thread
                                "-XX:TieredStopAtLevel=1",
                                "-XX:+UseSerialGC",
                                "-jar",
                                JAR.toString(),
                                "run",
                                "--targets",
                                targets.toString(),
                                "--out",
                                "reports")
                        .directory(dir.toFile());
        pb.environment().remove("GITHUB_STEP_SUMMARY");
        return pb;
    }

    /** Runs gonogo to its end; returns its exit code, its stderr kept in {@code err}. */
    private int run(ProcessBuilder pb, Path err) throws Exception {
        Process p =
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(err.toFile())
                        .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("gonogo ended").isTrue();
        return p.exitValue();
    }

    @Test
    void aFailedOrStoppedRunLeavesThePreviousReportByteIdentical() throws Exception {
        Path reports = dir.resolve("reports");
        Path good = targets("targets.yaml", "", "");
        Path err = dir.resolve("err.txt");
        assertThat(run(gonogo(good), err)).as(Files.readString(err)).isEqualTo(ExitCode.GO);
        assertThat(reports.resolve("evidence/quick/latency.hlog")).isRegularFile();
        Files.writeString(reports.resolve("notes.txt"), "the team's own notes\n");
        Map<String, String> before = tree(reports);
        assertThat(before).containsKeys("decision.json", "evidence.json", "go-no-go.html");

        // exit 2: the baseline the file names does not exist, found once the suites have run
        Path badBaseline = targets("bad-baseline.yaml", "", "baseline: missing/decision.json");
        assertThat(run(gonogo(badBaseline), err))
                .as(Files.readString(err))
                .isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(Files.readString(err)).contains("missing/decision.json");
        assertUnchanged(reports, before);

        // exit 4: the step summary cannot be appended to, after every document is written
        ProcessBuilder noSummary = gonogo(good);
        noSummary
                .environment()
                .put("GITHUB_STEP_SUMMARY", dir.resolve("no-such-folder/summary.md").toString());
        assertThat(run(noSummary, err)).as(Files.readString(err)).isEqualTo(ExitCode.NO_DECISION);
        assertThat(Files.readString(err))
                .contains("cannot append the summary to the step summary file");
        assertUnchanged(reports, before);

        // SIGTERM while the second scenario runs, the first one's attachment already written
        Path slow =
                targets(
                        "slow.yaml",
                        "- {id: long, operation: long, path: /long, duration: 60s, rate: 20/s,"
                                + " concurrency: 1}",
                        "");
        Process p = gonogo(slow).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> longStarted =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                for (String line; (line = lines.readLine()) != null; ) {
                                    if (line.contains("gonogo: load/long started")) {
                                        return true;
                                    }
                                }
                                return false;
                            } catch (IOException e) {
                                return false;
                            }
                        });
        assertThat(longStarted.get(40, TimeUnit.SECONDS)).as("load/long started").isTrue();
        CompletableFuture.runAsync(
                () -> {
                    try {
                        while (lines.readLine() != null) {
                            // drain, so gonogo never blocks on a full pipe
                        }
                    } catch (IOException e) {
                        // gonogo is gone
                    }
                });
        Path sibling = dir.resolve("reports.new-" + p.pid());
        assertThat(sibling.resolve("evidence/quick/latency.hlog"))
                .as("the run's attachments go beside reports/, not into it")
                .isRegularFile();
        assertUnchangedFiles(reports, before);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("gonogo ended on SIGTERM").isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        assertUnchanged(reports, before);
    }

    private void assertUnchanged(Path reports, Map<String, String> before) throws IOException {
        assertUnchangedFiles(reports, before);
        assertThat(siblings()).as("folders left beside reports/").isEmpty();
    }

    private static void assertUnchangedFiles(Path reports, Map<String, String> before)
            throws IOException {
        assertThat(tree(reports)).as("the previous reports/").isEqualTo(before);
    }

    private List<String> siblings() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("reports."))
                    .toList();
        }
    }

    /** Every file and folder under {@code root}: its relative path, and a file's SHA-256. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
                String name = root.relativize(p).toString().replace('\\', '/');
                if (Files.isDirectory(p)) {
                    all.put(name + "/", "");
                } else {
                    all.put(name, sha256(Files.readAllBytes(p)));
                }
            }
        }
        return all;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
