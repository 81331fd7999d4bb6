package io.gonogo.runners.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.config.ConfigNode;
import io.gonogo.core.config.SutSpec;
import io.gonogo.runners.engine.fixture.TinyService;
import io.gonogo.runners.spi.Sut;
import io.gonogo.runners.spi.SutControl;
import io.gonogo.runners.spi.SutEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code command} provider on real processes: a small JVM service from the test class path and
 * Python's http.server; each test ends with no process of its own left behind.
 */
class CommandSutProviderIT {
    @TempDir Path dir;

    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
    private long descendantsBefore;

    @BeforeEach
    void countProcesses() {
        descendantsBefore = ProcessHandle.current().descendants().count();
    }

    @AfterEach
    void noProcessIsLeftBehind() throws InterruptedException {
        // the watchdog's last 'sleep 0.5' may outlive it for a moment
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.current().descendants().count() > descendantsBefore
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(
                        ProcessHandle.current()
                                .descendants()
                                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                                .toList())
                .hasSize((int) descendantsBefore);
    }

    private static String tinyService(String... args) {
        return TinyService.yamlCommand(args);
    }

    private SutSpec spec(String settingsYaml) throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(f, "sut:\n  command:\n" + settingsYaml.indent(4));
        ConfigNode.Mapping m = ConfigNode.read(f).asMapping("the file").accept("sut");
        ConfigNode.Mapping sut = m.node("sut").asMapping("sut").accept("command");
        return new SutSpec("command", sut.node("command"));
    }

    private Sut start(String settingsYaml) throws Exception {
        SutSpec spec = spec(settingsYaml);
        new CommandSutProvider().validate(spec);
        return new CommandSutProvider().start(spec, dir.resolve("work"));
    }

    private int get(SutEndpoint e, String path, Duration timeout) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(e.http(path)).timeout(timeout).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /**
     * Whether a GET of {@code /health} on a new connection gets no byte back within {@code
     * timeout}: a socket's own read timeout, since the HTTP client's request timeout has been seen
     * never to fire against a stopped process whose kernel still accepts the connection.
     */
    private static boolean unansweredWithin(SutEndpoint e, Duration timeout) throws IOException {
        java.net.URI base = e.httpBase();
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(
                    new java.net.InetSocketAddress(base.getHost(), base.getPort()),
                    (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream()
                    .write(
                            ("GET /health HTTP/1.1\r\nHost: " + base.getHost() + "\r\n\r\n")
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getInputStream().read(); // a byte, or the end of the stream: it answered
            return false;
        } catch (java.net.SocketTimeoutException expected) {
            return true;
        }
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("work").resolve("sut.log"));
    }

    @Test
    void aJvmReadyByHttpIsItsOwnProcessAndSurvivesKillFreezeStopAndStartOnTheSamePort()
            throws Exception {
        try (Sut sut =
                start(
                        "command: "
                                + tinyService("--port", "${port:http}")
                                + "\n"
                                + "ports: [http]\n"
                                + "url: http://127.0.0.1:${port:http}\n"
                                + "ready: {http: /health}\n")) {
            SutEndpoint endpoint = sut.endpoint();
            assertThat(get(endpoint, "/health", Duration.ofSeconds(5))).isEqualTo(200);
            ProcessHandle first = sut.process().orElseThrow();
            // no shell in between: the process gonogo holds is the JVM it can attach to
            assertThat(first.info().command().orElse("")).endsWith("java");
            assertThat(first.parent().map(ProcessHandle::pid))
                    .contains(ProcessHandle.current().pid());
            assertThat(sut.description())
                    .startsWith("command '")
                    .contains(TinyService.class.getName())
                    .endsWith("(pid " + first.pid() + ")");
            assertThat(log()).contains("listening on " + endpoint.httpBase().getPort());

            SutControl control = sut.control().orElseThrow();
            control.kill();
            assertThat(control.alive()).isFalse();
            assertThatThrownBy(() -> get(endpoint, "/health", Duration.ofSeconds(2)))
                    .isInstanceOf(IOException.class);

            SutEndpoint again = control.start();
            assertThat(again).isEqualTo(endpoint);
            assertThat(control.currentProcess().pid()).isNotEqualTo(first.pid());
            assertThat(sut.process().orElseThrow().pid()).isEqualTo(control.currentProcess().pid());
            assertThat(get(again, "/health", Duration.ofSeconds(5))).isEqualTo(200);

            control.pause();
            assertThat(unansweredWithin(again, Duration.ofMillis(1500)))
                    .as("a frozen service answers nothing")
                    .isTrue();
            assertThat(control.alive()).isTrue();
            control.resume();
            assertThat(get(again, "/health", Duration.ofSeconds(5))).isEqualTo(200);

            control.stop(Duration.ofSeconds(10));
            assertThat(control.alive()).isFalse();
            control.start();
            assertThat(get(again, "/health", Duration.ofSeconds(5))).isEqualTo(200);
        }
        // stopped by SIGTERM: its shutdown hook ran
        assertThat(log()).contains("stopping");
    }

    @Test
    void aPythonServerGivenAsOneLineIsReadyWhenItsOutputSaysSo() throws Exception {
        try (Sut sut =
                start(
                        "command: python3 -u -m http.server ${port:web} --bind 127.0.0.1\n"
                                + "ports: [web]\n"
                                + "ready: {log: 'Serving HTTP on .* port \\d+'}\n"
                                + "stop: {signal: INT, grace: 5s}\n")) {
            assertThat(sut.endpoint().httpBase().toString()).startsWith("http://127.0.0.1:");
            assertThat(get(sut.endpoint(), "/", Duration.ofSeconds(5))).isEqualTo(200);
            assertThat(log()).contains("Serving HTTP on");
            assertThat(sut.description()).contains("python3 -u -m http.server");
        }
    }

    @Test
    void readyByTcpOnANamedPortWithTheWorkdirAndEnvironmentGiven() throws Exception {
        Files.createDirectories(dir.resolve("service"));
        try (Sut sut =
                start(
                        "command: "
                                + tinyService("--port", "${port:api}", "--say", "started")
                                + "\n"
                                + "workdir: service\n"
                                + "env: {TINY_PORT: '${port:api}'}\n"
                                + "ports: [admin, api]\n"
                                + "url: {base: 'http://127.0.0.1:${port:api}', token: t0k}\n"
                                + "ready: {tcp: api}\n")) {
            ProcessHandle p = sut.process().orElseThrow();
            assertThat(sut.endpoint().token()).isEqualTo("t0k");
            assertThat(get(sut.endpoint(), "/health", Duration.ofSeconds(5))).isEqualTo(200);
            assertThat(Path.of("/proc/" + p.pid() + "/cwd").toRealPath())
                    .isEqualTo(dir.resolve("service").toRealPath());
            assertThat(Files.readString(Path.of("/proc/" + p.pid() + "/environ")))
                    .contains("TINY_PORT=" + sut.endpoint().httpBase().getPort());
        }
    }

    @Test
    void aServiceThatExitsAtStartFailsWithItsExitCodeAndLastLines() throws Exception {
        assertThatThrownBy(
                        () ->
                                start(
                                        "command: "
                                                + tinyService(
                                                        "--say",
                                                        "config: no such file app.conf",
                                                        "--exit",
                                                        "3")
                                                + "\nports: [http]\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exited with code 3 before it was ready")
                .hasMessageContaining("(sut.log): config: no such file app.conf");
        assertThat(log()).contains("config: no such file app.conf");
    }

    @Test
    void aServiceNeverReadyIsStoppedAfterTheReadyTimeout() throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(
                        () ->
                                start(
                                        "command: "
                                                + tinyService("--say", "warming up")
                                                + "\nports: [http]\n"
                                                + "ready: {http: /health}\n"
                                                + "ready-timeout: 3s\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("was not ready within 3s (waiting for GET /health")
                .hasMessageContaining("warming up");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThan(Duration.ofSeconds(3));
    }

    @Test
    void aServiceWhosePortIsTakenFailsWithItsComplaint() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(
                            () ->
                                    start(
                                            "command: "
                                                    + tinyService("--port", Integer.toString(port))
                                                    + "\nurl: http://127.0.0.1:"
                                                    + port
                                                    + "\nready: {http: /health}\n"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("exited with code 1 before it was ready")
                    .hasMessageContaining("cannot listen on port " + port);
        }
    }

    @Test
    void whatTheServiceStartedIsStoppedWithIt() throws Exception {
        List<Long> children;
        try (Sut sut =
                start(
                        "command: "
                                + tinyService("--child", "--port", "${port:http}")
                                + "\nports: [http]\n"
                                + "ready: {log: listening}\n")) {
            children = sut.process().orElseThrow().descendants().map(ProcessHandle::pid).toList();
            assertThat(children).isNotEmpty();
        }
        for (long pid : children) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        }
    }

    @Test
    void aMissingProgramIsNamedWithItsFolder() {
        assertThatThrownBy(() -> start("command: no-such-program-gonogo --x\nports: [http]\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the command 'no-such-program-gonogo --x' cannot be started");
    }
}
