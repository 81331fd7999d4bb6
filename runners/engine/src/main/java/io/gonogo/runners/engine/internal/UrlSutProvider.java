package io.gonogo.runners.engine.internal;

import io.gonogo.core.config.SutSpec;
import io.gonogo.runners.spi.DeclaredEndpoint;
import io.gonogo.runners.spi.Sut;
import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.SutProvider;
import java.nio.file.Path;

/**
 * {@code sut: {url: http://host:port}} or {@code https://host:port}: a service the user runs;
 * gonogo neither starts nor stops it.
 *
 * <p>With an operator token for mutating calls: {@code sut: {url: {base: http://host:port, token:
 * ${env:GOV_TOKEN}}}}; the token is a literal or {@code ${env:NAME}} (put in by the parser when the
 * file is read) and is never printed or written to evidence. A service that also serves gRPC names
 * its plaintext address with {@code grpc: host:port} (for {@code transport: grpc} load scenarios).
 */
public final class UrlSutProvider implements SutProvider {

    /** The provider of {@code sut: {url: ...}}. */
    public UrlSutProvider() {}

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
        return DeclaredEndpoint.of(
                e, "sut.url '" + (e.hasHttp() ? e.httpBase() : e.grpcAddress()) + "'");
    }

    private SutEndpoint endpoint(SutSpec spec) {
        return new UrlSettings("sut.url", UrlSettings.Expansion.NONE)
                .endpoint(spec.settings().orElseThrow());
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
                        + (endpoint.hasHttp() ? endpoint.httpBase() : endpoint.grpcAddress())
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
