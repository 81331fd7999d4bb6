package io.gonogo.runners.chaos.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Finds HTTP/1.1 message boundaries in one direction of a connection without changing a byte:
 * requests on the client side, responses on the service side. Bodies are framed by {@code
 * Content-Length} or {@code Transfer-Encoding: chunked} (with trailers); a response to HEAD, a 1xx,
 * 204 or 304 has none; a response with neither header runs until the close. What is not HTTP/1.1
 * (an HTTP/2 preface, a 101 upgrade, a malformed head, a head over 64 KiB) turns the framer opaque:
 * from then on it passes bytes on without looking at them.
 *
 * <p>Not thread-safe: one framer per direction of a connection, used on its event loop.
 */
final class Http1Framer {
    /** Receives a direction's bytes split at message boundaries. */
    interface Sink {
        /** A message's head is complete; its bytes follow through {@link #bytes}. */
        void head(Head head);

        /** Bytes of the current message (or opaque bytes); ownership passes to the sink. */
        void bytes(ByteBuf bytes);

        /** The current message is complete; {@code interim} for a 1xx response. */
        void end(boolean interim);

        /** The framer gave up on HTTP/1.1 for this connection. */
        void opaque(String why);
    }

    /** The parts of a head the proxy needs. */
    record Head(String method, String target, int status, boolean close) {}

    private enum State {
        HEAD,
        LENGTH,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_CRLF,
        TRAILER,
        UNTIL_CLOSE,
        OPAQUE
    }

    private static final int MAX_HEAD = 64 * 1024;

    private final boolean response;
    private final BooleanSupplier requestWasHead;
    private final ByteBufAllocator alloc;
    private State state = State.HEAD;
    private ByteBuf head;
    private int crlfMatch;
    private long remaining;
    private final StringBuilder line = new StringBuilder();

    Http1Framer(boolean response, BooleanSupplier requestWasHead, ByteBufAllocator alloc) {
        this.response = response;
        this.requestWasHead = requestWasHead;
        this.alloc = alloc;
    }

    boolean isOpaque() {
        return state == State.OPAQUE;
    }

    /** Splits {@code in} (whose ownership passes to the framer) into the sink's calls. */
    void feed(ByteBuf in, Sink sink) {
        try {
            while (in.isReadable()) {
                switch (state) {
                    case OPAQUE, UNTIL_CLOSE -> {
                        sink.bytes(in.retainedSlice());
                        in.skipBytes(in.readableBytes());
                    }
                    case HEAD -> readHead(in, sink);
                    case LENGTH -> {
                        int n = (int) Math.min(remaining, in.readableBytes());
                        sink.bytes(in.readRetainedSlice(n));
                        remaining -= n;
                        if (remaining == 0) {
                            endMessage(sink, false);
                        }
                    }
                    case CHUNK_SIZE, TRAILER -> readLine(in, sink);
                    case CHUNK_DATA -> {
                        int n = (int) Math.min(remaining, in.readableBytes());
                        sink.bytes(in.readRetainedSlice(n));
                        remaining -= n;
                        if (remaining == 0) {
                            state = State.CHUNK_CRLF;
                            remaining = 2;
                        }
                    }
                    case CHUNK_CRLF -> {
                        int n = (int) Math.min(remaining, in.readableBytes());
                        sink.bytes(in.readRetainedSlice(n));
                        remaining -= n;
                        if (remaining == 0) {
                            state = State.CHUNK_SIZE;
                        }
                    }
                    default -> throw new IllegalStateException(state.name());
                }
            }
        } finally {
            in.release();
        }
    }

    private void readHead(ByteBuf in, Sink sink) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int found = -1;
        for (int i = start; i < end; i++) {
            byte b = in.getByte(i);
            if ((crlfMatch == 0 || crlfMatch == 2) && b == '\r') {
                crlfMatch++;
            } else if ((crlfMatch == 1 || crlfMatch == 3) && b == '\n') {
                crlfMatch++;
                if (crlfMatch == 4) {
                    found = i + 1;
                    break;
                }
            } else if (b == '\n' && crlfMatch == 2) {
                // tolerate a bare LF ending the blank line
                found = i + 1;
                break;
            } else {
                crlfMatch = b == '\r' ? 1 : 0;
            }
        }
        if (found >= 0 && head == null) {
            // the usual case: the whole head arrived in this buffer, so parse it in place
            crlfMatch = 0;
            Head h;
            try {
                h = parse(in, start, found);
            } catch (IllegalArgumentException e) {
                goOpaque(sink, e.getMessage());
                return;
            }
            if (h == null) {
                goOpaque(sink, "not HTTP/1.1");
                return;
            }
            ByteBuf bytes = in.readRetainedSlice(found - start);
            sink.head(h);
            sink.bytes(bytes);
            afterHead(h, sink);
            return;
        }
        int upTo = found < 0 ? end : found;
        if (head == null) {
            head = alloc.heapBuffer(Math.max(256, upTo - start));
        }
        head.writeBytes(in, start, upTo - start);
        in.readerIndex(upTo);
        if (found < 0) {
            if (head.readableBytes() > MAX_HEAD) {
                goOpaque(sink, "a head over 64 KiB");
            }
            return;
        }
        crlfMatch = 0;
        ByteBuf bytes = head;
        head = null;
        Head h;
        try {
            h = parse(bytes, bytes.readerIndex(), bytes.writerIndex());
        } catch (IllegalArgumentException e) {
            sink.opaque(e.getMessage());
            state = State.OPAQUE;
            sink.bytes(bytes);
            return;
        }
        if (h == null) {
            state = State.OPAQUE;
            sink.opaque("not HTTP/1.1");
            sink.bytes(bytes);
            return;
        }
        sink.head(h);
        sink.bytes(bytes);
        afterHead(h, sink);
    }

    private long contentLength = -1;
    private boolean chunked;

    private static final byte[] CONTENT_LENGTH =
            "content-length".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING =
            "transfer-encoding".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.US_ASCII);

    /**
     * Reads the parts of the head in {@code [from, to)} that framing needs, byte by byte (no
     * copies, no regular expressions: this runs once per message on the proxy's event loop).
     * Returns null when the start line is not HTTP/1.x.
     */
    private Head parse(ByteBuf b, int from, int to) {
        contentLength = -1;
        chunked = false;
        int eol = lineEnd(b, from, to);
        int lineTo = trimCr(b, from, eol);
        int sp1 = indexOf(b, from, lineTo, (byte) ' ');
        if (sp1 <= from) {
            throw new IllegalArgumentException(
                    "malformed start line '" + ascii(b, from, lineTo) + "'");
        }
        int sp2 = indexOf(b, sp1 + 1, lineTo, (byte) ' ');
        String first = ascii(b, from, sp1);
        String second = ascii(b, sp1 + 1, sp2 < 0 ? lineTo : sp2);
        String third = sp2 < 0 ? null : ascii(b, sp2 + 1, lineTo);
        boolean close = false;
        int pos = eol + 1;
        while (pos < to) {
            int e = lineEnd(b, pos, to);
            int lt = trimCr(b, pos, e);
            int colon = indexOf(b, pos, lt, (byte) ':');
            if (colon > pos) {
                int ns = pos;
                int ne = colon;
                while (ne > ns && isSpace(b.getByte(ne - 1))) {
                    ne--;
                }
                int vs = colon + 1;
                int ve = lt;
                while (vs < ve && isSpace(b.getByte(vs))) {
                    vs++;
                }
                while (ve > vs && isSpace(b.getByte(ve - 1))) {
                    ve--;
                }
                if (nameIs(b, ns, ne, CONTENT_LENGTH)) {
                    String value = ascii(b, vs, ve);
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("bad Content-Length '" + value + "'");
                    }
                } else if (nameIs(b, ns, ne, TRANSFER_ENCODING)) {
                    chunked = ascii(b, vs, ve).toLowerCase(Locale.ROOT).endsWith("chunked");
                } else if (nameIs(b, ns, ne, CONNECTION)) {
                    close = ascii(b, vs, ve).toLowerCase(Locale.ROOT).contains("close");
                }
            }
            pos = e + 1;
        }
        if (response) {
            if (!first.startsWith("HTTP/1.")) {
                return null;
            }
            int status;
            try {
                status = Integer.parseInt(second);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad status '" + second + "'");
            }
            return new Head("", "", status, close || first.equals("HTTP/1.0"));
        }
        if (third == null || !third.startsWith("HTTP/1.") || first.equals("PRI")) {
            return null;
        }
        return new Head(first, second, 0, close || third.equals("HTTP/1.0"));
    }

    /** The index of the LF ending the line that starts at {@code from}, or {@code to}. */
    private static int lineEnd(ByteBuf b, int from, int to) {
        int lf = indexOf(b, from, to, (byte) '\n');
        return lf < 0 ? to : lf;
    }

    private static int trimCr(ByteBuf b, int from, int end) {
        return end > from && b.getByte(end - 1) == '\r' ? end - 1 : end;
    }

    private static int indexOf(ByteBuf b, int from, int to, byte value) {
        return from >= to ? -1 : b.indexOf(from, to, value);
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean nameIs(ByteBuf b, int from, int to, byte[] lower) {
        if (to - from != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            int c = b.getByte(from + i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(ByteBuf b, int from, int to) {
        return b.toString(from, to - from, StandardCharsets.ISO_8859_1);
    }

    private void afterHead(Head h, Sink sink) {
        if (response) {
            if (h.status() == 101) {
                goOpaque(sink, "a protocol upgrade");
                return;
            }
            if (h.status() >= 100 && h.status() < 200) {
                state = State.HEAD;
                sink.end(true);
                return;
            }
            if (requestWasHead.getAsBoolean() || h.status() == 204 || h.status() == 304) {
                endMessage(sink, false);
                return;
            }
        }
        if (chunked) {
            state = State.CHUNK_SIZE;
            line.setLength(0);
        } else if (contentLength > 0) {
            state = State.LENGTH;
            remaining = contentLength;
        } else if (contentLength == 0 || !response) {
            endMessage(sink, false);
        } else {
            state = State.UNTIL_CLOSE;
        }
    }

    private void readLine(ByteBuf in, Sink sink) {
        int start = in.readerIndex();
        int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
        int upTo = lf < 0 ? in.writerIndex() : lf + 1;
        for (int i = start; i < upTo; i++) {
            line.append((char) (in.getByte(i) & 0xff));
        }
        sink.bytes(in.readRetainedSlice(upTo - start));
        if (line.length() > 8192) {
            goOpaque(sink, "a chunk line over 8 KiB");
            return;
        }
        if (lf < 0) {
            return;
        }
        String text = line.toString().strip();
        line.setLength(0);
        if (state == State.TRAILER) {
            if (text.isEmpty()) {
                endMessage(sink, false);
            }
            return;
        }
        int semi = text.indexOf(';');
        String hex = semi < 0 ? text : text.substring(0, semi).strip();
        long size;
        try {
            size = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            goOpaque(sink, "a bad chunk size '" + hex + "'");
            return;
        }
        if (size == 0) {
            state = State.TRAILER;
        } else {
            state = State.CHUNK_DATA;
            remaining = size;
        }
    }

    private void endMessage(Sink sink, boolean interim) {
        state = State.HEAD;
        sink.end(interim);
    }

    private void goOpaque(Sink sink, String why) {
        state = State.OPAQUE;
        if (head != null) {
            sink.bytes(head);
            head = null;
        }
        sink.opaque(why);
    }

    /** Frees a partly read head. */
    void release() {
        if (head != null) {
            head.release();
            head = null;
        }
    }
}
