package io.gonogo.runners.spi;

import java.util.Objects;

/**
 * What a targets file says about how the service under test is reached, known when the run is
 * planned, before anything starts: whether its HTTP API and its gRPC API speak TLS. Suite kinds use
 * it to refuse, at {@code gonogo check} time, what cannot work against such a service (a chaos
 * fault that needs to read HTTP requests cannot see inside TLS).
 *
 * <p>A {@link SutProvider} declares it from its settings ({@code sut: {url: https://...}} is TLS,
 * the embedded server is plaintext); a provider that cannot tell before it starts the service
 * declares {@link #UNKNOWN}, and the kinds check again at run time against the {@link SutEndpoint}.
 *
 * @param httpTls whether the HTTP base URL is {@code https}
 * @param grpcTls whether the gRPC address is {@code grpcs}
 * @param source where this was declared, for messages, e.g. {@code sut.url 'https://svc:8443'};
 *     empty when {@link #UNKNOWN}
 */
public record DeclaredEndpoint(boolean httpTls, boolean grpcTls, String source) {

    /** Nothing is known before the service starts: no check can refuse on it. */
    public static final DeclaredEndpoint UNKNOWN = new DeclaredEndpoint(false, false, "");

    /**
     * Checks for null.
     *
     * @param httpTls whether the HTTP base URL is {@code https}
     * @param grpcTls whether the gRPC address is {@code grpcs}
     * @param source where this was declared, for messages, e.g. {@code sut.url 'https://svc:8443'};
     *     empty when {@link #UNKNOWN}
     */
    public DeclaredEndpoint {
        Objects.requireNonNull(source, "source");
    }

    /**
     * What {@code endpoint} declares, {@code source} naming where it was written.
     *
     * @param endpoint the endpoint a provider declares
     * @param source where it was written, such as {@code sut.url 'https://svc:8443'}
     * @return its HTTP and gRPC TLS settings with the source
     */
    public static DeclaredEndpoint of(SutEndpoint endpoint, String source) {
        return new DeclaredEndpoint(endpoint.httpTls(), endpoint.grpcTls(), source);
    }
}
