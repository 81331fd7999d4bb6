package io.gonogo.runners.engine.internal;

import io.gonogo.core.config.ConfigNode;
import io.gonogo.core.config.SutSpec;
import io.gonogo.runners.spi.DeclaredEndpoint;
import io.gonogo.runners.spi.Sut;
import io.gonogo.runners.spi.SutControl;
import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.SutProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sut: embedded}: the bundled governance server, started as a child JVM from gonogo's own
 * class path by main class name, on loopback with ports picked by the system.
 *
 * <p>The child gets {@code --http-port 0 --grpc-port 0 --data-dir <fresh dir> --exit-on-stdin-eof};
 * its first line of output names the bound ports. It runs in its own JVM so that it does not share
 * GC and CPU accounting with the load generator. Settings: {@code embedded: {heap: 512m}} (the
 * child's maximum heap).
 */
public final class EmbeddedSutProvider implements SutProvider {
    /** The governance server's main class, named so that gonogo has no compile dependency on it. */
    public static final String MAIN_CLASS = "io.gonogo.server.GovernanceServerMain";

    private static final Pattern READY =
            Pattern.compile("ready http=([^\\s:]+):(\\d+)(?: grpc=(\\S+))?(?: token=(\\S+))?");
    private static final long START_TIMEOUT_SECONDS = 60;

    @Override
    public String kind() {
        return "embedded";
    }

    /** The bundled server speaks plaintext HTTP and gRPC. */
    @Override
    public DeclaredEndpoint declaredEndpoint(SutSpec spec) {
        return new DeclaredEndpoint(false, false, "sut: embedded");
    }

    @Override
    public void validate(SutSpec spec) {
        spec.settings()
                .ifPresent(
                        n -> {
                            if (n.isMapping()) {
                                ConfigNode.Mapping m = n.asMapping("'sut.embedded'").accept("heap");
                                m.finish();
                                m.find("heap").ifPresent(h -> heap(h));
                            } else if (n.isScalar()) {
                                throw n.error(
                                        "expected 'embedded' settings as a mapping such as {heap:"
                                                + " 512m}, found "
                                                + n.kind());
                            }
                        });
    }

    private static String heap(ConfigNode n) {
        String v = n.asScalarText("'heap'");
        if (!v.matches("\\d+[mMgG]")) {
            throw n.error("'heap' is '" + v + "'; expected a JVM heap size such as 512m or 1g");
        }
        return v;
    }

    @Override
    public Sut start(SutSpec spec, Path workDir)
            throws IOException, InterruptedException, TimeoutException {
        String heapSize =
                spec.settings()
                        .filter(ConfigNode::isMapping)
                        .flatMap(n -> n.asMapping("'sut.embedded'").accept("heap").find("heap"))
                        .map(EmbeddedSutProvider::heap)
                        .orElse("512m");
        Path dataDir = Files.createDirectories(workDir.resolve("governance-data"));
        Path log = workDir.resolve("governance-server.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // gonogo picks the token, so a restarted server (a chaos scenario's process fault) keeps
        // it; the server reads it from its environment, where ps does not show it
        String token = newToken();
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                java,
                                "-Xmx" + heapSize,
                                "-cp",
                                System.getProperty("java.class.path"),
                                MAIN_CLASS,
                                "--host",
                                "127.0.0.1",
                                "--http-port",
                                "0",
                                "--grpc-port",
                                "0",
                                "--data-dir",
                                dataDir.toString(),
                                "--exit-on-stdin-eof"));
        ChildSut sut = new ChildSut(cmd, log, token);
        sut.launch();
        return sut;
    }

    private static String newToken() {
        byte[] b = new byte[16];
        new java.security.SecureRandom().nextBytes(b);
        StringBuilder sb = new StringBuilder("gonogo-");
        for (byte x : b) {
            sb.append(String.format(java.util.Locale.ROOT, "%02x", x));
        }
        return sb.toString();
    }

    /** Starts the child, waits for its ready line and returns its process and endpoint. */
    private static Object[] launch(List<String> cmd, Path log, String token)
            throws IOException, InterruptedException, TimeoutException {
        ProcessBuilder builder =
                new ProcessBuilder(cmd)
                        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("GONOGO_GOVERNANCE_TOKEN", token);
        Process process = builder.start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return out.readLine();
                            } catch (IOException e) {
                                return null;
                            }
                        });
        String line;
        try {
            line = first.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            line = null;
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new TimeoutException(
                    "the embedded governance server did not report ready within "
                            + START_TIMEOUT_SECONDS
                            + " s; its log: "
                            + log);
        }
        Matcher m = line == null ? null : READY.matcher(line);
        if (m == null || !m.find()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new IOException(
                    "the embedded governance server did not start (first line: "
                            + (line == null ? "none" : "'" + line + "'")
                            + "); "
                            + tail(log));
        }
        URI base = URI.create("http://" + m.group(1) + ":" + m.group(2));
        String grpc = m.group(3) == null || m.group(3).equals("none") ? "" : m.group(3);
        String printed = m.group(4) == null ? token : m.group(4);
        return new Object[] {process, new SutEndpoint(base, grpc, printed)};
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty()
                    ? "it wrote nothing to stderr"
                    : "its last output: "
                            + String.join(
                                    " | ",
                                    lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "its log " + log + " cannot be read";
        }
    }

    /** The child JVM; restartable on the same data directory for process faults. */
    private static final class ChildSut implements Sut, SutControl {
        private final List<String> cmd;
        private final Path log;
        private final String token;
        private volatile Process process;
        private volatile SutEndpoint endpoint;
        private boolean closed;

        ChildSut(List<String> cmd, Path log, String token) {
            this.cmd = List.copyOf(cmd);
            this.log = log;
            this.token = token;
        }

        synchronized void launch() throws IOException, InterruptedException, TimeoutException {
            Object[] started = EmbeddedSutProvider.launch(cmd, log, token);
            process = (Process) started[0];
            endpoint = (SutEndpoint) started[1];
        }

        @Override
        public SutEndpoint endpoint() {
            return endpoint;
        }

        @Override
        public Optional<ProcessHandle> process() {
            return Optional.of(process.toHandle());
        }

        @Override
        public Optional<SutControl> control() {
            return Optional.of(this);
        }

        @Override
        public String description() {
            return "embedded governance server, pid " + process.pid() + ", " + endpoint;
        }

        // ---- SutControl

        @Override
        public ProcessHandle currentProcess() {
            return process.toHandle();
        }

        @Override
        public boolean alive() {
            return process.isAlive();
        }

        @Override
        public synchronized void kill() throws IOException, InterruptedException {
            Process p = process;
            p.destroyForcibly();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new IOException("pid " + p.pid() + " did not exit within 10 s of SIGKILL");
            }
        }

        @Override
        public void pause() throws IOException, InterruptedException {
            signal("STOP");
            ProcessStates.awaitStopped(process.pid(), java.time.Duration.ofSeconds(1));
        }

        @Override
        public void resume() throws IOException, InterruptedException {
            signal("CONT");
        }

        private void signal(String name) throws IOException, InterruptedException {
            Process p = process;
            Process kill =
                    new ProcessBuilder("kill", "-" + name, Long.toString(p.pid()))
                            .redirectErrorStream(true)
                            .start();
            String out =
                    new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                            .strip();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill -" + name + " " + p.pid() + " failed: " + out);
            }
        }

        @Override
        public synchronized void stop(java.time.Duration timeout) throws InterruptedException {
            stopGracefully(process, timeout.toMillis());
        }

        @Override
        public synchronized SutEndpoint start()
                throws IOException, InterruptedException, TimeoutException {
            if (closed) {
                throw new IllegalStateException(
                        "the embedded governance server was closed at the end of the run");
            }
            if (!process.isAlive()) {
                launch();
            }
            return endpoint;
        }

        private static void stopGracefully(Process process, long millis)
                throws InterruptedException {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
                    process.destroy();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                }
            } catch (IOException e) {
                process.destroyForcibly();
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            Process p = process;
            try {
                // a process left frozen by a chaos scenario must be thawed before it can exit
                new ProcessBuilder("kill", "-CONT", Long.toString(p.pid()))
                        .start()
                        .waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // not frozen, or kill is not available: stopping below still ends it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                stopGracefully(p, 10_000);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
