package io.gonogo;

import io.gonogo.core.ExecutionException;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.config.TargetsFile;
import io.gonogo.core.config.TargetsParser;
import io.gonogo.core.config.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gonogo run --local-shards N}: a coordinator in this process and N shard processes of this
 * gonogo on this machine, each {@code gonogo run --shard I/N --coordinator URL}, then their merge.
 * The shards write to {@code <out>/shards/shard-I} and their output to {@code
 * <out>/shards/shard-I.log}.
 */
final class LocalShards {
    private LocalShards() {}

    /** The class the shard processes run. */
    private static final String MAIN = "io.gonogo.cli.Main";

    static RunResult run(RunOptions options, int count) {
        if (count < 1 || count > io.gonogo.runners.spi.RunShard.MAX_SHARDS) {
            throw InvalidInputException.of(
                    "--local-shards " + count,
                    "expected a shard count within 1.."
                            + io.gonogo.runners.spi.RunShard.MAX_SHARDS);
        }
        TargetsFile file = TargetsParser.parse(options.targets(), options.values());
        // every scenario is checked here, once, before any shard process starts: a mistake in the
        // file is one error from this command, not one per shard after they started
        Gonogo.plan(
                options,
                file,
                io.gonogo.runners.engine.SuitePlanner.effectiveProfile(file, options.profile()));
        String kind = file.sut().kind();
        if (!kind.equals("url")) {
            // each shard process would start its own service: N services, each under 1/N of the
            // load, is not the service the targets are about
            throw InvalidInputException.of(
                    "--local-shards " + count,
                    "the service under test is 'sut: "
                            + kind
                            + "', which every shard process would start for itself, so each"
                            + " would load its own copy with a share of the load; expected one"
                            + " service all shards share: start it once and give its URL with"
                            + " --sut-url URL (or sut: {url: URL} in the file)");
        }
        Path out = options.out().or(file::reportsOut).orElse(Path.of("reports"));
        Path shardsDir = out.resolve("shards");
        try {
            Files.createDirectories(shardsDir);
        } catch (IOException e) {
            throw InvalidInputException.of(
                    shardsDir.toString(), "cannot create the shards' folder: " + e.getMessage(), e);
        }
        String runId =
                options.runId()
                        .orElseGet(
                                () -> "local-" + Long.toString(Instant.now().toEpochMilli(), 36));
        List<Path> dirs = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        Thread stopper = new Thread(() -> processes.forEach(Process::destroyForcibly));
        try (Coordinator coordinator =
                Coordinator.builder(count)
                        .runId(runId)
                        .barrierTimeout(options.barrierTimeout())
                        .build()
                        .start()) {
            options.progress()
                    .println(
                            "gonogo: coordinator of run "
                                    + runId
                                    + " at "
                                    + coordinator.uri()
                                    + "; starting "
                                    + count
                                    + " shard processes, their output in "
                                    + shardsDir);
            Runtime.getRuntime().addShutdownHook(stopper);
            for (int i = 0; i < count; i++) {
                Path dir = shardsDir.resolve("shard-" + i);
                dirs.add(dir);
                List<String> command = command(options, i, count, runId, coordinator, dir);
                ProcessBuilder pb =
                        new ProcessBuilder(command)
                                .redirectErrorStream(true)
                                .redirectOutput(shardsDir.resolve("shard-" + i + ".log").toFile());
                try {
                    processes.add(pb.start());
                } catch (IOException e) {
                    throw new ExecutionException(
                            "cannot start shard process " + i + "/" + count + ": " + e.getMessage(),
                            e);
                }
            }
            for (int i = 0; i < count; i++) {
                int code = waitFor(processes.get(i));
                Path log = shardsDir.resolve("shard-" + i + ".log");
                if (code == io.gonogo.core.ExitCode.INVALID_INPUT) {
                    throw InvalidInputException.of(
                            "--local-shards " + count,
                            "shard " + i + "/" + count + " refused its input: " + tail(log));
                }
                options.progress()
                        .println(
                                "gonogo: shard "
                                        + i
                                        + "/"
                                        + count
                                        + (code == 0 ? " done" : " exited with code " + code)
                                        + ", its output in "
                                        + log);
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // the JVM is shutting down, or the hook was never added
            }
        }
        return Gonogo.merge(options, dirs);
    }

    /** The command line of shard {@code i}: this JVM, this class path, {@code gonogo run}. */
    private static List<String> command(
            RunOptions options, int i, int count, String runId, Coordinator c, Path dir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MAIN);
        cmd.add("run");
        cmd.add("--targets");
        cmd.add(options.targets().toAbsolutePath().toString());
        cmd.add("--shard");
        cmd.add(i + "/" + count);
        cmd.add("--run-id");
        cmd.add(runId);
        cmd.add("--coordinator");
        cmd.add(c.uri().toString());
        cmd.add("--barrier-timeout");
        cmd.add(options.barrierTimeout().toMillis() + "ms");
        cmd.add("--out");
        cmd.add(dir.toAbsolutePath().toString());
        options.profile()
                .ifPresent(
                        p -> {
                            cmd.add("--profile");
                            cmd.add(p.id());
                        });
        options.benchmarkClasspath()
                .ifPresent(
                        cp -> {
                            cmd.add("--classpath");
                            cmd.add(cp);
                        });
        Values values = options.values();
        values.sutUrl()
                .ifPresent(
                        u -> {
                            cmd.add("--sut-url");
                            cmd.add(u);
                        });
        for (Values.Setting s : values.settings()) {
            cmd.add("--set");
            cmd.add(s.path() + "=" + s.value());
        }
        for (String s : options.select()) {
            cmd.add("--select");
            cmd.add(s);
        }
        return cmd;
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new ExecutionException("interrupted while the shard processes ran", e);
        }
    }

    /** The last lines of a shard's output, for an error message. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(its output " + log + " cannot be read: " + e.getMessage() + ")";
        }
    }
}
