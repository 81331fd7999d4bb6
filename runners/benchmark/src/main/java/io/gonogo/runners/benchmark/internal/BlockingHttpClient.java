package io.gonogo.runners.benchmark.internal;

import io.gonogo.runners.spi.TlsSettings;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A small blocking HTTP/1.1 client over one keep-alive connection, for benchmarks: one request at a
 * time, request bytes written in one {@code write}, the answer read to its last byte ({@code
 * Content-Length} or chunked). It reconnects when the server closes the connection.
 *
 * <p>Why not {@code java.net.http.HttpClient}: its asynchronous pipeline hands every exchange
 * between a selector thread and executor threads, which on a 2-core machine costs tens of
 * microseconds per call, as much as the governance server's own work; a benchmark of the service
 * should not mostly measure its client. Not thread-safe: one per benchmark thread.
 *
 * <p>An {@code https} base is reached over TLS: an {@code SSLSocket} over the connected socket,
 * from the endpoint's {@link TlsSettings} (CA, insecure, client certificate, server name).
 */
final class BlockingHttpClient implements AutoCloseable {

    /** One answer: status code and body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final TlsSettings tls;
    private final SSLContext ssl;
    private final String host;
    private final int port;
    private final String hostHeader;
    private final String authorization;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] line = new byte[8192];

    BlockingHttpClient(URI base, String token) {
        this(base, token, TlsSettings.DEFAULT);
    }

    /**
     * A client of {@code base}; an {@code https} base is reached with {@code tls} (its context
     * built now).
     *
     * @throws UncheckedIOException naming the file when a TLS file cannot be read
     */
    BlockingHttpClient(URI base, String token, TlsSettings tls) {
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        if (!https && !"http".equalsIgnoreCase(base.getScheme())) {
            throw new IllegalArgumentException(
                    "the benchmark HTTP client speaks http and https, not "
                            + base.getScheme()
                            + " ("
                            + base
                            + ")");
        }
        this.tls = tls;
        try {
            this.ssl = https ? tls.sslContext() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? (https ? 443 : 80) : base.getPort();
        this.hostHeader = host + ":" + port;
        this.authorization = token.isEmpty() ? "" : "Authorization: Bearer " + token + "\r\n";
    }

    /**
     * The request bytes of {@code method path} with an optional JSON body ({@code null} for none).
     */
    byte[] encode(String method, String path, String json) {
        boolean mutating = !method.equals("GET");
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        String head =
                method
                        + " "
                        + path
                        + " HTTP/1.1\r\nHost: "
                        + hostHeader
                        + "\r\n"
                        + (mutating ? authorization : "")
                        + (json == null ? "" : "Content-Type: application/json\r\n")
                        + (json == null && !mutating
                                ? ""
                                : "Content-Length: " + body.length + "\r\n")
                        + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** Sends {@code method path [json]} and reads the answer. */
    Response call(String method, String path, String json) throws IOException {
        return send(encode(method, path, json));
    }

    /** Sends pre-encoded request bytes (from {@link #encode}) and reads the answer. */
    Response send(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 10_000);
        s.setSoTimeout(30_000);
        if (ssl != null) {
            s = handshake(s);
        }
        socket = s;
        out = s.getOutputStream();
        in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
    }

    /**
     * Layers TLS over the connected socket: SNI and (unless insecure) host name verification for
     * the settings' server name or the URL's host, as the load engine's {@link
     * TlsSettings#clientEngine} does.
     */
    private Socket handshake(Socket plain) throws IOException {
        String name = tls.serverName().orElse(host);
        try {
            SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket(plain, name, port, true);
            SSLParameters params = s.getSSLParameters();
            if (!tls.insecure()) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            s.setSSLParameters(params);
            s.setUseClientMode(true);
            s.startHandshake();
            return s;
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    private Response read() throws IOException {
        String status = readLine();
        if (!status.startsWith("HTTP/1.") || status.length() < 12) {
            throw new IOException("not an HTTP/1.x status line: '" + status + "'");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closing = status.startsWith("HTTP/1.0");
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                closing = value.equalsIgnoreCase("close");
            }
        }
        byte[] body;
        if (chunked) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                b.write(in.readNBytes(size));
                readLine();
            }
            while (!readLine().isEmpty()) {
                // trailers
            }
            body = b.toByteArray();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new EOFException(
                        "connection closed after " + body.length + " of " + length + " body bytes");
            }
        } else {
            body = in.readAllBytes();
            closing = true;
        }
        if (closing) {
            close();
        }
        return new Response(code, body);
    }

    private int chunkSize() throws IOException {
        String l = readLine();
        int semi = l.indexOf(';');
        return Integer.parseInt((semi < 0 ? l : l.substring(0, semi)).trim(), 16);
    }

    private String readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(
                        "the server closed the connection in the middle of an answer");
            }
            if (b == '\n') {
                int end = n > 0 && line[n - 1] == '\r' ? n - 1 : n;
                return new String(line, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (n == line.length) {
                throw new IOException("header line longer than " + line.length + " bytes");
            }
            line[n++] = (byte) b;
        }
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a socket we no longer use
            }
        }
    }
}
