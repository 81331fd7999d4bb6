package io.gonogo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of {@code java -jar cli/target/gonogo.jar --targets T -o OUT [args]} from this module's
 * folder, as a user runs an example: the output folder and a console folder beside it ({@code
 * OUT-console/stdout.txt}, {@code stderr.txt}) are deleted first, the command gets no standard
 * input, and a run that outlives its timeout is killed and fails the caller with its error output.
 */
final class ExampleRun {
    /** The runnable jar the cli module builds in its {@code package} phase. */
    static final Path JAR = Path.of("..", "cli", "target", "gonogo.jar");

    /** What the command left besides its report folder. */
    record Result(int exitCode, String out, String err, Duration elapsed) {
        /** Checks for nulls. */
        Result {
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(err, "err");
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    private ExampleRun() {}

    /**
     * Runs gonogo on {@code targets} into {@code output} with {@code env} added to the environment
     * and {@code args} after the output folder.
     */
    static Result run(
            Path targets, Path output, Map<String, String> env, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        assertThat(JAR)
                .as(
                        "cli/target/gonogo.jar is built by the cli module's package phase; run mvn"
                                + " verify from the root")
                .exists();
        deleteRecursively(output);
        Path console = console(output);
        deleteRecursively(console);
        Files.createDirectories(console);
        Path out = console.resolve("stdout.txt");
        Path err = console.resolve("stderr.txt");
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                JAR.toString(),
                                "--targets",
                                targets.toString(),
                                "-o",
                                output.toString()));
        cmd.addAll(args);
        long start = System.nanoTime();
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        boolean finished = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(finished)
                .as(
                        "gonogo.jar finished %s within %d s; its error output:%n%s",
                        targets, timeout.toSeconds(), stderr)
                .isTrue();
        return new Result(
                p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr, elapsed);
    }

    /** The folder beside {@code output} that holds the command's stdout.txt and stderr.txt. */
    static Path console(Path output) {
        return output.resolveSibling(output.getFileName() + "-console");
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
