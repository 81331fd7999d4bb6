package io.gonogo.core.config;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Profile;
import io.gonogo.core.Quantity;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A node of a YAML configuration file that remembers its file, line, column and path, so every
 * error can say where it is.
 *
 * <p>Files are read with SnakeYAML's composer only: no object is ever constructed from a tag, so a
 * file cannot instantiate arbitrary types. Duplicate keys, recursive keys, more than {@value
 * #MAX_ALIASES} aliases, nesting deeper than {@value #MAX_DEPTH} and files over {@value #MAX_BYTES}
 * bytes are rejected.
 *
 * <p>Mappings are read through {@link Mapping}, which fails on any key that its reader did not
 * name, so unknown keys are errors and never silently ignored.
 */
public final class ConfigNode {
    /** Largest configuration file accepted, in bytes. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    /** Most aliases accepted for collections. */
    public static final int MAX_ALIASES = 50;

    /** Deepest nesting accepted. */
    public static final int MAX_DEPTH = 64;

    private final String file;
    private final Node node;
    private final String path;

    private ConfigNode(String file, Node node, String path) {
        this.file = file;
        this.node = node;
        this.path = path;
    }

    /**
     * Reads {@code file} into a tree of nodes.
     *
     * @param file the YAML file
     * @return the root node, named after the file in errors
     * @throws InvalidInputException when the file is missing, too large or not valid YAML
     */
    public static ConfigNode read(Path file) {
        String name = file.toString();
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw InvalidInputException.of(
                        name, "the file is larger than " + MAX_BYTES + " bytes");
            }
            return read(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw InvalidInputException.of(name, "no such file");
        } catch (IOException e) {
            throw InvalidInputException.of(name, "cannot read the file: " + e.getMessage(), e);
        }
    }

    /**
     * Reads YAML {@code text}, naming it {@code name} in errors.
     *
     * @param name the name errors give the text, such as the file's path
     * @param text the YAML
     * @return the root node
     * @throws InvalidInputException when the text is not valid YAML or breaks a limit
     */
    public static ConfigNode read(String name, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        Yaml yaml =
                new Yaml(
                        new SafeConstructor(options),
                        new org.yaml.snakeyaml.representer.Representer(
                                new org.yaml.snakeyaml.DumperOptions()),
                        new org.yaml.snakeyaml.DumperOptions(),
                        options);
        try (Reader reader = new StringReader(text)) {
            Node root = yaml.compose(reader);
            if (root == null) {
                throw InvalidInputException.at(
                        name, 1, 1, "the file is empty; expected a mapping of sections");
            }
            return new ConfigNode(name, root, "");
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage());
            String context = e.getContext() != null ? " (" + firstLine(e.getContext()) + ")" : "";
            if (context.contains("block scalar")) {
                context += "; quote a criterion that starts with > or |, such as pass: \"> 99.9%\"";
            }
            if (mark == null) {
                throw InvalidInputException.of(name, "invalid YAML: " + problem + context, e);
            }
            throw InvalidInputException.at(
                    name,
                    mark.getLine() + 1,
                    mark.getColumn() + 1,
                    "invalid YAML: " + problem + context);
        } catch (YAMLException e) {
            throw InvalidInputException.of(name, "invalid YAML: " + firstLine(e.getMessage()), e);
        } catch (IOException e) {
            throw InvalidInputException.of(name, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /**
     * The file this node comes from, as named when read.
     *
     * @return the name given when read
     */
    public String file() {
        return file;
    }

    /**
     * The 1-based line of this node.
     *
     * @return the line, from 1; 1 when the node has no position
     */
    public int line() {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    /**
     * The 1-based column of this node.
     *
     * @return the column, from 1; 1 when the node has no position
     */
    public int column() {
        return node.getStartMark() == null ? 1 : node.getStartMark().getColumn() + 1;
    }

    /**
     * The YAML path of this node, such as {@code targets[2].pass}; empty for the root.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * An error at this node: {@code file:line:column: message}, or {@code --set path=value:
     * message} for a value the command line set.
     *
     * @param message what was wrong and what was expected
     * @return the exception, for the caller to throw
     */
    public InvalidInputException error(String message) {
        Mark mark = node.getStartMark();
        if (mark != null && mark.getName() != null && mark.getName().startsWith(OVERRIDE)) {
            return InvalidInputException.of(mark.getName().substring(OVERRIDE.length()), message);
        }
        return InvalidInputException.at(file, line(), column(), message);
    }

    /** The mark name prefix of nodes the command line set, followed by the flag that set them. */
    static final String OVERRIDE = "override:";

    /** The YAML node (for {@link ValueResolver}). */
    Node yaml() {
        return node;
    }

    /** A root node of {@code file} over the YAML node {@code root}. */
    static ConfigNode root(String file, Node root) {
        return new ConfigNode(file, root, "");
    }

    /**
     * What this node is, in words: a mapping, a list, a text, a number, a boolean.
     *
     * @return such as {@code a list} or {@code the text '30s'}, to end "found ..." in errors
     */
    public String kind() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        Tag tag = node.getTag();
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return "a number (" + ((ScalarNode) node).getValue() + ")";
        }
        if (Tag.BOOL.equals(tag)) {
            return "a boolean (" + ((ScalarNode) node).getValue() + ")";
        }
        if (Tag.NULL.equals(tag)) {
            return "nothing (null)";
        }
        return "the text '" + ((ScalarNode) node).getValue() + "'";
    }

    /**
     * Whether this node is a mapping.
     *
     * @return true for a mapping
     */
    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    /**
     * Whether this node is a scalar (text, number, boolean).
     *
     * @return true for a text, number or boolean; false for null, a list and a mapping
     */
    public boolean isScalar() {
        return node instanceof ScalarNode && !Tag.NULL.equals(node.getTag());
    }

    /**
     * This node as a mapping of {@code what}, read with {@link Mapping}.
     *
     * @param what what the value is, for the error message, such as {@code 'duration'}
     * @return a reader of its keys
     * @throws InvalidInputException when the node is not a mapping
     */
    public Mapping asMapping(String what) {
        if (!(node instanceof MappingNode m)) {
            throw error("expected " + what + " as a mapping (key: value), found " + kind());
        }
        return new Mapping(this, m);
    }

    /**
     * This node as a list of {@code what}.
     *
     * @param what what the value is, for the error message, such as {@code 'duration'}
     * @return the items, each with its path such as {@code targets[2]}
     * @throws InvalidInputException when the node is not a list
     */
    public List<ConfigNode> asList(String what) {
        if (!(node instanceof SequenceNode s)) {
            throw error(
                    "expected " + what + " as a list (lines starting with '- '), found " + kind());
        }
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) {
            items.add(new ConfigNode(file, s.getValue().get(i), path + "[" + i + "]"));
        }
        return items;
    }

    /**
     * This node as text; numbers and booleans are rejected, as they are not what a text field
     * wants.
     *
     * @param what what the value is, for the error message, such as {@code 'duration'}
     * @return the text
     * @throws InvalidInputException when the node is not a text
     */
    public String asString(String what) {
        if (node instanceof ScalarNode s && (Tag.STR.equals(s.getTag()))) {
            return s.getValue();
        }
        throw error("expected " + what + " as text, found " + kind());
    }

    /**
     * This node as an identifier: letters, digits, '.', '_' and '-', starting with a letter or
     * digit.
     *
     * @param what what the value is, for the error message, such as {@code 'duration'}
     * @return the identifier, at most 128 characters
     * @throws InvalidInputException when the node is not a single value or not a valid identifier
     */
    public String asId(String what) {
        String id = asScalarText(what);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw error(
                    "'"
                            + id
                            + "' is not a valid "
                            + what
                            + "; expected letters, digits, '.', '_'"
                            + " or '-' (at most 128), starting with a letter or digit");
        }
        return id;
    }

    /**
     * This scalar's text whatever its type (so {@code 1.0} and {@code "1.0"} both read as "1.0").
     *
     * @param what what the value is, for the error message, such as {@code 'duration'}
     * @return the text as written
     * @throws InvalidInputException when the node is not a single value
     */
    public String asScalarText(String what) {
        if (isScalar()) {
            return ((ScalarNode) node).getValue();
        }
        throw error("expected " + what + " as a single value, found " + kind());
    }

    /**
     * This node as a long within {@code [min, max]}.
     *
     * @param what what the value is, for the error message, such as {@code 'duration'}
     * @param min the smallest value accepted
     * @param max the largest value accepted
     * @return the number
     * @throws InvalidInputException when the node is not a whole number or lies outside the range
     */
    public long asLong(String what, long min, long max) {
        if (!(node instanceof ScalarNode s) || !Tag.INT.equals(s.getTag())) {
            throw error("expected " + what + " as a whole number, found " + kind());
        }
        long v;
        try {
            v = Long.parseLong(s.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(
                    what
                            + " is "
                            + s.getValue()
                            + ", out of range; expected a whole number between "
                            + min
                            + " and "
                            + max);
        }
        if (v < min || v > max) {
            throw error(what + " must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }

    /**
     * This node as an int within {@code [min, max]}.
     *
     * @param what what the value is, for the error message, such as {@code 'duration'}
     * @param min the smallest value accepted
     * @param max the largest value accepted
     * @return the number
     * @throws InvalidInputException when the node is not a whole number or lies outside the range
     */
    public int asInt(String what, int min, int max) {
        return (int) asLong(what, min, max);
    }

    /**
     * This node as a boolean ({@code true} or {@code false}).
     *
     * @param what what the value is, for the error message, such as {@code 'duration'}
     * @return the boolean; YAML 1.1's {@code yes}, {@code on} and their opposites read too
     * @throws InvalidInputException when the node is not a boolean
     */
    public boolean asBoolean(String what) {
        if (node instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            // YAML 1.1 booleans: true/yes/on and false/no/off, in any case
            String v = s.getValue().toLowerCase(Locale.ROOT);
            return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y");
        }
        throw error("expected " + what + " as true or false, found " + kind());
    }

    /**
     * This node as a quantity with a unit, such as {@code 10ms} or {@code 30s}.
     *
     * @param what what the value is, for the error message, such as {@code 'duration'}
     * @return the quantity
     * @throws InvalidInputException when the node is not a quantity
     */
    public Quantity asQuantity(String what) {
        try {
            return Quantity.parse(asScalarText(what));
        } catch (IllegalArgumentException e) {
            throw error(what + ": " + e.getMessage());
        }
    }

    /**
     * This node as a mapping of text to text, such as a label filter.
     *
     * @param what what the value is, for the error message, such as {@code 'duration'}
     * @return the keys and their scalar values, in file order
     * @throws InvalidInputException when the node is not a mapping of single values
     */
    public Map<String, String> asStringMap(String what) {
        Mapping m = asMapping(what);
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : m.keys()) {
            out.put(key, m.node(key).asScalarText(what + " '" + key + "'"));
        }
        m.acceptAll();
        return out;
    }

    /**
     * A mapping being read: each key is named by the reader as it reads it, and {@link #finish()}
     * fails on the first key nobody named, at that key's position.
     */
    public static final class Mapping {
        private final ConfigNode owner;
        private final Map<String, ConfigNode> values = new LinkedHashMap<>();
        private final Map<String, ConfigNode> keys = new LinkedHashMap<>();
        private final Set<String> known = new LinkedHashSet<>();
        private final Mapping overlay;

        private Mapping(ConfigNode owner, MappingNode m) {
            this(owner, m, null);
        }

        private Mapping(ConfigNode owner, MappingNode m, Mapping overlay) {
            this.owner = owner;
            this.overlay = overlay;
            for (NodeTuple t : m.getValue()) {
                ConfigNode keyNode = new ConfigNode(owner.file, t.getKeyNode(), owner.path);
                String key = keyNode.isScalar() ? ((ScalarNode) t.getKeyNode()).getValue() : null;
                if (key == null) {
                    throw keyNode.error("expected a text key, found " + keyNode.kind());
                }
                String childPath = owner.path.isEmpty() ? key : owner.path + "." + key;
                ConfigNode first = keys.get(key);
                if (first != null) {
                    throw keyNode.error(
                            "duplicate key '"
                                    + key
                                    + "'"
                                    + (owner.path.isEmpty() ? "" : " in " + owner.path)
                                    + "; it was first given at line "
                                    + first.line()
                                    + "; each key may appear once");
                }
                keys.put(key, keyNode);
                values.put(key, new ConfigNode(owner.file, t.getValueNode(), childPath));
            }
        }

        /**
         * The node this mapping was read from.
         *
         * @return the mapping's node
         */
        public ConfigNode node() {
            return owner;
        }

        /**
         * The keys in file order.
         *
         * @return the keys present, whether read or not
         */
        public Set<String> keys() {
            return values.keySet();
        }

        /**
         * Names {@code names} as keys this reader knows, present or not.
         *
         * @param names the keys
         * @return this mapping
         */
        public Mapping accept(String... names) {
            known.addAll(List.of(names));
            if (overlay != null) {
                overlay.accept(names);
            }
            return this;
        }

        private void acceptAll() {
            known.addAll(values.keySet());
        }

        /**
         * Whether {@code key} is present (in the profile overlay or the base).
         *
         * @param key the key, which the reader thereby knows
         * @return true when the key is present, even with an empty value
         */
        public boolean has(String key) {
            known.add(key);
            return (overlay != null && overlay.has(key)) || values.containsKey(key);
        }

        /**
         * The node under {@code key}, if present; the profile overlay wins over the base.
         *
         * @param key the key, which the reader thereby knows
         * @return the node, or empty when the key is missing or its value is null
         */
        public Optional<ConfigNode> find(String key) {
            known.add(key);
            if (overlay != null) {
                Optional<ConfigNode> o = overlay.find(key);
                if (o.isPresent()) {
                    return o;
                }
            }
            ConfigNode v = values.get(key);
            return v == null || Tag.NULL.equals(v.node.getTag())
                    ? Optional.empty()
                    : Optional.of(v);
        }

        /**
         * The node under {@code key}; fails naming the key when it is missing.
         *
         * @param key the key, which the reader thereby knows
         * @return the node
         * @throws InvalidInputException when the key is missing or empty
         */
        public ConfigNode node(String key) {
            return find(key)
                    .orElseThrow(
                            () -> {
                                ConfigNode k = keys.get(key);
                                if (k != null) {
                                    return k.error(
                                            "'"
                                                    + key
                                                    + "' is empty"
                                                    + where()
                                                    + "; expected a value after the colon");
                                }
                                return owner.error("missing required key '" + key + "'" + where());
                            });
        }

        /**
         * The text under {@code key}, which must be present.
         *
         * @param key the key
         * @return the text
         * @throws InvalidInputException when the key is missing or its value is not a text
         */
        public String string(String key) {
            return node(key).asString("'" + key + "'");
        }

        /**
         * The text under {@code key}, or {@code fallback}.
         *
         * @param key the key
         * @param fallback the value when the key is missing
         * @return the text or the fallback
         * @throws InvalidInputException when the value is not a text
         */
        public String string(String key, String fallback) {
            return find(key).map(n -> n.asString("'" + key + "'")).orElse(fallback);
        }

        /**
         * The boolean under {@code key}, or {@code fallback}.
         *
         * @param key the key
         * @param fallback the value when the key is missing
         * @return the boolean or the fallback
         * @throws InvalidInputException when the value is not a boolean
         */
        public boolean bool(String key, boolean fallback) {
            return find(key).map(n -> n.asBoolean("'" + key + "'")).orElse(fallback);
        }

        /**
         * The key node of {@code key} (for errors about the key itself).
         *
         * @param key the key
         * @return the key's node, or empty when the key is missing
         */
        public Optional<ConfigNode> keyNode(String key) {
            return Optional.ofNullable(keys.get(key));
        }

        /**
         * This mapping with the overlay {@code profiles.<profile>} applied, if the mapping has a
         * {@code profiles} key; keys of the overlay must be keys the reader knows.
         *
         * @param profile the profile of the run
         * @return the mapping with the overlay, or this mapping when there is none for the profile
         * @throws InvalidInputException when {@code profiles} names an unknown profile
         */
        public Mapping withProfile(Profile profile) {
            known.add("profiles");
            ConfigNode profiles = values.get("profiles");
            if (profiles == null) {
                return this;
            }
            Mapping byName = profiles.asMapping("'profiles'");
            for (String name : byName.keys()) {
                if (Profile.fromId(name).isEmpty()) {
                    throw byName.keys
                            .get(name)
                            .error("unknown profile '" + name + "'; expected quick or full");
                }
            }
            Optional<ConfigNode> chosen = byName.find(profile.id());
            byName.acceptAll();
            if (chosen.isEmpty()) {
                return this;
            }
            ConfigNode o = chosen.get();
            Mapping overlayMap = o.asMapping("profile '" + profile.id() + "'");
            Mapping merged = new Mapping(owner, (MappingNode) owner.node, overlayMap);
            merged.known.addAll(known);
            return merged;
        }

        /**
         * Fails on the first key that the reader did not name, saying which keys were expected.
         *
         * @throws InvalidInputException at the first key nobody named
         */
        public void finish() {
            if (overlay != null) {
                overlay.known.addAll(known);
                overlay.finish();
                // base keys of the shared node are checked against the same names
            }
            for (Map.Entry<String, ConfigNode> e : keys.entrySet()) {
                if (!known.contains(e.getKey())) {
                    throw e.getValue()
                            .error(
                                    "unknown key '"
                                            + e.getKey()
                                            + "'"
                                            + where()
                                            + "; expected one of: "
                                            + String.join(", ", known));
                }
            }
        }

        private String where() {
            return owner.path.isEmpty() ? " at the top level" : " in " + owner.path;
        }
    }
}
