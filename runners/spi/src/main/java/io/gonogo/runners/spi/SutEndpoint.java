package io.gonogo.runners.spi;

import java.net.URI;
import java.util.Objects;

/**
 * Where scenarios reach the service under test.
 *
 * @param httpBase base URI of the HTTP API, e.g. {@code http://127.0.0.1:41234}
 * @param grpcAddress host:port of the gRPC API, {@code ""} when the service has none
 * @param token operator token for mutating calls, {@code ""} when none; never written to evidence
 * @param tls how to open TLS connections: to {@code httpBase} when its scheme is {@code https}, to
 *     {@code grpcAddress} when {@code grpcTls}
 * @param grpcTls whether the gRPC API speaks TLS ({@code grpcs://host:port})
 */
public record SutEndpoint(
        URI httpBase, String grpcAddress, String token, TlsSettings tls, boolean grpcTls) {

    /** Checks for nulls. */
    public SutEndpoint {
        Objects.requireNonNull(httpBase, "httpBase");
        grpcAddress = Objects.requireNonNullElse(grpcAddress, "");
        token = Objects.requireNonNullElse(token, "");
        tls = Objects.requireNonNullElse(tls, TlsSettings.DEFAULT);
    }

    /** A plaintext endpoint (or {@code https} with the JDK's trust store). */
    public SutEndpoint(URI httpBase, String grpcAddress, String token) {
        this(httpBase, grpcAddress, token, TlsSettings.DEFAULT, false);
    }

    /** Whether the HTTP API is reached over TLS. */
    public boolean httpTls() {
        return "https".equalsIgnoreCase(httpBase.getScheme());
    }

    /** {@code httpBase} resolved with {@code path}. */
    public URI http(String path) {
        String base = httpBase.toString();
        return URI.create(
                (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                        + (path.startsWith("/") ? path : "/" + path));
    }

    @Override
    public String toString() {
        return "http="
                + httpBase
                + (grpcAddress.isEmpty() ? "" : (grpcTls ? " grpcs=" : " grpc=") + grpcAddress);
    }
}
