package io.gonogo.runners.chaos.internal;

import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.TlsSettings;
import java.net.URI;

/**
 * Where a chaos workload reaches the service through the fault proxy: the proxy's loopback address
 * in place of the service's, the same scheme, and, when that side speaks TLS, the same TLS settings
 * with the service's own host name kept for SNI and certificate verification.
 *
 * <p>Over TLS the proxy only relays bytes, so the handshake is between the workload and the
 * service: the workload connects to {@code 127.0.0.1:<proxy port>} but must ask for, and verify,
 * the certificate of the name it would have used without the proxy ({@link
 * TlsSettings#withServerName}). A name given with {@code server-name} is kept as it is; a service
 * reached at 127.0.0.1 itself needs nothing (its certificate's IP SAN matches as before).
 */
final class ProxiedEndpoint {
    /** The address the fault proxy listens on. */
    static final String PROXY_HOST = "127.0.0.1";

    private ProxiedEndpoint() {}

    /**
     * {@code original} as the workload reaches it through the proxy on {@code proxyPort}: the HTTP
     * base when {@code grpc} is false, the gRPC address when it is true (the other side unchanged).
     */
    static SutEndpoint through(SutEndpoint original, boolean grpc, int proxyPort) {
        String host;
        URI base = original.hasHttp() ? original.httpBase() : null;
        String grpcAddress = original.grpcAddress();
        boolean tls;
        if (grpc) {
            int colon = grpcAddress.lastIndexOf(':');
            host = grpcAddress.substring(0, colon);
            grpcAddress = PROXY_HOST + ":" + proxyPort;
            tls = original.grpcTls();
        } else {
            host = base.getHost();
            base =
                    URI.create(
                            base.getScheme()
                                    + "://"
                                    + PROXY_HOST
                                    + ":"
                                    + proxyPort
                                    + (base.getRawPath() == null ? "" : base.getRawPath()));
            tls = original.httpTls();
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        TlsSettings settings = original.tls();
        if (tls && settings.serverName().isEmpty() && !host.equals(PROXY_HOST)) {
            settings = settings.withServerName(host);
        }
        return new SutEndpoint(base, grpcAddress, original.token(), settings, original.grpcTls());
    }

    /** Whether the side of {@code endpoint} a scenario uses speaks TLS. */
    static boolean tls(SutEndpoint endpoint, boolean grpc) {
        return grpc ? endpoint.grpcTls() : endpoint.httpTls();
    }
}
