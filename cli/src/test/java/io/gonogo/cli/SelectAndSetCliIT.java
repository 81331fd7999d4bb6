package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gonogo.core.ExitCode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gonogo --sut-url URL --set ... --select load/a} against a real HTTP server on a loopback
 * port the test picked: only the selected scenario sends requests, with the count {@code --set}
 * gave it; the other is NOT SELECTED in the summary, the document and decision.json, and the
 * release is not let through on half the evidence.
 */
class SelectAndSetCliIT {

    @TempDir Path dir;

    private HttpServer server;
    private final Map<String, AtomicLong> hits = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    hits.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicLong())
                            .incrementAndGet();
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
    }

    @Test
    void onlyTheSelectedScenarioRunsWithTheValueSetOnTheCommandLine() throws Exception {
        Path targets =
                Files.writeString(
                        dir.resolve("targets.yaml"),
                        """
                        release: {name: partial, owner: qa}
                        suites:
                          load:
                            scenarios:
                              - {id: a, operation: a, path: /a, requests: 500, concurrency: 2, warmup: 0}
                              - {id: b, operation: b, path: /b, requests: 500, concurrency: 2, warmup: 0}
                        targets:
                          - {id: a-success, metric: success_rate, where: {scenario: a}, pass: ">= 99%"}
                          - {id: b-success, metric: success_rate, where: {scenario: b}, pass: ">= 99%"}
                        """);
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Path out = dir.resolve("out");

        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "--targets",
                        targets.toString(),
                        "--sut-url",
                        url,
                        "--set",
                        "suites.load.scenarios[a].requests=120",
                        "--select",
                        "load/a",
                        "-q",
                        "-o",
                        out.toString());

        assertThat(o.exitCode()).as(o.err()).isEqualTo(ExitCode.NO_GO);
        assertThat(hits.get("/a")).as("requests of the selected scenario").hasValue(120);
        assertThat(hits).as("the scenario left out sent nothing").doesNotContainKey("/b");
        assertThat(o.out())
                .contains(
                        "scenarios: 2 planned, 1 passed, 0 failed, 0 not executed, 1 not selected");
        String md = Files.readString(out.resolve("go-no-go.md"));
        assertThat(md)
                .contains("| load | b | NOT SELECTED |")
                .contains("Service under test | service at " + url)
                .contains(
                        "| Command-line overrides | --sut-url "
                                + url
                                + "; --set suites.load.scenarios\\[a\\].requests=120; --select"
                                + " load/a |");
        assertThat(Files.readString(out.resolve("decision.json")))
                .contains("\"NOT_SELECTED\"")
                .contains("\"--select load/a\"");
    }
}
