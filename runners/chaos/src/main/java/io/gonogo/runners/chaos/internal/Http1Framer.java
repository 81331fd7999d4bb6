package io.gonogo.runners.chaos.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Finds HTTP/1.1 message boundaries in one direction of a connection without changing a byte:
 * requests on the client side, responses on the service side. Bodies are framed by
 * {@code Content-Length} or {@code Transfer-Encoding: chunked} (with trailers); a response to
 * HEAD, a 1xx, 204 or 304 has none; a response with neither header runs until the close. What is
 * not HTTP/1.1 (an HTTP/2 preface, a 101 upgrade, a malformed head, a head over 64 KiB) turns the
 * framer opaque: from then on it passes bytes on without looking at them.
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

    private enum State { HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_CRLF, TRAILER, UNTIL_CLOSE, OPAQUE }

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
            h = parse(bytes.toString(StandardCharsets.ISO_8859_1));
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

    private Head parse(String text) {
        contentLength = -1;
        chunked = false;
        String[] lines = text.split("\r?\n");
        String first = lines[0];
        String[] parts = first.split(" ", 3);
        if (parts.length < 2) {
            throw new IllegalArgumentException("malformed start line '" + first + "'");
        }
        boolean close = false;
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            int colon = l.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = l.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("bad Content-Length '" + value + "'");
                    }
                }
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                case "connection" -> close = value.toLowerCase(Locale.ROOT).contains("close");
                default -> { }
            }
        }
        if (response) {
            if (!parts[0].startsWith("HTTP/1.")) {
                return null;
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad status '" + parts[1] + "'");
            }
            return new Head("", "", status, close || parts[0].equals("HTTP/1.0"));
        }
        if (parts.length < 3 || !parts[2].startsWith("HTTP/1.") || parts[0].equals("PRI")) {
            return null;
        }
        return new Head(parts[0], parts[1], 0, close || parts[2].equals("HTTP/1.0"));
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
