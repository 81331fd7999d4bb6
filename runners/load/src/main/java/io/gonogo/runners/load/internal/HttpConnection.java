package io.gonogo.runners.load.internal;

import io.gonogo.runners.load.ErrorKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * One keep-alive HTTP/1.1 connection of an engine: its channel, its response parser, the state of
 * its outstanding request, and the non-blocking connect, write and read steps that both engines
 * share; what a completed or failed request means is left to the engine through an {@link Owner}.
 *
 * <p>Only the engine thread that owns the selector touches a connection. Nothing here allocates per
 * request: the request bytes are pre-encoded direct buffers, reads go through the engine's shared
 * buffers and the parser skips what framing does not need.
 *
 * <p>Over {@code https} the connection has a {@link TlsSession}: the TLS handshake is part of the
 * {@link #CONNECTING} state (bounded by the same timeout as the TCP connect), requests are wrapped
 * into the session's buffer and responses unwrapped into the engine's parse buffer.
 */
final class HttpConnection {

    /** Has a connection (or none yet) and nothing outstanding; transient between requests. */
    static final int IDLE = 0;

    /** Opening a connection for its pending request. */
    static final int CONNECTING = 1;

    /** The request is partly written; waiting for the socket to become writable. */
    static final int SENDING = 2;

    /** The request is written; waiting for the rest of its response. */
    static final int AWAITING = 3;

    /** Waiting a short back-off after a failed connect before the next request. */
    static final int BACKOFF = 4;

    /** Waiting for the warm-up phase to finish before the first measured request. */
    static final int PARKED = 5;

    /** No more requests on this connection. */
    static final int DONE = 6;

    /** The response is complete and the next request waits for the end of the selector's batch. */
    static final int READY = 7;

    /**
     * What an engine does when a step of a connection resolves its outstanding request or its
     * connect.
     */
    interface Owner {

        /**
         * The connection is open; the engine records its connect time and sends the pending
         * request.
         */
        void connected(HttpConnection c, long now);

        /**
         * The connect failed as {@code kind}: {@link ErrorKind#CONNECT} (refused, unreachable) or
         * {@link ErrorKind#TLS} (the handshake failed); the channel is still open, the engine fails
         * the request.
         */
        void connectFailed(HttpConnection c, ErrorKind kind, String why);

        /** A complete response to the outstanding request arrived at {@code now}. */
        void responded(HttpConnection c, long now);

        /**
         * The outstanding request failed at {@code now} as {@code kind} (a reset while writing or
         * reading, or a malformed response); {@code whileSending} when the write itself failed.
         */
        void failed(HttpConnection c, ErrorKind kind, long now, boolean whileSending);

        /**
         * The connection's state times out at {@code deadline} (request timeout, connect timeout).
         */
        void arm(HttpConnection c, long deadline);
    }

    final int id;

    /**
     * The pre-encoded requests, one per operation of the run, each a view of its shared template.
     */
    final ByteBuffer[] requests;

    final HttpResponseParser parser = new HttpResponseParser();
    private final Owner owner;

    /** The TLS side of an {@code https} connection; null for plain HTTP. */
    private final TlsSession tls;

    /** The HTTP/2 side of a gRPC connection; null for HTTP/1.1. */
    private final H2Session h2;

    /** Whether the current connect has reached its TLS handshake. */
    boolean handshaking;

    /** Whether the connect waits for the first TLS connection of the engine thread to resume it. */
    boolean held;

    SocketChannel channel;
    SelectionKey key;
    int state = IDLE;

    /** The operation of the outstanding request, an index into {@link #requests}. */
    int op;

    /** Whether the outstanding request counts in the figures. */
    boolean measured;

    /** Whether the first connect attempt on this connection has resolved. */
    boolean firstConnectResolved;

    /** When the outstanding request was sent, in {@link System#nanoTime()} terms. */
    long sendNanos;

    /** When the current connect attempt started. */
    long connectNanos;

    /**
     * When the outstanding request was due on the open model's schedule, in {@link
     * System#nanoTime()} terms.
     */
    long intendedNanos;

    /** When this connection last became free for the next request of the open model. */
    long freeSince;

    /** When the current state times out: request timeout, connect timeout or end of back-off. */
    long deadline;

    /** The request timeout of the outstanding request, in nanoseconds. */
    long timeoutNanos;

    HttpConnection(int id, ByteBuffer[] templates, Owner owner, TlsSession tls, H2Session h2) {
        this.id = id;
        this.owner = owner;
        this.tls = tls;
        this.h2 = h2;
        this.requests = new ByteBuffer[templates.length];
        for (int i = 0; i < templates.length; i++) {
            this.requests[i] = templates[i].duplicate();
        }
    }

    /** Tells whether a request is taken but not resolved yet. */
    boolean hasOutstandingRequest() {
        return state == CONNECTING || state == SENDING || state == AWAITING;
    }

    /** Opens a new non-blocking TCP_NODELAY connection for the pending request. */
    void connect(Selector selector, InetSocketAddress address) {
        state = CONNECTING;
        long t = System.nanoTime();
        connectNanos = t;
        owner.arm(this, t + timeoutNanos);
        try {
            SocketChannel ch = SocketChannel.open();
            channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (ch.connect(address)) {
                key = ch.register(selector, SelectionKey.OP_READ, this);
                established();
            } else {
                key = ch.register(selector, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException e) {
            owner.connectFailed(this, ErrorKind.CONNECT, describe(e));
        }
    }

    /** The TCP connection is open: connected over plain HTTP, the handshake starts over TLS. */
    private void established() {
        if (tls == null) {
            if (h2 != null) {
                h2.begin();
            }
            owner.connected(this, System.nanoTime());
            return;
        }
        handshaking = true;
        try {
            tls.begin();
        } catch (SSLException e) {
            owner.connectFailed(this, ErrorKind.TLS, "TLS handshake failed: " + describe(e));
            return;
        }
        handshake();
    }

    /** Advances the TLS handshake; connected once it is done. */
    private void handshake() {
        int r;
        try {
            r = tls.handshake(channel);
        } catch (IOException e) {
            owner.connectFailed(this, ErrorKind.TLS, "TLS handshake failed: " + describe(e));
            return;
        }
        if (r == 0) {
            key.interestOps(SelectionKey.OP_READ);
        } else if (r < 0) {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            handshaking = false;
            key.interestOps(SelectionKey.OP_READ);
            if (h2 != null) {
                String alpn = tls.engine.getApplicationProtocol();
                if (!"h2".equals(alpn)) {
                    owner.connectFailed(
                            this,
                            ErrorKind.TLS,
                            "the server did not agree to HTTP/2 in the TLS handshake (ALPN offered"
                                    + " h2, the server chose "
                                    + (alpn == null || alpn.isEmpty() ? "none" : alpn)
                                    + ")");
                    return;
                }
                h2.begin();
            }
            owner.connected(this, System.nanoTime());
        }
    }

    /** Dispatches the ready operations of this connection's key. */
    void onReady(SelectionKey k, byte[] readBytes, ByteBuffer readBuffer) {
        if (key != k || !k.isValid()) {
            return; // a key of a channel this connection has already closed
        }
        int ops = k.readyOps();
        if ((ops & SelectionKey.OP_CONNECT) != 0) {
            finishConnect();
            return;
        }
        if (handshaking) {
            handshake();
            return;
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            writeMore();
            if (key != k) {
                return;
            }
        }
        if ((ops & SelectionKey.OP_READ) != 0) {
            read(readBytes, readBuffer);
        }
    }

    private void finishConnect() {
        try {
            if (channel.finishConnect()) {
                key.interestOps(SelectionKey.OP_READ);
                established();
            }
        } catch (IOException e) {
            owner.connectFailed(this, ErrorKind.CONNECT, describe(e));
        }
    }

    /**
     * Writes the request of operation {@code operation} from its first byte, timing it from now;
     * asks for {@code OP_WRITE} only after a partial write.
     */
    void send(int operation, boolean head) {
        if (h2 != null) {
            sendCall(operation);
            return;
        }
        op = operation;
        ByteBuffer req = requests[operation];
        req.clear();
        parser.reset(head);
        long t = System.nanoTime();
        sendNanos = t;
        owner.arm(this, t + timeoutNanos);
        if (tls != null) {
            sendTls(req, t);
            return;
        }
        try {
            channel.write(req);
        } catch (IOException e) {
            owner.failed(this, ErrorKind.RESET, t, true);
            return;
        }
        if (req.hasRemaining()) {
            state = SENDING;
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            state = AWAITING;
        }
    }

    private void sendTls(ByteBuffer req, long t) {
        boolean all;
        try {
            all = tls.write(channel, req);
        } catch (SSLException e) {
            owner.failed(this, ErrorKind.TLS, t, true);
            return;
        } catch (IOException e) {
            if (!tls.confirmed) {
                owner.connectFailed(this, ErrorKind.TLS, "TLS handshake failed: " + describe(e));
            } else {
                owner.failed(this, ErrorKind.RESET, t, true);
            }
            return;
        }
        if (all) {
            state = AWAITING;
        } else {
            state = SENDING;
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void writeMore() {
        if (h2 != null) {
            flush(true);
            return;
        }
        if (state != SENDING) {
            key.interestOps(SelectionKey.OP_READ);
            return;
        }
        ByteBuffer req = requests[op];
        if (tls != null) {
            boolean all;
            try {
                all = tls.write(channel, req);
            } catch (SSLException e) {
                owner.failed(this, ErrorKind.TLS, System.nanoTime(), true);
                return;
            } catch (IOException e) {
                owner.failed(this, ErrorKind.RESET, System.nanoTime(), true);
                return;
            }
            if (all) {
                state = AWAITING;
                key.interestOps(SelectionKey.OP_READ);
            }
            return;
        }
        try {
            channel.write(req);
        } catch (IOException e) {
            owner.failed(this, ErrorKind.RESET, System.nanoTime(), true);
            return;
        }
        if (!req.hasRemaining()) {
            state = AWAITING;
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void read(byte[] readBytes, ByteBuffer buf) {
        if (tls != null) {
            readTls(readBytes);
            return;
        }
        while (true) {
            buf.clear();
            int n;
            try {
                n = channel.read(buf);
            } catch (IOException e) {
                peerClosed(false);
                return;
            }
            if (n < 0) {
                peerClosed(true);
                return;
            }
            if (n == 0) {
                return;
            }
            if (h2 != null) {
                buf.flip();
                buf.get(readBytes, 0, n);
                if (frames(readBytes, n) || n < buf.capacity()) {
                    return;
                }
                continue;
            }
            if (state != AWAITING && state != SENDING) {
                close(); // bytes nobody asked for: drop the connection, reopen it for the next
                // request
                return;
            }
            buf.flip();
            buf.get(readBytes, 0, n);
            int r = parser.parse(readBytes, 0, n);
            if (r == HttpResponseParser.COMPLETE) {
                long now = System.nanoTime();
                if (parser.position() < n) {
                    owner.failed(
                            this,
                            ErrorKind.PROTOCOL,
                            now,
                            false); // more bytes than the framing announced
                } else {
                    if (state == SENDING) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                    if (parser.closeAfter()) {
                        close();
                    }
                    owner.responded(this, now);
                }
                return;
            }
            if (r == HttpResponseParser.MALFORMED) {
                owner.failed(this, ErrorKind.PROTOCOL, System.nanoTime(), false);
                return;
            }
            if (n < buf.capacity()) {
                return;
            }
        }
    }

    /**
     * Reads what the socket has into the session's buffer and unwraps it record by record into the
     * parse buffer; each record's bytes go through the parser as a plain read's would.
     */
    private void readTls(byte[] readBytes) {
        ByteBuffer in = tls.netIn;
        while (true) {
            int room = in.remaining();
            int n;
            try {
                n = channel.read(in);
            } catch (IOException e) {
                if (!tls.confirmed && (state == AWAITING || state == SENDING)) {
                    owner.connectFailed(
                            this,
                            ErrorKind.TLS,
                            "TLS handshake failed: the server reset the connection before its"
                                    + " first response ("
                                    + describe(e)
                                    + ")");
                    return;
                }
                peerClosed(false);
                return;
            }
            if (n < 0) {
                if (!tls.confirmed && (state == AWAITING || state == SENDING)) {
                    // a TLS 1.3 server that refuses the client's certificate may just close
                    owner.connectFailed(
                            this,
                            ErrorKind.TLS,
                            "TLS handshake failed: the server closed the connection before its"
                                    + " first response (a client certificate refused?)");
                    return;
                }
                peerClosed(true);
                return;
            }
            if (n == 0) {
                return;
            }
            in.flip();
            while (true) {
                int produced;
                try {
                    produced = tls.unwrapData();
                } catch (SSLException e) {
                    in.compact();
                    tlsFailed(e);
                    return;
                }
                if (produced == -1) {
                    break;
                }
                if (produced == -2) {
                    in.compact();
                    peerClosed(true);
                    return;
                }
                if (produced == 0) {
                    continue;
                }
                if (h2 != null) {
                    if (frames(readBytes, produced)) {
                        in.compact();
                        return;
                    }
                    continue;
                }
                if (state != AWAITING && state != SENDING) {
                    in.compact();
                    close(); // bytes nobody asked for: drop the connection, reopen it for the next
                    // request
                    return;
                }
                int r = parser.parse(readBytes, 0, produced);
                if (r != HttpResponseParser.NEED_MORE) {
                    in.compact();
                    parsed(r, produced);
                    return;
                }
            }
            in.compact();
            if (n < room) {
                return;
            }
        }
    }

    /**
     * A TLS error while reading: before the first response bytes of a connection it completes the
     * handshake's failure (a TLS 1.3 server rejects a client certificate only after the client
     * finished), afterwards it fails the outstanding request.
     */
    private void tlsFailed(SSLException e) {
        if (!tls.confirmed && (state == AWAITING || state == SENDING)) {
            owner.connectFailed(this, ErrorKind.TLS, "TLS handshake failed: " + describe(e));
        } else if (state == AWAITING || state == SENDING) {
            owner.failed(this, ErrorKind.TLS, System.nanoTime(), false);
        } else {
            close();
        }
    }

    /** What a parse that did not need more bytes means for the outstanding request. */
    private void parsed(int r, int n) {
        if (r == HttpResponseParser.COMPLETE) {
            long now = System.nanoTime();
            if (parser.position() < n) {
                owner.failed(this, ErrorKind.PROTOCOL, now, false);
            } else {
                if (state == SENDING) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                if (parser.closeAfter()) {
                    close();
                }
                owner.responded(this, now);
            }
        } else {
            owner.failed(this, ErrorKind.PROTOCOL, System.nanoTime(), false);
        }
    }

    private void peerClosed(boolean orderly) {
        if (state != AWAITING && state != SENDING) {
            close(); // an idle connection closed by the server: reopened for its next request
            return;
        }
        long now = System.nanoTime();
        if (orderly && h2 == null && parser.onEof()) {
            close();
            owner.responded(this, now);
            return;
        }
        owner.failed(this, ErrorKind.RESET, now, false);
    }

    /** The outcome of the completed request: its HTTP status, or a gRPC call's status code. */
    int status() {
        return h2 != null ? h2.code() : parser.status();
    }

    /**
     * Starts the call of operation {@code operation} on a new stream, timing it from now; its
     * frames go out behind what the session owes the server (the preface on a new connection), or
     * wait for the server's flow-control windows.
     */
    private void sendCall(int operation) {
        op = operation;
        long t = System.nanoTime();
        sendNanos = t;
        owner.arm(this, t + timeoutNanos);
        state = SENDING;
        h2.request(operation);
        flush(false);
    }

    /**
     * Writes what the HTTP/2 session has waiting: control frames, and the request in flight once
     * the windows let it go; the request is sent when nothing of it is left.
     *
     * @param writable whether the socket reported it takes more
     * @return false when the connection failed and was closed
     */
    private boolean flush(boolean writable) {
        ByteBuffer out = h2.out;
        if (out.hasRemaining() || (tls != null && tls.netOut.hasRemaining())) {
            try {
                if (tls != null) {
                    tls.write(channel, out);
                } else {
                    channel.write(out);
                }
            } catch (IOException e) {
                ErrorKind kind = e instanceof SSLException ? ErrorKind.TLS : ErrorKind.RESET;
                if (state == SENDING || state == AWAITING) {
                    owner.failed(this, kind, System.nanoTime(), state == SENDING);
                } else {
                    close();
                }
                return false;
            }
        }
        boolean pending = out.hasRemaining() || (tls != null && tls.netOut.hasRemaining());
        if (state == SENDING && !pending && !h2.blocked()) {
            state = AWAITING;
        }
        if (pending) {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else if (writable) {
            key.interestOps(SelectionKey.OP_READ);
        }
        return true;
    }

    /**
     * Reads {@code n} bytes of HTTP/2 frames: control frames are answered, the call in flight
     * completes or fails.
     *
     * @return true when this read ended the connection's part in it (resolved or closed)
     */
    private boolean frames(byte[] readBytes, int n) {
        int r = h2.parse(readBytes, 0, n);
        boolean outstanding = state == AWAITING || state == SENDING;
        if (r == H2Session.MALFORMED || r == H2Session.REFUSED) {
            if (outstanding) {
                owner.failed(
                        this,
                        r == H2Session.REFUSED ? ErrorKind.RESET : ErrorKind.PROTOCOL,
                        System.nanoTime(),
                        false);
            } else {
                close();
            }
            return true;
        }
        if (h2.hasOutput() && !flush(false)) {
            return true;
        }
        if (r == H2Session.COMPLETE) {
            long now = System.nanoTime();
            if (!outstanding) {
                close(); // a response nobody asked for
                return true;
            }
            if (state == SENDING) {
                state = AWAITING;
            }
            if (h2.code() != 0 && now - deadline >= 0) {
                // the call ran past its own timeout and the service gave up on it too (its
                // deadline is sent a little later): it is this side's timeout, whichever of the
                // two the loop saw first
                owner.failed(this, ErrorKind.TIMEOUT, now, false);
                return true;
            }
            if (h2.exhausted()) {
                close();
            }
            owner.responded(this, now);
            return true;
        }
        if (!outstanding && h2.goingAway()) {
            close(); // the server takes no new stream: the next call opens a new connection
            return true;
        }
        return false;
    }

    /** The protocol the current TLS connection negotiated; empty without TLS or a connection. */
    String tlsProtocol() {
        return tls == null || tls.engine == null ? "" : tls.engine.getSession().getProtocol();
    }

    /** Closes the channel, if open; best effort. */
    void close() {
        SocketChannel ch = channel;
        if (ch != null) {
            channel = null;
            key = null;
            handshaking = false;
            if (tls != null) {
                tls.end();
            }
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing is best effort: the connection is gone either way
            }
        }
    }

    /**
     * The reason of a failed connection in lower case. BoringSSL's engine reports a failed
     * certificate check as a generic "General OpenSslEngine problem" with the trust manager's
     * reason as its cause: the cause's reason is given instead, as the JDK's engine gives it.
     */
    static String describe(IOException e) {
        String message = e.getMessage();
        if (message != null && message.startsWith("General OpenSslEngine problem")) {
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                if (c.getMessage() != null && !c.getMessage().isBlank()) {
                    message = c.getMessage();
                    break;
                }
            }
        }
        if (message == null || message.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        return message.toLowerCase(Locale.ROOT);
    }
}
