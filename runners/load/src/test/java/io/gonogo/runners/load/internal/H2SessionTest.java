package io.gonogo.runners.load.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/2 side of a gRPC connection against frames written by hand: what it sends (preface,
 * settings, the request's frames, acknowledgements, window updates) and how it reads what a server
 * sends, fed whole and byte by byte.
 */
class H2SessionTest {

    private static final byte[] MESSAGE = {0x0a, 0x02, 'h', 'i'};

    private GrpcRequests requests;
    private H2Session session;

    @BeforeEach
    void connect() {
        requests =
                GrpcRequests.of(
                        List.of(new GrpcRequests.Call("/p.S/M", MESSAGE, 2_000_000_000L)),
                        "127.0.0.1:50051",
                        false,
                        Map.of("x-team", "gate"));
        session = new H2Session(requests, false);
        session.begin();
    }

    // ------------------------------------------------------------ frames a server sends

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (payload.length >>> 16))
                .put((byte) (payload.length >>> 8))
                .put((byte) payload.length);
        b.put((byte) type).put((byte) flags).putInt(stream).put(payload);
        return b.array();
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /** A literal field without indexing and with a literal name. */
    private static byte[] field(String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        return cat(new byte[] {0x00, (byte) n.length}, n, new byte[] {(byte) v.length}, v);
    }

    private static final byte[] STATUS_200 = {(byte) 0x88};

    private static byte[] headers(int stream, boolean endStream, byte[]... fields) {
        return frame(
                H2Session.HEADERS,
                H2Session.END_HEADERS | (endStream ? H2Session.END_STREAM : 0),
                stream,
                cat(fields));
    }

    private static byte[] data(int stream, int length, boolean endStream) {
        return frame(
                H2Session.DATA, endStream ? H2Session.END_STREAM : 0, stream, new byte[length]);
    }

    private static byte[] okResponse(int stream) {
        return cat(
                headers(stream, false, STATUS_200, field("content-type", "application/grpc")),
                data(stream, 5 + 3, false),
                headers(stream, true, field("grpc-status", "0"), field("grpc-message", "")));
    }

    private int feed(byte[] bytes) {
        return session.parse(bytes, 0, bytes.length);
    }

    /** Feeds one byte at a time; the result of the call that completed, else the last one. */
    private int feedBytewise(byte[] bytes) {
        int result = H2Session.NEED_MORE;
        for (int i = 0; i < bytes.length; i++) {
            int r = session.parse(bytes, i, i + 1);
            if (r != H2Session.NEED_MORE) {
                result = r;
            }
        }
        return result;
    }

    /** Takes what the session has to write. */
    private byte[] written() {
        byte[] b = new byte[session.out.remaining()];
        session.out.get(b);
        return b;
    }

    /** The frames in {@code bytes} after the preface's 24 octets (when present) as type list. */
    private static List<int[]> frames(byte[] bytes) {
        int p = bytes.length >= 24 && bytes[0] == 'P' ? 24 : 0;
        java.util.ArrayList<int[]> out = new java.util.ArrayList<>();
        while (p + 9 <= bytes.length) {
            int len = (bytes[p] & 0xff) << 16 | (bytes[p + 1] & 0xff) << 8 | (bytes[p + 2] & 0xff);
            int stream = ByteBuffer.wrap(bytes, p + 5, 4).getInt() & 0x7fffffff;
            out.add(new int[] {bytes[p + 3], bytes[p + 4] & 0xff, stream, len, p + 9});
            p += 9 + len;
        }
        assertThat(p).as("whole frames").isEqualTo(bytes.length);
        return out;
    }

    // ------------------------------------------------------------ what the client sends

    @Test
    void a_new_connection_sends_the_preface_its_settings_and_window_then_the_call() {
        assertThat(session.request(0)).isTrue();
        byte[] out = written();
        assertThat(new String(out, 0, 24, StandardCharsets.US_ASCII))
                .isEqualTo("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        List<int[]> f = frames(out);
        assertThat(f).extracting(x -> x[0]).containsExactly(4, 8, 1, 0);
        int[] settings = f.get(0);
        ByteBuffer s = ByteBuffer.wrap(out, settings[4], settings[3]);
        assertThat(s.getShort()).isEqualTo((short) 2); // ENABLE_PUSH
        assertThat(s.getInt()).isZero();
        assertThat(s.getShort()).isEqualTo((short) 4); // INITIAL_WINDOW_SIZE
        assertThat(s.getInt()).isEqualTo(H2Session.RECEIVE_WINDOW);
        assertThat(ByteBuffer.wrap(out, f.get(1)[4], 4).getInt())
                .isEqualTo(H2Session.RECEIVE_WINDOW - H2Session.DEFAULT_WINDOW);
        assertThat(f.get(2)[2]).as("first stream").isEqualTo(1);
        assertThat(f.get(2)[1]).isEqualTo(H2Session.END_HEADERS);
        assertThat(f.get(3)[1]).isEqualTo(H2Session.END_STREAM);
        ByteBuffer body = ByteBuffer.wrap(out, f.get(3)[4], f.get(3)[3]);
        assertThat(body.get()).as("uncompressed").isZero();
        assertThat(body.getInt()).isEqualTo(MESSAGE.length);
    }

    @Test
    void the_service_is_given_a_deadline_beyond_the_clients_so_the_client_times_out_first() {
        assertThat(GrpcRequests.timeout(300_000_000L)).isEqualTo("350m");
        assertThat(GrpcRequests.timeout(10_000_000_000L)).isEqualTo("11020m");
        assertThat(GrpcRequests.timeout(200_000_000_000_000L)).endsWith("S");
    }

    @Test
    void later_calls_use_odd_stream_ids_and_refer_to_the_indexed_headers() {
        session.request(0);
        int firstBlock = frames(written()).get(2)[3];
        assertThat(feed(okResponse(1))).isEqualTo(H2Session.COMPLETE);
        session.request(0);
        List<int[]> f = frames(written());
        assertThat(f).extracting(x -> x[0]).containsExactly(1, 0);
        assertThat(f.get(0)[2]).isEqualTo(3);
        // :method, :scheme and one index byte for each of the seven inserted fields
        assertThat(f.get(0)[3]).isEqualTo(2 + 7).isLessThan(firstBlock);
    }

    @Test
    void a_server_whose_table_is_too_small_gets_the_headers_spelled_after_a_size_update() {
        session.request(0);
        written();
        byte[] tiny = new byte[6];
        ByteBuffer.wrap(tiny).putShort((short) 1).putInt(0); // HEADER_TABLE_SIZE 0
        feed(frame(H2Session.SETTINGS, 0, 0, tiny));
        assertThat(frames(written())).extracting(x -> x[0]).containsExactly(4); // the ack
        feed(okResponse(1));
        session.request(0);
        byte[] out = written();
        int[] headers = frames(out).get(0);
        assertThat(out[headers[4]]).as("size update to 0 first").isEqualTo((byte) 0x20);
        assertSpelled(out, headers[4] + 1, headers[4] + headers[3]);
    }

    /**
     * Walks a header block and checks that it neither refers to nor inserts into the dynamic table:
     * static indexes and literals without indexing only.
     */
    private static void assertSpelled(byte[] b, int from, int to) {
        int[] pos = {from};
        while (pos[0] < to) {
            int first = b[pos[0]] & 0xff;
            if ((first & 0x80) != 0) {
                assertThat(integer(b, pos, 7)).as("static index").isBetween(1, 61);
            } else {
                assertThat(first & 0xf0).as("literal without indexing").isZero();
                int index = integer(b, pos, 4);
                if (index == 0) {
                    int name = integer(b, pos, 7);
                    pos[0] += name;
                }
                int value = integer(b, pos, 7);
                pos[0] += value;
            }
        }
        assertThat(pos[0]).isEqualTo(to);
    }

    private static int integer(byte[] b, int[] pos, int prefix) {
        int max = (1 << prefix) - 1;
        int v = b[pos[0]++] & max;
        if (v < max) {
            return v;
        }
        int shift = 0;
        int c;
        do {
            c = b[pos[0]++] & 0xff;
            v += (c & 0x7f) << shift;
            shift += 7;
        } while ((c & 0x80) != 0);
        return v;
    }

    // ------------------------------------------------------------ what the server sends

    @Test
    void a_response_with_trailers_completes_with_its_status_whole_or_byte_by_byte() {
        session.request(0);
        assertThat(feed(okResponse(1))).isEqualTo(H2Session.COMPLETE);
        assertThat(session.code()).isZero();
        session.request(0);
        byte[] failed =
                cat(
                        headers(3, false, STATUS_200),
                        headers(3, true, field("grpc-status", "5"), field("grpc-message", "nope")));
        assertThat(feedBytewise(failed)).isEqualTo(H2Session.COMPLETE);
        assertThat(session.code()).isEqualTo(5);
    }

    @Test
    void a_trailers_only_response_completes_with_its_status() {
        session.request(0);
        assertThat(feed(headers(1, true, STATUS_200, field("grpc-status", "16"))))
                .isEqualTo(H2Session.COMPLETE);
        assertThat(session.code()).isEqualTo(16);
    }

    @Test
    void an_http_status_without_grpc_status_maps_as_grpc_java_maps_it() {
        int[][] cases = {{503, 14}, {404, 12}, {401, 16}, {403, 7}, {400, 13}, {418, 2}};
        int stream = 1;
        for (int[] c : cases) {
            session.request(0);
            byte[] status = cat(new byte[] {0x08, 0x03}, Integer.toString(c[0]).getBytes());
            assertThat(feed(headers(stream, true, status))).isEqualTo(H2Session.COMPLETE);
            assertThat(session.code()).as("HTTP %d", c[0]).isEqualTo(c[1]);
            stream += 2;
        }
        assertThat(H2Session.httpCode(504)).isEqualTo(14);
    }

    @Test
    void a_stream_reset_by_the_server_completes_with_grpc_javas_code_for_it() {
        session.request(0);
        assertThat(feed(frame(H2Session.RST_STREAM, 0, 1, new byte[] {0, 0, 0, 8})))
                .isEqualTo(H2Session.COMPLETE);
        assertThat(session.code()).as("CANCEL").isEqualTo(1);
        session.request(0);
        assertThat(feed(frame(H2Session.RST_STREAM, 0, 3, new byte[] {0, 0, 0, 7})))
                .isEqualTo(H2Session.COMPLETE);
        assertThat(session.code()).as("REFUSED_STREAM").isEqualTo(14);
    }

    @Test
    void settings_and_pings_are_acknowledged_and_ping_acks_are_not() {
        session.request(0);
        written();
        byte[] opaque = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThat(
                        feed(
                                cat(
                                        frame(H2Session.SETTINGS, 0, 0, new byte[0]),
                                        frame(H2Session.PING, 0, 0, opaque),
                                        frame(H2Session.PING, H2Session.ACK, 0, opaque))))
                .isEqualTo(H2Session.NEED_MORE);
        byte[] out = written();
        List<int[]> f = frames(out);
        assertThat(f).extracting(x -> x[0]).containsExactly(4, 6);
        assertThat(f).extracting(x -> x[1]).containsExactly(H2Session.ACK, H2Session.ACK);
        assertThat(java.util.Arrays.copyOfRange(out, f.get(1)[4], f.get(1)[4] + 8))
                .isEqualTo(opaque);
    }

    @Test
    void a_header_block_continued_in_continuation_frames_is_read_whole() {
        session.request(0);
        byte[] block = cat(STATUS_200, field("grpc-status", "3"));
        byte[] first = java.util.Arrays.copyOfRange(block, 0, 4);
        byte[] rest = java.util.Arrays.copyOfRange(block, 4, block.length);
        assertThat(
                        feedBytewise(
                                cat(
                                        frame(H2Session.HEADERS, H2Session.END_STREAM, 1, first),
                                        frame(
                                                H2Session.CONTINUATION,
                                                H2Session.END_HEADERS,
                                                1,
                                                rest))))
                .isEqualTo(H2Session.COMPLETE);
        assertThat(session.code()).isEqualTo(3);
    }

    @Test
    void padding_and_priority_are_stripped_from_a_header_block() {
        session.request(0);
        byte[] block = cat(STATUS_200, field("grpc-status", "7"));
        byte[] payload = cat(new byte[] {2}, new byte[5], block, new byte[2]);
        assertThat(
                        feed(
                                frame(
                                        H2Session.HEADERS,
                                        H2Session.END_HEADERS
                                                | H2Session.END_STREAM
                                                | H2Session.PADDED
                                                | H2Session.PRIORITY,
                                        1,
                                        payload)))
                .isEqualTo(H2Session.COMPLETE);
        assertThat(session.code()).isEqualTo(7);
    }

    @Test
    void a_goaway_below_the_call_refuses_it_and_one_above_lets_it_finish() {
        session.request(0);
        byte[] below = new byte[8];
        assertThat(feed(frame(H2Session.GOAWAY, 0, 0, below))).isEqualTo(H2Session.REFUSED);

        connect();
        session.request(0);
        byte[] above = new byte[8];
        ByteBuffer.wrap(above).putInt(1);
        assertThat(feed(frame(H2Session.GOAWAY, 0, 0, above))).isEqualTo(H2Session.NEED_MORE);
        assertThat(session.goingAway()).isTrue();
        assertThat(feed(okResponse(1))).isEqualTo(H2Session.COMPLETE);
        assertThat(session.exhausted()).as("no new stream on this connection").isTrue();
    }

    @Test
    void a_request_larger_than_the_servers_window_waits_for_a_window_update() {
        byte[] window = new byte[6];
        ByteBuffer.wrap(window).putShort((short) 4).putInt(3); // INITIAL_WINDOW_SIZE 3
        feed(frame(H2Session.SETTINGS, 0, 0, window));
        written();
        assertThat(session.request(0)).isFalse();
        assertThat(session.blocked()).isTrue();
        assertThat(frames(written())).as("nothing of the call yet").isEmpty();
        byte[] more = new byte[4];
        ByteBuffer.wrap(more).putInt(100);
        feed(frame(H2Session.WINDOW_UPDATE, 0, 1, more));
        assertThat(session.blocked()).isFalse();
        assertThat(frames(written())).extracting(x -> x[0]).containsExactly(1, 0);
    }

    @Test
    void half_a_receive_window_of_data_is_given_back_with_window_updates() {
        session.request(0);
        written();
        byte[] chunk = data(1, H2Session.DEFAULT_FRAME, false);
        long frames = H2Session.RECEIVE_WINDOW / 2 / H2Session.DEFAULT_FRAME;
        for (long i = 0; i < frames; i++) {
            assertThat(session.parse(chunk, 0, chunk.length)).isEqualTo(H2Session.NEED_MORE);
        }
        List<int[]> f = frames(written());
        assertThat(f).extracting(x -> x[0]).containsExactly(8, 8);
        assertThat(f).extracting(x -> x[2]).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void broken_frames_are_a_protocol_error() {
        session.request(0);
        assertThat(feed(frame(H2Session.PUSH_PROMISE, H2Session.END_HEADERS, 1, new byte[4])))
                .isEqualTo(H2Session.MALFORMED);
        connect();
        session.request(0);
        byte[] huge = {0x00, 0x40, 0x01, 0, 0, 0, 0, 0, 1}; // 16,385 octets of DATA
        assertThat(feed(huge)).isEqualTo(H2Session.MALFORMED);
        connect();
        session.request(0);
        assertThat(feed(frame(H2Session.PING, 0, 0, new byte[7]))).isEqualTo(H2Session.MALFORMED);
        connect();
        session.request(0);
        assertThat(feed(headers(1, true, new byte[] {(byte) 0x80})))
                .as("index 0 in the header block")
                .isEqualTo(H2Session.MALFORMED);
    }
}
