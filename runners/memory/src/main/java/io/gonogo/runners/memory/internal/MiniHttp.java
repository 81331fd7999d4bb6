package io.gonogo.runners.memory.internal;

import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.TlsSettings;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A minimal blocking HTTP/1.1 client connection for the memory suite's own client loops (open and
 * close connections, create and close sessions), which the keep-alive load engine does not model.
 * Bodies are read by Content-Length, chunked encoding, or to the end of the stream. One thread per
 * connection. An {@code https} base is reached over TLS with the endpoint's {@link TlsSettings}: an
 * {@link SSLSocket} over the connected socket, with SNI and (unless insecure) host name
 * verification for the settings' server name or the URL's host, as the load engine's {@link
 * TlsSettings#clientEngine} does.
 *
 * <p>Hand-written rather than {@code java.net.http.HttpClient}: the open-close client must open and
 * close one connection per operation, which that client's pool hides.
 */
final class MiniHttp implements AutoCloseable {
    /** A response: status and body text. */
    record Response(int status, String body) {}

    /**
     * Where connections go: the base URI, and for {@code https} the TLS settings with their
     * context, built once for every connection.
     */
    record Target(URI base, TlsSettings tls, SSLContext context) {

        /** The HTTP API of {@code sut}; reads the TLS files when its base is {@code https}. */
        static Target of(SutEndpoint sut) throws IOException {
            return of(sut.httpBase(), sut.tls());
        }

        /** {@code base} with {@code tls} when its scheme is {@code https}. */
        static Target of(URI base, TlsSettings tls) throws IOException {
            boolean https = "https".equalsIgnoreCase(base.getScheme());
            return new Target(base, tls, https ? tls.sslContext() : null);
        }

        int port() {
            return base.getPort() >= 0 ? base.getPort() : context != null ? 443 : 80;
        }
    }

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;

    MiniHttp(Target target, int timeoutMillis) throws IOException {
        URI base = target.base();
        int port = target.port();
        Socket plain = new Socket();
        Socket s = plain;
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(base.getHost(), port), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            if (target.context() != null) {
                s = tls(plain, target, port);
            }
            out = s.getOutputStream();
            in = new BufferedInputStream(s.getInputStream());
        } catch (IOException e) {
            s.close();
            plain.close();
            throw e;
        }
        socket = s;
        host = base.getHost() + ":" + port;
    }

    /** Layers TLS over the connected socket and completes the handshake within its timeout. */
    private static SSLSocket tls(Socket plain, Target target, int port) throws IOException {
        TlsSettings settings = target.tls();
        String name = settings.serverName().orElse(target.base().getHost());
        SSLSocket ssl =
                (SSLSocket)
                        target.context().getSocketFactory().createSocket(plain, name, port, true);
        SSLParameters params = ssl.getSSLParameters();
        if (!settings.insecure()) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        ssl.setSSLParameters(params);
        ssl.setUseClientMode(true);
        ssl.startHandshake();
        return ssl;
    }

    /** The first {@code "id":"..."} of a JSON body. */
    static String id(String body) {
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no \"id\" in the answer " + body);
        }
        return m.group(1);
    }

    Response exchange(
            String method, String path, Map<String, String> headers, String body, boolean close)
            throws IOException {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder();
        head.append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(host)
                .append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            head.append("Content-Type: application/json\r\n");
        }
        if (body != null || !method.equals("GET")) {
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(payload);
        out.flush();
        String status = line();
        if (status == null) {
            throw new IOException("connection closed before an answer");
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer: " + status);
        }
        int code = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        String h;
        while ((h = line()) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding")
                    && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (chunked) {
            while (true) {
                String size = line();
                if (size == null) {
                    throw new IOException("connection closed inside a chunked body");
                }
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while ((h = line()) != null && !h.isEmpty()) {
                        // trailers
                    }
                    break;
                }
                b.write(in.readNBytes(n));
                line();
            }
        } else if (length >= 0) {
            byte[] data = in.readNBytes((int) length);
            if (data.length < length) {
                throw new IOException("connection closed inside the body");
            }
            b.write(data);
        } else if (close) {
            b.write(in.readAllBytes());
        }
        return new Response(code, b.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = s.length();
                if (n > 0 && s.charAt(n - 1) == '\r') {
                    s.setLength(n - 1);
                }
                return s.toString();
            }
            s.append((char) c);
        }
        return s.length() == 0 ? null : s.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
