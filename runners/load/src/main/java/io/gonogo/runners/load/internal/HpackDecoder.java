package io.gonogo.runners.load.internal;

/**
 * An HPACK (RFC 7541) decoder for the header blocks a gRPC server sends a client: it keeps the
 * dynamic table, decodes Huffman-coded strings and reports from each block only what the load
 * engine needs, the {@code :status}, the {@code grpc-status} and whether a {@code grpc-message} was
 * there.
 *
 * <p>Hand-written rather than taken from Netty or Twitter's hpack because those materialise every
 * field as objects (strings, byte arrays, header maps) and the load engine's hot path allocates
 * nothing per call. The dynamic table therefore holds no bytes: an entry keeps its size (for
 * eviction), which of the three headers it names and, for the two statuses, the value already
 * parsed, which is all a later reference to it needs. Fields with other names are checked and
 * counted in the table, and their values skipped.
 *
 * <p>Not thread-safe: one decoder per connection, used by its engine thread.
 */
final class HpackDecoder {

    /** A field the client ignores. */
    static final int OTHER = 0;

    /** {@code :status}. */
    static final int STATUS = 1;

    /** {@code grpc-status}. */
    static final int GRPC_STATUS = 2;

    /** {@code grpc-message}. */
    static final int GRPC_MESSAGE = 3;

    /** A value that is not the number the header should carry. */
    static final int MALFORMED_VALUE = -2;

    private static final int ABSENT = -1;

    /** The static table's names (RFC 7541 Appendix A), index 1 first; only their lengths count. */
    private static final String[] STATIC_NAMES = {
        ":authority",
        ":method",
        ":method",
        ":path",
        ":path",
        ":scheme",
        ":scheme",
        ":status",
        ":status",
        ":status",
        ":status",
        ":status",
        ":status",
        ":status",
        "accept-charset",
        "accept-encoding",
        "accept-language",
        "accept-ranges",
        "accept",
        "access-control-allow-origin",
        "age",
        "allow",
        "authorization",
        "cache-control",
        "content-disposition",
        "content-encoding",
        "content-language",
        "content-length",
        "content-location",
        "content-range",
        "content-type",
        "cookie",
        "date",
        "etag",
        "expect",
        "expires",
        "from",
        "host",
        "if-match",
        "if-modified-since",
        "if-none-match",
        "if-range",
        "if-unmodified-since",
        "last-modified",
        "link",
        "location",
        "max-forwards",
        "proxy-authenticate",
        "proxy-authorization",
        "range",
        "referer",
        "refresh",
        "retry-after",
        "server",
        "set-cookie",
        "strict-transport-security",
        "transfer-encoding",
        "user-agent",
        "vary",
        "via",
        "www-authenticate"
    };

    private static final int STATIC_COUNT = STATIC_NAMES.length;

    /** The values of the static table's {@code :status} entries, indexes 8 to 14. */
    private static final int[] STATIC_STATUS = {200, 204, 206, 304, 400, 404, 500};

    private static final byte[] STATUS_NAME = ascii(":status");
    private static final byte[] GRPC_STATUS_NAME = ascii("grpc-status");
    private static final byte[] GRPC_MESSAGE_NAME = ascii("grpc-message");

    /** The Huffman code of each symbol, 0..255 and EOS (256), RFC 7541 Appendix B. */
    static final int[] HUFFMAN_CODES = {
        0x1ff8, 0x7fffd8, 0xfffffe2, 0xfffffe3, 0xfffffe4, 0xfffffe5,
        0xfffffe6, 0xfffffe7, 0xfffffe8, 0xffffea, 0x3ffffffc, 0xfffffe9,
        0xfffffea, 0x3ffffffd, 0xfffffeb, 0xfffffec, 0xfffffed, 0xfffffee,
        0xfffffef, 0xffffff0, 0xffffff1, 0xffffff2, 0x3ffffffe, 0xffffff3,
        0xffffff4, 0xffffff5, 0xffffff6, 0xffffff7, 0xffffff8, 0xffffff9,
        0xffffffa, 0xffffffb, 0x14, 0x3f8, 0x3f9, 0xffa,
        0x1ff9, 0x15, 0xf8, 0x7fa, 0x3fa, 0x3fb,
        0xf9, 0x7fb, 0xfa, 0x16, 0x17, 0x18,
        0x0, 0x1, 0x2, 0x19, 0x1a, 0x1b,
        0x1c, 0x1d, 0x1e, 0x1f, 0x5c, 0xfb,
        0x7ffc, 0x20, 0xffb, 0x3fc, 0x1ffa, 0x21,
        0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62,
        0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
        0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e,
        0x6f, 0x70, 0x71, 0x72, 0xfc, 0x73,
        0xfd, 0x1ffb, 0x7fff0, 0x1ffc, 0x3ffc, 0x22,
        0x7ffd, 0x3, 0x23, 0x4, 0x24, 0x5,
        0x25, 0x26, 0x27, 0x6, 0x74, 0x75,
        0x28, 0x29, 0x2a, 0x7, 0x2b, 0x76,
        0x2c, 0x8, 0x9, 0x2d, 0x77, 0x78,
        0x79, 0x7a, 0x7b, 0x7ffe, 0x7fc, 0x3ffd,
        0x1ffd, 0xffffffc, 0xfffe6, 0x3fffd2, 0xfffe7, 0xfffe8,
        0x3fffd3, 0x3fffd4, 0x3fffd5, 0x7fffd9, 0x3fffd6, 0x7fffda,
        0x7fffdb, 0x7fffdc, 0x7fffdd, 0x7fffde, 0xffffeb, 0x7fffdf,
        0xffffec, 0xffffed, 0x3fffd7, 0x7fffe0, 0xffffee, 0x7fffe1,
        0x7fffe2, 0x7fffe3, 0x7fffe4, 0x1fffdc, 0x3fffd8, 0x7fffe5,
        0x3fffd9, 0x7fffe6, 0x7fffe7, 0xffffef, 0x3fffda, 0x1fffdd,
        0xfffe9, 0x3fffdb, 0x3fffdc, 0x7fffe8, 0x7fffe9, 0x1fffde,
        0x7fffea, 0x3fffdd, 0x3fffde, 0xfffff0, 0x1fffdf, 0x3fffdf,
        0x7fffeb, 0x7fffec, 0x1fffe0, 0x1fffe1, 0x3fffe0, 0x1fffe2,
        0x7fffed, 0x3fffe1, 0x7fffee, 0x7fffef, 0xfffea, 0x3fffe2,
        0x3fffe3, 0x3fffe4, 0x7ffff0, 0x3fffe5, 0x3fffe6, 0x7ffff1,
        0x3ffffe0, 0x3ffffe1, 0xfffeb, 0x7fff1, 0x3fffe7, 0x7ffff2,
        0x3fffe8, 0x1ffffec, 0x3ffffe2, 0x3ffffe3, 0x3ffffe4, 0x7ffffde,
        0x7ffffdf, 0x3ffffe5, 0xfffff1, 0x1ffffed, 0x7fff2, 0x1fffe3,
        0x3ffffe6, 0x7ffffe0, 0x7ffffe1, 0x3ffffe7, 0x7ffffe2, 0xfffff2,
        0x1fffe4, 0x1fffe5, 0x3ffffe8, 0x3ffffe9, 0xffffffd, 0x7ffffe3,
        0x7ffffe4, 0x7ffffe5, 0xfffec, 0xfffff3, 0xfffed, 0x1fffe6,
        0x3fffe9, 0x1fffe7, 0x1fffe8, 0x7ffff3, 0x3fffea, 0x3fffeb,
        0x1ffffee, 0x1ffffef, 0xfffff4, 0xfffff5, 0x3ffffea, 0x7ffff4,
        0x3ffffeb, 0x7ffffe6, 0x3ffffec, 0x3ffffed, 0x7ffffe7, 0x7ffffe8,
        0x7ffffe9, 0x7ffffea, 0x7ffffeb, 0xffffffe, 0x7ffffec, 0x7ffffed,
        0x7ffffee, 0x7ffffef, 0x7fffff0, 0x3ffffee, 0x3fffffff,
    };

    /** The length in bits of each symbol's Huffman code. */
    static final byte[] HUFFMAN_LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28,
        28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28, 6, 10, 10, 12, 13, 6, 8, 11,
        10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8,
        15, 6, 12, 10, 13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, 15, 5, 6, 5,
        6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7,
        7, 7, 7, 15, 11, 14, 13, 28, 20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23,
        23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21,
        23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, 26, 26, 20, 19, 22, 23, 22, 25,
        26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26,
        28, 27, 27, 27, 20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, 30,
    };

    private static final int EOS = 256;

    /**
     * The Huffman decoding tree: node {@code n}'s children are {@code TREE[2n]} (bit 0) and {@code
     * TREE[2n + 1]} (bit 1), a node index, or a leaf as {@code -1 - symbol}; 0 where no code goes.
     */
    private static final int[] TREE = huffmanTree();

    private final int maxTableSize;

    /**
     * The dynamic table as a ring, newest at {@code head - 1}: entry sizes, name lengths, kinds,
     * values.
     */
    private final int[] sizes;

    private final int[] kinds;
    private final int[] values;
    private final int[] nameLengths;
    private int head;
    private int count;
    private int tableSize;

    /** The current maximum size, set by size updates within {@link #maxTableSize}. */
    private int capacity;

    private byte[] scratch = new byte[256];

    /** Where the current block is read; an offset into the caller's array. */
    private int pos;

    private int end;

    /** The length of the last string read, decoded. */
    private int stringLength;

    private int status;
    private int grpcStatus;
    private boolean grpcMessage;

    /**
     * Prepares a decoder with an empty dynamic table.
     *
     * @param maxTableSize the {@code SETTINGS_HEADER_TABLE_SIZE} this side advertised
     */
    HpackDecoder(int maxTableSize) {
        this.maxTableSize = maxTableSize;
        this.capacity = maxTableSize;
        int slots = maxTableSize / 32 + 1;
        this.sizes = new int[slots];
        this.kinds = new int[slots];
        this.values = new int[slots];
        this.nameLengths = new int[slots];
    }

    /** Empties the dynamic table for a new connection. */
    void reset() {
        head = 0;
        count = 0;
        tableSize = 0;
        capacity = maxTableSize;
    }

    /**
     * Decodes one complete header block: the payloads of a HEADERS frame and its CONTINUATION
     * frames, padding and priority removed.
     *
     * @param block the bytes
     * @param off where the block starts
     * @param len its length
     * @return false on a compression error, which ends the connection
     */
    boolean decode(byte[] block, int off, int len) {
        status = ABSENT;
        grpcStatus = ABSENT;
        grpcMessage = false;
        pos = off;
        end = off + len;
        boolean fields = false;
        while (pos < end) {
            int b = block[pos] & 0xff;
            boolean ok;
            if ((b & 0x80) != 0) {
                ok = indexed(block);
            } else if ((b & 0x40) != 0) {
                ok = literal(block, 6, true);
            } else if ((b & 0x20) != 0) {
                if (fields || !sizeUpdate(block)) {
                    return false;
                }
                continue;
            } else {
                ok = literal(block, 4, false);
            }
            if (!ok) {
                return false;
            }
            fields = true;
        }
        return true;
    }

    /**
     * The {@code :status} of the last block: 100..999, -1 when absent, -2 when not three digits.
     */
    int status() {
        return status;
    }

    /**
     * The {@code grpc-status} of the last block: its value, -1 when absent, -2 when not a number.
     */
    int grpcStatus() {
        return grpcStatus;
    }

    /** Whether the last block had a {@code grpc-message}. */
    boolean hasGrpcMessage() {
        return grpcMessage;
    }

    /** The dynamic table's size in octets, as RFC 7541 counts it. */
    int tableSize() {
        return tableSize;
    }

    /** The number of entries in the dynamic table. */
    int tableEntries() {
        return count;
    }

    // ------------------------------------------------------------ representations

    private boolean indexed(byte[] b) {
        int index = integer(b, 7);
        if (index <= 0) {
            return false;
        }
        if (index <= STATIC_COUNT) {
            if (index >= 8 && index <= 14) {
                seen(STATUS, STATIC_STATUS[index - 8]);
            }
            return true;
        }
        int slot = slot(index);
        if (slot < 0) {
            return false;
        }
        seen(kinds[slot], values[slot]);
        return true;
    }

    private boolean literal(byte[] b, int prefix, boolean indexing) {
        int index = integer(b, prefix);
        if (index < 0) {
            return false;
        }
        int kind;
        int nameLength;
        if (index == 0) {
            if (!string(b, true)) {
                return false;
            }
            nameLength = stringLength;
            kind = nameKind();
        } else if (index <= STATIC_COUNT) {
            nameLength = STATIC_NAMES[index - 1].length();
            kind = index >= 8 && index <= 14 ? STATUS : OTHER;
        } else {
            int slot = slot(index);
            if (slot < 0) {
                return false;
            }
            nameLength = nameLengths[slot];
            kind = kinds[slot];
        }
        if (!string(b, kind != OTHER)) {
            return false;
        }
        int value = value(kind, stringLength);
        seen(kind, value);
        if (indexing) {
            insert(nameLength + stringLength + 32, nameLength, kind, value);
        }
        return true;
    }

    private boolean sizeUpdate(byte[] b) {
        int size = integer(b, 5);
        if (size < 0 || size > maxTableSize) {
            return false;
        }
        capacity = size;
        evictTo(capacity);
        return true;
    }

    private void seen(int kind, int value) {
        if (kind == STATUS) {
            status = value;
        } else if (kind == GRPC_STATUS) {
            grpcStatus = value;
        } else if (kind == GRPC_MESSAGE) {
            grpcMessage = true;
        }
    }

    // ------------------------------------------------------------ the dynamic table

    /** The ring slot of dynamic index {@code index} (62 the newest), -1 past the table. */
    private int slot(int index) {
        int i = index - STATIC_COUNT - 1;
        if (i >= count) {
            return -1;
        }
        int s = head - 1 - i;
        return s < 0 ? s + sizes.length : s;
    }

    private void insert(int size, int nameLength, int kind, int value) {
        if (size > capacity) {
            evictTo(0); // an entry larger than the table empties it and is not added
            return;
        }
        evictTo(capacity - size);
        sizes[head] = size;
        nameLengths[head] = nameLength;
        kinds[head] = kind;
        values[head] = value;
        head = head + 1 == sizes.length ? 0 : head + 1;
        count++;
        tableSize += size;
    }

    /** Evicts the oldest entries until the table's size is at most {@code size}. */
    private void evictTo(int size) {
        while (tableSize > size) {
            int oldest = head - count;
            if (oldest < 0) {
                oldest += sizes.length;
            }
            tableSize -= sizes[oldest];
            count--;
        }
    }

    // ------------------------------------------------------------ primitives

    /** An integer with an N-bit prefix at {@link #pos}; -1 when truncated or past 2^31 - 1. */
    private int integer(byte[] b, int prefix) {
        if (pos >= end) {
            return -1;
        }
        int max = (1 << prefix) - 1;
        int value = b[pos++] & max;
        if (value < max) {
            return value;
        }
        int shift = 0;
        while (pos < end) {
            int c = b[pos++] & 0xff;
            if (shift == 28 && (c & 0x7f) > 7) {
                return -1;
            }
            value += (c & 0x7f) << shift;
            if ((c & 0x80) == 0) {
                return value < 0 ? -1 : value;
            }
            shift += 7;
            if (shift > 28) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * A string literal at {@link #pos}: its decoded length in {@link #stringLength} and, when
     * {@code keep} or Huffman-coded, its octets in {@link #scratch}; false when it is malformed.
     */
    private boolean string(byte[] b, boolean keep) {
        if (pos >= end) {
            return false;
        }
        boolean huffman = (b[pos] & 0x80) != 0;
        int length = integer(b, 7);
        if (length < 0 || length > end - pos) {
            return false;
        }
        int from = pos;
        pos += length;
        if (huffman) {
            return huffman(b, from, length);
        }
        stringLength = length;
        if (keep) {
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            System.arraycopy(b, from, scratch, 0, length);
        }
        return true;
    }

    /** Decodes {@code length} Huffman-coded octets into {@link #scratch}; false when invalid. */
    private boolean huffman(byte[] b, int from, int length) {
        int most = length * 8 / 5;
        if (scratch.length < most) {
            scratch = new byte[Math.max(most, scratch.length * 2)];
        }
        int out = 0;
        int node = 0;
        int pending = 0;
        boolean ones = true;
        for (int i = from; i < from + length; i++) {
            int octet = b[i] & 0xff;
            for (int bit = 7; bit >= 0; bit--) {
                int one = (octet >>> bit) & 1;
                int next = TREE[2 * node + one];
                pending++;
                ones &= one == 1;
                if (next < 0) {
                    int symbol = -1 - next;
                    if (symbol == EOS) {
                        return false;
                    }
                    scratch[out++] = (byte) symbol;
                    node = 0;
                    pending = 0;
                    ones = true;
                } else if (next == 0) {
                    return false;
                } else {
                    node = next;
                }
            }
        }
        if (pending > 7 || !ones) {
            return false;
        }
        stringLength = out;
        return true;
    }

    /** Which of the client's headers the name in {@link #scratch} is. */
    private int nameKind() {
        if (same(STATUS_NAME)) {
            return STATUS;
        }
        if (same(GRPC_STATUS_NAME)) {
            return GRPC_STATUS;
        }
        if (same(GRPC_MESSAGE_NAME)) {
            return GRPC_MESSAGE;
        }
        return OTHER;
    }

    private boolean same(byte[] name) {
        if (stringLength != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (scratch[i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** The value of a status header in {@link #scratch}, parsed; 0 for the others. */
    private int value(int kind, int length) {
        if (kind == STATUS) {
            if (length != 3) {
                return MALFORMED_VALUE;
            }
            int v = digits(length);
            return v >= 100 ? v : MALFORMED_VALUE;
        }
        if (kind == GRPC_STATUS) {
            if (length == 0 || length > 10) {
                return MALFORMED_VALUE;
            }
            long v = 0;
            for (int i = 0; i < length; i++) {
                int d = scratch[i] - '0';
                if (d < 0 || d > 9) {
                    return MALFORMED_VALUE;
                }
                v = v * 10 + d;
            }
            return v <= Integer.MAX_VALUE ? (int) v : MALFORMED_VALUE;
        }
        return 0;
    }

    private int digits(int length) {
        int v = 0;
        for (int i = 0; i < length; i++) {
            int d = scratch[i] - '0';
            if (d < 0 || d > 9) {
                return MALFORMED_VALUE;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int[] huffmanTree() {
        int[] tree = new int[2 * 512];
        int nodes = 1;
        for (int symbol = 0; symbol <= EOS; symbol++) {
            int code = HUFFMAN_CODES[symbol];
            int length = HUFFMAN_LENGTHS[symbol];
            int node = 0;
            for (int bit = length - 1; bit > 0; bit--) {
                int i = 2 * node + ((code >>> bit) & 1);
                if (tree[i] == 0) {
                    tree[i] = nodes++;
                }
                node = tree[i];
            }
            tree[2 * node + (code & 1)] = -1 - symbol;
        }
        return tree;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
