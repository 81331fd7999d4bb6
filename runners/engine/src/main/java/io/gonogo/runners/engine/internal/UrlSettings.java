package io.gonogo.runners.engine.internal;

import io.gonogo.core.config.ConfigNode;
import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads where a service listens, as {@code sut: {url: ...}} and {@code sut: {command: {url: ...}}}
 * give it: a base URL ({@code http} or {@code https}), or a mapping {@code {base, grpc, token,
 * tls}} where {@code grpc} is {@code host:port}, {@code grpc://host:port} or {@code
 * grpcs://host:port} (TLS) and {@code tls} says how to open TLS: {@code {ca: FILE, insecure: false,
 * client-cert: FILE, client-key: FILE, server-name: NAME}}, files relative to the targets file's
 * folder and read (as PEM) when the plan is checked, so that a missing or unreadable one is an
 * error at its line before anything runs. A service that speaks only gRPC gives {@code grpc}
 * without {@code base}.
 *
 * <p>The token is taken as the targets file gives it, after the parser has put in {@code
 * ${env:NAME}} values; it is never printed. Before the base URL and the gRPC address are parsed,
 * their text goes through an expansion, so that a {@code command} service can name the ports gonogo
 * picks for it ({@code ${port:NAME}}).
 */
final class UrlSettings {

    private final String what;
    private final Expansion expand;

    /** Rewrites a setting's text before it is parsed; may reject it at its node. */
    @FunctionalInterface
    interface Expansion {
        /** The text to parse instead of {@code text}, read from {@code at}. */
        String apply(String text, ConfigNode at);

        /** Keeps the text as it is. */
        Expansion NONE = (text, at) -> text;
    }

    /**
     * @param what the setting's name in messages, such as {@code sut.url}
     * @param expand applied to the base URL and the gRPC address before they are parsed
     */
    UrlSettings(String what, Expansion expand) {
        this.what = what;
        this.expand = expand;
    }

    /**
     * The endpoint {@code n} describes.
     *
     * @throws io.gonogo.core.InvalidInputException naming the node of a bad setting
     */
    SutEndpoint endpoint(ConfigNode n) {
        if (!n.isMapping()) {
            return new SutEndpoint(uri(n), "", "");
        }
        ConfigNode.Mapping m = n.asMapping("'" + what + "'").accept("base", "grpc", "token", "tls");
        m.finish();
        if (!m.has("base") && !m.has("grpc")) {
            throw n.error(
                    "'"
                            + what
                            + "' needs 'base' (the HTTP API's URL), 'grpc' (the gRPC address) or"
                            + " both");
        }
        URI base = m.find("base").map(this::uri).orElse(null);
        String token = m.find("token").map(this::token).orElse("");
        Optional<String> grpcText =
                m.find("grpc").map(g -> expand.apply(g.asScalarText(name("grpc")).strip(), g));
        String grpc = m.find("grpc").map(g -> grpcAddress(g, grpcText.get())).orElse("");
        boolean grpcTls = grpcText.orElse("").startsWith("grpcs://");
        TlsSettings tls = TlsSettings.DEFAULT;
        Optional<ConfigNode> tlsNode = m.find("tls");
        if (tlsNode.isPresent()) {
            if ((base == null || !"https".equals(base.getScheme())) && !grpcTls) {
                throw tlsNode.get()
                        .error(
                                name("tls")
                                        + " is for an https:// base or a grpcs:// grpc address;"
                                        + " this service speaks neither");
            }
            tls = tls(tlsNode.get());
        }
        return new SutEndpoint(base, grpc, token, tls, grpcTls);
    }

    private String name(String key) {
        return "'" + what + "." + key + "'";
    }

    /** The {@code tls} mapping, its files resolved against the targets file's folder and read. */
    private TlsSettings tls(ConfigNode n) {
        ConfigNode.Mapping m =
                n.asMapping(name("tls"))
                        .accept("ca", "insecure", "client-cert", "client-key", "server-name");
        m.finish();
        Path folder = Path.of(n.file()).toAbsolutePath().getParent();
        boolean insecure = m.bool("insecure", false);
        Optional<Path> ca = m.find("ca").map(c -> pem(c, "ca", folder));
        if (insecure && ca.isPresent()) {
            throw m.node("ca")
                    .error(
                            name("tls")
                                    + " has both 'ca' and 'insecure: true'; give one: the"
                                    + " certificates to trust, or none checked");
        }
        Optional<Path> cert = m.find("client-cert").map(c -> pem(c, "client-cert", folder));
        Optional<Path> key = m.find("client-key").map(k -> pem(k, "client-key", folder));
        if (cert.isPresent() != key.isPresent()) {
            throw n.error(
                    name("tls")
                            + " has "
                            + (cert.isPresent()
                                    ? "'client-cert' without 'client-key'"
                                    : "'client-key' without 'client-cert'")
                            + "; mutual TLS needs both");
        }
        Optional<String> serverName = Optional.empty();
        if (m.has("server-name")) {
            ConfigNode s = m.node("server-name");
            String host = s.asScalarText(name("tls.server-name")).strip();
            if (!host.matches("[A-Za-z0-9*]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                throw s.error(
                        name("tls.server-name")
                                + " is '"
                                + host
                                + "'; expected a host name such as api.example.org");
            }
            serverName = Optional.of(host);
        }
        return new TlsSettings(ca, insecure, cert, key, serverName);
    }

    /** A PEM file of {@code tls}, relative to {@code folder}, checked readable now. */
    private Path pem(ConfigNode n, String key, Path folder) {
        String text = n.asScalarText(name("tls." + key)).strip();
        Path file;
        try {
            file = folder.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw n.error(name("tls." + key) + " is not a usable path: " + e.getReason());
        }
        if (!Files.isRegularFile(file)) {
            throw n.error(
                    name("tls." + key)
                            + " names "
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
            throw n.error(name("tls." + key) + ": " + e.getMessage());
        }
        return file;
    }

    private String grpcAddress(ConfigNode n, String text) {
        String address = text.replaceFirst("^grpcs?://", "");
        Matcher hp =
                Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]):(\\d{1,5})").matcher(address);
        if (!hp.matches()
                || Integer.parseInt(hp.group(2)) < 1
                || Integer.parseInt(hp.group(2)) > 65535) {
            throw n.error(
                    name("grpc")
                            + " is '"
                            + text
                            + "'; expected host:port (or grpc://host:port) of a plaintext gRPC"
                            + " server, or grpcs://host:port over TLS, such as 127.0.0.1:9090");
        }
        return address;
    }

    private String token(ConfigNode n) {
        String name = "'" + what + ".token'";
        String text = n.asScalarText(name);
        if (text.isEmpty()) {
            throw n.error(
                    name
                            + " is empty (an environment variable it names may be set but"
                            + " empty); give the token, or leave 'token' out");
        }
        if (!text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw n.error(name + " must be printable ASCII without spaces");
        }
        return text;
    }

    private URI uri(ConfigNode n) {
        String text = expand.apply(n.asScalarText("'" + what + "'"), n);
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
                            + " expected such as http://127.0.0.1:8080");
        }
        return uri;
    }
}
