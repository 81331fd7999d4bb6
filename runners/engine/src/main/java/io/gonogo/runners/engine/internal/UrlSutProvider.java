package io.gonogo.runners.engine.internal;

import io.gonogo.core.config.ConfigNode;
import io.gonogo.core.config.SutSpec;
import io.gonogo.runners.spi.Sut;
import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.SutProvider;
import io.gonogo.runners.spi.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sut: {url: http://host:port}} or {@code https://host:port}: a service the user runs;
 * gonogo neither starts nor stops it.
 *
 * <p>With an operator token for mutating calls: {@code sut: {url: {base: http://host:port, token:
 * ${env:GOV_TOKEN}}}}; the token is a literal or {@code ${env:NAME}} (read from the environment
 * when the plan is checked and when the run starts) and is never printed or written to evidence. A
 * service that also serves gRPC names its address with {@code grpc: host:port} (plaintext, also
 * {@code grpc://host:port}) or {@code grpc: grpcs://host:port} (TLS), for {@code transport: grpc}
 * scenarios.
 *
 * <p>How TLS is opened to an {@code https} base or a {@code grpcs} address: {@code tls: {ca: FILE,
 * insecure: false, client-cert: FILE, client-key: FILE, server-name: NAME}}, files relative to the
 * targets file's folder and read (as PEM) when the plan is checked, so that a missing or unreadable
 * one is an error at its line before anything runs.
 */
public final class UrlSutProvider implements SutProvider {

    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private final Function<String, String> environment;

    /** A provider reading {@code ${env:NAME}} tokens from the process environment. */
    public UrlSutProvider() {
        this(System::getenv);
    }

    UrlSutProvider(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String kind() {
        return "url";
    }

    @Override
    public void validate(SutSpec spec) {
        endpoint(spec);
    }

    private SutEndpoint endpoint(SutSpec spec) {
        ConfigNode n = spec.settings().orElseThrow();
        if (!n.isMapping()) {
            return new SutEndpoint(uri(n), "", "");
        }
        ConfigNode.Mapping m = n.asMapping("'sut.url'").accept("base", "grpc", "token", "tls");
        m.finish();
        URI base = uri(m.node("base"));
        String token = m.find("token").map(this::token).orElse("");
        String grpc = m.find("grpc").map(UrlSutProvider::grpcAddress).orElse("");
        boolean grpcTls =
                m.find("grpc")
                        .map(g -> g.asScalarText("'sut.url.grpc'").strip())
                        .orElse("")
                        .startsWith("grpcs://");
        TlsSettings tls = TlsSettings.DEFAULT;
        Optional<ConfigNode> tlsNode = m.find("tls");
        if (tlsNode.isPresent()) {
            if (!"https".equals(base.getScheme()) && !grpcTls) {
                throw tlsNode.get()
                        .error(
                                "'sut.url.tls' is for an https:// base or a grpcs:// grpc address;"
                                        + " this service speaks neither");
            }
            tls = tls(tlsNode.get());
        }
        return new SutEndpoint(base, grpc, token, tls, grpcTls);
    }

    /** The {@code tls} mapping, its files resolved against the targets file's folder and read. */
    private static TlsSettings tls(ConfigNode n) {
        ConfigNode.Mapping m =
                n.asMapping("'sut.url.tls'")
                        .accept("ca", "insecure", "client-cert", "client-key", "server-name");
        m.finish();
        Path folder = Path.of(n.file()).toAbsolutePath().getParent();
        boolean insecure = m.bool("insecure", false);
        Optional<Path> ca = m.find("ca").map(c -> pem(c, "ca", folder));
        if (insecure && ca.isPresent()) {
            throw m.node("ca")
                    .error(
                            "'sut.url.tls' has both 'ca' and 'insecure: true'; give one: the"
                                    + " certificates to trust, or none checked");
        }
        Optional<Path> cert = m.find("client-cert").map(c -> pem(c, "client-cert", folder));
        Optional<Path> key = m.find("client-key").map(k -> pem(k, "client-key", folder));
        if (cert.isPresent() != key.isPresent()) {
            throw n.error(
                    "'sut.url.tls' has "
                            + (cert.isPresent()
                                    ? "'client-cert' without 'client-key'"
                                    : "'client-key' without 'client-cert'")
                            + "; mutual TLS needs both");
        }
        Optional<String> serverName = Optional.empty();
        if (m.has("server-name")) {
            ConfigNode s = m.node("server-name");
            String name = s.asScalarText("'sut.url.tls.server-name'").strip();
            if (!name.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                throw s.error(
                        "'sut.url.tls.server-name' is '"
                                + name
                                + "'; expected a host name such as api.example.org");
            }
            serverName = Optional.of(name);
        }
        return new TlsSettings(ca, insecure, cert, key, serverName);
    }

    /** A PEM file of {@code tls}, relative to {@code folder}, checked readable now. */
    private static Path pem(ConfigNode n, String key, Path folder) {
        String text = n.asScalarText("'sut.url.tls." + key + "'").strip();
        Path file;
        try {
            file = folder.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw n.error("'sut.url.tls." + key + "' is not a usable path: " + e.getReason());
        }
        if (!Files.isRegularFile(file)) {
            throw n.error(
                    "'sut.url.tls."
                            + key
                            + "' names "
                            + file
                            + ", which does not exist (paths are relative to the targets file's"
                            + " folder)");
        }
        try {
            if (key.equals("client-key")) {
                TlsSettings.privateKey(file);
            } else {
                TlsSettings.certificates(file);
            }
        } catch (IOException e) {
            throw n.error("'sut.url.tls." + key + "': " + e.getMessage());
        }
        return file;
    }

    private static String grpcAddress(ConfigNode n) {
        String text = n.asScalarText("'sut.url.grpc'").strip();
        String address =
                text.startsWith("grpc://")
                        ? text.substring("grpc://".length())
                        : text.startsWith("grpcs://") ? text.substring("grpcs://".length()) : text;
        Matcher hp =
                Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]):(\\d{1,5})").matcher(address);
        if (!hp.matches()
                || Integer.parseInt(hp.group(2)) < 1
                || Integer.parseInt(hp.group(2)) > 65535) {
            throw n.error(
                    "'sut.url.grpc' is '"
                            + text
                            + "'; expected host:port (or grpc://host:port) of a plaintext gRPC"
                            + " server, or grpcs://host:port over TLS, such as 127.0.0.1:9090");
        }
        return address;
    }

    private String token(ConfigNode n) {
        String text = n.asScalarText("'sut.url.token'");
        Matcher env = ENV.matcher(text);
        if (env.matches()) {
            String value = environment.apply(env.group(1));
            if (value == null || value.isEmpty()) {
                throw n.error(
                        "'sut.url.token' names the environment variable "
                                + env.group(1)
                                + ", which is not set or empty; set it, or give the token itself");
            }
            text = value;
        } else if (text.contains("${")) {
            throw n.error(
                    "'sut.url.token' has a '${' that is not ${env:NAME}; give the token itself or"
                            + " ${env:NAME}");
        }
        if (!text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw n.error("'sut.url.token' must be printable ASCII without spaces");
        }
        return text;
    }

    private static URI uri(ConfigNode n) {
        String text = n.asScalarText("'sut.url'");
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw n.error("'" + text + "' is not a URL; expected such as http://127.0.0.1:8080");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getHost() == null
                || uri.getPort() > 65535) {
            throw n.error(
                    "'"
                            + text
                            + "' is not an http or https URL with a host and a port up to 65535;"
                            + " expected such as http://127.0.0.1:8080 or https://api.example.org");
        }
        return uri;
    }

    @Override
    public Sut start(SutSpec spec, Path workDir) {
        SutEndpoint endpoint = endpoint(spec);
        return new Sut() {
            @Override
            public SutEndpoint endpoint() {
                return endpoint;
            }

            @Override
            public String description() {
                return "service at "
                        + endpoint.httpBase()
                        + " (not started by gonogo"
                        + (endpoint.tls().insecure()
                                ? "; TLS certificate and host name not verified: tls.insecure"
                                : "")
                        + ")";
            }

            @Override
            public void close() {
                // not ours to stop
            }
        };
    }
}
