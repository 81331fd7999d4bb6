package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gonogo.server.GovernanceServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gonogo init} against the governance server: a file that checks and runs to a decision. */
class InitCommandIT {

    static GovernanceServer server;

    @TempDir Path dir;

    @BeforeAll
    static void start() {
        server = GovernanceServer.builder().httpPort(0).grpcPort(0).build();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void writesAStarterFileThatChecksAndRunsToADecision() throws IOException {
        Path file = dir.resolve("targets.yaml");
        String url = server.httpBaseUri().toString();

        CliTestSupport.Outcome init = CliTestSupport.run("init", url, "--targets", file.toString());

        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out())
                .contains("wrote " + file)
                .contains("GET /health answered 2xx")
                .contains("GET /prometheus answered Prometheus text");
        String yaml = Files.readString(file);
        assertThat(yaml)
                .contains("base: \"" + url.replaceAll("/$", "") + "\"")
                .contains("path: /health")
                .contains("source: prometheus")
                .contains("metrics-path: /prometheus")
                .contains("metrics: {heap-live: 'jvm_memory_used_bytes{area=\"heap\"}'}")
                .contains("fault: {kind: latency")
                .doesNotContain("thresholds:");

        CliTestSupport.Outcome check = CliTestSupport.run("check", "--targets", file.toString());
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out())
                .contains("load/steady")
                .contains("memory/heap-trend")
                .contains("chaos/network-latency")
                .contains("steady-p99")
                .contains("memory.heap-trend.heap-growth")
                .contains("chaos.network-latency.recovery");

        // the file's quick profile takes about half a minute; the run is shortened to seconds
        Path out = dir.resolve("reports");
        CliTestSupport.Outcome run =
                CliTestSupport.run(
                        "run",
                        "--targets",
                        file.toString(),
                        "--out",
                        out.toString(),
                        "--set",
                        "suites.load.scenarios[0].duration=2s",
                        "--set",
                        "suites.memory.scenarios[0].profiles.quick.duration=2s",
                        "--set",
                        "suites.memory.scenarios[0].profiles.quick.interval=100ms",
                        "--set",
                        "suites.memory.scenarios[0].linger=500ms",
                        "--set",
                        "suites.chaos.scenarios[0].duration=4s",
                        "--set",
                        "suites.chaos.scenarios[0].at=1s",
                        "--set",
                        "suites.chaos.scenarios[0].for=1s");

        assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
        assertThat(run.out()).containsPattern("DECISION: (GO|GO WITH CONDITIONS|NO-GO) ");
        JsonNode decision = new ObjectMapper().readTree(out.resolve("decision.json").toFile());
        assertThat(decision.path("outcome").asText()).isIn("GO", "GO_WITH_CONDITIONS", "NO_GO");
        // every scenario ran against the service: none is NOT EXECUTED for want of something
        assertThat(run.out()).contains("3 planned").contains("0 not executed");
    }

    @Test
    void refusesToReplaceAFileWithoutForce() throws IOException {
        Path file = Files.writeString(dir.resolve("targets.yaml"), "mine\n");
        String url = server.httpBaseUri().toString();

        CliTestSupport.Outcome refused = CliTestSupport.run("init", url, "-t", file.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .contains(file.toString())
                .contains("the file exists")
                .contains("--force");
        assertThat(Files.readString(file)).isEqualTo("mine\n");

        CliTestSupport.Outcome forced =
                CliTestSupport.run("init", url, "-t", file.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readString(file)).startsWith("# A starter targets file");
    }

    @Test
    void anUnreachableServiceIsInvalidInputNamingTheUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        Path file = dir.resolve("targets.yaml");

        CliTestSupport.Outcome o = CliTestSupport.run("init", url, "-t", file.toString());

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .contains(url)
                .contains("the service does not answer")
                .contains("ConnectException");
        assertThat(file).doesNotExist();
    }

    @Test
    void aUrlThatIsNotHttpIsInvalidInput() {
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "init", "ftp://example.org", "-t", dir.resolve("t.yaml").toString());

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .contains("ftp://example.org")
                .contains("expected an http:// or https:// URL");
    }

    @Test
    void withoutAUrlWritesAFileThatChecks() {
        Path file = dir.resolve("targets.yaml");

        CliTestSupport.Outcome init = CliTestSupport.run("init", "-t", file.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();

        CliTestSupport.Outcome check = CliTestSupport.run("check", "--targets", file.toString());
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out())
                .contains("load/steady")
                .contains("chaos/network-latency")
                .doesNotContain("memory/");
    }
}
