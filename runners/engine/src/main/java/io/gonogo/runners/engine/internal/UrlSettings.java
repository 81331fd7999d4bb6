package io.gonogo.runners.engine.internal;

import io.gonogo.core.config.ConfigNode;
import io.gonogo.runners.spi.SutEndpoint;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads where a service listens, as {@code sut: {url: ...}} and {@code sut: {command: {url: ...}}}
 * give it: a base URL, or a mapping {@code {base, grpc, token}}.
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
        ConfigNode.Mapping m = n.asMapping("'" + what + "'").accept("base", "grpc", "token");
        m.finish();
        URI base = uri(m.node("base"));
        String token = m.find("token").map(this::token).orElse("");
        String grpc = m.find("grpc").map(this::grpcAddress).orElse("");
        return new SutEndpoint(base, grpc, token);
    }

    private String grpcAddress(ConfigNode n) {
        String text = expand.apply(n.asScalarText("'" + what + ".grpc'").strip(), n);
        String address = text.startsWith("grpc://") ? text.substring("grpc://".length()) : text;
        Matcher hp =
                Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]):(\\d{1,5})").matcher(address);
        if (!hp.matches()
                || Integer.parseInt(hp.group(2)) < 1
                || Integer.parseInt(hp.group(2)) > 65535) {
            throw n.error(
                    "'"
                            + what
                            + ".grpc' is '"
                            + text
                            + "'; expected host:port of a plaintext gRPC server, such as"
                            + " 127.0.0.1:9090");
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
