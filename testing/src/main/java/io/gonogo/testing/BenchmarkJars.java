package io.gonogo.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a team's benchmark jar for real: compiles Java sources with javac and JMH's annotation
 * processor (jmh-generator-annprocess, from this build's class path), which writes the generated
 * benchmark classes and {@code META-INF/BenchmarkList}, and packages the classes with {@link
 * JarOutputStream}.
 *
 * <p>Written by hand rather than with a build tool in the test because a jar made by the test is
 * what a team hands gonogo: nothing of this build's class path leaks into it. The caller's test
 * class path needs {@code jmh-core} and {@code jmh-generator-annprocess}; they are found there by
 * class name, so this module depends on neither.
 */
public final class BenchmarkJars {
    private BenchmarkJars() {}

    /**
     * A benchmark class of package {@code com.acme.bench}: {@code checksum} folds {@code size}
     * longs (allocating nothing), {@code copy} allocates a byte array of {@code size}.
     */
    public static final String SUM_BENCH =
            """
            package com.acme.bench;

            import org.openjdk.jmh.annotations.Benchmark;
            import org.openjdk.jmh.annotations.Param;
            import org.openjdk.jmh.annotations.Scope;
            import org.openjdk.jmh.annotations.Setup;
            import org.openjdk.jmh.annotations.State;

            @State(Scope.Thread)
            public class ChecksumBench {
                @Param("128")
                public int size;

                private long[] values;

                @Setup
                public void fill() {
                    values = new long[size];
                    for (int i = 0; i < size; i++) {
                        values[i] = i * 31L;
                    }
                }

                @Benchmark
                public long checksum() {
                    long sum = 0;
                    for (long v : values) {
                        sum = sum * 17 + v;
                    }
                    return sum;
                }

                @Benchmark
                public byte[] copy() {
                    return new byte[size];
                }
            }
            """;

    /**
     * Compiles {@code sources} (class name to source) into {@code dir}/classes with JMH's
     * annotation processor, and jars them into {@code dir}/{@code name}.
     */
    public static Path build(Path dir, String name, java.util.Map<String, String> sources)
            throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>();
        String jmh =
                String.join(
                        File.pathSeparator,
                        jarOf("org.openjdk.jmh.annotations.Benchmark"),
                        jarOf("org.openjdk.jmh.generators.BenchmarkProcessor"),
                        jarOf("joptsimple.OptionParser"),
                        jarOf("org.apache.commons.math3.stat.descriptive.StatisticalSummary"));
        args.addAll(
                List.of(
                        "--release",
                        "17",
                        "-processor",
                        "org.openjdk.jmh.generators.BenchmarkProcessor",
                        "-classpath",
                        jmh,
                        "-processorpath",
                        jmh,
                        "-d",
                        classes.toString()));
        for (java.util.Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        OutputStream sink = OutputStream.nullOutputStream();
        int rc =
                javac.run(
                        null,
                        sink,
                        new java.io.PrintStream(
                                new OutputStream() {
                                    @Override
                                    public void write(int b) {
                                        errors.write(b);
                                    }
                                },
                                true),
                        args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("javac failed: " + errors);
        }
        if (!Files.isRegularFile(classes.resolve("META-INF/BenchmarkList"))) {
            throw new IllegalStateException(
                    "JMH's annotation processor wrote no benchmark list: " + errors);
        }
        return jar(classes, dir.resolve(name));
    }

    /** Packages every file under {@code classes} into the jar {@code target}. */
    public static Path jar(Path classes, Path target) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return target;
    }

    private static String jarOf(String className) {
        try {
            return Path.of(
                            Class.forName(className)
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI())
                    .toString();
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException(className + " is not on the test class path", e);
        }
    }
}
