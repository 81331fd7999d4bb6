package io.gonogo.core.config;

import io.gonogo.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Puts {@link Values} into a composed targets file before it is read: resolves {@code ${env:NAME}}
 * and {@code ${env:NAME:-default}} in every value, then applies {@code --sut-url} and each {@code
 * --set}.
 *
 * <p>Written by hand on SnakeYAML's node tree rather than with a template engine, so that every
 * error keeps the line and column of the value it is in, a value the command line set names the
 * flag that set it, and an unquoted value that becomes {@code 30} or {@code true} is read as the
 * number or boolean YAML would have read.
 */
final class ValueResolver {
    /** The prefixes of {@code ${prefix:...}} that are known; any other is an error. */
    static final List<String> PREFIXES = List.of("env", "port");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Resolver RESOLVER = new Resolver();

    private final String file;
    private final Values values;
    private final Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());

    private ValueResolver(String file, Values values) {
        this.file = file;
        this.values = values;
    }

    /** {@code root} with {@code values} put in. */
    static ConfigNode apply(ConfigNode root, Values values) {
        ValueResolver r = new ValueResolver(root.file(), values);
        Node yaml = root.yaml();
        r.interpolate(yaml);
        values.sutUrl().ifPresent(url -> r.sutUrl(yaml, url));
        for (Values.Setting s : values.settings()) {
            r.set(yaml, s);
        }
        return ConfigNode.root(root.file(), yaml);
    }

    // ---- ${env:NAME}

    private void interpolate(Node node) {
        if (!visited.add(node)) {
            return; // an alias of a node already resolved
        }
        if (node instanceof MappingNode m) {
            List<NodeTuple> tuples = m.getValue();
            for (int i = 0; i < tuples.size(); i++) {
                NodeTuple t = tuples.get(i);
                Node v = t.getValueNode();
                if (v instanceof ScalarNode s) {
                    tuples.set(i, new NodeTuple(t.getKeyNode(), resolved(s)));
                } else {
                    interpolate(v);
                }
            }
        } else if (node instanceof SequenceNode q) {
            List<Node> items = q.getValue();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof ScalarNode s) {
                    items.set(i, resolved(s));
                } else {
                    interpolate(items.get(i));
                }
            }
        }
    }

    private ScalarNode resolved(ScalarNode s) {
        String text = s.getValue();
        if (!text.contains("${")) {
            return s;
        }
        String value = substitute(text, s);
        Tag tag = s.isPlain() ? RESOLVER.resolve(NodeId.scalar, value, true) : Tag.STR;
        return new ScalarNode(
                tag, true, value, s.getStartMark(), s.getEndMark(), s.getScalarStyle());
    }

    /** {@code text} with every {@code ${env:...}} replaced and {@code $${} made {@code ${}. */
    private String substitute(String text, ScalarNode at) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
                continue;
            }
            if (!text.startsWith("${", i)) {
                out.append(text.charAt(i++));
                continue;
            }
            int end = text.indexOf('}', i + 2);
            if (end < 0) {
                throw error(
                        at,
                        "'"
                                + text.substring(i)
                                + "' has no closing '}'; expected ${env:NAME} or"
                                + " ${env:NAME:-default}, or $${ for a literal ${");
            }
            String inner = text.substring(i + 2, end);
            int colon = inner.indexOf(':');
            String prefix = colon < 0 ? "" : inner.substring(0, colon);
            if (prefix.equals("port")) {
                // a sut: command provider picks the port and puts it in when it starts
                out.append(text, i, end + 1);
            } else if (prefix.equals("env")) {
                out.append(env(inner.substring(colon + 1), at));
            } else {
                throw error(
                        at,
                        "unknown reference '${"
                                + inner
                                + "}'; expected one of ${env:NAME}, ${env:NAME:-default} (from"
                                + " the environment) or ${port:NAME} (a port a sut: command"
                                + " provider picks); write $${ for a literal ${");
            }
            i = end + 1;
        }
        return out.toString();
    }

    private String env(String ref, ScalarNode at) {
        int dflt = ref.indexOf(":-");
        String name = dflt < 0 ? ref : ref.substring(0, dflt);
        if (!NAME.matcher(name).matches()) {
            throw error(
                    at,
                    "'${env:"
                            + ref
                            + "}' does not name an environment variable; expected letters, digits"
                            + " and '_', not starting with a digit, such as ${env:GOV_TOKEN}");
        }
        String value = values.env(name).orElse(null);
        if (dflt >= 0) {
            // as in a shell: the default stands in for a variable that is unset or empty
            return value == null || value.isEmpty() ? ref.substring(dflt + 2) : value;
        }
        if (value == null) {
            throw error(
                    at,
                    "environment variable "
                            + name
                            + " is not set; set it, or give a default such as ${env:"
                            + name
                            + ":-value}");
        }
        return value;
    }

    private InvalidInputException error(Node at, String message) {
        Mark m = at.getStartMark();
        return m == null
                ? InvalidInputException.of(file, message)
                : InvalidInputException.at(file, m.getLine() + 1, m.getColumn() + 1, message);
    }

    // ---- --sut-url

    private void sutUrl(Node root, String url) {
        if (!(root instanceof MappingNode top)) {
            return; // the parser says what the file should be
        }
        Mark mark = mark("--sut-url " + url, null);
        MappingNode sut =
                new MappingNode(
                        Tag.MAP,
                        true,
                        new ArrayList<>(List.of(new NodeTuple(text("url", mark), text(url, mark)))),
                        mark,
                        mark,
                        DumperOptions.FlowStyle.FLOW);
        List<NodeTuple> tuples = top.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode k && k.getValue().equals("sut")) {
                tuples.set(i, new NodeTuple(k, sut));
                return;
            }
        }
        tuples.add(new NodeTuple(text("sut", mark), sut));
    }

    private static ScalarNode text(String value, Mark mark) {
        return new ScalarNode(
                Tag.STR, true, value, mark, mark, DumperOptions.ScalarStyle.DOUBLE_QUOTED);
    }

    /** A mark naming {@code flag}, at the position of {@code original} when there is one. */
    private static Mark mark(String flag, Mark original) {
        int line = original == null ? 0 : original.getLine();
        int column = original == null ? 0 : original.getColumn();
        return new Mark(ConfigNode.OVERRIDE + flag, 0, line, column, new int[0], 0);
    }

    // ---- --set path=value

    private void set(Node root, Values.Setting s) {
        List<String> segments = segments(s);
        Node current = root;
        List<NodeTuple> tuples = null;
        List<Node> items = null;
        int slot = -1;
        StringBuilder walked = new StringBuilder();
        for (String seg : segments) {
            boolean item = seg.startsWith("[");
            String name = item ? seg.substring(1, seg.length() - 1) : seg;
            String here = walked.length() == 0 ? "the top level" : "'" + walked + "'";
            tuples = null;
            items = null;
            if (!item) {
                if (!(current instanceof MappingNode m)) {
                    throw unknown(
                            s,
                            walked + (walked.length() == 0 ? "" : ".") + seg,
                            here + " is " + kind(current));
                }
                slot = -1;
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < m.getValue().size(); i++) {
                    Node k = m.getValue().get(i).getKeyNode();
                    String key = k instanceof ScalarNode ks ? ks.getValue() : "";
                    keys.add(key);
                    if (key.equals(name)) {
                        slot = i;
                    }
                }
                if (slot < 0) {
                    throw unknown(
                            s,
                            walked + (walked.length() == 0 ? "" : ".") + seg,
                            here
                                    + " has "
                                    + (keys.isEmpty()
                                            ? "no keys"
                                            : "the keys " + String.join(", ", keys)));
                }
                tuples = m.getValue();
                current = tuples.get(slot).getValueNode();
                walked.append(walked.length() == 0 ? "" : ".").append(seg);
            } else {
                if (!(current instanceof SequenceNode q)) {
                    throw unknown(s, walked + seg, here + " is " + kind(current));
                }
                items = q.getValue();
                slot = index(items, name);
                if (slot < 0) {
                    throw unknown(
                            s,
                            walked + seg,
                            here
                                    + " has "
                                    + items.size()
                                    + " item(s); name one by its index from 0 or by its id ("
                                    + String.join(", ", ids(items))
                                    + ")");
                }
                current = items.get(slot);
                walked.append(seg);
            }
        }
        if (!(current instanceof ScalarNode old)) {
            throw InvalidInputException.of(
                    s.flag(),
                    "'"
                            + s.path()
                            + "' is "
                            + kind(current)
                            + "; --set replaces a single value, so name a key inside it");
        }
        Mark mark = mark(s.flag(), old.getStartMark());
        ScalarNode value =
                new ScalarNode(
                        RESOLVER.resolve(NodeId.scalar, s.value(), true),
                        true,
                        s.value(),
                        mark,
                        mark,
                        DumperOptions.ScalarStyle.PLAIN);
        if (tuples != null) {
            tuples.set(slot, new NodeTuple(tuples.get(slot).getKeyNode(), value));
        } else {
            items.set(slot, value);
        }
    }

    /** The index of the item named {@code name}: a number from 0, or the value of its 'id'. */
    private static int index(List<Node> items, String name) {
        if (name.matches("\\d{1,9}")) {
            int i = Integer.parseInt(name);
            return i < items.size() ? i : -1;
        }
        for (int i = 0; i < items.size(); i++) {
            if (name.equals(id(items.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    private static String id(Node item) {
        if (item instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k
                        && k.getValue().equals("id")
                        && t.getValueNode() instanceof ScalarNode v) {
                    return v.getValue();
                }
            }
        }
        return null;
    }

    private static List<String> ids(List<Node> items) {
        List<String> ids = new ArrayList<>();
        for (Node n : items) {
            String id = id(n);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids.isEmpty() ? List.of("the items have no id") : ids;
    }

    private static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return "a single value";
    }

    private InvalidInputException unknown(Values.Setting s, String path, String found) {
        return InvalidInputException.of(
                s.flag(),
                "the targets file "
                        + file
                        + " has no '"
                        + path
                        + "' ("
                        + found
                        + "); --set replaces a value the file already has, named like"
                        + " suites.load.scenarios[0].duration");
    }

    /**
     * The segments of a path: keys, and bracketed list items kept with their brackets, e.g. {@code
     * a.b[0].c} gives {@code a}, {@code b}, {@code [0]}, {@code c}.
     */
    private static List<String> segments(Values.Setting s) {
        String path = s.path();
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0 || close == i + 1) {
                    throw badPath(s);
                }
                out.add(path.substring(i, close + 1));
                i = close + 1;
                if (i < path.length() && path.charAt(i) != '[' && path.charAt(i) != '.') {
                    throw badPath(s);
                }
                if (i < path.length() && path.charAt(i) == '.') {
                    i++;
                    if (i == path.length()) {
                        throw badPath(s);
                    }
                }
            } else {
                int j = i;
                while (j < path.length() && path.charAt(j) != '.' && path.charAt(j) != '[') {
                    j++;
                }
                if (j == i) {
                    throw badPath(s);
                }
                out.add(path.substring(i, j));
                i = j;
                if (i < path.length() && path.charAt(i) == '.') {
                    i++;
                    if (i == path.length()) {
                        throw badPath(s);
                    }
                }
            }
        }
        if (out.isEmpty() || out.get(0).startsWith("[")) {
            throw badPath(s);
        }
        return out;
    }

    private static InvalidInputException badPath(Values.Setting s) {
        return InvalidInputException.of(
                s.flag(),
                "'"
                        + s.path()
                        + "' is not a path; expected keys joined by dots and list items in"
                        + " brackets, by index or id, such as suites.load.scenarios[0].duration or"
                        + " suites.load.scenarios[health-1k].duration");
    }
}
