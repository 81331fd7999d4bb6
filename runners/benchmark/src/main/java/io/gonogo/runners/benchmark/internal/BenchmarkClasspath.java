package io.gonogo.runners.benchmark.internal;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.config.ConfigNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The class path of a team's own JMH benchmarks ({@code classpath:} in a scenario, or {@code
 * --classpath}): its entries, checked to exist, and the benchmarks JMH's annotation processor
 * listed in their {@code META-INF/BenchmarkList}, read straight from the jars and folders so that a
 * pattern matching nothing is an error before anything runs.
 */
final class BenchmarkClasspath {
    /** Where JMH's annotation processor writes the list of a jar's or folder's benchmarks. */
    static final String LIST = BenchmarkList.BENCHMARK_LIST.substring(1);

    private static final String WHERE_PARAMETER = "--classpath";

    private BenchmarkClasspath() {}

    /**
     * The entries of {@code --classpath} (the platform's path separator between them), relative to
     * the working folder.
     *
     * @throws InvalidInputException naming {@code --classpath} when it is empty or an entry is
     *     missing
     */
    static List<Path> fromParameter(String value) {
        List<Path> out = new ArrayList<>();
        for (String part : value.split(Pattern.quote(File.pathSeparator))) {
            if (part.isBlank()) {
                continue;
            }
            Path p = Path.of(part.strip()).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                throw InvalidInputException.of(
                        WHERE_PARAMETER,
                        "class path entry '"
                                + part
                                + "' does not exist (resolved to "
                                + p
                                + "); expected a jar or a folder of compiled benchmarks,"
                                + " entries separated by '"
                                + File.pathSeparator
                                + "'");
            }
            out.add(p);
        }
        if (out.isEmpty()) {
            throw InvalidInputException.of(
                    WHERE_PARAMETER,
                    "the class path is empty; expected jars or folders separated by '"
                            + File.pathSeparator
                            + "'");
        }
        return List.copyOf(out);
    }

    /**
     * The entries of a scenario's {@code classpath}: one path or a list, each relative to the
     * targets file's folder.
     *
     * @throws InvalidInputException at the entry that is missing, blank or not a path
     */
    static List<Path> fromTargets(ConfigNode node) {
        List<ConfigNode> items = node.isScalar() ? List.of(node) : node.asList("'classpath'");
        if (items.isEmpty()) {
            throw node.error(
                    "'classpath' is empty; expected a jar, a folder or a list of them, relative to"
                            + " the targets file");
        }
        Path folder = Path.of(node.file()).toAbsolutePath().getParent();
        List<Path> out = new ArrayList<>();
        for (ConfigNode item : items) {
            String text = item.asString("a class path entry");
            if (text.isBlank()) {
                throw item.error(
                        "a class path entry is blank; expected a jar or a folder, relative to the"
                                + " targets file");
            }
            Path p = folder.resolve(text.strip()).normalize();
            if (!Files.exists(p)) {
                throw item.error(
                        "class path entry '"
                                + text
                                + "' does not exist (resolved to "
                                + p
                                + "); expected a jar or a folder of compiled benchmarks, relative"
                                + " to the targets file (build the benchmarks first, e.g. mvn"
                                + " package)");
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    /**
     * The benchmarks listed on {@code classpath}.
     *
     * @param node the scenario's {@code classpath} for errors; {@code null} when the class path
     *     came from {@code --classpath}
     * @throws InvalidInputException when an entry cannot be read, or no entry holds a benchmark
     *     list
     */
    static Listed benchmarks(List<Path> classpath, ConfigNode node) {
        StringBuilder text = new StringBuilder();
        List<Path> withList = new ArrayList<>();
        for (Path entry : classpath) {
            String list;
            try {
                list = readList(entry);
            } catch (IOException e) {
                throw error(
                        node,
                        "cannot read class path entry "
                                + entry
                                + " ("
                                + e.getMessage()
                                + "); expected a jar or a folder of compiled benchmarks");
            }
            if (list != null) {
                withList.add(entry);
                text.append(list).append('\n');
            }
        }
        if (withList.isEmpty()) {
            throw error(
                    node,
                    "no "
                            + LIST
                            + " in "
                            + describe(classpath)
                            + ": not compiled with JMH's annotation processor; build the"
                            + " benchmarks with org.openjdk.jmh:jmh-generator-annprocess on the"
                            + " annotation processor path (or JMH's archetype's benchmarks.jar)"
                            + " and name that jar or its classes folder");
        }
        return new Listed(BenchmarkList.fromString(text.toString()), classpath);
    }

    /** The text of {@code entry}'s benchmark list; {@code null} when it has none. */
    private static String readList(Path entry) throws IOException {
        if (Files.isDirectory(entry)) {
            Path list = entry.resolve(LIST);
            return Files.isRegularFile(list)
                    ? Files.readString(list, StandardCharsets.UTF_8)
                    : null;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            ZipEntry e = jar.getEntry(LIST);
            if (e == null) {
                return null;
            }
            try (InputStream in = jar.getInputStream(e)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static InvalidInputException error(ConfigNode node, String message) {
        return node == null
                ? InvalidInputException.of(WHERE_PARAMETER, message)
                : node.error(message);
    }

    static String describe(List<Path> classpath) {
        return classpath.size() == 1
                ? classpath.get(0).toString()
                : "the class path " + classpath.size() + " entries (" + classpath + ")";
    }

    /** The benchmarks a class path lists. */
    static final class Listed {
        private final BenchmarkList list;
        private final List<Path> classpath;

        private Listed(BenchmarkList list, List<Path> classpath) {
            this.list = list;
            this.classpath = classpath;
        }

        /** The benchmarks whose names match {@code pattern}, as JMH finds them. */
        SortedSet<BenchmarkListEntry> find(String pattern) {
            PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
            return list.find(
                    OutputFormatFactory.createFormatInstance(silent, VerboseMode.SILENT),
                    List.of(pattern),
                    List.of());
        }

        /** Up to ten benchmark names, for an error message. */
        String names() {
            Set<String> names = new LinkedHashSet<>();
            for (BenchmarkListEntry e : find(".*")) {
                names.add(e.getUsername());
            }
            List<String> all = new ArrayList<>(names);
            if (all.isEmpty()) {
                return "none (the benchmark list is empty)";
            }
            return String.join(", ", all.subList(0, Math.min(10, all.size())))
                    + (all.size() > 10 ? ", ..." : "");
        }

        /** A pattern that matches the first listed benchmark's package. */
        String suggestion() {
            SortedSet<BenchmarkListEntry> all = find(".*");
            if (all.isEmpty()) {
                return "com\\.acme\\..*Bench";
            }
            String first = all.first().getUsername();
            String cls = first.substring(0, first.lastIndexOf('.'));
            int dot = cls.lastIndexOf('.');
            return dot < 0 ? cls + ".*" : cls.substring(0, dot).replace(".", "\\.") + "\\..*";
        }

        String describe() {
            return BenchmarkClasspath.describe(classpath);
        }
    }
}
