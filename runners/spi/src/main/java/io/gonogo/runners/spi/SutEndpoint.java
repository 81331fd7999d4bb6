package io.gonogo.runners.spi;

import java.net.URI;
import java.util.Objects;

/**
 * Where scenarios reach the service under test.
 *
 * @param httpBase base URI of the HTTP API, e.g. {@code http://127.0.0.1:41234}; null for a service
 *     that speaks only gRPC (then {@code grpcAddress} is given, and {@link #httpBase()} says so
 *     when a scenario asks for HTTP)
 * @param grpcAddress host:port of the gRPC API, {@code ""} when the service has none
 * @param token operator token for mutating calls, {@code ""} when none; never written to evidence
 * @param tls how to open TLS connections: to {@code httpBase} when its scheme is {@code https}, to
 *     {@code grpcAddress} when {@code grpcTls}
 * @param grpcTls whether the gRPC API speaks TLS ({@code grpcs://host:port})
 */
public record SutEndpoint(
        URI httpBase, String grpcAddress, String token, TlsSettings tls, boolean grpcTls) {

    /**
     * Checks for nulls.
     *
     * @param httpBase base URI of the HTTP API, e.g. {@code http://127.0.0.1:41234}; null for a
     *     service that speaks only gRPC (then {@code grpcAddress} is given, and {@link #httpBase()}
     *     says so when a scenario asks for HTTP)
     * @param grpcAddress host:port of the gRPC API, {@code ""} when the service has none
     * @param token operator token for mutating calls, {@code ""} when none; never written to
     *     evidence
     * @param tls how to open TLS connections: to {@code httpBase} when its scheme is {@code https},
     *     to {@code grpcAddress} when {@code grpcTls}
     * @param grpcTls whether the gRPC API speaks TLS ({@code grpcs://host:port})
     */
    public SutEndpoint {
        grpcAddress = Objects.requireNonNullElse(grpcAddress, "");
        if (httpBase == null && grpcAddress.isEmpty()) {
            throw new IllegalArgumentException(
                    "a service under test needs an HTTP URL, a gRPC address or both");
        }
        token = Objects.requireNonNullElse(token, "");
        tls = Objects.requireNonNullElse(tls, TlsSettings.DEFAULT);
    }

    /**
     * A plaintext endpoint (or {@code https} with the JDK's trust store).
     *
     * @param httpBase base URI of the HTTP API, e.g. {@code http://127.0.0.1:41234}; null for a
     *     service that speaks only gRPC (then {@code grpcAddress} is given, and {@link #httpBase()}
     *     says so when a scenario asks for HTTP)
     * @param grpcAddress host:port of the gRPC API, {@code ""} when the service has none
     * @param token operator token for mutating calls, {@code ""} when none; never written to
     *     evidence
     */
    public SutEndpoint(URI httpBase, String grpcAddress, String token) {
        this(httpBase, grpcAddress, token, TlsSettings.DEFAULT, false);
    }

    /**
     * A service that speaks only gRPC, at {@code grpcAddress} (host:port).
     *
     * @param grpcAddress host:port of the gRPC API
     * @param token operator token for mutating calls, {@code ""} when none
     * @param tls how to open TLS connections; null for the JDK's defaults
     * @param grpcTls whether the gRPC API speaks TLS
     * @return an endpoint without an HTTP API
     * @throws IllegalArgumentException when {@code grpcAddress} is empty
     */
    public static SutEndpoint grpcOnly(
            String grpcAddress, String token, TlsSettings tls, boolean grpcTls) {
        return new SutEndpoint(null, grpcAddress, token, tls, grpcTls);
    }

    /**
     * The base URI of the HTTP API.
     *
     * @return the base URI, such as {@code http://127.0.0.1:41234}
     * @throws IllegalStateException when the service speaks only gRPC
     */
    @Override
    public URI httpBase() {
        if (httpBase == null) {
            throw new IllegalStateException(
                    "the service under test has no HTTP URL (only gRPC at "
                            + grpcAddress
                            + "); give sut.url a base URL or use transport: grpc");
        }
        return httpBase;
    }

    /**
     * Whether the service has an HTTP API.
     *
     * @return false for a service that speaks only gRPC
     */
    public boolean hasHttp() {
        return httpBase != null;
    }

    /**
     * Whether the HTTP API is reached over TLS.
     *
     * @return true when the base URI's scheme is {@code https}
     */
    public boolean httpTls() {
        return httpBase != null && "https".equalsIgnoreCase(httpBase.getScheme());
    }

    /**
     * {@code httpBase} resolved with {@code path}.
     *
     * @param path the path, with or without a leading {@code /}, such as {@code /health}
     * @return the full URI
     * @throws IllegalStateException when the service speaks only gRPC
     */
    public URI http(String path) {
        String base = httpBase().toString();
        return URI.create(
                (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                        + (path.startsWith("/") ? path : "/" + path));
    }

    @Override
    public String toString() {
        String grpc = grpcAddress.isEmpty() ? "" : (grpcTls ? "grpcs=" : "grpc=") + grpcAddress;
        return httpBase == null ? grpc : "http=" + httpBase + (grpc.isEmpty() ? "" : " " + grpc);
    }
}
