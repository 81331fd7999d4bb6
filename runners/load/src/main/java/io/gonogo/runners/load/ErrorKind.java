package io.gonogo.runners.load;

/**
 * Why a measured request did not succeed, as counted in {@link LoadResult#errors()}.
 *
 * <p>A response whose status is outside the success range and outside 400..599 (for example a 3xx
 * when the success range is the default 200..299) is answered but unsuccessful and is not an error:
 * it lowers the success rate without appearing under any kind.
 */
public enum ErrorKind {
    /**
     * The connection for the request could not be opened: refused, unreachable or not open within
     * the request timeout.
     */
    CONNECT("connect"),
    /** The request was sent but its response was not complete within the request timeout. */
    TIMEOUT("timeout"),
    /**
     * The peer closed or reset the connection after the request was sent and before its response
     * was complete.
     */
    RESET("reset"),
    /** A complete response with a 4xx status outside the success range. */
    HTTP_4XX("http_4xx"),
    /** A complete response with a 5xx status outside the success range. */
    HTTP_5XX("http_5xx"),
    /**
     * The response could not be parsed as HTTP/1.1 (malformed status line, framing or unexpected
     * bytes).
     */
    PROTOCOL("protocol"),
    /**
     * TLS failed on an {@code https} connection or a {@code grpcs} channel: the handshake (an
     * untrusted certificate, a host name the certificate does not name, a client certificate the
     * server refuses, a protocol alert, or no handshake within the request timeout), counted per
     * connection attempt as {@link #CONNECT} is, or a TLS alert or bad record once the connection
     * carries requests.
     */
    TLS("tls");

    private final String label;

    ErrorKind(String label) {
        this.label = label;
    }

    /**
     * Returns the value of the {@code kind} label of the {@code errors} metric for this kind.
     *
     * @return the lower-case label, for example {@code http_5xx}
     */
    public String label() {
        return label;
    }
}
