package io.gonogo.runners.chaos.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.gonogo.runners.spi.TlsSettings;
import io.gonogo.testing.TestCertificates;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A real HTTPS server on 127.0.0.1 (the JDK's {@link HttpsServer}) with a self-signed certificate
 * for the name {@code localhost} only (no IP SAN), made with {@code keytool}, and a small HTTP/1.1
 * client over an {@link SSLSocket} that verifies the certificate under a chosen name: the JDK's
 * {@code HttpClient} always verifies the host it connects to, and the tests connect to the fault
 * proxy's 127.0.0.1 while verifying the service's name.
 *
 * <ul>
 *   <li>{@code GET /hello}: {@code hello over tls}
 *   <li>{@code POST /echo}: the body back
 *   <li>{@code GET /big?n=BYTES}: that many bytes of a fixed pattern
 * </ul>
 */
final class TlsTestServer implements AutoCloseable {
    static final String NAME = "localhost";

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Path caPem;

    TlsTestServer(Path dir) throws Exception {
        TestCertificates.Pair cert =
                TestCertificates.make(dir, "service", "CN=" + NAME, "dns:" + NAME);
        caPem = cert.cert();
        SSLContext context = cert.serverContext();
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext(
                "/hello", x -> answer(x, "hello over tls".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/echo", x -> answer(x, x.getRequestBody().readAllBytes()));
        server.createContext(
                "/big",
                x -> {
                    String q = x.getRequestURI().getQuery();
                    answer(x, pattern(Integer.parseInt(q.substring(q.indexOf('=') + 1))));
                });
        server.setExecutor(executor);
        server.start();
    }

    private static void answer(HttpExchange x, byte[] body) throws IOException {
        x.getRequestBody().readAllBytes();
        x.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    /** {@code n} bytes of a fixed pattern, as {@code GET /big?n=} answers. */
    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >> 8));
        }
        return b;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The service's certificate as a PEM file, to trust. */
    Path caPem() {
        return caPem;
    }

    /** Trusting the service's certificate, verifying the URL's host. */
    TlsSettings trust() {
        return TlsSettings.trusting(caPem);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** An HTTP response: status and body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * A keep-alive HTTP/1.1 client over TLS to {@code host:port} (the proxy), with SNI and
     * certificate verification for {@code tls.serverName()} (else {@code host}), as gonogo's
     * clients do; handshakes on creation.
     */
    static final class Client implements AutoCloseable {
        private final SSLSocket socket;
        private final BufferedInputStream in;
        private final OutputStream out;

        Client(String host, int port, TlsSettings tls, int readTimeoutMillis) throws IOException {
            String name = tls.serverName().orElse(host);
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(host, port), 5000);
            plain.setSoTimeout(readTimeoutMillis);
            socket =
                    (SSLSocket)
                            tls.sslContext()
                                    .getSocketFactory()
                                    .createSocket(plain, name, port, true);
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            socket.startHandshake();
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        Response get(String path) throws IOException {
            return exchange("GET", path, new byte[0]);
        }

        Response post(String path, byte[] body) throws IOException {
            return exchange("POST", path, body);
        }

        Response exchange(String method, String path, byte[] body) throws IOException {
            String head =
                    method
                            + " "
                            + path
                            + " HTTP/1.1\r\nHost: "
                            + NAME
                            + "\r\nContent-Length: "
                            + body.length
                            + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read();
        }

        private Response read() throws IOException {
            List<String> lines = new java.util.ArrayList<>();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed before a whole response head");
                }
                if (c == '\n') {
                    String l = line.toString(StandardCharsets.ISO_8859_1).strip();
                    line.reset();
                    if (l.isEmpty()) {
                        break;
                    }
                    lines.add(l);
                } else {
                    line.write(c);
                }
            }
            int status = Integer.parseInt(lines.get(0).split(" ")[1]);
            int length = 0;
            for (String h : lines) {
                if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(h.indexOf(':') + 1).strip());
                }
            }
            return new Response(status, in.readNBytes(length));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
