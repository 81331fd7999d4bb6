package io.gonogo.runners.spi;

import java.net.URI;
import java.util.Objects;

/**
 * Where scenarios reach the service under test.
 *
 * @param httpBase base URI of the HTTP API, e.g. {@code http://127.0.0.1:41234}
 * @param grpcAddress host:port of the gRPC API, {@code ""} when the service has none
 * @param token operator token for mutating calls, {@code ""} when none; never written to evidence
 */
public record SutEndpoint(URI httpBase, String grpcAddress, String token) {

    /** Checks for nulls. */
    public SutEndpoint {
        Objects.requireNonNull(httpBase, "httpBase");
        grpcAddress = Objects.requireNonNullElse(grpcAddress, "");
        token = Objects.requireNonNullElse(token, "");
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
        return "http=" + httpBase + (grpcAddress.isEmpty() ? "" : " grpc=" + grpcAddress);
    }
}
