package io.gonogo.runners.chaos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.runners.chaos.Fault;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/2 framer on byte sequences cut at every possible place: every byte is forwarded in
 * order, and the proxy's own frames land exactly after the picked stream's header block (to the
 * service) and at the first safe boundary of the service's flow (to the client).
 */
class Http2FramerTest {
    private final ByteArrayOutputStream toServer = new ByteArrayOutputStream();
    private final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
    private final AtomicInteger answered = new AtomicInteger();

    private Http2Framer framer(Fault... faults) {
        return new Http2Framer(
                b -> drain(b, toServer),
                b -> drain(b, toClient),
                () -> faults,
                new SplittableRandom(1),
                answered::incrementAndGet);
    }

    private static void drain(ByteBuf b, ByteArrayOutputStream out) {
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        b.release();
        out.writeBytes(bytes);
    }

    private static byte[] frame(int type, int flags, int stream, int payloadLength) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(payloadLength >> 16);
        f.write(payloadLength >> 8);
        f.write(payloadLength);
        f.write(type);
        f.write(flags);
        f.write(stream >> 24);
        f.write(stream >> 16);
        f.write(stream >> 8);
        f.write(stream);
        for (int i = 0; i < payloadLength; i++) {
            f.write(0x40 + i); // arbitrary payload bytes; the framer never reads them
        }
        return f.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    private static void feed(byte[] data, int chunk, java.util.function.Consumer<ByteBuf> into) {
        for (int i = 0; i < data.length; i += chunk) {
            into.accept(Unpooled.copiedBuffer(data, i, Math.min(chunk, data.length - i)));
        }
    }

    private static final Fault EVERY_CALL = new BuiltinInjectors.GrpcError(1.0, 14);

    @Test
    void everyByteIsForwardedAndTheProxysFramesLandAtTheRightBoundariesWhateverTheChunking() {
        byte[] settings = frame(0x4, 0, 0, 6);
        byte[] headers1 = frame(0x1, 0x4, 1, 5); // END_HEADERS
        byte[] data1 = frame(0x0, 0x1, 1, 3); // END_STREAM
        byte[] headers3 = frame(0x1, 0x0, 3, 4); // header block continues
        byte[] cont3 = frame(0x9, 0x4, 3, 2); // CONTINUATION, END_HEADERS
        byte[] data3 = frame(0x0, 0x1, 3, 7);
        byte[] trailers1 =
                frame(0x1, 0x5, 1, 0); // client trailers on an open stream: not a new call
        byte[] client =
                concat(
                        Http2Framer.PREFACE,
                        settings,
                        headers1,
                        data1,
                        headers3,
                        cont3,
                        data3,
                        trailers1);
        byte[] serverSettings = frame(0x4, 0, 0, 12);
        byte[] serverHeaders = frame(0x1, 0x0, 5, 3); // a header block in progress
        byte[] serverCont = frame(0x9, 0x4, 5, 3);
        byte[] serverData = frame(0x0, 0x0, 5, 10);
        for (int chunk : new int[] {1, 2, 3, 7, 9, 10, 64, 1000}) {
            toServer.reset();
            toClient.reset();
            answered.set(0);
            Http2Framer f = framer(EVERY_CALL);
            feed(client, chunk, f::fromClient);
            assertThat(toServer.toByteArray())
                    .as("chunk %d", chunk)
                    .isEqualTo(
                            concat(
                                    Http2Framer.PREFACE,
                                    settings,
                                    headers1,
                                    bytes(Http2Framer.rstStream(1)),
                                    data1,
                                    headers3,
                                    cont3,
                                    bytes(Http2Framer.rstStream(3)),
                                    data3,
                                    trailers1));
            // nothing reaches the client before the service's first frame (its SETTINGS)
            assertThat(toClient.size()).isZero();
            assertThat(answered.get()).isEqualTo(2);
            feed(
                    concat(serverSettings, serverHeaders, serverCont, serverData),
                    chunk,
                    f::fromServer);
            assertThat(toClient.toByteArray())
                    .as("chunk %d", chunk)
                    .isEqualTo(
                            concat(
                                    serverSettings,
                                    bytes(Http2Framer.trailersOnly(1, 14)),
                                    bytes(Http2Framer.trailersOnly(3, 14)),
                                    serverHeaders,
                                    serverCont,
                                    serverData));
            f.release();
        }
    }

    @Test
    void anAnswerDueWhileTheServiceIsInsideAHeaderBlockWaitsForItsEnd() {
        Http2Framer f = framer(EVERY_CALL);
        byte[] serverSettings = frame(0x4, 0, 0, 6);
        byte[] serverHeaders = frame(0x1, 0x0, 1, 3);
        byte[] serverCont = frame(0x9, 0x4, 1, 3);
        f.fromServer(Unpooled.wrappedBuffer(concat(serverSettings, serverHeaders)));
        byte[] headers5 = frame(0x1, 0x4, 5, 4);
        f.fromClient(
                Unpooled.wrappedBuffer(concat(Http2Framer.PREFACE, frame(0x4, 0, 0, 0), headers5)));
        // the service's header block is open: the answer must not split it
        assertThat(toClient.toByteArray()).isEqualTo(concat(serverSettings, serverHeaders));
        f.fromServer(Unpooled.wrappedBuffer(serverCont));
        assertThat(toClient.toByteArray())
                .isEqualTo(
                        concat(
                                serverSettings,
                                serverHeaders,
                                serverCont,
                                bytes(Http2Framer.trailersOnly(5, 14))));
        // the service is idle at a boundary: the next answer goes out at once
        f.fromClient(Unpooled.wrappedBuffer(frame(0x1, 0x4, 7, 4)));
        assertThat(toClient.toByteArray()).endsWith(bytes(Http2Framer.trailersOnly(7, 14)));
    }

    @Test
    void theInjectedHeaderBlockDecodesToAGrpcStatusWithoutTouchingTheDynamicTable()
            throws Exception {
        byte[] frame = bytes(Http2Framer.trailersOnly(9, 14));
        assertThat(frame[3]).isEqualTo((byte) 0x1);
        assertThat(frame[4]).isEqualTo((byte) 0x5);
        assertThat(((frame[0] & 0xff) << 16) | ((frame[1] & 0xff) << 8) | (frame[2] & 0xff))
                .isEqualTo(frame.length - 9);
        DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(true);
        Http2Headers h =
                decoder.decodeHeaders(
                        9,
                        io.grpc.netty.shaded.io.netty.buffer.Unpooled.wrappedBuffer(
                                frame, 9, frame.length - 9));
        Map<String, String> headers = new TreeMap<>();
        h.forEach(e -> headers.put(e.getKey().toString(), e.getValue().toString()));
        assertThat(headers)
                .containsExactly(
                        Map.entry(":status", "200"),
                        Map.entry("content-type", "application/grpc"),
                        Map.entry("grpc-message", "gonogo chaos proxy: injected UNAVAILABLE"),
                        Map.entry("grpc-status", "14"));
        // a second block that indexes nothing decodes the same: the dynamic table stayed empty
        Http2Headers again =
                decoder.decodeHeaders(
                        11,
                        io.grpc.netty.shaded.io.netty.buffer.Unpooled.wrappedBuffer(
                                frame, 9, frame.length - 9));
        assertThat(again.size()).isEqualTo(h.size());
        assertThat(bytes(Http2Framer.rstStream(3)))
                .containsExactly(0, 0, 4, 3, 0, 0, 0, 0, 3, 0, 0, 0, 8);
    }

    @Test
    void aClientThatDoesNotSpeakHttp2PassesUnframed() {
        Http2Framer f = framer(EVERY_CALL);
        byte[] request =
                "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        feed(request, 5, f::fromClient);
        f.fromServer(Unpooled.wrappedBuffer(frame(0x1, 0x4, 1, 3)));
        assertThat(f.isOpaque()).isTrue();
        assertThat(toServer.toByteArray()).isEqualTo(request);
        assertThat(answered.get()).isZero();
    }
}
