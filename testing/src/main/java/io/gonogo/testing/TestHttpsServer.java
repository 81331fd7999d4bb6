package io.gonogo.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The JDK's {@link HttpsServer} on 127.0.0.1, on a port the system picks, for tests of clients over
 * TLS; the caller stops it with {@code stop(0)}.
 */
public final class TestHttpsServer {
    private TestHttpsServer() {}

    /**
     * Starts a server presenting {@code context}'s certificate, answering each path of {@code
     * handlers} with its handler.
     */
    public static HttpsServer start(SSLContext context, Map<String, HttpHandler> handlers) {
        try {
            HttpsServer server =
                    HttpsServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(context));
            handlers.forEach(server::createContext);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code https://127.0.0.1:PORT} of a started {@code server}. */
    public static URI base(HttpsServer server) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * A handler answering {@code 200} with {@code {"id":"METHOD-LENGTH"}}: the request's method and
     * the length of its body in characters, so a test sees which request an answer is for.
     */
    public static HttpHandler echoId() {
        return exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            byte[] answer =
                    ("{\"id\":\""
                                    + exchange.getRequestMethod()
                                    + "-"
                                    + new String(in, StandardCharsets.UTF_8).length()
                                    + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        };
    }
}
