package io.gonogo.collect.importers;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Source;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.config.ResultsSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The importers gonogo knows, found with {@link ServiceLoader} and added in code, and the import of
 * a targets file's {@code results:} entries.
 *
 * <pre>{@code
 * Importers importers = Importers.withServiceLoader();
 * ImportedResults imported = importers.importResults(targetsFile.results(), runId);
 * }</pre>
 *
 * <p>Immutable and thread-safe once built.
 */
public final class Importers {
    /** How many bytes of a file {@link Importer#detect} sees. */
    public static final int HEAD_BYTES = 8192;

    /**
     * File name endings that a folder's result files have; other files in a folder are left alone.
     */
    private static final List<String> RESULT_ENDINGS =
            List.of(".json", ".xml", ".csv", ".jtl", ".log", ".hlog");

    private static final int MAX_DEPTH = 8;
    private static final int MAX_LISTED = 5;
    private static final int MAX_LISTED_FILES = 10;

    private final Map<String, Importer> byId;

    private Importers(Map<String, Importer> byId) {
        this.byId = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    }

    /**
     * The importers on gonogo's own class path (the built-in ones and any registered by a jar).
     *
     * @return the registry
     * @throws InvalidInputException when two importers on the class path have the same id
     */
    public static Importers withServiceLoader() {
        return builder().addServiceLoader(Importers.class.getClassLoader()).build();
    }

    /**
     * An empty builder.
     *
     * @return a builder with no importer
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every importer, in registration order (the order of detection).
     *
     * @return the importers, unmodifiable
     */
    public List<Importer> all() {
        return List.copyOf(byId.values());
    }

    /**
     * The importer with {@code id}, if there is one.
     *
     * @param id the format's id, such as {@code jmh}
     * @return the importer, or empty
     */
    public Optional<Importer> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The ids, in order, for messages.
     *
     * @return the ids joined with {@code ", "}
     */
    public String ids() {
        return String.join(", ", byId.keySet());
    }

    /**
     * The first importer that recognises {@code file}, if any.
     *
     * @param file the file to recognise
     * @return the first importer, in registration order, that claims it; empty when none does
     * @throws IOException when the file cannot be read
     */
    public Optional<Importer> detect(Path file) throws IOException {
        String head = head(file);
        for (Importer i : byId.values()) {
            if (i.detect(file, head)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /**
     * Imports every entry on its own: a missing, unknown or damaged file makes its entry's outcome
     * NOT_EXECUTED or FAILED with a message naming the file and what was wrong, and the other
     * entries are imported all the same.
     *
     * @param specs the targets file's {@code results:} entries and any given with {@code --results}
     * @param runId the run's id, recorded in each measurement's source
     * @return one expected producer and outcome per entry, the measurements, and the problems met
     * @throws InvalidInputException only when an entry names a format no importer has (an error in
     *     the targets file, at the entry's position)
     */
    public ImportedResults importResults(List<ResultsSpec> specs, String runId) {
        check(specs);
        List<PlannedScenario> plan = new ArrayList<>();
        List<Measurement> measurements = new ArrayList<>();
        List<TestOutcome> entryOutcomes = new ArrayList<>();
        List<TestOutcome> tests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ResultsSpec spec : specs) {
            Entry e = importEntry(spec, runId);
            plan.add(spec.planned(e.format));
            measurements.addAll(e.measurements);
            tests.addAll(e.tests);
            problems.addAll(e.problems);
            entryOutcomes.add(e.outcome(spec));
        }
        List<TestOutcome> outcomes = new ArrayList<>(entryOutcomes);
        outcomes.addAll(tests);
        return new ImportedResults(plan, measurements, outcomes, problems);
    }

    /**
     * Checks that every entry's declared format has an importer, reading no file.
     *
     * @param specs the entries
     * @throws InvalidInputException at the first entry naming an unknown format
     */
    public void check(List<ResultsSpec> specs) {
        for (ResultsSpec spec : specs) {
            spec.declaredFormat()
                    .ifPresent(
                            f -> {
                                if (!byId.containsKey(f)) {
                                    throw InvalidInputException.of(
                                            spec.location(),
                                            "unknown results format '"
                                                    + f
                                                    + "'; expected one of: "
                                                    + ids()
                                                    + " (or leave 'format' out to detect it)");
                                }
                            });
        }
    }

    /** What one entry gave. */
    private static final class Entry {
        Optional<String> format = Optional.empty();
        final List<Measurement> measurements = new ArrayList<>();
        final List<TestOutcome> tests = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        boolean missing;
        int files;

        TestOutcome outcome(ResultsSpec spec) {
            String testId = "[results:" + spec.id() + "]";
            String name = "results " + spec.id() + " (" + spec.declaredPath() + ")";
            if (missing) {
                return new TestOutcome(
                        testId,
                        name,
                        ResultsSpec.SUITE,
                        spec.id(),
                        false,
                        TestStatus.NOT_EXECUTED,
                        0,
                        problems.get(0));
            }
            if (!problems.isEmpty()) {
                return new TestOutcome(
                        testId,
                        name,
                        ResultsSpec.SUITE,
                        spec.id(),
                        false,
                        TestStatus.FAILED,
                        0,
                        String.join("; ", problems));
            }
            List<TestOutcome> failed =
                    tests.stream().filter(t -> t.status() == TestStatus.FAILED).toList();
            if (!failed.isEmpty()) {
                List<String> which =
                        failed.stream()
                                .limit(MAX_LISTED)
                                .map(
                                        t ->
                                                t.displayName()
                                                        + (t.message().isEmpty()
                                                                ? ""
                                                                : ": " + firstLine(t.message())))
                                .toList();
                return new TestOutcome(
                        testId,
                        name,
                        ResultsSpec.SUITE,
                        spec.id(),
                        false,
                        TestStatus.FAILED,
                        0,
                        failed.size()
                                + " of "
                                + tests.size()
                                + " tests in "
                                + spec.declaredPath()
                                + " failed: "
                                + String.join("; ", which)
                                + (failed.size() > MAX_LISTED ? "; ..." : "")
                                + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
            }
            if (measurements.isEmpty() && tests.isEmpty()) {
                return new TestOutcome(
                        testId,
                        name,
                        ResultsSpec.SUITE,
                        spec.id(),
                        false,
                        TestStatus.FAILED,
                        0,
                        spec.declaredPath()
                                + " holds no results"
                                + (files == 0 ? " (no result file in the folder)" : "")
                                + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
            }
            long skipped = tests.stream().filter(t -> !t.status().passed()).count();
            StringBuilder sb = new StringBuilder("imported ");
            if (!measurements.isEmpty()) {
                sb.append(measurements.size())
                        .append(measurements.size() == 1 ? " measurement" : " measurements");
            }
            if (!tests.isEmpty()) {
                sb.append(measurements.isEmpty() ? "" : " and ")
                        .append(tests.size())
                        .append(" tests");
                if (skipped > 0) {
                    sb.append(" (")
                            .append(skipped)
                            .append(" skipped or aborted, not counted as passed)");
                }
            }
            sb.append(" from ").append(spec.declaredPath());
            if (!notes.isEmpty()) {
                sb.append("; ").append(String.join("; ", notes));
            }
            return new TestOutcome(
                    testId,
                    name,
                    ResultsSpec.SUITE,
                    spec.id(),
                    false,
                    TestStatus.SUCCESSFUL,
                    0,
                    sb.toString());
        }
    }

    private Entry importEntry(ResultsSpec spec, String runId) {
        Entry e = new Entry();
        e.format = spec.declaredFormat();
        Path path = spec.path();
        if (!Files.exists(path)) {
            e.missing = true;
            e.problems.add(
                    spec.declaredPath()
                            + ": the declared result file does not exist (looked for "
                            + path
                            + ")");
            return e;
        }
        if (Files.isDirectory(path)) {
            importFolder(spec, runId, e);
            return e;
        }
        Optional<Importer> importer = choose(spec, path, spec.declaredPath(), e);
        if (importer.isEmpty()) {
            if (e.problems.isEmpty()) {
                e.problems.add(
                        spec.declaredPath()
                                + ": not a result file any importer recognises; expected one of: "
                                + describeAll()
                                + (spec.declaredFormat().isEmpty()
                                        ? "; or name the format with 'format'"
                                        : ""));
            }
            return e;
        }
        e.format = Optional.of(importer.get().id());
        readInto(e, spec, importer.get(), path, spec.declaredPath(), runId);
        return e;
    }

    /**
     * Reads every file in the folder {@code spec} names that an importer claims into {@code e}; the
     * others (no importer recognises them, or they belong to a tool's report) are left out and
     * listed in a note. Only a claimed file that cannot be read, or a file that cannot be opened,
     * is a problem.
     */
    private void importFolder(ResultsSpec spec, String runId, Entry e) {
        Path path = spec.path();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path, MAX_DEPTH)) {
            files =
                    walk.filter(Files::isRegularFile)
                            .filter(
                                    p ->
                                            !path.relativize(p).toString().startsWith(".")
                                                    && !p.getFileName().toString().startsWith("."))
                            .sorted()
                            .toList();
        } catch (IOException | java.io.UncheckedIOException ex) {
            e.problems.add(spec.declaredPath() + ": cannot list the folder: " + ex.getMessage());
            return;
        }
        List<String> ignored = new ArrayList<>();
        List<String> unrecognised = new ArrayList<>();
        java.util.Set<String> formats = new java.util.TreeSet<>();
        for (Path f : files) {
            String shown =
                    join(spec.declaredPath(), path.relativize(f).toString().replace('\\', '/'));
            if (isReportAsset(f)) {
                ignored.add(path.relativize(f).toString());
                continue;
            }
            int problems = e.problems.size();
            Optional<Importer> importer = choose(spec, f, shown, e);
            if (importer.isPresent()) {
                formats.add(importer.get().id());
                readInto(e, spec, importer.get(), f, shown, runId);
            } else if (e.problems.size() == problems) {
                // no importer claims it: left out and listed, never an error in a folder
                (isResultName(f) && spec.declaredFormat().isEmpty() ? unrecognised : ignored)
                        .add(path.relativize(f).toString().replace('\\', '/'));
            }
        }
        if (!unrecognised.isEmpty()) {
            e.notes.add(
                    "left out "
                            + unrecognised.size()
                            + " file"
                            + (unrecognised.size() == 1 ? "" : "s")
                            + " no importer recognises ("
                            + listed(unrecognised)
                            + ")");
        }
        if (!ignored.isEmpty()) {
            e.notes.add(
                    "left out "
                            + ignored.size()
                            + " other file"
                            + (ignored.size() == 1 ? "" : "s")
                            + " in the folder ("
                            + listed(ignored)
                            + ")");
        }
        if (spec.declaredFormat().isEmpty() && formats.size() == 1) {
            e.format = Optional.of(formats.iterator().next());
        }
    }

    /**
     * The entry's declared importer (which must recognise the file inside a folder), else the
     * detected one.
     */
    private Optional<Importer> choose(ResultsSpec spec, Path file, String shown, Entry e) {
        if (spec.declaredFormat().isPresent() && !Files.isDirectory(spec.path())) {
            return find(spec.declaredFormat().get());
        }
        try {
            Optional<Importer> detected = detect(file);
            if (spec.declaredFormat().isPresent()) {
                return detected.filter(i -> i.id().equals(spec.declaredFormat().get()));
            }
            return detected;
        } catch (IOException ex) {
            e.problems.add(shown + ": cannot read the file: " + ex.getMessage());
            return Optional.empty();
        }
    }

    private static void readInto(
            Entry e, ResultsSpec spec, Importer importer, Path file, String shown, String runId) {
        e.files++;
        ImportedEvidence read;
        try {
            read = importer.read(file);
        } catch (InvalidInputException ex) {
            e.problems.add(
                    rename(ex.getMessage(), file, shown) + " (read as " + importer.id() + ")");
            return;
        } catch (RuntimeException ex) {
            e.problems.add(shown + ": the " + importer.id() + " importer could not read it: " + ex);
            return;
        }
        Source source = new Source(runId, "0", "", shown);
        for (Measurement m : read.measurements()) {
            Map<String, String> labels = new TreeMap<>(m.labels());
            labels.putAll(spec.labels());
            labels.put("suite", ResultsSpec.SUITE);
            labels.put("scenario", spec.id());
            labels.put("format", importer.id());
            e.measurements.add(
                    new Measurement(
                            m.metric(),
                            labels,
                            m.unit(),
                            m.value(),
                            m.quality(),
                            source,
                            m.interval()));
        }
        String prefix = "[results:" + spec.id() + "]/";
        for (TestOutcome t : read.outcomes()) {
            e.tests.add(
                    new TestOutcome(
                            prefix + t.testId(),
                            t.displayName(),
                            t.suite(),
                            "",
                            t.container(),
                            t.status(),
                            t.durationMillis(),
                            t.message()));
        }
        for (String note : read.notes()) {
            e.notes.add(shown + ": " + note);
        }
        if (read.isEmpty()) {
            e.problems.add(shown + ": holds no results (read as " + importer.id() + ")");
        }
    }

    /**
     * The importer's message names the file by its full path; documents name it as the user wrote
     * it.
     */
    private static String rename(String message, Path file, String shown) {
        String full = file.toString();
        return message.startsWith(full)
                ? shown + message.substring(full.length())
                : shown + ": " + message;
    }

    private String describeAll() {
        List<String> all = new ArrayList<>();
        for (Importer i : byId.values()) {
            all.add(i.id() + " (" + i.description() + ")");
        }
        return String.join(", ", all);
    }

    /** Whether an importer calls {@code f} part of its tool's report rather than a result. */
    private boolean isReportAsset(Path f) {
        for (Importer i : byId.values()) {
            if (i.isReportAsset(f)) {
                return true;
            }
        }
        return false;
    }

    /** The first {@value #MAX_LISTED_FILES} names, and how many more. */
    private static String listed(List<String> names) {
        return String.join(", ", names.stream().limit(MAX_LISTED_FILES).toList())
                + (names.size() > MAX_LISTED_FILES
                        ? " and " + (names.size() - MAX_LISTED_FILES) + " more"
                        : "");
    }

    private static boolean isResultName(Path f) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return RESULT_ENDINGS.stream().anyMatch(name::endsWith);
    }

    private static String join(String folder, String relative) {
        return folder.endsWith("/") ? folder + relative : folder + "/" + relative;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * The first {@link #HEAD_BYTES} bytes of {@code file}, as UTF-8 with malformed bytes replaced.
     */
    static String head(Path file) throws IOException {
        byte[] buf = new byte[HEAD_BYTES];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) {
                n += r;
            }
        }
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(buf, 0, n))
                .toString();
    }

    /**
     * Builds {@link Importers}; a second importer with an id already taken is an error naming both.
     */
    public static final class Builder {
        private final Map<String, Importer> byId = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds {@code importer}.
         *
         * @param importer the importer; its id must be new
         * @return this builder
         * @throws InvalidInputException when its id is malformed or another importer has it
         */
        public Builder add(Importer importer) {
            Objects.requireNonNull(importer, "importer");
            String id = importer.id();
            if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw InvalidInputException.of(
                        "importers",
                        "importer "
                                + importer.getClass().getName()
                                + " has the id '"
                                + id
                                + "'; expected lower-case letters, digits and '-'");
            }
            Importer previous = byId.putIfAbsent(id, importer);
            if (previous != null) {
                throw InvalidInputException.of(
                        "importers",
                        "two importers have the id '"
                                + id
                                + "': "
                                + previous.getClass().getName()
                                + " and "
                                + importer.getClass().getName()
                                + "; remove one from the class path or give it another id");
            }
            return this;
        }

        /**
         * Adds every importer {@link ServiceLoader} finds through {@code loader}.
         *
         * @param loader the class loader to search
         * @return this builder
         * @throws InvalidInputException when an importer found has a malformed or taken id
         */
        public Builder addServiceLoader(ClassLoader loader) {
            for (Importer i : ServiceLoader.load(Importer.class, loader)) {
                add(i);
            }
            return this;
        }

        /**
         * Builds the registry.
         *
         * @return the registry, in the order the importers were added
         */
        public Importers build() {
            return new Importers(byId);
        }
    }
}
