package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.Gonogo;
import io.gonogo.RunOptions;
import io.gonogo.RunResult;
import io.gonogo.core.Measurement;
import io.gonogo.core.TestStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sut: {command: ...}} end to end: the governance server started from gonogo's own jar as
 * the user's service, measured over JMX, its output kept as evidence, a service that cannot start
 * reported, and no service left running when gonogo is stopped or killed.
 */
class CommandSutIT {
    private static final Path JAR = Path.of("target", "gonogo.jar").toAbsolutePath();
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir Path dir;

    private long descendantsBefore;

    @BeforeEach
    void countProcesses() {
        assertThat(JAR).as("the shaded jar, built in package").isRegularFile();
        descendantsBefore = ProcessHandle.current().descendants().count();
    }

    @AfterEach
    void noProcessIsLeftBehind() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.current().descendants().count() > descendantsBefore
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.current().descendants().count()).isEqualTo(descendantsBefore);
    }

    /** A targets file whose service is the governance server run from gonogo.jar. */
    private Path targets(String serverArgs, String suites) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: command service}
                sut:
                  command:
                    command: '%s -Xmx128m -cp %s io.gonogo.server.GovernanceServerMain --host 127.0.0.1 --http-port ${port:http} --grpc-port none --data-dir data --token tok %s'
                    workdir: .
                    ports: [http]
                    url: {base: 'http://127.0.0.1:${port:http}', token: tok}
                    ready: {http: /health}
                    ready-timeout: 60s
                    stop: {signal: TERM, grace: 5s}
                suites:
                %s
                """
                        .formatted(JAVA, JAR, serverArgs, suites.indent(2)));
        return f;
    }

    @Test
    void aJvmServiceStartedByCommandIsSampledOverJmxAndItsOutputIsEvidence() throws IOException {
        Path f =
                targets(
                        "",
                        """
                        memory:
                          scenarios:
                            - {id: heap, operation: health, duration: 3s, concurrency: 1, interval: 500ms, linger: 500ms, source: jmx, min-samples: 3}
                        """);
        Path out = dir.resolve("reports");
        RunResult result = Gonogo.run(RunOptions.builder(f).out(out).quiet().build());
        List<Measurement> jmx =
                result.evidence().measurements().stream()
                        .filter(m -> "jmx".equals(m.labels().get("source")))
                        .toList();
        assertThat(jmx).isNotEmpty();
        assertThat(jmx).extracting(Measurement::metric).anyMatch(m -> m.contains("heap"));
        assertThat(result.evidence().environment().serviceUnderTest())
                .startsWith("command '" + JAVA)
                .contains("GovernanceServerMain");
        assertThat(out.resolve("evidence/sut.log")).content().contains("ready http=127.0.0.1:");
    }

    @Test
    void aChaosKillRestartsTheCommandServiceOnItsPortAndItsRecoveryIsMeasured() throws IOException {
        Path f =
                targets(
                        "",
                        """
                        chaos:
                          scenarios:
                            - id: kill
                              operation: health
                              rate: 50/s
                              concurrency: 4
                              duration: 8s
                              warmup: 1s
                              fault: {kind: kill}
                              at: 2s
                              for: 2s
                              durability: false
                              hypothesis: {recovery: "<= 30s"}
                        """);
        Path out = dir.resolve("reports");
        RunResult result = Gonogo.run(RunOptions.builder(f).out(out).quiet().build());
        assertThat(result.evidence().outcomes())
                .filteredOn(o -> o.scenario().equals("kill"))
                .singleElement()
                .satisfies(
                        o ->
                                assertThat(o.status())
                                        .as(o.message())
                                        .isEqualTo(TestStatus.SUCCESSFUL));
        assertThat(result.evidence().measurements())
                .extracting(Measurement::metric)
                .contains("recovery_time");
        // two starts of the service wrote to one log
        assertThat(Files.readString(out.resolve("evidence/sut.log")))
                .containsPattern(
                        "(?s)ready http=127\\.0\\.0\\.1:(\\d+).*ready http=127\\.0\\.0\\.1:\\1");
    }

    @Test
    void aServiceThatCannotStartLeavesTheScenariosNotExecutedAndTheReportSaysWhy()
            throws IOException {
        Path f =
                targets(
                        "--bogus",
                        """
                        load:
                          scenarios:
                            - {id: health, operation: health, requests: 100, concurrency: 1}
                        """);
        Path out = dir.resolve("reports");
        CliTestSupport.Outcome o =
                CliTestSupport.run("run", "--targets", f.toString(), "--out", out.toString(), "-q");
        assertThat(o.exitCode()).as(o.err()).isNotZero().isNotEqualTo(2);
        String report = Files.readString(out.resolve("go-no-go.md"));
        assertThat(report)
                .contains("NOT EXECUTED")
                .contains("the service under test could not be started")
                .contains("before it was ready")
                .contains("unknown option '--bogus'");
        assertThat(out.resolve("evidence/sut.log")).content().contains("unknown option '--bogus'");
    }

    /** gonogo.jar running a long load scenario, and the pid of its service once it is ready. */
    private record Running(Process gonogo, long sutPid) {}

    private Running startGonogo() throws Exception {
        Path f =
                targets(
                        "",
                        """
                        load:
                          scenarios:
                            - {id: long, operation: health, duration: 120s, rate: 20/s, concurrency: 1}
                        """);
        Process gonogo =
                new ProcessBuilder(
                                JAVA,
                                "-jar",
                                JAR.toString(),
                                "run",
                                "--targets",
                                f.toString(),
                                "--out",
                                dir.resolve("reports").toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        BufferedReader err =
                new BufferedReader(
                        new InputStreamReader(gonogo.getErrorStream(), StandardCharsets.UTF_8));
        Pattern ready = Pattern.compile("service under test ready: command .*\\(pid (\\d+)\\)");
        CompletableFuture<Long> pid =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                for (String line; (line = err.readLine()) != null; ) {
                                    Matcher m = ready.matcher(line);
                                    if (m.find()) {
                                        return Long.parseLong(m.group(1));
                                    }
                                }
                                return -1L;
                            } catch (IOException e) {
                                return -1L;
                            }
                        });
        long sutPid = pid.get(120, TimeUnit.SECONDS);
        assertThat(sutPid).as("gonogo reported its service ready").isPositive();
        // keep draining stderr so gonogo never blocks on a full pipe
        CompletableFuture.runAsync(
                () -> {
                    try {
                        while (err.readLine() != null) {
                            // progress lines
                        }
                    } catch (IOException e) {
                        // gonogo is gone
                    }
                });
        assertThat(ProcessHandle.of(sutPid).map(ProcessHandle::isAlive)).contains(true);
        return new Running(gonogo, sutPid);
    }

    private static void assertGoneWithin(long pid, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        while (h.isPresent() && h.get().isAlive() && System.nanoTime() - start < limit.toNanos()) {
            Thread.sleep(50);
        }
        assertThat(h.filter(ProcessHandle::isAlive)).as("pid " + pid + " still alive").isEmpty();
    }

    @Test
    void sigtermToGonogoStopsItsServiceThroughTheShutdownHook() throws Exception {
        Running r = startGonogo();
        r.gonogo().destroy(); // SIGTERM
        assertThat(r.gonogo().waitFor(30, TimeUnit.SECONDS)).isTrue();
        // the hook ran before gonogo exited: the service is already gone or exiting
        assertGoneWithin(r.sutPid(), Duration.ofSeconds(5));
        // and the run's folder beside reports/ is gone with it, no report having been written
        try (java.util.stream.Stream<Path> list = Files.list(dir)) {
            assertThat(list.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("reports"));
        }
    }

    @Test
    void sigkillToGonogoLeavesTheWatchdogToStopItsService() throws Exception {
        Running r = startGonogo();
        r.gonogo().destroyForcibly(); // SIGKILL: no code of gonogo runs any more
        assertThat(r.gonogo().waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(r.sutPid()).map(ProcessHandle::isAlive))
                .as("the watchdog, not the JVM, stops it")
                .isNotEmpty();
        assertGoneWithin(r.sutPid(), Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (watchdogs(r.sutPid()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(watchdogs(r.sutPid())).as("the watchdog ends after its service").isZero();
    }

    private static long watchdogs(long sutPid) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().arguments().map(List::of).orElse(List.of()))
                .filter(
                        args ->
                                args.contains("gonogo-watchdog")
                                        && args.contains(Long.toString(sutPid)))
                .count();
    }
}
