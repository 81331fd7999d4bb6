package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded runs whose shards fail, against a loopback server: the shards and {@code gonogo
 * coordinate --targets --out} run as processes of this class path, as on separate hosts. A shard
 * killed during its load, a shard that never starts, and a shard whose folder is cut short each
 * leave the load scenario NOT EXECUTED with the shard named, and the release NO-GO; with every
 * shard whole, the coordinator collects their folders, merges them and exits with the decision's
 * code.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ShardFailuresCliIT {

    @TempDir Path dir;

    private HttpServer server;
    private String url;
    private final AtomicLong served = new AtomicLong();
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    served.incrementAndGet();
                    byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        server.stop(0);
    }

    private Path targets(String duration) throws IOException {
        return Files.writeString(
                dir.resolve("targets.yaml"),
                "sut: {url: '"
                        + url
                        + "'}\n"
                        + "release: {name: sharded, owner: qa}\n"
                        + "suites:\n"
                        + "  load:\n"
                        + "    scenarios:\n"
                        + "      - {id: a, operation: a, path: /a, duration: "
                        + duration
                        + ", concurrency: 2, warmup: 0}\n"
                        + "targets:\n"
                        + "  - {id: a-success, metric: success_rate, where: {scenario: a},"
                        + " pass: \">= 99%\"}\n");
    }

    @Test
    void theCoordinatorCollectsEveryShardsFolderMergesThemAndExitsWithTheDecision()
            throws Exception {
        Path targets = targets("1s");
        Path out = dir.resolve("merged");
        int port = freePort();
        Process coordinator = coordinate(targets, out, port, "30s", "10s");
        Process s0 = shard(targets, 0, port, "30s");
        Process s1 = shard(targets, 1, port, "30s");

        assertThat(s0.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(s1.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(s0.exitValue()).as(log("shard-0")).isZero();
        assertThat(s1.exitValue()).as(log("shard-1")).isZero();
        assertThat(log("shard-1")).contains("the coordinator kept shard 1/2's folder");
        assertThat(coordinator.waitFor(30, TimeUnit.SECONDS)).as(log("coordinator")).isTrue();
        assertThat(coordinator.exitValue()).as(log("coordinator")).isZero();
        assertThat(log("coordinator"))
                .as("the coordinator prints the closing summary, as gonogo merge does")
                .contains("GO")
                .contains("shard 0/2 reported")
                .contains("shard 1/2 reported");

        String decision = Files.readString(out.resolve("decision.json"));
        assertThat(decision).contains("\"runId\" : \"r-1\"").contains("\"count\" : 2");
        assertThat(Files.readString(out.resolve("go-no-go.md")))
                .contains("gathered by 2 load generator shards of run `r-1`, all reporting");
        long requests = 0;
        for (int i = 0; i < 2; i++) {
            Path collected = out.resolve("shards").resolve("shard-" + i);
            assertThat(collected.resolve("shard.json")).exists();
            requests +=
                    (long)
                            scalar(
                                    Json.readEvidence(collected.resolve("evidence.json")),
                                    "requests");
            try (Stream<Path> logs = Files.walk(collected.resolve("evidence"))) {
                assertThat(logs.filter(p -> p.toString().endsWith(".hlog")))
                        .as("shard %d's interval log came with its folder", i)
                        .isNotEmpty();
            }
            assertThat(dir.resolve("shard-" + i).resolve("evidence.json"))
                    .as("the shard's own folder stays")
                    .exists();
        }
        assertThat(requests).isPositive();
        assertThat((long) scalar(Json.readEvidence(out.resolve("evidence.json")), "requests"))
                .isEqualTo(requests);
    }

    @Test
    void aShardKilledDuringItsLoadIsNamedAndItsScenarioIsNotExecuted() throws Exception {
        Path targets = targets("3s");
        Path out = dir.resolve("merged");
        int port = freePort();
        Process coordinator = coordinate(targets, out, port, "30s", "2s");
        Process s0 = shard(targets, 0, port, "30s");
        Process s1 = shard(targets, 1, port, "30s");
        // both shards start together, so requests mean shard 1's load is under way
        await(() -> served.get() > 20, 45);
        s1.destroyForcibly().waitFor();

        assertThat(s0.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(s0.exitValue()).as(log("shard-0")).isZero();
        assertThat(coordinator.waitFor(30, TimeUnit.SECONDS)).as(log("coordinator")).isTrue();
        assertThat(coordinator.exitValue()).as(log("coordinator")).isEqualTo(1);
        String decision = Files.readString(out.resolve("decision.json"));
        assertThat(decision)
                .contains("NO_GO")
                .contains("NOT_EXECUTED")
                .contains("shard 1/2 never reported to the coordinator");
        assertThat(out.resolve("shards").resolve("shard-1")).doesNotExist();
    }

    @Test
    void aShardThatNeverStartsIsNamedAndItsScenarioIsNotExecuted() throws Exception {
        Path targets = targets("1s");
        Path out = dir.resolve("merged");
        int port = freePort();
        Process coordinator = coordinate(targets, out, port, "2s", "2s");
        Process s0 = shard(targets, 0, port, "2s");

        assertThat(s0.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(s0.exitValue()).as(log("shard-0")).isZero();
        assertThat(coordinator.waitFor(30, TimeUnit.SECONDS)).as(log("coordinator")).isTrue();
        assertThat(coordinator.exitValue()).as(log("coordinator")).isEqualTo(1);
        String decision = Files.readString(out.resolve("decision.json"));
        assertThat(decision)
                .contains("NO_GO")
                .contains("NOT_EXECUTED")
                .contains("shard 1/2 never reported to the coordinator");
        assertThat(Files.readString(dir.resolve("shard-0").resolve("evidence.json")))
                .as("the shard that waited says which shard never came")
                .contains("shard 1/2 never registered for load/a");
    }

    @Test
    void aShardFolderCutShortIsNamedAndItsScenarioIsNotExecuted() throws Exception {
        Path targets = targets("1s");
        CompletableFuture<CliTestSupport.Outcome> s0 =
                CompletableFuture.supplyAsync(() -> inProcessShard(targets, 0));
        CompletableFuture<CliTestSupport.Outcome> s1 =
                CompletableFuture.supplyAsync(() -> inProcessShard(targets, 1));
        assertThat(s0.get().exitCode()).as(s0.get().err()).isZero();
        assertThat(s1.get().exitCode()).as(s1.get().err()).isZero();

        // shard 1's interval log cut in half
        Path cutLog = copy(dir.resolve("shard-1"), dir.resolve("cut-log"));
        Path hlog;
        try (Stream<Path> files = Files.walk(cutLog)) {
            hlog = files.filter(p -> p.toString().endsWith(".hlog")).findFirst().orElseThrow();
        }
        cutInHalf(hlog);
        CliTestSupport.Outcome log = merge(targets, cutLog, "merged-cut-log");
        assertThat(log.exitCode()).as(log.err() + log.out()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("merged-cut-log").resolve("decision.json")))
                .contains("NO_GO")
                .contains("NOT_EXECUTED")
                .contains("shard 1/2: its interval log");

        // shard 1's evidence.json cut in half
        Path cutEvidence = copy(dir.resolve("shard-1"), dir.resolve("cut-evidence"));
        cutInHalf(cutEvidence.resolve("evidence.json"));
        CliTestSupport.Outcome evidence = merge(targets, cutEvidence, "merged-cut-evidence");
        assertThat(evidence.exitCode()).as(evidence.err() + evidence.out()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("merged-cut-evidence").resolve("decision.json")))
                .contains("NO_GO")
                .contains("NOT_EXECUTED")
                .contains("shard 1/2's folder")
                .contains("its evidence.json cannot be read");
    }

    private CliTestSupport.Outcome merge(Path targets, Path second, String out) {
        return CliTestSupport.run(
                "merge",
                dir.resolve("shard-0").toString(),
                second.toString(),
                "--targets",
                targets.toString(),
                "--out",
                dir.resolve(out).toString());
    }

    private CliTestSupport.Outcome inProcessShard(Path targets, int i) {
        return CliTestSupport.run(
                "run",
                "--targets",
                targets.toString(),
                "--shard",
                i + "/2",
                "--run-id",
                "r-1",
                "--out",
                dir.resolve("shard-" + i).toString());
    }

    private Process coordinate(
            Path targets, Path out, int port, String barrierTimeout, String collectTimeout)
            throws IOException, InterruptedException {
        Process p =
                start(
                        "coordinator",
                        "coordinate",
                        "--shards",
                        "2",
                        "--port",
                        Integer.toString(port),
                        "--run-id",
                        "r-1",
                        "--barrier-timeout",
                        barrierTimeout,
                        "--targets",
                        targets.toString(),
                        "--out",
                        out.toString(),
                        "--collect-timeout",
                        collectTimeout);
        await(() -> log("coordinator").contains("listening on"), 30);
        return p;
    }

    private Process shard(Path targets, int i, int port, String barrierTimeout) throws IOException {
        return start(
                "shard-" + i,
                "run",
                "--targets",
                targets.toString(),
                "--shard",
                i + "/2",
                "--run-id",
                "r-1",
                "--coordinator",
                "http://127.0.0.1:" + port,
                "--barrier-timeout",
                barrierTimeout,
                "--out",
                dir.resolve("shard-" + i).toString());
    }

    /** Starts {@code gonogo args} as a process of this class path, its output in NAME.log. */
    private Process start(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.gonogo.cli.Main");
        cmd.addAll(List.of(args));
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(name + ".log").toFile())
                        .start();
        processes.add(p);
        return p;
    }

    private String log(String name) {
        try {
            Path f = dir.resolve(name + ".log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %d s", seconds).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
        return to;
    }

    private static void cutInHalf(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
    }

    private static double scalar(EvidenceSet e, String metric) {
        return e.measurements().stream()
                .filter(m -> m.metric().equals(metric))
                .map(Measurement::value)
                .map(v -> ((Scalar) v).value())
                .findFirst()
                .orElseThrow();
    }
}
