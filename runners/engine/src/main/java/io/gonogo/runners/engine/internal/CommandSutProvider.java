package io.gonogo.runners.engine.internal;

import io.gonogo.core.Quantity;
import io.gonogo.core.Unit;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.core.config.SutSpec;
import io.gonogo.runners.engine.internal.CommandSettings.Ready;
import io.gonogo.runners.engine.internal.CommandSettings.StopSignal;
import io.gonogo.runners.spi.Sut;
import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.SutProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code sut: {command: {...}}}: the user's own service, started by gonogo for the run from a
 * command, and stopped at its end.
 *
 * <pre>
 * sut:
 *   command:
 *     command: java -Xmx256m -jar build/app.jar --port ${port:http}   # or a YAML list of words
 *     workdir: ..                       # relative to the targets file's folder (the default)
 *     env: {APP_MODE: perf}             # added to gonogo's environment
 *     ports: [http]                     # gonogo picks a free loopback port for each name
 *     url: http://127.0.0.1:${port:http} # or {base, grpc, token} as in sut: {url: ...}
 *     ready: {http: /health}            # or {tcp: http} or {log: 'Started .* in'}
 *     ready-timeout: 60s
 *     stop: {signal: TERM, grace: 10s}  # TERM, INT or KILL
 * </pre>
 *
 * <p>The command runs without a shell in between: a string is split into words as a shell would
 * ({@link ShellWords}) but nothing is expanded, so the process gonogo watches, attaches to (JMX,
 * /proc) and sends faults to is the service itself. {@code ${port:NAME}} is replaced in the
 * command, the environment, the URL and the readiness check by the port picked for {@code NAME};
 * the ports stay the same for the whole run, so a service restarted by a chaos scenario listens
 * where it did. Its standard output and error go to {@value SutProvider#LOG_FILE} in the run's work
 * folder, which the engine keeps as evidence.
 *
 * <p>The service is ready when the check says so: {@code http} answers 2xx on the path of the URL,
 * {@code tcp} accepts a connection on a named port or a number, {@code log} sees a line of its
 * output matching the regular expression; without {@code ready}, the URL's port accepting a
 * connection. A service that exits first, or is not ready within {@code ready-timeout}, fails the
 * start with the reason and its last lines of output.
 */
public final class CommandSutProvider implements SutProvider {

    private static final Pattern PORT_REF = Pattern.compile("\\$\\{port:([^}]*)}");

    /** Stands for every port while the plan is only checked, so that URLs parse. */
    private static final int PLACEHOLDER_PORT = 65535;

    /** The provider of {@code sut: {command: ...}}. */
    public CommandSutProvider() {}

    @Override
    public String kind() {
        return "command";
    }

    @Override
    public void validate(SutSpec spec) {
        read(
                spec,
                names -> {
                    Map<String, Integer> ports = new LinkedHashMap<>();
                    names.forEach(n -> ports.put(n, PLACEHOLDER_PORT));
                    return ports;
                });
    }

    @Override
    public Sut start(SutSpec spec, Path workDir) throws Exception {
        CommandSettings settings = read(spec, CommandSutProvider::pickPorts);
        CommandSut sut = new CommandSut(settings, workDir.resolve(LOG_FILE));
        sut.startFirst();
        return sut;
    }

    /** Free loopback ports, one per name, all bound at once so they differ, then released. */
    private static Map<String, Integer> pickPorts(List<String> names) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (String name : names) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports.put(name, s.getLocalPort());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(
                    "cannot find a free loopback port: " + e.getMessage(), e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing a listening socket that accepted nothing does not fail in practice
                }
            }
        }
        return ports;
    }

    /** Reads the settings, with ports assigned to the names of {@code ports} by {@code assign}. */
    private CommandSettings read(
            SutSpec spec, Function<List<String>, Map<String, Integer>> assign) {
        ConfigNode n = spec.settings().orElseThrow();
        if (!n.isMapping()) {
            throw n.error(
                    "expected 'sut.command' as a mapping such as {command: 'java -jar app.jar"
                            + " --port ${port:http}', ports: [http], url:"
                            + " 'http://127.0.0.1:${port:http}', ready: {http: /health}}, found "
                            + n.kind());
        }
        ConfigNode.Mapping m =
                n.asMapping("'sut.command'")
                        .accept(
                                "command",
                                "workdir",
                                "env",
                                "ports",
                                "url",
                                "ready",
                                "ready-timeout",
                                "stop");
        m.finish();
        Map<String, Integer> ports = assign.apply(portNames(m));
        Expander expand = new Expander(ports);

        List<String> command = command(m.node("command"), expand);
        Path base = folderOf(n);
        Path workdir = base;
        if (m.find("workdir").isPresent()) {
            ConfigNode w = m.node("workdir");
            workdir = base.resolve(w.asScalarText("'sut.command.workdir'")).normalize();
            if (!Files.isDirectory(workdir)) {
                throw w.error(
                        "'sut.command.workdir' is "
                                + workdir
                                + ", which is not a folder; expected a folder relative to the"
                                + " targets file's");
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        m.find("env")
                .ifPresent(
                        e -> {
                            ConfigNode.Mapping em = e.asMapping("'sut.command.env'");
                            for (String key : em.keys()) {
                                if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                                    throw e.error(
                                            "'sut.command.env' names '"
                                                    + key
                                                    + "'; expected environment variable names of"
                                                    + " letters, digits and '_'");
                                }
                                ConfigNode v = em.node(key);
                                env.put(
                                        key,
                                        expand.apply(
                                                v.asScalarText("'sut.command.env." + key + "'"),
                                                v));
                            }
                            em.finish();
                        });
        SutEndpoint endpoint;
        if (m.find("url").isPresent()) {
            endpoint = new UrlSettings("sut.command.url", expand).endpoint(m.node("url"));
        } else if (!ports.isEmpty()) {
            endpoint =
                    new SutEndpoint(
                            java.net.URI.create(
                                    "http://127.0.0.1:" + ports.values().iterator().next()),
                            "",
                            "");
        } else {
            throw n.error(
                    "'sut.command' says neither where the service listens ('url') nor which ports"
                            + " gonogo picks for it ('ports'); add such as ports: [http] and url:"
                            + " 'http://127.0.0.1:${port:http}'");
        }
        Ready ready =
                m.find("ready").isPresent()
                        ? ready(m.node("ready"), ports, expand)
                        : new Ready.Tcp(
                                endpoint.httpBase().getHost(),
                                endpoint.httpBase().getPort() < 0
                                        ? 80
                                        : endpoint.httpBase().getPort());
        Duration readyTimeout =
                m.find("ready-timeout")
                        .map(
                                t ->
                                        duration(
                                                t,
                                                "sut.command.ready-timeout",
                                                Duration.ofSeconds(1),
                                                Duration.ofHours(1)))
                        .orElse(CommandSettings.DEFAULT_READY_TIMEOUT);
        StopSignal signal = StopSignal.TERM;
        Duration grace = CommandSettings.DEFAULT_GRACE;
        if (m.find("stop").isPresent()) {
            ConfigNode.Mapping s =
                    m.node("stop").asMapping("'sut.command.stop'").accept("signal", "grace");
            s.finish();
            if (s.find("signal").isPresent()) {
                signal = signal(s.node("signal"));
            }
            if (s.find("grace").isPresent()) {
                grace =
                        duration(
                                s.node("grace"),
                                "sut.command.stop.grace",
                                Duration.ZERO,
                                Duration.ofMinutes(10));
            }
        }
        return new CommandSettings(
                command, workdir, env, ports, endpoint, ready, readyTimeout, signal, grace);
    }

    private static List<String> portNames(ConfigNode.Mapping m) {
        Set<String> names = new LinkedHashSet<>();
        if (m.find("ports").isPresent()) {
            for (ConfigNode p : m.node("ports").asList("'sut.command.ports'")) {
                String name = p.asId("port name");
                if (!names.add(name)) {
                    throw p.error("the port '" + name + "' is named twice in 'sut.command.ports'");
                }
            }
        }
        return List.copyOf(names);
    }

    /** The folder of the file {@code n} comes from; the working directory when it has none. */
    private static Path folderOf(ConfigNode n) {
        try {
            Path parent = Path.of(n.file()).toAbsolutePath().getParent();
            return parent != null ? parent : Path.of("").toAbsolutePath();
        } catch (java.nio.file.InvalidPathException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private static List<String> command(ConfigNode c, Expander expand) {
        List<String> words = new ArrayList<>();
        if (c.isScalar()) {
            String line = c.asScalarText("'sut.command.command'");
            try {
                ShellWords.split(line).forEach(w -> words.add(expand.apply(w, c)));
            } catch (IllegalArgumentException e) {
                throw c.error(
                        "'sut.command.command' cannot be split into words: " + e.getMessage());
            }
        } else {
            for (ConfigNode w : c.asList("'sut.command.command' (a text or a list of words)")) {
                words.add(expand.apply(w.asScalarText("a word of 'sut.command.command'"), w));
            }
        }
        if (words.isEmpty() || words.get(0).isBlank()) {
            throw c.error(
                    "'sut.command.command' is empty; expected the program and its arguments, such"
                            + " as 'java -jar app.jar --port ${port:http}'");
        }
        return words;
    }

    private static Ready ready(ConfigNode r, Map<String, Integer> ports, Expander expand) {
        ConfigNode.Mapping m = r.asMapping("'sut.command.ready'");
        if (m.keys().size() != 1 || !Set.of("http", "tcp", "log").containsAll(m.keys())) {
            throw r.error(
                    "expected 'sut.command.ready' to be one of {http: /path}, {tcp:"
                            + " PORT-NAME-or-number} or {log: REGEX}, found keys "
                            + m.keys());
        }
        String kind = m.keys().iterator().next();
        m.accept(kind);
        ConfigNode v = m.node(kind);
        String text = expand.apply(v.asScalarText("'sut.command.ready." + kind + "'"), v);
        switch (kind) {
            case "http":
                if (!text.startsWith("/")) {
                    throw v.error(
                            "'sut.command.ready.http' is '"
                                    + text
                                    + "'; expected a path on the service's URL, such as /health");
                }
                return new Ready.Http(text);
            case "tcp":
                if (ports.containsKey(text)) {
                    return new Ready.Tcp("127.0.0.1", ports.get(text));
                }
                if (text.matches("\\d{1,5}")
                        && Integer.parseInt(text) >= 1
                        && Integer.parseInt(text) <= 65535) {
                    return new Ready.Tcp("127.0.0.1", Integer.parseInt(text));
                }
                throw v.error(
                        "'sut.command.ready.tcp' is '"
                                + text
                                + "'; expected a name from 'ports' "
                                + ports.keySet()
                                + " or a port number");
            default:
                try {
                    return new Ready.Log(Pattern.compile(text));
                } catch (PatternSyntaxException e) {
                    throw v.error(
                            "'sut.command.ready.log' is not a regular expression: "
                                    + e.getDescription()
                                    + " near character "
                                    + (e.getIndex() + 1));
                }
        }
    }

    private static StopSignal signal(ConfigNode s) {
        String text = s.asScalarText("'sut.command.stop.signal'").strip().toUpperCase(Locale.ROOT);
        String name = text.startsWith("SIG") ? text.substring(3) : text;
        for (StopSignal sig : StopSignal.values()) {
            if (sig.name().equals(name)) {
                return sig;
            }
        }
        throw s.error("'sut.command.stop.signal' is '" + text + "'; expected TERM, INT or KILL");
    }

    private static Duration duration(ConfigNode n, String what, Duration min, Duration max) {
        Quantity q = n.asQuantity("'" + what + "'");
        Duration d =
                q.unit().dimension() == Unit.Dimension.DURATION
                        ? Duration.ofNanos((long) q.valueIn(Unit.NANOSECONDS))
                        : null;
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw n.error(
                    "'"
                            + what
                            + "' is '"
                            + q
                            + "'; expected a duration from "
                            + CommandSettings.human(min)
                            + " to "
                            + CommandSettings.human(max)
                            + ", such as 30s");
        }
        return d;
    }

    /** Replaces {@code ${port:NAME}} by the port picked for NAME; an unknown name is an error. */
    private static final class Expander implements UrlSettings.Expansion {
        private final Map<String, Integer> ports;

        Expander(Map<String, Integer> ports) {
            this.ports = ports;
        }

        @Override
        public String apply(String text, ConfigNode at) {
            Matcher m = PORT_REF.matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                Integer port = ports.get(m.group(1));
                if (port == null) {
                    throw at.error(
                            "'${port:"
                                    + m.group(1)
                                    + "}' names no port; "
                                    + (ports.isEmpty()
                                            ? "declare it in 'sut.command.ports', such as ports: ["
                                                    + m.group(1)
                                                    + "]"
                                            : "'sut.command.ports' declares " + ports.keySet()));
                }
                m.appendReplacement(sb, Integer.toString(port));
            }
            m.appendTail(sb);
            return sb.toString();
        }
    }
}
