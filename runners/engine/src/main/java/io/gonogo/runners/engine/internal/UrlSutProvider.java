package io.gonogo.runners.engine.internal;

import io.gonogo.core.config.ConfigNode;
import io.gonogo.core.config.SutSpec;
import io.gonogo.runners.spi.DeclaredEndpoint;
import io.gonogo.runners.spi.Sut;
import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.SutProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sut: {url: http://host:port}}: a service the user runs; gonogo neither starts nor stops
 * it.
 *
 * <p>With an operator token for mutating calls: {@code sut: {url: {base: http://host:port, token:
 * ${env:GOV_TOKEN}}}}; the token is a literal or {@code ${env:NAME}} (read from the environment
 * when the plan is checked and when the run starts) and is never printed or written to evidence. A
 * service that also serves gRPC names its plaintext address with {@code grpc: host:port} (for
 * {@code transport: grpc} load scenarios).
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

    /** Whether the base URL is {@code https} (and the gRPC address TLS), from the settings. */
    @Override
    public DeclaredEndpoint declaredEndpoint(SutSpec spec) {
        SutEndpoint e = endpoint(spec);
        return DeclaredEndpoint.of(e, "sut.url '" + e.httpBase() + "'");
    }

    private SutEndpoint endpoint(SutSpec spec) {
        ConfigNode n = spec.settings().orElseThrow();
        if (!n.isMapping()) {
            return new SutEndpoint(uri(n), "", "");
        }
        ConfigNode.Mapping m = n.asMapping("'sut.url'").accept("base", "grpc", "token");
        m.finish();
        URI base = uri(m.node("base"));
        String token = m.find("token").map(this::token).orElse("");
        String grpc = m.find("grpc").map(UrlSutProvider::grpcAddress).orElse("");
        return new SutEndpoint(base, grpc, token);
    }

    private static String grpcAddress(ConfigNode n) {
        String text = n.asScalarText("'sut.url.grpc'").strip();
        String address = text.startsWith("grpc://") ? text.substring("grpc://".length()) : text;
        Matcher hp =
                Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]):(\\d{1,5})").matcher(address);
        if (!hp.matches()
                || Integer.parseInt(hp.group(2)) < 1
                || Integer.parseInt(hp.group(2)) > 65535) {
            throw n.error(
                    "'sut.url.grpc' is '"
                            + text
                            + "'; expected host:port of a plaintext gRPC server, such as"
                            + " 127.0.0.1:9090");
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
                            + " expected such as http://127.0.0.1:8080");
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
                return "service at " + endpoint.httpBase() + " (not started by gonogo)";
            }

            @Override
            public void close() {
                // not ours to stop
            }
        };
    }
}
