package io.gonogo.runners.load.internal;

import io.gonogo.runners.spi.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Warms the engine's gRPC path once per JVM before the first gRPC run starts its clock: the run's
 * own calls (its header blocks and messages, its connections' {@link H2Session} and {@link
 * HpackDecoder}, the selector loop, the closed and the open model) against a throw-away HTTP/2
 * server on a loopback port of this JVM, until the JIT has compiled them; nothing is sent to the
 * service under test.
 *
 * <p>A run over TLS warms once more, the first time, against the same server speaking TLS with a
 * throw-away certificate (ALPN {@code h2}), so that the TLS engine's glue code is compiled too.
 *
 * <p>A gRPC run is CPU-bound on its engine thread far sooner than an HTTP/1.1 one, and on a cold
 * JVM its first seconds are spent interpreting the frame parser and the HPACK decoder while the
 * compiler threads take a core of their own: a five-second run measured the generator's JIT beside
 * the service. The warm-up lasts at least {@link #MIN_MILLIS}, then until the JIT has no method of
 * the engine left to compile for {@link TlsWarmup#SETTLED_MILLIS}, and at most {@link #MAX_MILLIS},
 * and ends before the run's first connection opens, so it is outside every measured window.
 *
 * <p>The server answers as grpc-java's Netty server does: its SETTINGS and a connection window,
 * then per call a HEADERS frame, a DATA frame with an empty message and a trailers frame with
 * {@code grpc-status: 0}; its header blocks insert their fields into the client's dynamic table
 * with Huffman-coded strings the first time and refer to them by index after, so the decoder's
 * paths for both are compiled. It is a blocking socket per connection because it only has to be
 * correct, not fast.
 */
final class GrpcWarmup {

    private static final AtomicBoolean DONE = new AtomicBoolean();

    /** Whether the TLS path was warmed: a run over TLS warms it the first time, once more. */
    private static final AtomicBoolean DONE_TLS = new AtomicBoolean();

    /** What the warm-up's client trusts: the throw-away server's certificate, whatever it is. */
    private static final TlsSettings TRUST_THE_WARMUP =
            new TlsSettings(
                    Optional.empty(), true, Optional.empty(), Optional.empty(), Optional.empty());

    /** The shortest warm-up. */
    static final long MIN_MILLIS = 300;

    /** The longest warm-up, whatever the JIT still has queued. */
    static final long MAX_MILLIS = 3_000;

    /** One round of calls, alternately closed and open model. */
    private static final Duration ROUND = Duration.ofMillis(150);

    /** The connections of the warm-up at most. */
    private static final int CONNECTIONS = 16;

    /** The open model's rate in the warm-up. */
    private static final double RATE = 20_000;

    /** The packages whose methods the JIT must have compiled, as its queue names them. */
    private static final List<String> ENGINE_CODE =
            List.of("io.gonogo.runners.load.", "sun.nio.ch.", "java.nio.", "org.HdrHistogram.");

    private GrpcWarmup() {}

    /** Warms the gRPC path of {@code plan}'s calls, the first time only; a no-op for HTTP/1.1. */
    static void once(LoadPlan plan) {
        if (plan.grpc().isEmpty()
                || !(plan.secure() ? DONE_TLS : DONE).compareAndSet(false, true)) {
            return;
        }
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(MAX_MILLIS);
        long min = start + TimeUnit.MILLISECONDS.toNanos(MIN_MILLIS);
        try (Server server = Server.start(plan.secure())) {
            JitQueue jit = JitQueue.open();
            long settledSince = start;
            for (int round = 0; System.nanoTime() - end < 0; round++) {
                if (EngineRun.runCalls(against(plan, server, round)).figures().succeeded() == 0) {
                    return; // the server or the plan is not what the warm-up expects: run cold
                }
                long now = System.nanoTime();
                if (jit.busyWith(ENGINE_CODE)) {
                    settledSince = now;
                } else if (now - min >= 0
                        && now - settledSince
                                >= TimeUnit.MILLISECONDS.toNanos(TlsWarmup.SETTLED_MILLIS)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the warm-up is an optimisation: without it the run starts cold
        }
    }

    /**
     * {@code plan}'s calls against the warm-up server for one round: closed model in even rounds,
     * open model in odd ones, on one engine thread, with no progress and no interval log.
     */
    private static LoadPlan against(LoadPlan plan, Server server, int round) {
        int port = server.port();
        boolean open = round % 2 == 1;
        return new LoadPlan(
                URI.create((server.tls ? "grpcs" : "grpc") + "://127.0.0.1:" + port),
                "127.0.0.1",
                port,
                plan.request(),
                false,
                Math.min(plan.concurrency(), CONNECTIONS),
                1,
                0,
                Duration.ofSeconds(2),
                plan.successFrom(),
                plan.successTo(),
                Optional.empty(),
                ROUND.multipliedBy(4),
                Optional.of(ROUND),
                open ? RATE : 0,
                open ? RATE : 0,
                1,
                plan.bounds(),
                Optional.empty(),
                plan.logTag(),
                plan.ops(),
                server.tls ? TRUST_THE_WARMUP : plan.tls(),
                plan.grpc());
    }

    /** The throw-away HTTP/2 server: one daemon thread accepting, one per connection. */
    static final class Server implements AutoCloseable {

        private static final int PREFACE_LENGTH = 24;

        private final ServerSocket socket;

        /** Whether it speaks TLS (ALPN h2, a throw-away certificate), so the TLS path warms too. */
        final boolean tls;

        private Server(ServerSocket socket, boolean tls) {
            this.socket = socket;
            this.tls = tls;
        }

        static Server start() throws IOException {
            return start(false);
        }

        static Server start(boolean tls) throws IOException {
            ServerSocket socket;
            if (tls) {
                try {
                    javax.net.ssl.SSLServerSocket ssl =
                            (javax.net.ssl.SSLServerSocket)
                                    TlsWarmup.serverContext()
                                            .getServerSocketFactory()
                                            .createServerSocket();
                    javax.net.ssl.SSLParameters params = ssl.getSSLParameters();
                    params.setApplicationProtocols(new String[] {"h2"});
                    ssl.setSSLParameters(params);
                    socket = ssl;
                } catch (java.security.GeneralSecurityException e) {
                    throw new IOException("no TLS for the warm-up server: " + e.getMessage(), e);
                }
            } else {
                socket = new ServerSocket();
            }
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            Server server = new Server(socket, tls);
            Thread t = new Thread(server::accept, "gonogo-grpc-warmup");
            t.setDaemon(true);
            t.start();
            return server;
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread t = new Thread(() -> serve(s), "gonogo-grpc-warmup-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        /** Answers one connection's calls until the client closes it. */
        private static void serve(Socket s) {
            try (s;
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream()) {
                s.setTcpNoDelay(true);
                in.readFully(new byte[PREFACE_LENGTH]);
                ByteArrayOutputStream w = new ByteArrayOutputStream();
                frame(w, H2Session.SETTINGS, 0, 0, new byte[0]);
                frame(w, H2Session.WINDOW_UPDATE, 0, 0, int32(1 << 30));
                out.write(w.toByteArray());
                byte[] head = new byte[9];
                byte[] payload = new byte[1 << 14];
                boolean first = true;
                while (true) {
                    in.readFully(head);
                    int length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | (head[2] & 0xff);
                    int type = head[3];
                    int flags = head[4];
                    int stream = int32(head, 5) & 0x7fffffff;
                    if (length > payload.length) {
                        payload = new byte[length];
                    }
                    in.readFully(payload, 0, length);
                    if (type == H2Session.SETTINGS && (flags & H2Session.ACK) == 0) {
                        w.reset();
                        frame(w, H2Session.SETTINGS, H2Session.ACK, 0, new byte[0]);
                        out.write(w.toByteArray());
                    } else if (type == H2Session.DATA && (flags & H2Session.END_STREAM) != 0) {
                        w.reset();
                        answer(w, stream, first);
                        first = false;
                        out.write(w.toByteArray());
                    }
                }
            } catch (IOException e) {
                // the client closed the connection
            }
        }

        /**
         * A call's answer: response headers, an empty message and the trailers, the first time
         * inserting their fields into the client's table, after that by index.
         */
        private static void answer(ByteArrayOutputStream w, int stream, boolean first)
                throws IOException {
            ByteArrayOutputStream h = new ByteArrayOutputStream();
            ByteArrayOutputStream t = new ByteArrayOutputStream();
            h.write(0x88); // :status 200, static
            if (first) {
                h.write(0x40 | 31); // content-type, name from the static table, indexed
                huffman(h, "application/grpc");
                h.write(0x40); // a new name, indexed
                huffman(h, "grpc-accept-encoding");
                huffman(h, "gzip");
                t.write(0x40);
                huffman(t, "grpc-status");
                huffman(t, "0");
            } else {
                // the table holds grpc-status (62), grpc-accept-encoding (63), content-type (64)
                h.write(0x80 | 64);
                h.write(0x80 | 63);
                t.write(0x80 | 62);
            }
            frame(w, H2Session.HEADERS, H2Session.END_HEADERS, stream, h.toByteArray());
            frame(w, H2Session.DATA, 0, stream, new byte[5]);
            frame(
                    w,
                    H2Session.HEADERS,
                    H2Session.END_HEADERS | H2Session.END_STREAM,
                    stream,
                    t.toByteArray());
        }

        /** Appends {@code s} as an HPACK string literal, Huffman-coded (RFC 7541, 5.2). */
        static void huffman(ByteArrayOutputStream out, String s) {
            byte[] ascii = s.getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream coded = new ByteArrayOutputStream();
            long bits = 0;
            int count = 0;
            for (byte b : ascii) {
                int length = HpackDecoder.HUFFMAN_LENGTHS[b & 0xff];
                bits = bits << length | (HpackDecoder.HUFFMAN_CODES[b & 0xff] & 0xffffffffL);
                count += length;
                while (count >= 8) {
                    count -= 8;
                    coded.write((int) (bits >>> count));
                }
            }
            if (count > 0) {
                coded.write((int) (bits << (8 - count) | (0xff >>> count)));
            }
            if (coded.size() > 126) {
                throw new IllegalArgumentException("a warm-up string is short");
            }
            out.write(0x80 | coded.size());
            out.write(coded.toByteArray(), 0, coded.size());
        }

        private static void frame(
                ByteArrayOutputStream w, int type, int flags, int stream, byte[] payload) {
            w.write(payload.length >>> 16);
            w.write(payload.length >>> 8);
            w.write(payload.length);
            w.write(type);
            w.write(flags);
            w.write(int32(stream), 0, 4);
            w.write(payload, 0, payload.length);
        }

        private static byte[] int32(int v) {
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }

        private static int int32(byte[] b, int p) {
            return (b[p] & 0xff) << 24
                    | (b[p + 1] & 0xff) << 16
                    | (b[p + 2] & 0xff) << 8
                    | (b[p + 3] & 0xff);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
