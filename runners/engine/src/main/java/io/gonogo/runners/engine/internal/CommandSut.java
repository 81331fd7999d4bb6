package io.gonogo.runners.engine.internal;

import io.gonogo.runners.engine.internal.CommandSettings.Ready;
import io.gonogo.runners.spi.Sut;
import io.gonogo.runners.spi.SutControl;
import io.gonogo.runners.spi.SutEndpoint;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code command} service gonogo started: its process, the watchdog beside it, and the faults a
 * chaos scenario sends it.
 *
 * <p>gonogo stops the service in three situations. At the end of the run, {@link #close()} sends
 * the stop signal, waits the grace period, then kills the service and whatever it started. When
 * gonogo is asked to stop (Ctrl-C, SIGTERM), a JVM shutdown hook does the same. When gonogo is
 * killed (SIGKILL, the OOM killer), no code of its runs any more, so a watchdog does it: a small
 * {@code sh} process started beside the service that polls, twice a second, whether gonogo and the
 * service are alive; when gonogo is gone and the service is not, it stops the service and its
 * descendants with the same signal and grace. The watchdog ends by itself when the service ends,
 * and {@link #close()} ends it too.
 *
 * <p>Thread-safe: faults and restarts are serialized; the shutdown hook does not wait for them.
 */
final class CommandSut implements Sut, SutControl {
    /**
     * Waits while gonogo ($1) and the service ($2) both live; then stops the service's tree with
     * signal $3, waits $4 tenths of a second, and kills what is left. It ignores the terminal's INT
     * and HUP, which reach the whole process group, so that it outlives a gonogo stopped by Ctrl-C
     * when that gonogo could not stop the service.
     */
    private static final String WATCHDOG =
            "trap '' INT HUP\n"
                    + "g=$1; s=$2; sig=$3; tenths=$4\n"
                    + "while kill -0 \"$g\" 2>/dev/null && kill -0 \"$s\" 2>/dev/null; do"
                    + " sleep 0.5; done\n"
                    + "kill -0 \"$s\" 2>/dev/null || exit 0\n"
                    + "tree=$(ps -e -o pid= -o ppid= | awk -v root=\"$s\" '{parent[$1]=$2}"
                    + " END {keep[root]=1; do {changed=0; for (c in parent) if (!(c in keep) &&"
                    + " (parent[c] in keep)) {keep[c]=1; changed=1}} while (changed);"
                    + " for (p in keep) print p}')\n"
                    + "[ -n \"$tree\" ] || tree=$s\n"
                    + "kill -CONT $tree 2>/dev/null\n"
                    + "kill -\"$sig\" \"$s\" 2>/dev/null\n"
                    + "i=0; while kill -0 \"$s\" 2>/dev/null && [ $i -lt \"$tenths\" ]; do"
                    + " sleep 0.1; i=$((i+1)); done\n"
                    + "kill -KILL $tree 2>/dev/null\n"
                    + "exit 0\n";

    private static final int TAIL_LINES = 20;
    private static final Duration POLL = Duration.ofMillis(100);

    private final CommandSettings settings;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(1))
                    .build();
    private final Thread shutdownHook;
    private volatile Process process;
    private volatile Process watchdog;
    private volatile boolean closed;

    CommandSut(CommandSettings settings, Path log) {
        this.settings = settings;
        this.log = log;
        this.shutdownHook = new Thread(this::terminate, "gonogo-sut-stop");
    }

    /** Starts the service the first time and waits until it is ready. */
    synchronized void startFirst() throws IOException, InterruptedException {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            launch();
        } catch (IOException | InterruptedException | RuntimeException e) {
            closed = true;
            removeShutdownHook();
            throw e;
        }
    }

    /** Starts the process and its watchdog and waits until it is ready; on failure, ends both. */
    private void launch() throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        long offset = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder pb =
                new ProcessBuilder(settings.command())
                        .directory(settings.workdir().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(settings.env());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(
                    "the command '"
                            + settings.commandLine()
                            + "' cannot be started in "
                            + settings.workdir()
                            + ": "
                            + e.getMessage(),
                    e);
        }
        process = p;
        watchdog = startWatchdog(p.pid());
        try {
            awaitReady(p, offset);
        } catch (IOException | InterruptedException | RuntimeException e) {
            killTree(p);
            stopWatchdog();
            throw e;
        }
    }

    private Process startWatchdog(long pid) throws IOException {
        long tenths = Math.max(0, settings.grace().toMillis() / 100);
        return new ProcessBuilder(
                        "sh",
                        "-c",
                        WATCHDOG,
                        "gonogo-watchdog",
                        Long.toString(ProcessHandle.current().pid()),
                        Long.toString(pid),
                        settings.stopSignal().name(),
                        Long.toString(tenths))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private void stopWatchdog() {
        Process w = watchdog;
        if (w != null) {
            w.destroyForcibly();
            try {
                w.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitReady(Process p, long offset) throws IOException, InterruptedException {
        Ready ready = settings.ready();
        long start = System.nanoTime();
        long timeout = settings.readyTimeout().toNanos();
        LogLines lines = new LogLines(log, offset);
        while (true) {
            if (closed && p.isAlive()) {
                throw new IOException("gonogo was stopped before the service was ready");
            }
            if (!p.isAlive()) {
                throw new IOException(
                        "the command '"
                                + settings.commandLine()
                                + "' exited with code "
                                + p.exitValue()
                                + " before it was ready; "
                                + tail(offset));
            }
            if (isReady(ready, lines) && p.isAlive()) {
                return;
            }
            if (System.nanoTime() - start > timeout) {
                throw new IOException(
                        "the command '"
                                + settings.commandLine()
                                + "' was not ready within "
                                + CommandSettings.human(settings.readyTimeout())
                                + " (waiting for "
                                + ready.describe()
                                + "); "
                                + tail(offset));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private boolean isReady(Ready ready, LogLines lines) throws IOException, InterruptedException {
        if (ready instanceof Ready.Http h) {
            try {
                HttpResponse<Void> r =
                        http.send(
                                HttpRequest.newBuilder(settings.endpoint().http(h.path()))
                                        .timeout(Duration.ofSeconds(2))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                return r.statusCode() / 100 == 2;
            } catch (IOException e) {
                return false;
            }
        }
        if (ready instanceof Ready.Tcp t) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(t.host(), t.port()), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        Ready.Log l = (Ready.Log) ready;
        for (String line : lines.next()) {
            if (l.pattern().matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    /** The last lines the current process wrote, on one line, for an error message. */
    private String tail(long offset) {
        List<String> all;
        try {
            long from = Math.max(offset, Files.size(log) - 64 * 1024);
            LogLines lines = new LogLines(log, from);
            all = new ArrayList<>(lines.next());
            all.addAll(lines.rest());
        } catch (IOException e) {
            return "its output " + log + " cannot be read: " + e.getMessage();
        }
        all.removeIf(String::isBlank);
        if (all.isEmpty()) {
            return "it wrote nothing to its output";
        }
        List<String> last = all.subList(Math.max(0, all.size() - TAIL_LINES), all.size());
        StringBuilder sb =
                new StringBuilder("its last " + last.size() + " line(s) of output (sut.log): ");
        for (int i = 0; i < last.size(); i++) {
            String line = last.get(i).strip();
            sb.append(i == 0 ? "" : " | ")
                    .append(line.length() > 300 ? line.substring(0, 300) + "..." : line);
        }
        return sb.toString();
    }

    // ---- Sut

    @Override
    public SutEndpoint endpoint() {
        return settings.endpoint();
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
        List<String> shown = new ArrayList<>();
        for (String w : settings.command()) {
            shown.add(
                    w.length() > 60
                            ? w.substring(0, 28) + "..." + w.substring(w.length() - 28)
                            : w);
        }
        return "command '" + ShellWords.join(shown) + "' (pid " + process.pid() + ")";
    }

    @Override
    public void close() {
        if (closed && !process.isAlive()) {
            return;
        }
        closed = true;
        removeShutdownHook();
        terminate();
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs or has run
        }
    }

    /** Stops the current process gracefully, then its watchdog; used by close and the hook. */
    private void terminate() {
        closed = true;
        Process p = process;
        try {
            if (p != null) {
                stopTree(p, settings.grace());
            }
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
        } finally {
            stopWatchdog();
        }
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
        killTree(p);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            throw new IOException("pid " + p.pid() + " did not exit within 10 s of SIGKILL");
        }
    }

    @Override
    public void pause() throws IOException, InterruptedException {
        signal(process.pid(), "STOP");
        ProcessStates.awaitStopped(process.pid(), Duration.ofSeconds(1));
    }

    @Override
    public void resume() throws IOException, InterruptedException {
        signal(process.pid(), "CONT");
    }

    @Override
    public synchronized void stop(Duration timeout) throws InterruptedException {
        stopTree(process, timeout);
    }

    @Override
    public synchronized SutEndpoint start() throws IOException, InterruptedException {
        if (closed) {
            throw new IllegalStateException(
                    "the command service was stopped at the end of the run");
        }
        if (!process.isAlive()) {
            stopWatchdog();
            launch();
        }
        return settings.endpoint();
    }

    // ---- signals

    /**
     * Sends the stop signal to {@code p}, waits up to {@code grace} for it to exit, then kills it
     * and every descendant it had when asked to stop.
     */
    private void stopTree(Process p, Duration grace) throws InterruptedException {
        List<ProcessHandle> tree = p.descendants().toList();
        trySignal(p.pid(), "CONT"); // a frozen process cannot act on the stop signal
        switch (settings.stopSignal()) {
            case TERM -> p.destroy();
            case KILL -> p.destroyForcibly();
            case INT -> trySignal(p.pid(), "INT");
        }
        if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle h : tree) {
            if (h.isAlive()) {
                h.destroy();
            }
        }
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        for (ProcessHandle h : tree) {
            while (h.isAlive() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            h.destroyForcibly();
        }
    }

    private static void killTree(Process p) {
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static void trySignal(long pid, String name) {
        try {
            signal(pid, name);
        } catch (IOException e) {
            // the process is gone or kill is missing; the caller's next step does not need it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code kill -s NAME pid}: Java 17 can send only SIGTERM and SIGKILL itself. */
    private static void signal(long pid, String name) throws IOException, InterruptedException {
        Process kill =
                new ProcessBuilder("kill", "-s", name, Long.toString(pid))
                        .redirectErrorStream(true)
                        .start();
        String out =
                new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -s " + name + " " + pid + " failed: " + out);
        }
    }

    /** The complete lines appended to a log since an offset, read a piece at a time. */
    private static final class LogLines {
        private final Path file;
        private long offset;
        private final StringBuilder partial = new StringBuilder();

        LogLines(Path file, long offset) {
            this.file = file;
            this.offset = offset;
        }

        /** The complete lines written since the last call. */
        List<String> next() throws IOException {
            List<String> lines = new ArrayList<>();
            if (!Files.exists(file)) {
                return lines;
            }
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long length = f.length();
                if (length <= offset) {
                    return lines;
                }
                f.seek(offset);
                byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
                f.readFully(bytes);
                offset += bytes.length;
                partial.append(new String(bytes, StandardCharsets.UTF_8));
            }
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                lines.add(partial.substring(0, nl));
                partial.delete(0, nl + 1);
            }
            return lines;
        }

        /** The last line when it has no line end yet. */
        List<String> rest() {
            return partial.length() == 0 ? List.of() : List.of(partial.toString());
        }
    }
}
