package io.gonogo.runners.load.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pre-encoded HTTP/2 frames of a gRPC run's unary calls, one set per operation: the HEADERS
 * frame in the variants a connection needs over its life and the DATA frames carrying the gRPC
 * message, each written with a stream id by {@link H2Session}.
 *
 * <p>Header block variants ({@link #INDEXING} to {@link #SPELLED_AFTER_SHRINK}): the connection's
 * first request inserts the fields every call repeats into the server's dynamic table (literal with
 * incremental indexing, names from the static table where it has them); later requests refer to
 * them by index, a byte each, as h2load and grpc-java do. A server whose table is smaller than
 * those entries gets them spelled out in every block (literal without indexing), the first such
 * block starting with a table size update to 0. With several operations the {@code :path} is always
 * spelled out, so that the shared entries keep their indexes whatever the order of operations.
 *
 * <p>Immutable once built; shared by the connections of a run.
 */
public final class GrpcRequests {

    /** The connection's first request: fields inserted into the server's table. */
    static final int INDEXING = 0;

    /** Later requests: the inserted fields by index. */
    static final int INDEXED = 1;

    /** Every field spelled out, for a server whose table cannot hold them. */
    static final int SPELLED = 2;

    /** {@link #SPELLED}, after a table size update to 0. */
    static final int SPELLED_AFTER_SHRINK = 3;

    private static final int STATIC_AUTHORITY = 1;
    private static final int STATIC_PATH = 4;
    private static final int STATIC_CONTENT_TYPE = 31;
    private static final int STATIC_USER_AGENT = 58;

    /** Per operation and variant, the header block. */
    private final byte[][][] blocks;

    /** Per operation, the DATA frames' payload: the gRPC message with its 5-octet prefix. */
    private final byte[][] bodies;

    private final int tableNeed;
    private final int largest;

    private GrpcRequests(byte[][][] blocks, byte[][] bodies, int tableNeed) {
        this.blocks = blocks;
        this.bodies = bodies;
        this.tableNeed = tableNeed;
        int most = 0;
        for (int op = 0; op < bodies.length; op++) {
            int block = 0;
            for (byte[] b : blocks[op]) {
                block = Math.max(block, b.length);
            }
            most = Math.max(most, 9 + block + frames(bodies[op].length) * 9 + bodies[op].length);
        }
        this.largest = most;
    }

    /**
     * One operation of a gRPC run.
     *
     * @param path {@code /package.Service/Method}
     * @param message the serialized request message
     * @param timeoutNanos the call's timeout, sent as {@code grpc-timeout}
     */
    public record Call(String path, byte[] message, long timeoutNanos) {

        /**
         * Checks the references.
         *
         * @param path the method's path
         * @param message the request message
         * @param timeoutNanos the timeout
         */
        public Call {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Encodes the calls of a run.
     *
     * @param calls one per operation
     * @param authority {@code host:port}
     * @param tls whether the scheme is {@code https}
     * @param metadata the ASCII metadata every call carries, lower-case names
     * @return the frames
     * @throws IllegalArgumentException when a header block exceeds one frame (16 KiB)
     */
    public static GrpcRequests of(
            List<Call> calls, String authority, boolean tls, Map<String, String> metadata) {
        int n = calls.size();
        boolean sharedPath = n == 1;
        byte[][][] blocks = new byte[n][4][];
        byte[][] bodies = new byte[n][];
        int need = 0;
        for (int op = 0; op < n; op++) {
            Call c = calls.get(op);
            // the fields every call of the run repeats, by static name index (0 for a literal name)
            Object[][] fields = {
                {STATIC_AUTHORITY, ":authority", authority},
                {STATIC_CONTENT_TYPE, "content-type", "application/grpc"},
                {0, "te", "trailers"},
                {STATIC_USER_AGENT, "user-agent", "gonogo-load"},
                {0, "grpc-timeout", timeout(c.timeoutNanos())}
            };
            java.util.List<Object[]> shared = new java.util.ArrayList<>(List.of(fields));
            metadata.forEach((k, v) -> shared.add(new Object[] {0, k, v}));
            if (sharedPath) {
                shared.add(0, new Object[] {STATIC_PATH, ":path", c.path()});
            }
            int k = shared.size();
            ByteArrayOutputStream indexing = start(tls);
            ByteArrayOutputStream indexed = start(tls);
            ByteArrayOutputStream spelled = start(tls);
            if (!sharedPath) {
                literal(indexing, STATIC_PATH, ":path", c.path(), false);
                literal(indexed, STATIC_PATH, ":path", c.path(), false);
                literal(spelled, STATIC_PATH, ":path", c.path(), false);
            }
            int size = 0;
            for (int i = 0; i < k; i++) {
                Object[] f = shared.get(i);
                int index = (Integer) f[0];
                String name = (String) f[1];
                String value = (String) f[2];
                literal(indexing, index, name, value, true);
                integer(indexed, 0x80, 7, 62 + k - 1 - i);
                literal(spelled, index, name, value, false);
                size += name.length() + value.length() + 32;
            }
            need = Math.max(need, size);
            blocks[op][INDEXING] = indexing.toByteArray();
            blocks[op][INDEXED] = indexed.toByteArray();
            blocks[op][SPELLED] = spelled.toByteArray();
            byte[] s = blocks[op][SPELLED];
            byte[] shrink = new byte[s.length + 1];
            shrink[0] = 0x20;
            System.arraycopy(s, 0, shrink, 1, s.length);
            blocks[op][SPELLED_AFTER_SHRINK] = shrink;
            for (byte[] b : blocks[op]) {
                if (b.length > H2Session.DEFAULT_FRAME) {
                    throw new IllegalArgumentException(
                            "the call's headers take "
                                    + b.length
                                    + " bytes encoded, more than one HTTP/2 frame of "
                                    + H2Session.DEFAULT_FRAME);
                }
            }
            byte[] m = c.message();
            byte[] body = new byte[5 + m.length];
            ByteBuffer.wrap(body).put((byte) 0).putInt(m.length).put(m);
            bodies[op] = body;
        }
        return new GrpcRequests(blocks, bodies, need);
    }

    /** {@code :method POST} and the scheme, both from the static table. */
    private static ByteArrayOutputStream start(boolean tls) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x83);
        b.write(tls ? 0x87 : 0x86);
        return b;
    }

    private static void literal(
            ByteArrayOutputStream b, int nameIndex, String name, String value, boolean indexing) {
        if (indexing) {
            integer(b, 0x40, 6, nameIndex);
        } else {
            integer(b, 0x00, 4, nameIndex);
        }
        if (nameIndex == 0) {
            string(b, name);
        }
        string(b, value);
    }

    private static void string(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        integer(b, 0x00, 7, bytes.length);
        b.write(bytes, 0, bytes.length);
    }

    /** An HPACK integer with an N-bit prefix (RFC 7541 5.1) after the pattern's high bits. */
    static void integer(ByteArrayOutputStream b, int pattern, int prefix, int value) {
        int max = (1 << prefix) - 1;
        if (value < max) {
            b.write(pattern | value);
            return;
        }
        b.write(pattern | max);
        value -= max;
        while (value >= 0x80) {
            b.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        b.write(value);
    }

    /**
     * The deadline the service is sent for a call whose timeout is {@code nanos}, as gRPC writes it
     * (at most eight digits and a unit): the timeout plus a tenth and 20 ms, so that a call this
     * side gives up on counts as its own {@code timeout} rather than as the service's {@code
     * DEADLINE_EXCEEDED} or {@code CANCELLED} racing it at the same instant.
     */
    static String timeout(long nanos) {
        long ms = Math.max(1, (nanos + nanos / 10 + 20_999_999) / 1_000_000);
        if (ms <= 99_999_999L) {
            return ms + "m";
        }
        return Math.min(99_999_999L, (nanos + 999_999_999L) / 1_000_000_000L) + "S";
    }

    private static int frames(int bodyLength) {
        return Math.max(1, (bodyLength + H2Session.DEFAULT_FRAME - 1) / H2Session.DEFAULT_FRAME);
    }

    /** The DATA payload of operation {@code op}'s request, what counts against the windows. */
    int dataLength(int op) {
        return bodies[op].length;
    }

    /** The most octets one request takes on the wire, frame headers included. */
    int largest() {
        return largest;
    }

    /** The dynamic table size the indexed fields need in the server's table. */
    int tableNeed() {
        return tableNeed;
    }

    /**
     * Writes operation {@code op}'s HEADERS and DATA frames on {@code stream} into {@code out} (in
     * write mode).
     */
    void write(int op, int variant, int stream, ByteBuffer out) {
        byte[] block = blocks[op][variant];
        frameHead(out, block.length, H2Session.HEADERS, H2Session.END_HEADERS, stream);
        out.put(block);
        byte[] body = bodies[op];
        int off = 0;
        do {
            int len = Math.min(H2Session.DEFAULT_FRAME, body.length - off);
            boolean last = off + len == body.length;
            frameHead(out, len, H2Session.DATA, last ? H2Session.END_STREAM : 0, stream);
            out.put(body, off, len);
            off += len;
        } while (off < body.length);
    }

    private static void frameHead(ByteBuffer out, int len, int type, int flags, int stream) {
        out.put((byte) (len >>> 16)).put((byte) (len >>> 8)).put((byte) len);
        out.put((byte) type).put((byte) flags).putInt(stream);
    }
}
