package io.gonogo.runners.load.internal;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One virtual user of the closed model: its connection, its outstanding request and its parser state. */
final class VirtualUser {

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
    /** No more requests for this user. */
    static final int DONE = 6;

    final int id;
    final ByteBuffer request;
    final HttpResponseParser parser = new HttpResponseParser();

    SocketChannel channel;
    SelectionKey key;
    int state = IDLE;
    /** Whether the outstanding request counts in the figures. */
    boolean measured;
    /** Whether the first connect attempt of this user has resolved. */
    boolean firstConnectResolved;
    /** When the outstanding request was sent, in {@link System#nanoTime()} terms. */
    long sendNanos;
    /** When the current connect attempt started. */
    long connectNanos;
    /** When the outstanding request was due to leave on the open model's schedule, in {@link System#nanoTime()} terms. */
    long intendedNanos;
    /** When this connection last became free for the next request of the open model. */
    long freeSince;
    /** When the current state times out: request timeout, connect timeout or end of back-off. */
    long deadline;

    VirtualUser(int id, ByteBuffer template) {
        this.id = id;
        this.request = template.duplicate();
    }

    /** Tells whether a request is taken but not resolved yet. */
    boolean hasOutstandingRequest() {
        return state == CONNECTING || state == SENDING || state == AWAITING;
    }
}
