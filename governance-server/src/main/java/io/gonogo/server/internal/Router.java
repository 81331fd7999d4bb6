package io.gonogo.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Maps a complete request to its response; stateless and shared by every connection.
 *
 * <p>Routes: {@code GET} and {@code HEAD} on {@code /health}. Any other method there is a 405
 * naming the allowed ones; any other path is a 404.
 */
final class Router {

    static final String HEALTH_PATH = "/health";
    static final String HEALTH_ALLOW = "GET, HEAD";

    private final ApiRoutes api;

    /** Creates a router that hands the governance API paths to {@code api}, when not null. */
    Router(ApiRoutes api) {
        this.api = api;
    }

    /**
     * Returns the answer to a request whose body has been read in full: a {@link FullHttpResponse}
     * answered at once (health, unknown paths), or what {@link ApiRoutes} returns for the
     * governance API (a future reply or an SSE stream).
     *
     * @param body the request body; not retained, the caller releases it
     */
    Object route(ByteBufAllocator alloc, HttpRequest request, ByteBuf body, ConnectionMode mode) {
        String uri = request.uri();
        int start = pathStart(uri);
        int end = pathEnd(uri, start);
        HttpMethod method = request.method();
        boolean head = HttpMethod.HEAD.equals(method);
        if (end - start == HEALTH_PATH.length() && uri.startsWith(HEALTH_PATH, start)) {
            if (HttpMethod.GET.equals(method) || head) {
                return Responses.health(mode, head);
            }
            FullHttpResponse response =
                    Responses.error(
                            alloc,
                            HttpResponseStatus.METHOD_NOT_ALLOWED,
                            "method_not_allowed",
                            method
                                    + " is not allowed on "
                                    + HEALTH_PATH
                                    + "; allowed: "
                                    + HEALTH_ALLOW,
                            mode,
                            false);
            response.headers().set(HttpHeaderNames.ALLOW, HEALTH_ALLOW);
            return response;
        }
        if (api != null && isApiPath(uri, start, end)) {
            byte[] bytes = new byte[body.readableBytes()];
            body.getBytes(body.readerIndex(), bytes);
            return api.route(
                    method,
                    uri,
                    uri.substring(start, end),
                    request.headers().get(HttpHeaderNames.AUTHORIZATION),
                    bytes);
        }
        return Responses.error(
                alloc,
                HttpResponseStatus.NOT_FOUND,
                "not_found",
                "no route for " + method + " " + uri.substring(start, end),
                mode,
                head);
    }

    private static final String[] API_PREFIXES = {
        "/sessions", "/decisions", "/metrics", "/prometheus"
    };

    private static boolean isApiPath(String uri, int start, int end) {
        for (String prefix : API_PREFIXES) {
            int l = prefix.length();
            if (end - start >= l
                    && uri.startsWith(prefix, start)
                    && (end - start == l || uri.charAt(start + l) == '/')) {
                return true;
            }
        }
        return false;
    }

    /** Index where the path starts, in origin form ({@code /p?q}) or absolute form. */
    private static int pathStart(String uri) {
        if (uri.startsWith("/")) {
            return 0;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return 0; // asterisk form or garbage: reported as it came
        }
        int slash = uri.indexOf('/', scheme + 3);
        return slash < 0 ? uri.length() : slash;
    }

    /** Index where the path ends: at the query, the fragment or the end. */
    private static int pathEnd(String uri, int start) {
        for (int i = start; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return uri.length();
    }
}
