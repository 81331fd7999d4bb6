package io.gonogo.runners.load.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The TLS side of one {@link HttpConnection}: the {@link SSLEngine} of its current connection
 * attempt and the network buffers it keeps for its whole life.
 *
 * <p>Hand-written on the JDK's {@link SSLEngine} rather than taken from Netty or a native TLS
 * library because the load engine's own selector loop must drive it: the handshake advances as the
 * socket becomes readable or writable, the pre-encoded request bytes are wrapped straight into this
 * connection's outgoing buffer and responses are unwrapped straight into the engine's parse buffer,
 * so nothing of ours is allocated per request and the TLS path shares the plain path's timing. The
 * JDK's engine itself allocates a few short-lived objects per record (its results and internal
 * arrays); docs/performance.md gives the measured cost.
 *
 * <p>Buffer states: {@link #netIn} is in write mode (the bytes read from the socket and not yet
 * unwrapped lie before its position); {@link #netOut} is in read mode (the wrapped bytes not yet
 * written lie between its position and limit). Only the engine thread touches a session.
 */
final class TlsSession {

    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private final Supplier<SSLEngine> engines;
    private final ByteBuffer[] src = new ByteBuffer[1];
    private final ByteBuffer[] dst = new ByteBuffer[1];

    /** The engine of the current connection attempt; a new one per attempt. */
    SSLEngine engine;

    ByteBuffer netIn;
    ByteBuffer netOut;

    /** Whether application data has arrived on the current connection since its handshake. */
    boolean confirmed;

    /**
     * Prepares a session whose engines come from {@code engines}.
     *
     * @param engines makes a client engine for the target, one per connection attempt
     * @param app the engine thread's parse buffer, into which responses are unwrapped
     */
    TlsSession(Supplier<SSLEngine> engines, ByteBuffer app) {
        this.engines = engines;
        this.dst[0] = app;
    }

    /** Starts the handshake of a new connection attempt; the buffers are kept from the last. */
    void begin() throws SSLException {
        end();
        engine = engines.get();
        int packet = engine.getSession().getPacketBufferSize();
        boolean direct = NativeTls.isNative(engine);
        if (netIn == null || netIn.capacity() < packet || netIn.isDirect() != direct) {
            // BoringSSL reads and writes direct buffers in place; the JDK's ciphers want arrays
            netIn = direct ? ByteBuffer.allocateDirect(packet) : ByteBuffer.allocate(packet);
            netOut = direct ? ByteBuffer.allocateDirect(packet) : ByteBuffer.allocate(packet);
        }
        netIn.clear();
        netOut.clear().limit(0);
        confirmed = false;
        engine.beginHandshake();
    }

    /**
     * Writes what is wrapped and not written yet, then wraps and writes {@code data} record by
     * record until the socket takes no more.
     *
     * @return whether everything is written
     */
    boolean write(SocketChannel channel, ByteBuffer data) throws IOException {
        while (true) {
            if (netOut.hasRemaining()) {
                channel.write(netOut);
                if (netOut.hasRemaining()) {
                    return false;
                }
            }
            if (!data.hasRemaining()) {
                return true;
            }
            netOut.clear();
            src[0] = data;
            SSLEngineResult r = engine.wrap(src, 0, 1, netOut);
            netOut.flip();
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("cannot wrap the request: " + r.getStatus());
            }
        }
    }

    /**
     * Advances the handshake as far as the socket allows: wraps and writes, reads and unwraps, and
     * runs the engine's delegated tasks inline.
     *
     * @return {@code 1} when the handshake is done and everything written, {@code 0} when it waits
     *     for the socket to become readable, {@code -1} when it waits for it to become writable
     * @throws IOException when the handshake fails, with the engine's reason, or the peer closes
     */
    int handshake(SocketChannel channel) throws IOException {
        while (true) {
            if (netOut.hasRemaining()) {
                channel.write(netOut);
                if (netOut.hasRemaining()) {
                    return -1;
                }
            }
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK:
                    runTasks();
                    break;
                case NEED_WRAP:
                    netOut.clear();
                    SSLEngineResult w = engine.wrap(NOTHING, 0, 1, netOut);
                    netOut.flip();
                    if (w.getStatus() == SSLEngineResult.Status.CLOSED && !netOut.hasRemaining()) {
                        throw new SSLException("the TLS engine closed during the handshake");
                    }
                    break;
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN:
                    if (!unwrapHandshake()) {
                        int n = channel.read(netIn);
                        if (n < 0) {
                            throw new SSLException(
                                    "the server closed the connection during the TLS handshake");
                        }
                        if (n == 0) {
                            return 0;
                        }
                    }
                    break;
                default: // NOT_HANDSHAKING, FINISHED
                    return 1;
            }
        }
    }

    /** Unwraps one handshake record from {@link #netIn}; false when a whole one is not there. */
    private boolean unwrapHandshake() throws SSLException {
        ByteBuffer app = dst[0];
        netIn.flip();
        app.clear();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, dst, 0, 1);
        } finally {
            netIn.compact();
        }
        switch (r.getStatus()) {
            case OK:
                return true;
            case BUFFER_UNDERFLOW:
                grow();
                return false;
            case CLOSED:
                throw new SSLException("the server ended TLS during the handshake");
            default:
                throw new SSLException("cannot unwrap the handshake: " + r.getStatus());
        }
    }

    /**
     * Unwraps the next record of {@link #netIn} (flipped, in read mode) into the parse buffer.
     *
     * @return the number of application bytes now at the start of the parse buffer, {@code 0} for a
     *     record without any (a session ticket), {@code -1} when no whole record is left, {@code
     *     -2} when the server ended TLS (close_notify)
     * @throws SSLException on a bad record, an alert, or a renegotiation or key update the server
     *     asks for, which the load engine refuses
     */
    int unwrapData() throws SSLException {
        if (!netIn.hasRemaining()) {
            return -1;
        }
        ByteBuffer app = dst[0];
        app.clear();
        SSLEngineResult r = engine.unwrap(netIn, dst, 0, 1);
        switch (r.getStatus()) {
            case OK:
                break;
            case BUFFER_UNDERFLOW:
                return -1;
            case CLOSED:
                return -2;
            default:
                throw new SSLException("cannot unwrap a response record: " + r.getStatus());
        }
        SSLEngineResult.HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            runTasks();
            hs = engine.getHandshakeStatus();
        }
        if (hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                && hs != SSLEngineResult.HandshakeStatus.FINISHED) {
            throw new SSLException(
                    "the server asked for a TLS renegotiation or key update, which the load"
                            + " engine refuses");
        }
        int produced = r.bytesProduced();
        if (produced > 0) {
            confirmed = true;
        }
        return produced;
    }

    /** Grows {@link #netIn} when the session's records got larger than it; rare. */
    private void grow() {
        int packet = engine.getSession().getPacketBufferSize();
        if (netIn.position() == netIn.capacity() && packet > netIn.capacity()) {
            boolean direct = netIn.isDirect();
            ByteBuffer bigger =
                    direct ? ByteBuffer.allocateDirect(packet) : ByteBuffer.allocate(packet);
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
            netOut =
                    (direct ? ByteBuffer.allocateDirect(packet) : ByteBuffer.allocate(packet))
                            .limit(0);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Forgets the engine of a closed connection, freeing a native engine's state. */
    void end() {
        if (engine != null) {
            NativeTls.release(engine);
            engine = null;
        }
    }
}
