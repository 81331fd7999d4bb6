package io.gonogo.runners.load.internal;

import java.nio.ByteBuffer;

/**
 * The HTTP/2 side of one gRPC {@link HttpConnection}: the client's half of the connection (preface,
 * settings, flow control, PING and GOAWAY), the requests it writes and the frames it reads, one
 * unary call (one stream) at a time.
 *
 * <p>Hand-written on the load engine's selector loop rather than taken from Netty or grpc-java: a
 * call through grpc-java's client costs several times the CPU of the server's side of it, so a load
 * test measured the generator as much as the service. Here a call is a copy of pre-encoded bytes
 * (the HEADERS frame's header block encoded once per run, the DATA frame's gRPC message built once
 * from the JSON body) with its stream id written in, and its response is parsed in place as it
 * arrives: frame headers, the header blocks through {@link HpackDecoder}, the DATA frames only
 * counted for flow control. Nothing is allocated per call.
 *
 * <p>What the session sends: the connection preface with {@code SETTINGS_ENABLE_PUSH = 0} and a
 * stream window of {@value #RECEIVE_WINDOW} octets, a connection window raised to the same, and
 * WINDOW_UPDATE frames when half of either window was used; SETTINGS and PING acknowledgements. The
 * request's header block inserts its fields into the server's dynamic table with the connection's
 * first request and refers to them by index afterwards, unless the server's table is too small for
 * them, when every block spells them out. What it honours: the server's stream window and
 * connection window for the request's DATA (a request waits for a WINDOW_UPDATE when they are too
 * small), its maximum frame size, GOAWAY (the stream in flight finishes if the server took it, then
 * the connection closes) and RST_STREAM.
 *
 * <p>The outcome of a call is a gRPC status code: {@code grpc-status} of the trailers (or of a
 * trailers-only response), else the code grpc-java derives from the HTTP status, {@code UNKNOWN}
 * when neither says; a stream reset by the server gets the code grpc-java gives its error code.
 *
 * <p>Buffer states: {@link #out} is in read mode (the bytes not yet written lie between its
 * position and limit). Only the engine thread touches a session.
 */
final class H2Session {

    /** A parse that needs more bytes before the call is resolved. */
    static final int NEED_MORE = HttpResponseParser.NEED_MORE;

    /** The call's response is complete: {@link #code()} tells its outcome. */
    static final int COMPLETE = HttpResponseParser.COMPLETE;

    /** The server broke the protocol: the connection must close. */
    static final int MALFORMED = HttpResponseParser.MALFORMED;

    /** The server refused the call unprocessed (GOAWAY below its stream): the call is lost. */
    static final int REFUSED = 3;

    /** The stream window this side offers, and the connection window it raises its own to. */
    static final int RECEIVE_WINDOW = 1 << 30;

    static final int DEFAULT_WINDOW = 65_535;
    static final int DEFAULT_FRAME = 16_384;

    /** The dynamic table size this side's decoder keeps, the protocol's default. */
    static final int TABLE_SIZE = 4096;

    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int PUSH_PROMISE = 5;
    static final int PING = 6;
    static final int GOAWAY = 7;
    static final int WINDOW_UPDATE = 8;
    static final int CONTINUATION = 9;

    static final int END_STREAM = 0x1;
    static final int ACK = 0x1;
    static final int END_HEADERS = 0x4;
    static final int PADDED = 0x8;
    static final int PRIORITY = 0x20;

    private static final int OK = 0;
    private static final int UNKNOWN = 2;

    /** gRPC's code for each HTTP/2 error code of a RST_STREAM, as grpc-java maps them. */
    private static final int[] RESET_CODES = {
        14, // NO_ERROR: UNAVAILABLE
        13, // PROTOCOL_ERROR: INTERNAL
        13, // INTERNAL_ERROR
        13, // FLOW_CONTROL_ERROR
        13, // SETTINGS_TIMEOUT
        13, // STREAM_CLOSED
        13, // FRAME_SIZE_ERROR
        14, // REFUSED_STREAM: UNAVAILABLE
        1, // CANCEL: CANCELLED
        13, // COMPRESSION_ERROR
        13, // CONNECT_ERROR
        8, // ENHANCE_YOUR_CALM: RESOURCE_EXHAUSTED
        7, // INADEQUATE_SECURITY: PERMISSION_DENIED
        2 // HTTP_1_1_REQUIRED: UNKNOWN
    };

    private static final byte[] PREFACE = prefaceAndSettings();

    private final GrpcRequests requests;
    private final HpackDecoder decoder = new HpackDecoder(TABLE_SIZE);

    /** What is waiting to be written: control frames, then the current request. */
    final ByteBuffer out;

    /** The frame being read: its 9-octet header, then its payload (DATA is only counted). */
    private final byte[] head = new byte[9];

    private int headFill;
    private int type;
    private int flags;
    private int stream;
    private int length;
    private int payloadLeft;

    /** The payload of a non-DATA frame, and the header block being assembled. */
    private byte[] payload = new byte[DEFAULT_FRAME];

    private int payloadFill;
    private byte[] block = new byte[DEFAULT_FRAME];
    private int blockFill;

    /** Whether a header block continues in CONTINUATION frames, on {@link #blockStream}. */
    private boolean continuing;

    private int blockStream;
    private boolean blockEndsStream;

    /** The stream of the call in flight, 0 when none. */
    private int current;

    /** The stream id of the next call. */
    private int nextStream;

    /** Whether the call in flight has had its response headers (the next block is trailers). */
    private boolean headersSeen;

    private int httpStatus;
    private int code;
    private boolean done;

    /** Whether the connection's first request has inserted the headers into the server's table. */
    private boolean indexed;

    /** Whether the server's table is too small for the indexed headers: every block spells them. */
    private boolean spelled;

    /** Whether the next block must first tell the server its table is now empty. */
    private boolean announceShrink;

    private long sendWindow;
    private int streamSendWindow;
    private int serverInitialWindow;
    private long receivedConnection;
    private long receivedStream;

    /** The last stream the server said it processes, after a GOAWAY; -1 before any. */
    private int goawayLast;

    /** Whether the request in {@link #out} waits for a WINDOW_UPDATE. */
    private boolean blocked;

    private int blockedOp;

    /** Whether control frames owed to the server no longer fit in {@link #out}. */
    private boolean overflow;

    H2Session(GrpcRequests requests, boolean direct) {
        this.requests = requests;
        int size = 4096 + requests.largest();
        this.out = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        this.out.limit(0);
    }

    /** Starts a new connection: its preface and settings go out ahead of the first request. */
    void begin() {
        out.clear();
        out.put(PREFACE);
        out.flip();
        headFill = 0;
        payloadLeft = 0;
        payloadFill = 0;
        blockFill = 0;
        continuing = false;
        current = 0;
        nextStream = 1;
        indexed = false;
        spelled = requests.tableNeed() > TABLE_SIZE; // the server's table starts this small
        announceShrink = false;
        sendWindow = DEFAULT_WINDOW;
        serverInitialWindow = DEFAULT_WINDOW;
        receivedConnection = 0;
        goawayLast = -1;
        blocked = false;
        overflow = false;
        decoder.reset();
    }

    /**
     * Puts the request of operation {@code op} behind what waits in {@link #out}, on a new stream.
     *
     * @return false when the server's windows cannot take its DATA yet: it leaves once a
     *     WINDOW_UPDATE makes room ({@link #unblocked()})
     */
    boolean request(int op) {
        current = nextStream;
        nextStream += 2;
        headersSeen = false;
        httpStatus = -1;
        code = UNKNOWN;
        done = false;
        receivedStream = 0;
        streamSendWindow = serverInitialWindow;
        if (requests.dataLength(op) > Math.min(sendWindow, streamSendWindow)) {
            blocked = true;
            blockedOp = op;
            return false;
        }
        put(op);
        return true;
    }

    private void put(int op) {
        out.compact();
        int variant;
        if (spelled) {
            variant = announceShrink ? GrpcRequests.SPELLED_AFTER_SHRINK : GrpcRequests.SPELLED;
            announceShrink = false;
        } else {
            variant = indexed ? GrpcRequests.INDEXED : GrpcRequests.INDEXING;
            indexed = true;
        }
        requests.write(op, variant, current, out);
        out.flip();
        int data = requests.dataLength(op);
        sendWindow -= data;
        streamSendWindow -= data;
    }

    /** Whether the request of the call in flight still waits for the server's windows. */
    boolean blocked() {
        return blocked;
    }

    /** Whether the stream ids of this connection are nearly used up: close it after this call. */
    boolean exhausted() {
        return nextStream > Integer.MAX_VALUE - 2 || goawayLast >= 0;
    }

    /** The outcome of the completed call: a gRPC status code. */
    int code() {
        return code;
    }

    /**
     * Reads {@code from..to} of {@code b}, frame by frame; control frames put their answers in
     * {@link #out}. Consumes everything it is given.
     *
     * @return {@link #COMPLETE} when the call in flight completed ({@link #code()}), {@link
     *     #MALFORMED} when the server broke the protocol, {@link #REFUSED} when a GOAWAY refused
     *     the call, else {@link #NEED_MORE}
     */
    int parse(byte[] b, int from, int to) {
        int result = NEED_MORE;
        int i = from;
        while (i < to) {
            if (headFill < 9) {
                int n = Math.min(9 - headFill, to - i);
                System.arraycopy(b, i, head, headFill, n);
                headFill += n;
                i += n;
                if (headFill < 9) {
                    break;
                }
                int r = frameStart();
                if (r != NEED_MORE) {
                    return r;
                }
                if (payloadLeft > 0) {
                    continue;
                }
            } else {
                int n = Math.min(payloadLeft, to - i);
                if (type != DATA) {
                    System.arraycopy(b, i, payload, payloadFill, n);
                    payloadFill += n;
                }
                payloadLeft -= n;
                i += n;
                if (payloadLeft > 0) {
                    break;
                }
            }
            int r = frameEnd();
            headFill = 0;
            if (overflow) {
                return MALFORMED;
            }
            if (r == COMPLETE) {
                result = COMPLETE;
            } else if (r != NEED_MORE) {
                return r;
            }
        }
        return result;
    }

    /** Reads the frame header just completed. */
    private int frameStart() {
        length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | (head[2] & 0xff);
        type = head[3] & 0xff;
        flags = head[4] & 0xff;
        stream =
                (head[5] & 0x7f) << 24
                        | (head[6] & 0xff) << 16
                        | (head[7] & 0xff) << 8
                        | (head[8] & 0xff);
        if (length > DEFAULT_FRAME) {
            return MALFORMED; // this side never allowed frames larger than the default
        }
        if (continuing && (type != CONTINUATION || stream != blockStream)) {
            return MALFORMED;
        }
        payloadLeft = length;
        payloadFill = 0;
        if (type == DATA) {
            return data();
        }
        return NEED_MORE;
    }

    /** A DATA frame's header: its whole length counts against the windows. */
    private int data() {
        if (stream == 0) {
            return MALFORMED;
        }
        receivedConnection += length;
        if (receivedConnection >= RECEIVE_WINDOW / 2) {
            windowUpdate(0, (int) receivedConnection);
            receivedConnection = 0;
        }
        if (stream == current && !done) {
            receivedStream += length;
            if (receivedStream >= RECEIVE_WINDOW / 2) {
                windowUpdate(current, (int) receivedStream);
                receivedStream = 0;
            }
        }
        return NEED_MORE;
    }

    /** Acts on the frame whose payload is complete. */
    private int frameEnd() {
        switch (type) {
            case DATA:
                if (stream == current && !done && (flags & END_STREAM) != 0) {
                    // a response that ends without trailers: grpc-java calls it INTERNAL or, after
                    // a non-200 status, the status's code
                    return finish(httpStatus != 200 && httpStatus > 0 ? httpCode(httpStatus) : 13);
                }
                return NEED_MORE;
            case HEADERS:
                return headers();
            case CONTINUATION:
                return continuation();
            case SETTINGS:
                return settings();
            case PING:
                if (length != 8 || stream != 0) {
                    return MALFORMED;
                }
                if ((flags & ACK) == 0) {
                    if (control(8, PING, ACK, 0)) {
                        out.compact();
                        out.put(payload, 0, 8);
                        out.flip();
                    }
                }
                return NEED_MORE;
            case GOAWAY:
                return goaway();
            case WINDOW_UPDATE:
                return windowUpdated();
            case RST_STREAM:
                if (length != 4 || stream == 0) {
                    return MALFORMED;
                }
                if (stream == current && !done) {
                    int error = int32(payload, 0);
                    return finish(
                            error >= 0 && error < RESET_CODES.length ? RESET_CODES[error] : 13);
                }
                return NEED_MORE;
            case PUSH_PROMISE:
                return MALFORMED; // this side disabled push
            default:
                return NEED_MORE; // PRIORITY and unknown types are ignored
        }
    }

    private int headers() {
        if (stream == 0) {
            return MALFORMED;
        }
        int off = 0;
        int len = length;
        if ((flags & PADDED) != 0) {
            if (len < 1) {
                return MALFORMED;
            }
            int pad = payload[0] & 0xff;
            off = 1;
            len -= 1 + pad;
        }
        if ((flags & PRIORITY) != 0) {
            off += 5;
            len -= 5;
        }
        if (len < 0) {
            return MALFORMED;
        }
        blockFill = 0;
        append(off, len);
        blockStream = stream;
        blockEndsStream = (flags & END_STREAM) != 0;
        if ((flags & END_HEADERS) == 0) {
            continuing = true;
            return NEED_MORE;
        }
        return block();
    }

    private int continuation() {
        if (!continuing) {
            return MALFORMED;
        }
        append(0, length);
        if ((flags & END_HEADERS) == 0) {
            return NEED_MORE;
        }
        continuing = false;
        return block();
    }

    private void append(int off, int len) {
        if (blockFill + len > block.length) {
            byte[] bigger = new byte[Math.max(blockFill + len, block.length * 2)];
            System.arraycopy(block, 0, bigger, 0, blockFill);
            block = bigger;
        }
        System.arraycopy(payload, off, block, blockFill, len);
        blockFill += len;
    }

    /** A whole header block: decoded (the table must follow every block), then judged. */
    private int block() {
        if (!decoder.decode(block, 0, blockFill)) {
            return MALFORMED;
        }
        if (blockStream != current || done) {
            return NEED_MORE; // a stream this side gave up on
        }
        int grpc = decoder.grpcStatus();
        if (!headersSeen) {
            headersSeen = true;
            httpStatus = decoder.status();
            if (!blockEndsStream) {
                return NEED_MORE;
            }
        } else if (!blockEndsStream) {
            return MALFORMED; // a third block on a unary call
        }
        if (grpc >= 0) {
            return finish(grpc <= 16 ? grpc : UNKNOWN);
        }
        if (grpc == HpackDecoder.MALFORMED_VALUE) {
            return finish(UNKNOWN);
        }
        return finish(httpStatus != 200 ? httpCode(httpStatus) : UNKNOWN);
    }

    private int finish(int grpcCode) {
        code = grpcCode;
        done = true;
        return COMPLETE;
    }

    /** The gRPC code grpc-java gives an HTTP status without a {@code grpc-status}. */
    static int httpCode(int status) {
        switch (status) {
            case 400:
                return 13; // INTERNAL
            case 401:
                return 16; // UNAUTHENTICATED
            case 403:
                return 7; // PERMISSION_DENIED
            case 404:
                return 12; // UNIMPLEMENTED
            case 429:
            case 502:
            case 503:
            case 504:
                return 14; // UNAVAILABLE
            default:
                return UNKNOWN;
        }
    }

    private int settings() {
        if (stream != 0) {
            return MALFORMED;
        }
        if ((flags & ACK) != 0) {
            return length == 0 ? NEED_MORE : MALFORMED;
        }
        if (length % 6 != 0) {
            return MALFORMED;
        }
        for (int p = 0; p < length; p += 6) {
            int id = (payload[p] & 0xff) << 8 | (payload[p + 1] & 0xff);
            int value = int32(payload, p + 2);
            if (id == 1) {
                if (!spelled && value < requests.tableNeed()) {
                    spelled = true;
                    announceShrink = indexed;
                }
            } else if (id == 4) {
                if (value < 0) {
                    return MALFORMED;
                }
                int delta = value - serverInitialWindow;
                serverInitialWindow = value;
                streamSendWindow += delta;
            }
        }
        control(0, SETTINGS, ACK, 0);
        return unblock();
    }

    private int goaway() {
        if (stream != 0 || length < 8) {
            return MALFORMED;
        }
        goawayLast = int32(payload, 0) & 0x7fffffff;
        if (current != 0 && !done && current > goawayLast) {
            return REFUSED;
        }
        return NEED_MORE;
    }

    private int windowUpdated() {
        if (length != 4) {
            return MALFORMED;
        }
        int increment = int32(payload, 0) & 0x7fffffff;
        if (stream == 0) {
            sendWindow += increment;
        } else if (stream == current) {
            streamSendWindow += increment;
        }
        return unblock();
    }

    /** Lets a request that waited for the windows go, when they now take it. */
    private int unblock() {
        if (blocked && requests.dataLength(blockedOp) <= Math.min(sendWindow, streamSendWindow)) {
            blocked = false;
            put(blockedOp);
        }
        return NEED_MORE;
    }

    /** Whether a call's request just became writable after waiting for the windows. */
    boolean hasOutput() {
        return out.hasRemaining();
    }

    /** Whether the server said it takes no new stream. */
    boolean goingAway() {
        return goawayLast >= 0;
    }

    private void windowUpdate(int streamId, int increment) {
        if (control(4, WINDOW_UPDATE, 0, streamId)) {
            out.compact();
            out.putInt(increment & 0x7fffffff);
            out.flip();
        }
    }

    /**
     * Appends a frame header to {@link #out}; the caller appends its payload. A server that makes
     * this side owe it more control frames than {@link #out} holds (a flood of PINGs while the
     * socket takes nothing) sets {@link #overflow}, which closes the connection.
     */
    private boolean control(int len, int frameType, int frameFlags, int streamId) {
        if (out.capacity() - out.remaining() < 9 + len) {
            overflow = true;
            return false;
        }
        out.compact();
        out.put((byte) (len >>> 16)).put((byte) (len >>> 8)).put((byte) len);
        out.put((byte) frameType).put((byte) frameFlags).putInt(streamId);
        out.flip();
        return true;
    }

    private static int int32(byte[] b, int p) {
        return (b[p] & 0xff) << 24
                | (b[p + 1] & 0xff) << 16
                | (b[p + 2] & 0xff) << 8
                | (b[p + 3] & 0xff);
    }

    private static byte[] prefaceAndSettings() {
        ByteBuffer b = ByteBuffer.allocate(24 + 9 + 12 + 13);
        b.put(
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put((byte) 0).put((byte) 0).put((byte) 12).put((byte) SETTINGS).put((byte) 0).putInt(0);
        b.putShort((short) 2).putInt(0); // SETTINGS_ENABLE_PUSH
        b.putShort((short) 4).putInt(RECEIVE_WINDOW); // SETTINGS_INITIAL_WINDOW_SIZE
        b.put((byte) 0)
                .put((byte) 0)
                .put((byte) 4)
                .put((byte) WINDOW_UPDATE)
                .put((byte) 0)
                .putInt(0);
        b.putInt(RECEIVE_WINDOW - DEFAULT_WINDOW);
        return b.array();
    }
}
