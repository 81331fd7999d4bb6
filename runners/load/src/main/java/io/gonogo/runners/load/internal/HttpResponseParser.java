package io.gonogo.runners.load.internal;

/**
 * Incremental parser of one HTTP/1.1 response at a time, reading only what framing needs.
 *
 * <p>It reads the status line and the {@code Content-Length}, {@code Transfer-Encoding} and {@code
 * Connection} headers; other headers and the body are skipped without being copied. Bytes may
 * arrive in any split: the parser keeps its state between calls. Interim 1xx responses are skipped;
 * responses to HEAD and 204 or 304 responses have no body; a response with neither length nor
 * chunked framing runs until the connection closes.
 */
public final class HttpResponseParser {

    /** More bytes are needed to complete the response. */
    public static final int NEED_MORE = 0;

    /** The response is complete; the buffer's position is just after its last byte. */
    public static final int COMPLETE = 1;

    /** The bytes are not a valid response; {@link #error()} says why. */
    public static final int MALFORMED = 2;

    private static final int LINE_CAPACITY = 256;
    private static final int MAX_LINE = 64 * 1024;

    private static final int STATUS = 0;
    private static final int HEADER = 1;
    private static final int BODY_LENGTH = 2;
    private static final int CHUNK_SIZE = 3;
    private static final int CHUNK_DATA = 4;
    private static final int CHUNK_DATA_END = 5;
    private static final int TRAILER = 6;
    private static final int UNTIL_CLOSE = 7;
    private static final int DONE = 8;

    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    private final byte[] line = new byte[LINE_CAPACITY];
    private int lineLength;
    private int state;
    private boolean headRequest;
    private boolean started;
    private int status;
    private int minorVersion;
    private long contentLength;
    private boolean transferEncoding;
    private boolean chunked;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean closeAfter;
    private long remaining;
    private int position;
    private String error = "";

    /** Creates a parser ready for a response to a non-HEAD request. */
    public HttpResponseParser() {
        reset(false);
    }

    /**
     * Prepares for the response to the next request.
     *
     * @param headRequest whether that request is a HEAD request, whose response has no body
     */
    public void reset(boolean headRequest) {
        this.headRequest = headRequest;
        this.started = false;
        this.error = "";
        startResponse();
    }

    private void startResponse() {
        state = STATUS;
        lineLength = 0;
        status = 0;
        minorVersion = 1;
        contentLength = -1;
        transferEncoding = false;
        chunked = false;
        connectionClose = false;
        connectionKeepAlive = false;
        closeAfter = false;
        remaining = 0;
    }

    /**
     * Consumes bytes {@code from} (inclusive) {@code to} (exclusive), or up to the end of the
     * response.
     *
     * <p>The engine copies each read from its direct buffer into one array with a single bulk get
     * and parses the array: per-byte reads of a direct buffer cost several times more.
     *
     * @param data bytes received
     * @param from index of the first byte to consume
     * @param to index after the last byte available
     * @return {@link #NEED_MORE} (all bytes consumed), {@link #COMPLETE} or {@link #MALFORMED};
     *     {@link #position()} then tells where consumption stopped
     */
    public int parse(byte[] data, int from, int to) {
        int pos = from;
        if (pos < to) {
            started = true;
        }
        while (pos < to) {
            switch (state) {
                case BODY_LENGTH:
                case CHUNK_DATA:
                    {
                        int n = (int) Math.min(remaining, to - pos);
                        pos += n;
                        remaining -= n;
                        if (remaining == 0) {
                            if (state == BODY_LENGTH) {
                                state = DONE;
                                position = pos;
                                return COMPLETE;
                            }
                            state = CHUNK_DATA_END;
                        }
                        break;
                    }
                case UNTIL_CLOSE:
                    pos = to;
                    break;
                case DONE:
                    position = pos;
                    return COMPLETE;
                default:
                    {
                        boolean endOfLine = false;
                        int len = lineLength;
                        byte[] l = line;
                        while (pos < to) {
                            byte b = data[pos++];
                            if (b == '\n') {
                                endOfLine = true;
                                break;
                            }
                            if (len < LINE_CAPACITY) {
                                l[len] = b;
                            }
                            len++;
                        }
                        lineLength = len;
                        if (len > MAX_LINE) {
                            position = pos;
                            return malformed(
                                    "a line of the response is longer than " + MAX_LINE + " bytes");
                        }
                        if (endOfLine) {
                            int result = endOfLine();
                            lineLength = 0;
                            if (result != NEED_MORE) {
                                position = pos;
                                return result;
                            }
                        }
                    }
            }
        }
        position = pos;
        return NEED_MORE;
    }

    /**
     * Returns the index just after the last byte the latest {@link #parse} consumed.
     *
     * @return an index into the array last parsed
     */
    public int position() {
        return position;
    }

    /**
     * Tells the parser the connection was closed by the peer.
     *
     * @return true when that close completes the response (a body delimited by the close)
     */
    public boolean onEof() {
        if (state == UNTIL_CLOSE) {
            state = DONE;
            return true;
        }
        return state == DONE;
    }

    /**
     * Returns the status of the final response, 0 before its status line was read.
     *
     * @return the status code
     */
    public int status() {
        return status;
    }

    /**
     * Tells whether the server closes the connection after this response.
     *
     * @return true for {@code Connection: close}, HTTP/1.0 without keep-alive, or a close-delimited
     *     body
     */
    public boolean closeAfter() {
        return closeAfter;
    }

    /**
     * Tells whether any byte of the response has been received.
     *
     * @return true once a byte was seen
     */
    public boolean started() {
        return started;
    }

    /**
     * Returns why the response was malformed.
     *
     * @return the reason, empty when it was not
     */
    public String error() {
        return error;
    }

    private int endOfLine() {
        boolean truncated = lineLength > LINE_CAPACITY;
        int len = Math.min(lineLength, LINE_CAPACITY);
        if (!truncated && len > 0 && line[len - 1] == '\r') {
            len--;
        }
        switch (state) {
            case STATUS:
                return statusLine(len);
            case HEADER:
                if (len == 0) {
                    return endOfHeaders();
                }
                return header(len, truncated);
            case CHUNK_SIZE:
                return chunkSize(len);
            case CHUNK_DATA_END:
                if (len != 0) {
                    return malformed("chunk data is not followed by CRLF");
                }
                state = CHUNK_SIZE;
                return NEED_MORE;
            case TRAILER:
                if (len == 0) {
                    state = DONE;
                    return COMPLETE;
                }
                return NEED_MORE;
            default:
                return malformed("parser in unexpected state " + state);
        }
    }

    private int statusLine(int len) {
        byte[] l = line;
        if (len < 12
                || l[0] != 'H'
                || l[1] != 'T'
                || l[2] != 'T'
                || l[3] != 'P'
                || l[4] != '/'
                || l[5] != '1'
                || l[6] != '.'
                || !digit(l[7])
                || l[8] != ' '
                || !digit(l[9])
                || !digit(l[10])
                || !digit(l[11])
                || (len > 12 && l[12] != ' ')) {
            return malformed("not an HTTP/1.x status line: '" + printable(len) + "'");
        }
        minorVersion = l[7] - '0';
        status = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
        if (status < 100 || status > 599) {
            return malformed("status " + status + " is outside 100..599");
        }
        if (status == 101) {
            return malformed("unexpected 101 Switching Protocols");
        }
        state = HEADER;
        return NEED_MORE;
    }

    private int header(int len, boolean truncated) {
        byte[] l = line;
        if (l[0] == ' ' || l[0] == '\t') {
            return NEED_MORE; // obsolete line folding of a header we do not read
        }
        int colon = -1;
        for (int i = 0; i < len; i++) {
            if (l[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0) {
            if (truncated) {
                return NEED_MORE; // a long header whose name we cannot see; none of ours is that
                // long
            }
            return malformed("header line without a name and colon: '" + printable(len) + "'");
        }
        int nameEnd = colon;
        int valueStart = colon + 1;
        while (valueStart < len && (l[valueStart] == ' ' || l[valueStart] == '\t')) {
            valueStart++;
        }
        int valueEnd = len;
        while (valueEnd > valueStart && (l[valueEnd - 1] == ' ' || l[valueEnd - 1] == '\t')) {
            valueEnd--;
        }
        if (nameIs(CONTENT_LENGTH, nameEnd)) {
            if (truncated) {
                return malformed("Content-Length line is too long");
            }
            long value = 0;
            if (valueStart == valueEnd || valueEnd - valueStart > 18) {
                return malformed("bad Content-Length: '" + printable(len) + "'");
            }
            for (int i = valueStart; i < valueEnd; i++) {
                if (!digit(l[i])) {
                    return malformed("bad Content-Length: '" + printable(len) + "'");
                }
                value = value * 10 + (l[i] - '0');
            }
            if (contentLength >= 0 && contentLength != value) {
                return malformed(
                        "conflicting Content-Length values " + contentLength + " and " + value);
            }
            contentLength = value;
        } else if (nameIs(TRANSFER_ENCODING, nameEnd)) {
            transferEncoding = true;
            chunked = lastTokenIs(CHUNKED, valueStart, valueEnd);
        } else if (nameIs(CONNECTION, nameEnd)) {
            scanConnection(valueStart, valueEnd);
        }
        return NEED_MORE;
    }

    private int endOfHeaders() {
        if (status < 200) {
            startResponse(); // interim 1xx response: the final one follows
            return NEED_MORE;
        }
        closeAfter = connectionClose || (minorVersion == 0 && !connectionKeepAlive);
        if (headRequest || status == 204 || status == 304) {
            state = DONE;
            return COMPLETE;
        }
        if (transferEncoding) {
            if (chunked) {
                state = CHUNK_SIZE;
                return NEED_MORE;
            }
            closeAfter = true;
            state = UNTIL_CLOSE;
            return NEED_MORE;
        }
        if (contentLength == 0) {
            state = DONE;
            return COMPLETE;
        }
        if (contentLength > 0) {
            remaining = contentLength;
            state = BODY_LENGTH;
            return NEED_MORE;
        }
        closeAfter = true;
        state = UNTIL_CLOSE;
        return NEED_MORE;
    }

    private int chunkSize(int len) {
        long size = 0;
        int digits = 0;
        int i = 0;
        for (; i < len; i++) {
            int v = hex(line[i]);
            if (v < 0) {
                break;
            }
            if (++digits > 15) {
                return malformed("chunk size has more than 15 hex digits");
            }
            size = (size << 4) | v;
        }
        if (digits == 0 || (i < len && line[i] != ';' && line[i] != ' ' && line[i] != '\t')) {
            return malformed("bad chunk size line: '" + printable(len) + "'");
        }
        if (size == 0) {
            state = TRAILER;
        } else {
            remaining = size;
            state = CHUNK_DATA;
        }
        return NEED_MORE;
    }

    private void scanConnection(int from, int to) {
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || line[i] == ',') {
                int s = start;
                int e = i;
                while (s < e && (line[s] == ' ' || line[s] == '\t')) {
                    s++;
                }
                while (e > s && (line[e - 1] == ' ' || line[e - 1] == '\t')) {
                    e--;
                }
                if (regionIs(CLOSE, s, e)) {
                    connectionClose = true;
                } else if (regionIs(KEEP_ALIVE, s, e)) {
                    connectionKeepAlive = true;
                }
                start = i + 1;
            }
        }
    }

    private boolean lastTokenIs(byte[] token, int from, int to) {
        int start = from;
        for (int i = to - 1; i >= from; i--) {
            if (line[i] == ',') {
                start = i + 1;
                break;
            }
        }
        while (start < to && (line[start] == ' ' || line[start] == '\t')) {
            start++;
        }
        return regionIs(token, start, to);
    }

    private boolean nameIs(byte[] lowerName, int nameEnd) {
        int end = nameEnd;
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        return regionIs(lowerName, 0, end);
    }

    private boolean regionIs(byte[] lower, int from, int to) {
        if (to - from != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            byte b = line[from + i];
            if (b >= 'A' && b <= 'Z') {
                b = (byte) (b + ('a' - 'A'));
            }
            if (b != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private int malformed(String reason) {
        error = reason;
        state = DONE;
        return MALFORMED;
    }

    private String printable(int len) {
        StringBuilder sb = new StringBuilder(Math.min(len, 80));
        for (int i = 0; i < len && i < 80; i++) {
            byte b = line[i];
            sb.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
        }
        return sb.toString();
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
