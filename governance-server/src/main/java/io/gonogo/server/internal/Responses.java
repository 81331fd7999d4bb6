package io.gonogo.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/** Builds the server's HTTP responses; the fixed ones are encoded once and shared. */
final class Responses {

    /** The body of a healthy {@code GET /health}. */
    static final String HEALTH_JSON = "{\"status\":\"UP\"}";

    /**
     * The health body, encoded once. This one reference is held for the life of the JVM and never
     * released; each response takes a retained duplicate, which the encoder releases, and which a
     * pooled buffer recycles instead of allocating.
     */
    private static final ByteBuf HEALTH_BODY;

    /** The health headers per {@link ConnectionMode}, indexed by ordinal; never mutated. */
    private static final HttpHeaders[] HEALTH_HEADERS;

    static {
        byte[] bytes = HEALTH_JSON.getBytes(StandardCharsets.UTF_8);
        HEALTH_BODY = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        AsciiString length = AsciiString.of(Integer.toString(bytes.length));
        ConnectionMode[] modes = ConnectionMode.values();
        HEALTH_HEADERS = new HttpHeaders[modes.length];
        for (ConnectionMode mode : modes) {
            // Read-only headers: the response encoder only reads them for a 200, and any future
            // attempt to modify a shared instance fails loudly instead of corrupting others.
            HEALTH_HEADERS[mode.ordinal()] =
                    new ReadOnlyHttpHeaders(
                            false,
                            mode.withConnectionHeader(
                                    HttpHeaderNames.CONTENT_TYPE,
                                    HttpHeaderValues.APPLICATION_JSON,
                                    HttpHeaderNames.CONTENT_LENGTH,
                                    length));
        }
    }

    private Responses() {}

    /** Returns the {@code 200 {"status":"UP"}} response; without a body for {@code HEAD}. */
    static FullHttpResponse health(ConnectionMode mode, boolean head) {
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : HEALTH_BODY.retainedDuplicate();
        return new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                content,
                HEALTH_HEADERS[mode.ordinal()],
                EmptyHttpHeaders.INSTANCE);
    }

    /** Returns the interim {@code 100 Continue} response. */
    static FullHttpResponse continueResponse() {
        return new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER);
    }

    /** Returns a JSON error response {@code {"error":code,"message":message}}. */
    static FullHttpResponse error(
            ByteBufAllocator alloc,
            HttpResponseStatus status,
            String code,
            String message,
            ConnectionMode mode,
            boolean head) {
        ByteBuf body = ByteBufUtil.writeUtf8(alloc, Json.error(code, message));
        int length = body.readableBytes();
        if (head) {
            body.release();
            body = Unpooled.EMPTY_BUFFER;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        if (mode.headerValue() != null) {
            headers.set(HttpHeaderNames.CONNECTION, mode.headerValue());
        }
        return response;
    }
}
