package io.gonogo.runners.chaos.internal;

import io.gonogo.runners.chaos.Fault;
import io.gonogo.runners.chaos.GrpcCallHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Finds HTTP/2 frame boundaries (RFC 9113 section 4.1) in both directions of one proxied connection
 * without changing a byte, so a fault can fail single gRPC calls: every frame is forwarded
 * unchanged (HPACK tables and flow-control windows stay in sync at both ends), and for a new client
 * stream a fault picks, the framer adds two frames of its own: an RST_STREAM (CANCEL) to the
 * service right after the stream's header block, and a trailers-only HEADERS frame (END_STREAM |
 * END_HEADERS, {@code :status 200}, {@code content-type: application/grpc}, {@code grpc-status},
 * {@code grpc-message}) to the client, at a frame boundary of the service's flow that is not inside
 * a header block and after the service's first frame (its SETTINGS). The injected header block uses
 * only an indexed static entry and literals without indexing, so it never touches the client's
 * HPACK dynamic table.
 *
 * <p>The client side must start with the connection preface {@code PRI * HTTP/2.0...}; when it does
 * not (HTTP/1.1, TLS), the framer turns opaque and both flows pass as plain TCP.
 *
 * <p>Not thread-safe: one framer per connection, used on its event loop.
 */
final class Http2Framer {
    static final byte[] PREFACE =
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final int HEADERS = 0x1;
    static final int RST_STREAM = 0x3;
    static final int PUSH_PROMISE = 0x5;
    static final int CONTINUATION = 0x9;
    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;
    static final int CANCEL = 0x8;

    /** The text of {@code grpc-message} in an injected answer. */
    static final String MESSAGE = "gonogo chaos proxy: injected ";

    private final Consumer<ByteBuf> toServer;
    private final Consumer<ByteBuf> toClient;
    private final Supplier<Fault[]> faults;
    private final RandomGenerator random;
    private final Runnable answered;
    private final Reader client = new Reader();
    private final Reader server = new Reader();
    private int prefaceLeft = PREFACE.length;
    private boolean opaque;
    private int lastStream;
    private long calls;

    /** The status picked for the header block being read on the client side, -1 for none. */
    private int blockStatus = -1;

    private int blockStream;
    private final List<ByteBuf> pendingToClient = new ArrayList<>();

    Http2Framer(
            Consumer<ByteBuf> toServer,
            Consumer<ByteBuf> toClient,
            Supplier<Fault[]> faults,
            RandomGenerator random,
            Runnable answered) {
        this.toServer = toServer;
        this.toClient = toClient;
        this.faults = faults;
        this.random = random;
        this.answered = answered;
    }

    /** The framing state of one flow: where the current frame is. */
    private static final class Reader {
        final byte[] head = new byte[9];
        int headFill;
        int payloadLeft;
        int type;
        int flags;
        int stream;
        boolean inBlock;
        long frames;

        boolean atBoundary() {
            return headFill == 0 && payloadLeft == 0;
        }

        /**
         * Copies what {@code in} holds of the 9-byte frame head from {@code pos}, parsing it once
         * whole; returns the bytes taken.
         */
        int takeHead(ByteBuf in, int pos, int end) {
            int n = Math.min(9 - headFill, end - pos);
            in.getBytes(pos, head, headFill, n);
            headFill += n;
            if (headFill == 9) {
                payloadLeft = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | (head[2] & 0xff);
                type = head[3] & 0xff;
                flags = head[4] & 0xff;
                stream =
                        ((head[5] & 0x7f) << 24)
                                | (head[6] & 0xff) << 16
                                | (head[7] & 0xff) << 8
                                | (head[8] & 0xff);
            }
            return n;
        }
    }

    /** Whether the client did not speak HTTP/2 and bytes pass unframed. */
    boolean isOpaque() {
        return opaque;
    }

    /** Bytes from the client (ownership passes to the framer). */
    void fromClient(ByteBuf in) {
        if (opaque) {
            toServer.accept(in);
            return;
        }
        int pos = in.readerIndex();
        int end = in.writerIndex();
        int seg = pos;
        try {
            while (pos < end) {
                if (prefaceLeft > 0) {
                    int n = Math.min(prefaceLeft, end - pos);
                    int at = PREFACE.length - prefaceLeft;
                    for (int i = 0; i < n; i++) {
                        if (in.getByte(pos + i) != PREFACE[at + i]) {
                            opaque = true;
                            flushPendingToClient();
                            toServer.accept(in.retainedSlice(seg, end - seg));
                            return;
                        }
                    }
                    pos += n;
                    prefaceLeft -= n;
                    continue;
                }
                Reader r = client;
                if (r.headFill < 9) {
                    pos += r.takeHead(in, pos, end);
                    if (r.headFill < 9) {
                        continue;
                    }
                    clientFrameStarts(r);
                } else {
                    int n = Math.min(r.payloadLeft, end - pos);
                    pos += n;
                    r.payloadLeft -= n;
                }
                if (r.payloadLeft == 0) {
                    r.headFill = 0;
                    if (clientFrameEnds(r)) {
                        // forward the header block, then cancel the stream at the service
                        toServer.accept(in.retainedSlice(seg, pos - seg));
                        seg = pos;
                        toServer.accept(rstStream(blockStream));
                        injectToClient(trailersOnly(blockStream, blockStatus));
                        blockStatus = -1;
                    }
                }
            }
            if (seg < end) {
                toServer.accept(in.retainedSlice(seg, end - seg));
            }
        } finally {
            in.release();
        }
    }

    private void clientFrameStarts(Reader r) {
        if (r.type == HEADERS) {
            r.inBlock = true;
            blockStream = r.stream;
            blockStatus = -1;
            if ((r.stream & 1) == 1 && r.stream > lastStream) {
                // a new stream: a new call
                lastStream = r.stream;
                calls++;
                GrpcCallHead call = new GrpcCallHead(r.stream, calls);
                for (Fault f : faults.get()) {
                    OptionalInt status = f.grpcStatusInstead(call, random);
                    if (status.isPresent()) {
                        blockStatus = status.getAsInt();
                        break;
                    }
                }
            }
        }
    }

    /** Whether the frame that just ended closed the header block of a stream a fault picked. */
    private boolean clientFrameEnds(Reader r) {
        if ((r.type == HEADERS || r.type == CONTINUATION)
                && r.inBlock
                && (r.flags & END_HEADERS) != 0) {
            r.inBlock = false;
            return blockStatus >= 0;
        }
        return false;
    }

    /** Bytes from the service (ownership passes to the framer). */
    void fromServer(ByteBuf in) {
        if (opaque) {
            toClient.accept(in);
            return;
        }
        Reader r = server;
        int pos = in.readerIndex();
        int end = in.writerIndex();
        int seg = pos;
        try {
            while (pos < end) {
                if (r.headFill < 9) {
                    pos += r.takeHead(in, pos, end);
                    if (r.headFill < 9) {
                        continue;
                    }
                    if (r.type == HEADERS || r.type == PUSH_PROMISE) {
                        r.inBlock = true;
                    }
                } else {
                    int n = Math.min(r.payloadLeft, end - pos);
                    pos += n;
                    r.payloadLeft -= n;
                }
                if (r.payloadLeft == 0) {
                    r.headFill = 0;
                    r.frames++;
                    if ((r.type == HEADERS || r.type == PUSH_PROMISE || r.type == CONTINUATION)
                            && (r.flags & END_HEADERS) != 0) {
                        r.inBlock = false;
                    }
                    if (!pendingToClient.isEmpty() && safeForClient()) {
                        toClient.accept(in.retainedSlice(seg, pos - seg));
                        seg = pos;
                        flushPendingToClient();
                    }
                }
            }
            if (seg < end) {
                toClient.accept(in.retainedSlice(seg, end - seg));
            }
        } finally {
            in.release();
        }
    }

    /** Whether a frame of the proxy's own may go to the client now. */
    private boolean safeForClient() {
        return server.frames > 0 && server.atBoundary() && !server.inBlock;
    }

    private void injectToClient(ByteBuf frame) {
        answered.run();
        if (pendingToClient.isEmpty() && safeForClient()) {
            toClient.accept(frame);
        } else {
            pendingToClient.add(frame);
        }
    }

    private void flushPendingToClient() {
        for (ByteBuf b : pendingToClient) {
            toClient.accept(b);
        }
        pendingToClient.clear();
    }

    /** Frees frames not yet sent. */
    void release() {
        for (ByteBuf b : pendingToClient) {
            b.release();
        }
        pendingToClient.clear();
    }

    static ByteBuf rstStream(int stream) {
        ByteBuf b = Unpooled.buffer(13);
        frameHead(b, 4, RST_STREAM, 0, stream);
        b.writeInt(CANCEL);
        return b;
    }

    /**
     * A trailers-only answer with {@code grpc-status} {@code status}: static index 8 ({@code
     * :status 200}), then literals without indexing (RFC 7541 section 6.2.2), without Huffman.
     */
    static ByteBuf trailersOnly(int stream, int status) {
        ByteBuf block = Unpooled.buffer(128);
        block.writeByte(0x88); // :status: 200
        // content-type (static index 31): 0000 1111 then 31 - 15 = 16
        block.writeByte(0x0f).writeByte(0x10);
        string(block, "application/grpc");
        block.writeByte(0x00);
        string(block, "grpc-status");
        string(block, Integer.toString(status));
        block.writeByte(0x00);
        string(block, "grpc-message");
        string(block, MESSAGE + codeName(status));
        ByteBuf b = Unpooled.buffer(9 + block.readableBytes());
        frameHead(b, block.readableBytes(), HEADERS, END_STREAM | END_HEADERS, stream);
        b.writeBytes(block);
        block.release();
        return b;
    }

    private static void string(ByteBuf b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length >= 127) {
            throw new IllegalArgumentException(
                    "header string too long for a one-byte length: " + s);
        }
        b.writeByte(bytes.length);
        b.writeBytes(bytes);
    }

    private static void frameHead(ByteBuf b, int length, int type, int flags, int stream) {
        b.writeMedium(length);
        b.writeByte(type);
        b.writeByte(flags);
        b.writeInt(stream & 0x7fffffff);
    }

    /** The gRPC status codes by number (grpc/doc/statuscodes.md). */
    static final List<String> CODES =
            List.of(
                    "OK",
                    "CANCELLED",
                    "UNKNOWN",
                    "INVALID_ARGUMENT",
                    "DEADLINE_EXCEEDED",
                    "NOT_FOUND",
                    "ALREADY_EXISTS",
                    "PERMISSION_DENIED",
                    "RESOURCE_EXHAUSTED",
                    "FAILED_PRECONDITION",
                    "ABORTED",
                    "OUT_OF_RANGE",
                    "UNIMPLEMENTED",
                    "INTERNAL",
                    "UNAVAILABLE",
                    "DATA_LOSS",
                    "UNAUTHENTICATED");

    static String codeName(int status) {
        return status >= 0 && status < CODES.size() ? CODES.get(status) : Integer.toString(status);
    }
}
