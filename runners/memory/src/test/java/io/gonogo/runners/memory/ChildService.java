package io.gonogo.runners.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test service started as a child JVM from the test classpath; its first output line is its base
 * URI.
 */
final class ChildService implements AutoCloseable {
    final Process process;
    final URI base;

    private ChildService(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    static ChildService start(String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx96m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("http://")) {
            p.destroyForcibly();
            throw new IOException("the test service did not start: " + line);
        }
        Thread drain =
                new Thread(
                        () -> {
                            try {
                                while (r.readLine() != null) {
                                    // keep the pipe from filling
                                }
                            } catch (IOException ignored) {
                                // the process ended
                            }
                        });
        drain.setDaemon(true);
        drain.start();
        return new ChildService(p, URI.create(line.trim()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
