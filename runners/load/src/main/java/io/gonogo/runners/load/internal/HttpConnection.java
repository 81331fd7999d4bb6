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

/**
 * One keep-alive HTTP/1.1 connection of an engine: its channel, its response parser, the state of
 * its outstanding request, and the non-blocking connect, write and read steps that both engines
 * share; what a completed or failed request means is left to the engine through an {@link Owner}.
 *
 * <p>Only the engine thread that owns the selector touches a connection. Nothing here allocates per
 * request: the request bytes are pre-encoded direct buffers, reads go through the engine's shared
 * buffers and the parser skips what framing does not need.
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
         * The connect failed (refused, unreachable); the channel is still open, the engine fails
         * the request.
         */
        void connectFailed(HttpConnection c, String why);

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

    HttpConnection(int id, ByteBuffer[] templates, Owner owner) {
        this.id = id;
        this.owner = owner;
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
                owner.connected(this, System.nanoTime());
            } else {
                key = ch.register(selector, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException e) {
            owner.connectFailed(this, describe(e));
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
                owner.connected(this, System.nanoTime());
            }
        } catch (IOException e) {
            owner.connectFailed(this, describe(e));
        }
    }

    /**
     * Writes the request of operation {@code operation} from its first byte, timing it from now;
     * asks for {@code OP_WRITE} only after a partial write.
     */
    void send(int operation, boolean head) {
        op = operation;
        ByteBuffer req = requests[operation];
        req.clear();
        parser.reset(head);
        long t = System.nanoTime();
        sendNanos = t;
        owner.arm(this, t + timeoutNanos);
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

    private void writeMore() {
        if (state != SENDING) {
            key.interestOps(SelectionKey.OP_READ);
            return;
        }
        ByteBuffer req = requests[op];
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

    private void peerClosed(boolean orderly) {
        if (state != AWAITING && state != SENDING) {
            close(); // an idle connection closed by the server: reopened for its next request
            return;
        }
        long now = System.nanoTime();
        if (orderly && parser.onEof()) {
            close();
            owner.responded(this, now);
            return;
        }
        owner.failed(this, ErrorKind.RESET, now, false);
    }

    /** Closes the channel, if open; best effort. */
    void close() {
        SocketChannel ch = channel;
        if (ch != null) {
            channel = null;
            key = null;
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing is best effort: the connection is gone either way
            }
        }
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null || message.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        return message.toLowerCase(Locale.ROOT);
    }
}
