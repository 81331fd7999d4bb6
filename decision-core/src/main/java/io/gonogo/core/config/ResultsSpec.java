package io.gonogo.core.config;

import io.gonogo.core.PlannedScenario;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One entry of the targets file's {@code results:} section: another tool's result file (or a folder
 * of them) to import as evidence.
 *
 * <pre>
 * results:
 *   - path: build/jmh-result.json   # required; relative to the targets file's folder
 *     id: jmh                       # default: the file name without its extension
 *     format: jmh                   # default: detected from the content
 *     labels: {transport: http}     # added to every imported measurement
 *     optional: false               # default false: a missing or damaged file blocks
 * </pre>
 *
 * <p>A declared entry is an expected producer, like a planned scenario of suite {@value #SUITE}: a
 * target whose filter covers it is NOT MEASURED when the file is missing, damaged or holds nothing
 * matching.
 *
 * @param id the producer id, unique among the entries (the {@code scenario} label)
 * @param declaredPath the path as written in the file
 * @param path the path resolved against the targets file's folder
 * @param format the importer id, when the file names one
 * @param labels labels added to every imported measurement
 * @param optional whether a missing or damaged file only conditions the decision
 * @param location {@code file:line:column} of the entry, for error messages
 */
public record ResultsSpec(
        String id,
        String declaredPath,
        Path path,
        String format,
        Map<String, String> labels,
        boolean optional,
        String location) {

    /** The {@code suite} label of imported evidence. */
    public static final String SUITE = "results";

    /** Label keys an entry may not set, as gonogo sets them. */
    public static final List<String> RESERVED_LABELS = List.of("suite", "scenario", "format");

    /**
     * Checks and copies.
     *
     * @param id the producer id, unique among the entries (the {@code scenario} label)
     * @param declaredPath the path as written in the file
     * @param path the path resolved against the targets file's folder
     * @param format the importer id, when the file names one
     * @param labels labels added to every imported measurement
     * @param optional whether a missing or damaged file only conditions the decision
     * @param location {@code file:line:column} of the entry, for error messages
     */
    public ResultsSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(declaredPath, "declaredPath");
        Objects.requireNonNull(path, "path");
        format = Objects.requireNonNullElse(format, "");
        labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
        location = Objects.requireNonNullElse(location, "");
    }

    /**
     * The importer the entry names, if it names one (else the format is detected).
     *
     * @return the importer's name, such as {@code k6}, or empty to detect it
     */
    public Optional<String> declaredFormat() {
        return format.isEmpty() ? Optional.empty() : Optional.of(format);
    }

    /**
     * This entry as an expected producer: suite {@value #SUITE}, scenario {@link #id()}, its
     * labels, and {@code format} when known (declared, or detected by the caller).
     *
     * @param knownFormat the format detected by the caller, or empty; the declared one wins
     * @return the expected producer, whose outcome the import records
     */
    public PlannedScenario planned(Optional<String> knownFormat) {
        Map<String, String> all = new HashMap<>(labels);
        knownFormat.or(this::declaredFormat).ifPresent(f -> all.put("format", f));
        return new PlannedScenario(SUITE, id, optional, all);
    }

    /**
     * An entry for a path given outside the targets file (the command line's {@code --results}),
     * named after the file, with {@code -2}, {@code -3}, ... when {@code taken} already has that
     * id; the format is detected.
     *
     * @param path the file or folder
     * @param taken the ids already in use
     * @return the entry: required, no labels, located as {@code --results <path>}
     */
    public static ResultsSpec of(Path path, java.util.Collection<String> taken) {
        String shown = path.toString();
        String name = path.getFileName() == null ? "results" : path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]", "-");
        if (!stem.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,100}")) {
            stem = "results";
        }
        String id = stem;
        for (int n = 2; taken.contains(id); n++) {
            id = stem + "-" + n;
        }
        return new ResultsSpec(
                id,
                shown,
                path.toAbsolutePath().normalize(),
                "",
                Map.of(),
                false,
                "--results " + shown);
    }

    /** Reads the {@code results:} list; paths resolve against {@code folder}. */
    static List<ResultsSpec> parse(ConfigNode node, Path folder) {
        List<ResultsSpec> out = new java.util.ArrayList<>();
        Map<String, ConfigNode> ids = new HashMap<>();
        for (ConfigNode item : node.asList("'results'")) {
            ResultsSpec spec = entry(item, folder);
            ConfigNode previous = ids.putIfAbsent(spec.id(), item);
            if (previous != null) {
                throw item.error(
                        "duplicate results id '"
                                + spec.id()
                                + "'; first declared at line "
                                + previous.line()
                                + "; give each entry its own 'id'");
            }
            out.add(spec);
        }
        return List.copyOf(out);
    }

    private static ResultsSpec entry(ConfigNode item, Path folder) {
        if (item.isScalar()) {
            // the short form: just a path
            String text = item.asString("a results path");
            return new ResultsSpec(
                    defaultId(item, text),
                    text,
                    resolve(item, folder, text),
                    "",
                    Map.of(),
                    false,
                    where(item));
        }
        ConfigNode.Mapping m =
                item.asMapping("a results entry (path, id, format, labels, optional)");
        m.accept("path", "id", "format", "labels", "optional");
        m.finish();
        ConfigNode pathNode = m.node("path");
        String text = pathNode.asString("'path'");
        if (text.isBlank()) {
            throw pathNode.error(
                    "'path' is blank; expected a result file or folder, relative to the targets"
                            + " file");
        }
        String id =
                m.find("id")
                        .map(n -> n.asId("results id"))
                        .orElseGet(() -> defaultId(pathNode, text));
        String format = m.find("format").map(n -> n.asId("results format")).orElse("");
        Map<String, String> labels =
                m.find("labels").map(n -> n.asStringMap("'labels'")).orElse(Map.of());
        for (String reserved : RESERVED_LABELS) {
            if (labels.containsKey(reserved)) {
                throw m.node("labels")
                        .error(
                                "'labels' may not set '"
                                        + reserved
                                        + "', which gonogo sets itself"
                                        + " (suite="
                                        + SUITE
                                        + ", scenario=<id>, format=<importer>); choose another"
                                        + " key");
            }
        }
        return new ResultsSpec(
                id,
                text,
                resolve(pathNode, folder, text),
                format,
                labels,
                m.bool("optional", false),
                where(item));
    }

    private static String where(ConfigNode n) {
        return n.file() + ":" + n.line() + ":" + n.column();
    }

    private static Path resolve(ConfigNode n, Path folder, String text) {
        try {
            return folder.resolve(text).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw n.error("'" + text + "' is not a usable file name: " + e.getReason());
        }
    }

    private static String defaultId(ConfigNode n, String text) {
        String name = text.replace('\\', '/');
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String id = stem.replaceAll("[^A-Za-z0-9._-]", "-");
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw n.error("cannot make an id from '" + text + "'; give the entry an 'id'");
        }
        return id;
    }
}
