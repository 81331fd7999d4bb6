package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gonogo.server.GovernanceServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoadCommandIT {

    static GovernanceServer server;

    @TempDir Path dir;

    @BeforeAll
    static void start() {
        server = GovernanceServer.builder().httpPort(0).build();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static String url(String path) {
        return server.httpBaseUri() + path;
    }

    @Test
    void closedRunByCountPrintsAWrkStyleSummary() {
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load", url("/health"), "-c", "4", "-n", "2000", "--warmup", "100");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out())
                .containsPattern("(?m)^Requests/sec: +\\d+\\.\\d\\d$")
                .contains("p50 ")
                .contains("p90 ")
                .contains("p99 ")
                .contains("p99.9 ")
                .contains("max ")
                .contains("2000 requests in")
                .contains("closed model");
    }

    @Test
    void durationRunPrintsProgressOnStderrAboutOnceASecond() {
        CliTestSupport.Outcome o =
                CliTestSupport.run("load", url("/health"), "-c", "2", "-d", "2500ms");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.err().lines().filter(l -> l.contains("req/s")).count()).isBetween(1L, 4L);
        assertThat(o.out()).contains("Requests/sec:");
    }

    @Test
    void openRunWritesTheJsonResult() throws Exception {
        Path json = dir.resolve("out/result.json");
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load",
                        url("/health"),
                        "-c",
                        "4",
                        "-d",
                        "2s",
                        "--rate",
                        "300",
                        "--json",
                        json.toString(),
                        "-q");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).contains("open").contains("Send lag");
        JsonNode r = new ObjectMapper().readTree(Files.readString(json));
        assertThat(r.get("model").asText()).isEqualTo("open");
        assertThat(r.get("attempted").asLong()).isEqualTo(600);
        assertThat(r.get("succeeded").asLong()).isEqualTo(600);
        assertThat(r.get("errors").get("timeout").asLong()).isZero();
        assertThat(r.get("latencyMicros").get("p99").asLong()).isPositive();
        assertThat(r.get("latencyMicros").has("p99.9")).isTrue();
        assertThat(r.get("throughputPerSecond").asDouble())
                .as("300/s, within 2x on a shared machine")
                .isBetween(150.0, 450.0);
    }

    @Test
    void postWithBodyAndTokenHeaderSucceeds() {
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load",
                        url("/sessions"),
                        "-c",
                        "2",
                        "-n",
                        "50",
                        "-H",
                        "Authorization: Bearer " + server.operatorToken(),
                        "--body",
                        "{\"operator\":\"cli\"}");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("50 succeeded").doesNotContain("Errors:");
    }

    @Test
    void errorsAreDataAndCountedByKind() {
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load",
                        url("/sessions"),
                        "-c",
                        "1",
                        "-n",
                        "20",
                        "--method",
                        "POST",
                        "--body",
                        "{}");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("Errors: http_4xx 20").contains("0 succeeded");
    }

    @Test
    void anUnreachableTargetStillReportsButExits4() throws Exception {
        Path json = dir.resolve("r.json");
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load",
                        "http://127.0.0.1:1/",
                        "-c",
                        "2",
                        "-n",
                        "100",
                        "--timeout",
                        "2s",
                        "--json",
                        json.toString());
        assertThat(o.exitCode()).isEqualTo(4);
        assertThat(o.out()).contains("Aborted: target unreachable").contains("Requests/sec:");
        assertThat(o.err()).contains("could not run");
        assertThat(Files.exists(json)).isTrue();
    }

    @Test
    void twoThreadsAndARampRunAndSayWhatTheyDid() throws Exception {
        Path json = dir.resolve("ramp.json");
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load",
                        url("/health"),
                        "-c",
                        "4",
                        "--threads",
                        "2",
                        "-d",
                        "2s",
                        "--rate",
                        "50",
                        "--ramp-to",
                        "150",
                        "--json",
                        json.toString(),
                        "-q");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out())
                .contains("50 -> 150 req/s")
                .contains("2 thread(s)")
                .contains("open model");
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("attempted").asLong()).as("(50 + 150) / 2 * 2 s").isEqualTo(200);
        assertThat(j.get("threads").asInt()).isEqualTo(2);
        assertThat(j.get("generator").get("bound").isBoolean()).isTrue();
    }

    /** A loopback server that answers every request on a connection after reading it, or never. */
    private static java.net.ServerSocket rawServer(String response) throws Exception {
        java.net.ServerSocket ss =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread t =
                new Thread(
                        () -> {
                            while (!ss.isClosed()) {
                                try {
                                    java.net.Socket s = ss.accept();
                                    Thread c =
                                            new Thread(
                                                    () -> {
                                                        try (s) {
                                                            java.io.InputStream in =
                                                                    s.getInputStream();
                                                            byte[] buf = new byte[4096];
                                                            while (in.read(buf) > 0) {
                                                                if (response != null) {
                                                                    s.getOutputStream()
                                                                            .write(
                                                                                    response
                                                                                            .getBytes(
                                                                                                    java
                                                                                                            .nio
                                                                                                            .charset
                                                                                                            .StandardCharsets
                                                                                                            .US_ASCII));
                                                                }
                                                            }
                                                        } catch (java.io.IOException ignored) {
                                                            // the client went away
                                                        }
                                                    });
                                    c.setDaemon(true);
                                    c.start();
                                } catch (java.io.IOException e) {
                                    return;
                                }
                            }
                        });
        t.setDaemon(true);
        t.start();
        return ss;
    }

    @Test
    void a500IsCountedAsHttp5xxAndTheRunCompletes() throws Exception {
        try (java.net.ServerSocket ss =
                rawServer("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n")) {
            CliTestSupport.Outcome o =
                    CliTestSupport.run(
                            "load",
                            "http://127.0.0.1:" + ss.getLocalPort() + "/",
                            "-c",
                            "2",
                            "-n",
                            "50",
                            "-q");
            assertThat(o.exitCode()).as(o.err()).isZero();
            assertThat(o.out())
                    .contains("Errors: http_5xx 50")
                    .contains("0 succeeded")
                    .contains("Requests/sec:");
        }
    }

    @Test
    void aSilentServerGivesTimeoutsAndTheRunEndsOnTime() throws Exception {
        try (java.net.ServerSocket ss = rawServer(null)) {
            long t0 = System.nanoTime();
            CliTestSupport.Outcome o =
                    CliTestSupport.run(
                            "load",
                            "http://127.0.0.1:" + ss.getLocalPort() + "/",
                            "-c",
                            "2",
                            "-d",
                            "1s",
                            "--timeout",
                            "300ms",
                            "-q");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(o.exitCode()).as(o.err()).isZero();
            assertThat(o.out()).containsPattern("Errors: timeout \\d+").contains("Requests/sec:");
            assertThat(seconds)
                    .as("1 s plus one timeout, with room for a slow machine")
                    .isLessThan(8);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-c 0",
                "--rate -1 -d 1s",
                "--rate 10",
                "-n 5 -d 1s",
                "-n 0",
                "--timeout 5x",
                "-d 0s",
                "--threads 11",
                "--threads 0",
                "-c 2 --threads 3",
                "--ramp-to 100 -d 1s",
                "--rate 10 --ramp-to -5 -d 1s",
                "-H NoColon"
            })
    void badArgumentsExit2WithOneLine(String args) {
        String[] argv = ("load " + url("/health") + " " + args).split(" ");
        CliTestSupport.Outcome o = CliTestSupport.run(argv);
        assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(2);
        assertThat(o.err().lines().count()).as(o.err()).isEqualTo(1);
        assertThat(o.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not a url",
                "https:///nohost",
                "ftp://x/",
                "http:///nohost",
                "127.0.0.1:8080"
            })
    void malformedUrlsExit2WithOneLine(String target) {
        CliTestSupport.Outcome o = CliTestSupport.run("load", target, "-n", "1");
        assertThat(o.exitCode()).as(o.err()).isEqualTo(2);
        assertThat(o.err().lines().count()).as(o.err()).isEqualTo(1);
        assertThat(o.err()).contains("URL");
    }
}
