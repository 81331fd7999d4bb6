package io.gonogo.server.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Arrays;

/** What happens to a connection after a response, and the header that says so. */
enum ConnectionMode {
    /** HTTP/1.1 keep-alive, the default: no {@code Connection} header is needed. */
    KEEP_ALIVE(null),
    /** HTTP/1.0 keep-alive asked for by the client: the response confirms it. */
    KEEP_ALIVE_HTTP_1_0(HttpHeaderValues.KEEP_ALIVE),
    /** The connection is closed once the response is written. */
    CLOSE(HttpHeaderValues.CLOSE);

    private final CharSequence headerValue;

    ConnectionMode(CharSequence headerValue) {
        this.headerValue = headerValue;
    }

    /** Returns the mode a request asks for through its version and {@code Connection} header. */
    static ConnectionMode of(HttpRequest request) {
        if (!HttpUtil.isKeepAlive(request)) {
            return CLOSE;
        }
        return request.protocolVersion().isKeepAliveDefault() ? KEEP_ALIVE : KEEP_ALIVE_HTTP_1_0;
    }

    /** Appends this mode's {@code Connection} header, if it has one, to name/value pairs. */
    CharSequence[] withConnectionHeader(CharSequence... nameValuePairs) {
        if (headerValue == null) {
            return nameValuePairs;
        }
        CharSequence[] all = Arrays.copyOf(nameValuePairs, nameValuePairs.length + 2);
        all[nameValuePairs.length] = HttpHeaderNames.CONNECTION;
        all[nameValuePairs.length + 1] = headerValue;
        return all;
    }

    /** Returns the {@code Connection} header value of this mode, or null if none is sent. */
    CharSequence headerValue() {
        return headerValue;
    }
}
