package io.gonogo.runners.chaos;

import java.util.Objects;

/**
 * The request line of one HTTP/1.1 request the proxy framed on a client connection.
 *
 * @param method the request method, e.g. {@code GET}
 * @param target the request target, e.g. {@code /decisions?page=1}
 * @param sequence the request's position on its connection, from 1
 */
public record HttpRequestHead(String method, String target, long sequence) {

    /**
     * Checks for nulls.
     *
     * @param method the request method, e.g. {@code GET}
     * @param target the request target, e.g. {@code /decisions?page=1}
     * @param sequence the request's position on its connection, from 1
     */
    public HttpRequestHead {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
    }
}
