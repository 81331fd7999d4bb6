package io.gonogo.runners.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A tiny blocking HTTP/1.1 server on 127.0.0.1, one thread per connection, for the engine's tests;
 * over TLS when started with {@link #startTls}, its handshake done by the JDK's {@link
 * SSLServerSocket}.
 */
final class TestHttpServer implements AutoCloseable {

    /** What the handler tells the connection to do after it has written (or not) a response. */
    enum After {
        /** Read the next request on this connection. */
        KEEP_OPEN,
        /** Close this connection. */
        CLOSE
    }

    /** A parsed request. */
    record Request(String method, String target, Map<String, String> headers, byte[] body) {}

    /** Answers one request; {@code number} counts requests over the whole server, from 1. */
    @FunctionalInterface
    interface Handler {
        After handle(long number, Request request, OutputStream out) throws IOException;
    }

    private final ServerSocket serverSocket;
    private final Handler handler;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicReference<Request> lastRequest = new AtomicReference<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicLong handshakeFailures = new AtomicLong();

    /** The creation times of the TLS sessions of the connections: a resumed one keeps its own. */
    private final java.util.Set<Long> tlsSessions =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final String scheme;
    private volatile boolean closed;

    private TestHttpServer(Handler handler, ServerSocket socket, String scheme) throws IOException {
        this.handler = handler;
        this.scheme = scheme;
        this.serverSocket = socket;
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        Thread acceptor = new Thread(this::acceptLoop, "test-http-accept");
        acceptor.setDaemon(true);
        threads.add(acceptor);
        acceptor.start();
    }

    static TestHttpServer start(Handler handler) throws IOException {
        return new TestHttpServer(handler, new ServerSocket(), "http");
    }

    /**
     * An {@code https} server answering 200 to every request; requiring a client certificate when
     * {@code needClientAuth}.
     */
    static TestHttpServer startTls(SSLContext context, boolean needClientAuth) throws IOException {
        return startTls(context, needClientAuth, context.getDefaultSSLParameters().getProtocols());
    }

    /**
     * An {@code https} server as {@link #startTls(SSLContext, boolean)} speaking only {@code
     * protocols}.
     */
    static TestHttpServer startTls(SSLContext context, boolean needClientAuth, String... protocols)
            throws IOException {
        SSLServerSocket socket =
                (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.setNeedClientAuth(needClientAuth);
        socket.setEnabledProtocols(protocols);
        return new TestHttpServer(
                (n, req, out) -> {
                    out.write(response(200, "{\"status\":\"ok\"}"));
                    return After.KEEP_OPEN;
                },
                socket,
                "https");
    }

    /**
     * A handler that answers every request 200 with a small JSON body and keeps the connection
     * open.
     */
    static TestHttpServer ok() throws IOException {
        return start(
                (n, req, out) -> {
                    out.write(response(200, "{\"status\":\"ok\"}"));
                    return After.KEEP_OPEN;
                });
    }

    static byte[] response(int status, String body, String... extraHeaders) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        sb.append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(status < 400 ? "OK" : "Error")
                .append("\r\n");
        sb.append("Content-Type: application/json\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        sb.append("Content-Length: ").append(b.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(b);
        return out.toByteArray();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + port() + path);
    }

    long requests() {
        return requests.get();
    }

    long connections() {
        return connections.get();
    }

    /** Connections whose TLS handshake failed on the server's side. */
    /**
     * The TLS sessions the connections made, by their creation times: full handshakes, since a
     * resumed session keeps the creation time of the one it resumes.
     */
    long tlsSessions() {
        return tlsSessions.size();
    }

    long handshakeFailures() {
        return handshakeFailures.get();
    }

    Request lastRequest() {
        return lastRequest.get();
    }

    /** Stops accepting and drops every open connection, like a crashed server. */
    void kill() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Kills the server from another thread, so a handler can ask for it mid-request. */
    void killSoon() {
        Thread t = new Thread(this::kill, "test-http-kill");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        kill();
        try {
            for (Thread t : threads) {
                t.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            sockets.add(s);
            if (closed) {
                closeQuietly(s);
                return;
            }
            Thread t = new Thread(() -> serve(s), "test-http-conn");
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            if (s instanceof javax.net.ssl.SSLSocket tls) {
                try {
                    tls.startHandshake();
                    tlsSessions.add(tls.getSession().getCreationTime());
                } catch (IOException e) {
                    handshakeFailures.incrementAndGet();
                    return;
                }
            }
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (!closed) {
                Request req = readRequest(in);
                if (req == null) {
                    return;
                }
                lastRequest.set(req);
                long n = requests.incrementAndGet();
                After after = handler.handle(n, req, out);
                out.flush();
                if (after == After.CLOSE) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client or kill() closed the connection
        } finally {
            sockets.remove(s);
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                String l = line.toString(StandardCharsets.ISO_8859_1);
                if (l.endsWith("\r")) {
                    l = l.substring(0, l.length() - 1);
                }
                line.reset();
                if (l.isEmpty()) {
                    break;
                }
                lines.add(l);
            } else {
                line.write(b);
            }
        }
        String[] requestLine = lines.get(0).split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : lines.subList(1, lines.size())) {
            int colon = h.indexOf(':');
            headers.put(
                    h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    h.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Request(requestLine[0], requestLine[1], headers, body);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
