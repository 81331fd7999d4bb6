package io.gonogo.runners.load.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HPACK decoder of the gRPC load client: RFC 7541 Appendix C's examples (dynamic table contents
 * and sizes as the RFC lists them), long random sequences of header blocks from Netty's HPACK
 * encoder (the one grpc-java uses), and the compression errors that must fail a block.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HpackDecoderTest {

    /** Bytes before and after each block in its array: the decoder must stay within off, len. */
    private static final int MARGIN = 3;

    /** Parses hex with any white space in it. */
    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    /**
     * Decodes the block from the middle of a larger array whose other bytes are an index of 0 (a
     * compression error if the decoder read them).
     */
    private static boolean decode(HpackDecoder decoder, String blockHex) {
        return decode(decoder, hex(blockHex));
    }

    private static boolean decode(HpackDecoder decoder, byte[] block) {
        byte[] framed = new byte[block.length + 2 * MARGIN];
        Arrays.fill(framed, (byte) 0x80);
        System.arraycopy(block, 0, framed, MARGIN, block.length);
        return decoder.decode(framed, MARGIN, block.length);
    }

    /** A literal field without indexing with a new, raw name and a raw value. */
    private static byte[] literal(String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(n.length).isLessThan(127);
        assertThat(v.length).isLessThan(127);
        byte[] out = new byte[3 + n.length + v.length];
        out[0] = 0x00;
        out[1] = (byte) n.length;
        System.arraycopy(n, 0, out, 2, n.length);
        out[2 + n.length] = (byte) v.length;
        System.arraycopy(v, 0, out, 3 + n.length, v.length);
        return out;
    }

    /** A literal field without indexing of :status (static name index 8) with a raw value. */
    private static byte[] statusLiteral(String value) {
        return statusLiteral(8, value);
    }

    /** A literal field without indexing named by a static index of :status (8..14). */
    private static byte[] statusLiteral(int nameIndex, String value) {
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[2 + v.length];
        out[0] = (byte) nameIndex;
        out[1] = (byte) v.length;
        System.arraycopy(v, 0, out, 2, v.length);
        return out;
    }

    /** Decodes the blocks in turn on one decoder; checks each block's :status and the table. */
    private static void assertSequence(
            int maxTableSize, String[] blocks, int[] statuses, int[] entries, int[] sizes) {
        HpackDecoder decoder = new HpackDecoder(maxTableSize);
        for (int i = 0; i < blocks.length; i++) {
            assertThat(decode(decoder, blocks[i])).as("block %d decodes", i + 1).isTrue();
            assertThat(decoder.status()).as("block %d :status", i + 1).isEqualTo(statuses[i]);
            assertThat(decoder.grpcStatus()).as("block %d grpc-status", i + 1).isEqualTo(-1);
            assertThat(decoder.hasGrpcMessage()).as("block %d grpc-message", i + 1).isFalse();
            assertThat(decoder.tableEntries()).as("block %d entries", i + 1).isEqualTo(entries[i]);
            assertThat(decoder.tableSize()).as("block %d table size", i + 1).isEqualTo(sizes[i]);
        }
    }

    // ---- RFC 7541 Appendix C -----------------------------------------------------------------

    @Test
    void rfc_7541_c_3_requests_without_huffman_fill_the_table_as_the_rfc_lists() {
        assertSequence(
                4096,
                new String[] {
                    "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                    "8286 84be 5808 6e6f 2d63 6163 6865",
                    "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"
                },
                new int[] {-1, -1, -1},
                new int[] {1, 2, 3},
                new int[] {57, 110, 164});
    }

    @Test
    void rfc_7541_c_4_requests_with_huffman_fill_the_table_as_the_rfc_lists() {
        assertSequence(
                4096,
                new String[] {
                    "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
                    "8286 84be 5886 a8eb 1064 9cbf",
                    "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"
                },
                new int[] {-1, -1, -1},
                new int[] {1, 2, 3},
                new int[] {57, 110, 164});
    }

    @Test
    void rfc_7541_c_5_responses_without_huffman_evict_from_a_256_octet_table() {
        assertSequence(
                256,
                new String[] {
                    """
                    4803 3330 3258 0770 7269 7661 7465 611d
                    4d6f 6e2c 2032 3120 4f63 7420 3230 3133
                    2032 303a 3133 3a32 3120 474d 546e 1768
                    7474 7073 3a2f 2f77 7777 2e65 7861 6d70
                    6c65 2e63 6f6d
                    """,
                    "4803 3330 37c1 c0bf",
                    """
                    88c1 611d 4d6f 6e2c 2032 3120 4f63 7420
                    3230 3133 2032 303a 3133 3a32 3220 474d
                    54c0 5a04 677a 6970 7738 666f 6f3d 4153
                    444a 4b48 514b 425a 584f 5157 454f 5049
                    5541 5851 5745 4f49 553b 206d 6178 2d61
                    6765 3d33 3630 303b 2076 6572 7369 6f6e
                    3d31
                    """
                },
                new int[] {302, 307, 200},
                new int[] {4, 4, 3},
                new int[] {222, 222, 215});
    }

    @Test
    void rfc_7541_c_6_responses_with_huffman_evict_from_a_256_octet_table() {
        assertSequence(
                256,
                new String[] {
                    """
                    4882 6402 5885 aec3 771a 4b61 96d0 7abe
                    9410 54d4 44a8 2005 9504 0b81 66e0 82a6
                    2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8
                    e9ae 82ae 43d3
                    """,
                    "4883 640e ffc1 c0bf",
                    """
                    88c1 6196 d07a be94 1054 d444 a820 0595
                    040b 8166 e084 a62d 1bff c05a 839b d9ab
                    77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b
                    3960 d5af 2708 7f36 72c1 ab27 0fb5 291f
                    9587 3160 65c0 03ed 4ee5 b106 3d50 07
                    """
                },
                new int[] {302, 307, 200},
                new int[] {4, 4, 3},
                new int[] {222, 222, 215});
    }

    // ---- the fields a gRPC client keeps ------------------------------------------------------

    @Test
    void a_huffman_coded_status_is_read() {
        HpackDecoder decoder = new HpackDecoder(4096);
        // literal with incremental indexing, name :status (index 8), value Huffman "302"
        assertThat(decode(decoder, "4882 6402")).isTrue();
        assertThat(decoder.status()).isEqualTo(302);
        assertThat(decoder.tableEntries()).isEqualTo(1);
        assertThat(decoder.tableSize()).isEqualTo(":status".length() + 3 + 32);
    }

    @ParameterizedTest(name = "index {0} is :status {1}")
    @CsvSource({"88, 200", "89, 204", "8a, 206", "8b, 304", "8c, 400", "8d, 404", "8e, 500"})
    void a_status_from_the_static_table_is_read(String indexed, int status) {
        HpackDecoder decoder = new HpackDecoder(4096);
        assertThat(decode(decoder, indexed)).isTrue();
        assertThat(decoder.status()).isEqualTo(status);
        assertThat(decoder.tableEntries()).isZero();
        assertThat(decoder.tableSize()).isZero();
    }

    @Test
    void status_grpc_status_and_grpc_message_indexed_from_the_dynamic_table_are_read() {
        HpackDecoder decoder = new HpackDecoder(4096);
        // :status 503, grpc-status 14, grpc-message "unavailable", all with incremental indexing
        String first =
                "4803 353033"
                        + "400b 677270632d737461747573 0231 34"
                        + "400c 677270632d6d657373616765 0b 756e617661696c61626c65";
        assertThat(decode(decoder, first)).isTrue();
        assertThat(decoder.status()).isEqualTo(503);
        assertThat(decoder.grpcStatus()).isEqualTo(14);
        assertThat(decoder.hasGrpcMessage()).isTrue();
        assertThat(decoder.tableEntries()).isEqualTo(3);
        assertThat(decoder.tableSize()).isEqualTo((7 + 3 + 32) + (11 + 2 + 32) + (12 + 11 + 32));

        // 62 is grpc-message, 63 grpc-status, 64 :status
        assertThat(decode(decoder, "c0 bf be")).isTrue();
        assertThat(decoder.status()).isEqualTo(503);
        assertThat(decoder.grpcStatus()).isEqualTo(14);
        assertThat(decoder.hasGrpcMessage()).isTrue();
        assertThat(decoder.tableEntries()).isEqualTo(3);

        // the names by dynamic index with new values, without indexing and never indexed:
        // grpc-status (63) "2", :status (64) "429"
        assertThat(decode(decoder, "0f30 0132 1f31 03343239")).isTrue();
        assertThat(decoder.grpcStatus()).isEqualTo(2);
        assertThat(decoder.status()).isEqualTo(429);
        assertThat(decoder.hasGrpcMessage()).isFalse();
        assertThat(decoder.tableEntries()).isEqualTo(3);
    }

    @Test
    void the_fields_are_read_in_every_literal_representation() {
        byte[] plain = literal("grpc-status", "7");
        for (int firstByte : new int[] {0x00, 0x10, 0x40}) {
            HpackDecoder decoder = new HpackDecoder(4096);
            byte[] block = plain.clone();
            block[0] = (byte) firstByte;
            assertThat(decode(decoder, block)).as("first byte %02x", firstByte).isTrue();
            assertThat(decoder.grpcStatus()).as("first byte %02x", firstByte).isEqualTo(7);
            assertThat(decoder.tableEntries())
                    .as("only incremental indexing adds to the table")
                    .isEqualTo(firstByte == 0x40 ? 1 : 0);
        }
    }

    @Test
    void each_block_starts_without_the_last_blocks_fields() {
        HpackDecoder decoder = new HpackDecoder(4096);
        byte[] full = concat(hex("88"), literal("grpc-status", "0"), literal("grpc-message", "x"));
        assertThat(decode(decoder, full)).isTrue();
        assertThat(decoder.status()).isEqualTo(200);
        assertThat(decoder.grpcStatus()).isZero();
        assertThat(decoder.hasGrpcMessage()).isTrue();

        // content-type: application/grpc, nothing else
        assertThat(decode(decoder, concat(literal("content-type", "application/grpc")))).isTrue();
        assertThat(decoder.status()).isEqualTo(-1);
        assertThat(decoder.grpcStatus()).isEqualTo(-1);
        assertThat(decoder.hasGrpcMessage()).isFalse();

        assertThat(decode(decoder, new byte[0])).as("an empty block is valid").isTrue();
        assertThat(decoder.status()).isEqualTo(-1);
    }

    @Test
    void an_empty_grpc_message_still_counts() {
        HpackDecoder decoder = new HpackDecoder(4096);
        assertThat(decode(decoder, literal("grpc-message", ""))).isTrue();
        assertThat(decoder.hasGrpcMessage()).isTrue();
    }

    @Test
    void fields_whose_names_only_start_like_the_kept_ones_are_ignored() {
        HpackDecoder decoder = new HpackDecoder(4096);
        byte[] block =
                concat(
                        literal("grpc-status-details-bin", "1"),
                        literal("grpc-messages", "x"),
                        literal("grpc-statu", "3"),
                        literal(":statuses", "200"));
        assertThat(decode(decoder, block)).isTrue();
        assertThat(decoder.grpcStatus()).isEqualTo(-1);
        assertThat(decoder.hasGrpcMessage()).isFalse();
        assertThat(decoder.status()).isEqualTo(-1);
    }

    @ParameterizedTest(name = "grpc-status \"{0}\"")
    @ValueSource(strings = {"0", "1", "16", "99", "2147483647"})
    void a_grpc_status_is_read_up_to_the_largest_int(String value) {
        HpackDecoder decoder = new HpackDecoder(4096);
        assertThat(decode(decoder, literal("grpc-status", value))).isTrue();
        assertThat(decoder.grpcStatus()).isEqualTo(Integer.parseInt(value));
    }

    @ParameterizedTest(name = "grpc-status \"{0}\"")
    @ValueSource(strings = {"abc", "1x", "x1", "", "-1", " 1", "1.0"})
    void a_grpc_status_that_is_not_a_number_is_minus_two(String value) {
        HpackDecoder decoder = new HpackDecoder(4096);
        assertThat(decode(decoder, literal("grpc-status", value))).isTrue();
        assertThat(decoder.grpcStatus()).isEqualTo(-2);
    }

    @ParameterizedTest(name = ":status \"{0}\"")
    @ValueSource(strings = {"20", "2000", "2x0", "", "20 ", "abc"})
    void a_status_that_is_not_three_digits_is_minus_two(String value) {
        HpackDecoder decoder = new HpackDecoder(4096);
        assertThat(decode(decoder, statusLiteral(value))).isTrue();
        assertThat(decoder.status()).isEqualTo(-2);
    }

    @ParameterizedTest(name = ":status \"{0}\"")
    @ValueSource(strings = {"100", "204", "418", "999"})
    void a_three_digit_status_in_a_literal_is_read(String value) {
        HpackDecoder decoder = new HpackDecoder(4096);
        assertThat(decode(decoder, statusLiteral(value))).isTrue();
        assertThat(decoder.status()).isEqualTo(Integer.parseInt(value));
    }

    @ParameterizedTest(name = "name index {0}")
    @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14})
    void a_status_literal_named_by_any_static_status_entry_is_read(int nameIndex) {
        HpackDecoder decoder = new HpackDecoder(4096);
        assertThat(decode(decoder, statusLiteral(nameIndex, "418"))).isTrue();
        assertThat(decoder.status()).isEqualTo(418);
    }

    @ParameterizedTest(name = "name index {0}")
    @ValueSource(ints = {7, 15, 16})
    void a_literal_named_by_a_static_entry_next_to_the_status_ones_is_not_a_status(int nameIndex) {
        HpackDecoder decoder = new HpackDecoder(4096);
        // 4-bit prefix: 15 and 16 take a second byte
        byte[] block =
                nameIndex < 15
                        ? statusLiteral(nameIndex, "418")
                        : concat(new byte[] {0x0f, (byte) (nameIndex - 15)}, hex("03 343138"));
        assertThat(decode(decoder, block)).isTrue();
        assertThat(decoder.status()).isEqualTo(-1);
    }

    // ---- the dynamic table ------------------------------------------------------------------

    @Test
    void a_size_update_to_zero_empties_the_table_and_one_back_to_the_limit_is_accepted() {
        HpackDecoder decoder = new HpackDecoder(4096);
        assertThat(decode(decoder, "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d")).isTrue();
        assertThat(decode(decoder, "8286 84be 5808 6e6f 2d63 6163 6865")).isTrue();
        assertThat(decoder.tableEntries()).isEqualTo(2);
        assertThat(decoder.tableSize()).isEqualTo(110);

        assertThat(decode(decoder, "20")).as("size update to 0").isTrue();
        assertThat(decoder.tableEntries()).isZero();
        assertThat(decoder.tableSize()).isZero();
        assertThat(decode(decoder, "be")).as("index 62 with an empty table").isFalse();

        HpackDecoder again = new HpackDecoder(4096);
        assertThat(decode(again, "4001 61 0162")).isTrue(); // a: b
        assertThat(decode(again, "20")).isTrue();
        assertThat(again.tableEntries()).isZero();
        assertThat(decode(again, "3fe11f")).as("size update back to 4096").isTrue();
        assertThat(again.tableEntries()).isZero();
        assertThat(again.tableSize()).isZero();
        assertThat(decode(again, "4001 61 0162")).isTrue();
        assertThat(again.tableEntries()).isEqualTo(1);
        assertThat(again.tableSize()).isEqualTo(34);
        assertThat(decode(again, "be")).isTrue();
    }

    @Test
    void two_size_updates_at_the_start_of_a_block_are_accepted() {
        HpackDecoder decoder = new HpackDecoder(4096);
        assertThat(decode(decoder, "4001 61 0162")).isTrue();
        // to 0, then to 4096, then a field with incremental indexing
        assertThat(decode(decoder, "20 3fe11f 4001 63 0164")).isTrue();
        assertThat(decoder.tableEntries()).isEqualTo(1);
        assertThat(decoder.tableSize()).isEqualTo(34);
    }

    @Test
    void a_smaller_size_update_evicts_the_oldest_entries() {
        HpackDecoder decoder = new HpackDecoder(4096);
        assertThat(decode(decoder, "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d")).isTrue();
        assertThat(decode(decoder, "8286 84be 5808 6e6f 2d63 6163 6865")).isTrue();
        assertThat(
                        decode(
                                decoder,
                                "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d"
                                        + " 7661 6c75 65"))
                .isTrue();
        assertThat(decoder.tableSize()).isEqualTo(164);

        // 110: custom-key (54) and cache-control (53) stay, :authority (57) goes
        assertThat(decode(decoder, "3f4f")).isTrue();
        assertThat(decoder.tableEntries()).isEqualTo(2);
        assertThat(decoder.tableSize()).isEqualTo(107);
        assertThat(decode(decoder, "be bf")).isTrue();
        assertThat(decode(decoder, "c0")).as("index 64 after the eviction").isFalse();
    }

    @Test
    void an_entry_larger_than_the_table_empties_it_without_an_error() {
        HpackDecoder decoder = new HpackDecoder(4096);
        // size update to 64, then a: b (34 octets)
        assertThat(decode(decoder, "3f21 4001 61 0162")).isTrue();
        assertThat(decoder.tableEntries()).isEqualTo(1);
        assertThat(decoder.tableSize()).isEqualTo(34);

        // x: 40 times y, 73 octets
        assertThat(decode(decoder, "4001 78 28" + "79".repeat(40))).isTrue();
        assertThat(decoder.tableEntries()).isZero();
        assertThat(decoder.tableSize()).isZero();

        // a: b fits again; c: d evicts it (34 + 34 > 64)
        assertThat(decode(decoder, "4001 61 0162")).isTrue();
        assertThat(decode(decoder, "4001 63 0164")).isTrue();
        assertThat(decoder.tableEntries()).isEqualTo(1);
        assertThat(decoder.tableSize()).isEqualTo(34);
    }

    @Test
    void the_limit_given_to_the_constructor_bounds_the_table_before_any_size_update() {
        HpackDecoder decoder = new HpackDecoder(100);
        assertThat(decode(decoder, "4001 61 0162")).isTrue(); // 34
        assertThat(decode(decoder, "4001 63 0164")).isTrue(); // 68
        assertThat(decode(decoder, "4001 65 0166")).isTrue(); // 102 > 100: a: b goes
        assertThat(decoder.tableEntries()).isEqualTo(2);
        assertThat(decoder.tableSize()).isEqualTo(68);
    }

    // ---- compression errors -------------------------------------------------------------------

    @Test
    void an_index_of_zero_is_an_error() {
        assertThat(decode(new HpackDecoder(4096), "82")).isTrue();
        assertThat(decode(new HpackDecoder(4096), "80")).isFalse();
        assertThat(decode(new HpackDecoder(4096), "82 80")).isFalse();
    }

    @Test
    void an_index_past_the_static_and_dynamic_tables_is_an_error() {
        assertThat(decode(new HpackDecoder(4096), "bd")).as("61, the last static").isTrue();
        assertThat(decode(new HpackDecoder(4096), "be")).as("62, empty table").isFalse();
        assertThat(decode(new HpackDecoder(4096), "ff00")).as("127").isFalse();

        HpackDecoder one = new HpackDecoder(4096);
        assertThat(decode(one, "4001 61 0162")).isTrue();
        assertThat(decode(one, "be")).isTrue();
        assertThat(decode(one, "bf")).as("63 with one entry").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "incremental indexing name 62, 7e 0162",
        "without indexing name 62, 0f2f 0162",
        "never indexed name 62, 1f2f 0162",
        "incremental indexing with a huge name index, 7fffffff0f 0162"
    })
    void a_name_index_past_the_tables_is_an_error(String what, String block) {
        assertThat(decode(new HpackDecoder(4096), block)).isFalse();
    }

    @Test
    void a_name_index_in_the_tables_is_accepted() {
        assertThat(decode(new HpackDecoder(4096), "7d 0162")).isTrue();
        assertThat(decode(new HpackDecoder(4096), "0f2e 0162")).isTrue();
        assertThat(decode(new HpackDecoder(4096), "1f2e 0162")).isTrue();
    }

    @Test
    void a_size_update_above_the_limit_is_an_error() {
        assertThat(decode(new HpackDecoder(4096), "3fe11f")).as("4096").isTrue();
        assertThat(decode(new HpackDecoder(4096), "3fe21f")).as("4097").isFalse();
        assertThat(decode(new HpackDecoder(256), "3fe101")).as("256").isTrue();
        assertThat(decode(new HpackDecoder(256), "3fe201")).as("257").isFalse();
        assertThat(decode(new HpackDecoder(0), "20")).as("0 of 0").isTrue();
        assertThat(decode(new HpackDecoder(0), "21")).as("1 of 0").isFalse();
    }

    @Test
    void a_size_update_after_a_field_is_an_error() {
        assertThat(decode(new HpackDecoder(4096), "20 82")).isTrue();
        assertThat(decode(new HpackDecoder(4096), "82 20")).isFalse();
        assertThat(decode(new HpackDecoder(4096), "88 3fe11f")).isFalse();
        assertThat(decode(new HpackDecoder(4096), "4001 61 0162 20")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "indexed with the prefix full and nothing after, ff",
        "indexed with a continuation byte that ends the block, ff80",
        "size update with the prefix full, 3f",
        "size update with a continuation byte that ends the block, 3fe1",
        "name index with the prefix full, 7f",
        "name length with the prefix full, 40 7f",
        "value length with the prefix full, 4001 61 7f"
    })
    void a_truncated_integer_is_an_error(String what, String block) {
        assertThat(decode(new HpackDecoder(4096), block)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "index, ffffffffffffff7f",
        "size update, 3fffffffffff7f",
        "string length, 4001 61 7fffffffffff7f 62"
    })
    void an_integer_too_large_is_an_error(String what, String block) {
        assertThat(decode(new HpackDecoder(4096), block)).isFalse();
    }

    @Test
    void a_string_length_past_the_block_is_an_error() {
        // name length 10; the array holds the whole field, the block only its first 4 bytes
        byte[] array = hex("400a 6162636465666768696a 00");
        assertThat(new HpackDecoder(4096).decode(array, 0, array.length)).isTrue();
        assertThat(new HpackDecoder(4096).decode(array, 0, 4)).isFalse();

        // value length 5 with 1 byte of value
        assertThat(decode(new HpackDecoder(4096), "0001 61 05 62")).isFalse();
        // Huffman-coded name of length 2 with 1 byte
        assertThat(decode(new HpackDecoder(4096), "4082 1f")).isFalse();
    }

    @Test
    void a_block_is_read_at_its_offset() {
        byte[] array = hex("80 80 88 80");
        HpackDecoder decoder = new HpackDecoder(4096);
        assertThat(decoder.decode(array, 2, 1)).isTrue();
        assertThat(decoder.status()).isEqualTo(200);
        assertThat(decoder.decode(array, 1, 2)).isFalse();
    }

    @Test
    void a_valid_huffman_name_is_accepted() {
        // Huffman "a" (00011) with 3 bits of padding 111
        HpackDecoder decoder = new HpackDecoder(4096);
        assertThat(decode(decoder, "4081 1f 0162")).isTrue();
        assertThat(decoder.tableSize()).isEqualTo(34);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'a and 11 bits of padding', 4082 1fff 0162",
        "'8 bits of padding alone', 4081 ff 0162",
        "'a and 000 as padding', 4081 18 0162",
        "'a and 110 as padding', 4081 1e 0162",
        "'EOS then a', 4085 fffffffc7f 0162",
        "'in the value of :status, 8 bits of padding', 4881 ff",
        "'in the value of :status, 3 and 2 then 11110', 4882 645e",
        "'in an indexed field''s value, EOS then a', 4001 61 85 fffffffc7f",
        "'in a field without indexing''s value, 8 bits of padding', 0001 61 81 ff"
    })
    void invalid_huffman_is_an_error(String what, String block) {
        assertThat(decode(new HpackDecoder(4096), block)).isFalse();
    }

    // ---- blocks from Netty's encoder ----------------------------------------------------------

    private static final int[] STATUSES = {200, 200, 200, 201, 302, 404, 429, 503};
    private static final long[] TABLE_SIZES = {0, 64, 128, 1024, 4096, 4096};
    private static final String[] MESSAGES = {
        "", "deadline exceeded", "Internal%20error", "unavailable: connection reset", "x"
    };
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789-_./";

    /** What the decoder reports after a block. */
    private record Seen(
            boolean decoded,
            int status,
            int grpcStatus,
            boolean grpcMessage,
            long tableSize,
            int tableEntries) {}

    @ParameterizedTest(name = "Huffman threshold {0}")
    @ValueSource(ints = {0, Integer.MAX_VALUE})
    void blocks_from_nettys_encoder_give_their_fields_and_the_encoders_table(int huffThreshold)
            throws Exception {
        DefaultHttp2HeadersEncoder encoder =
                new DefaultHttp2HeadersEncoder(
                        (name, value) -> name.toString().startsWith("x-secret"),
                        true,
                        16,
                        huffThreshold);
        // Netty's HpackEncoder keeps its table size and entry count package-private: read them
        // so that the decoder's table can be checked against the encoder's after every block
        Field hpackField = DefaultHttp2HeadersEncoder.class.getDeclaredField("hpackEncoder");
        hpackField.setAccessible(true);
        Object hpack = hpackField.get(encoder);
        Method sizeMethod = hpack.getClass().getDeclaredMethod("size");
        Method lengthMethod = hpack.getClass().getDeclaredMethod("length");
        sizeMethod.setAccessible(true);
        lengthMethod.setAccessible(true);

        HpackDecoder decoder = new HpackDecoder(4096);
        Random random = new Random(7541);
        ByteBuf out = Unpooled.buffer();
        int evictions = 0;
        int sizeUpdates = 0;
        int lastEntries = 0;
        for (int i = 0; i < 2000; i++) {
            boolean resized = false;
            if (random.nextInt(60) == 0) {
                // one or two size updates at the block's start
                int updates = 1 + random.nextInt(2);
                for (int u = 0; u < updates; u++) {
                    long size = TABLE_SIZES[random.nextInt(TABLE_SIZES.length)];
                    resized |= size != encoder.configuration().maxHeaderTableSize();
                    encoder.configuration().maxHeaderTableSize(size);
                }
            }
            DefaultHttp2Headers headers = new DefaultHttp2Headers();
            int status = random.nextInt(10) < 3 ? -1 : STATUSES[random.nextInt(STATUSES.length)];
            if (status != -1) {
                headers.status(Integer.toString(status));
            }
            if (random.nextInt(5) != 0) {
                headers.add("content-type", "application/grpc");
            }
            int others = random.nextInt(5);
            for (int f = 0; f < others; f++) {
                headers.add(randomName(random), randomValue(random));
            }
            int grpcStatus = random.nextBoolean() ? -1 : random.nextInt(17);
            if (grpcStatus != -1) {
                headers.add("grpc-status", Integer.toString(grpcStatus));
            }
            boolean grpcMessage = random.nextInt(10) < 3;
            if (grpcMessage) {
                headers.add(
                        "grpc-message",
                        random.nextBoolean()
                                ? MESSAGES[random.nextInt(MESSAGES.length)]
                                : randomText(random, 1 + random.nextInt(60)));
            }

            out.clear();
            encoder.encodeHeaders(1 + 2 * i, headers, out);
            byte[] block = new byte[out.readableBytes()];
            out.getBytes(out.readerIndex(), block);

            boolean decoded = decode(decoder, block);
            Seen expected =
                    new Seen(
                            true,
                            status,
                            grpcStatus,
                            grpcMessage,
                            (Long) sizeMethod.invoke(hpack),
                            (Integer) lengthMethod.invoke(hpack));
            Seen seen =
                    new Seen(
                            decoded,
                            decoder.status(),
                            decoder.grpcStatus(),
                            decoder.hasGrpcMessage(),
                            decoder.tableSize(),
                            decoder.tableEntries());
            int blockIndex = i;
            assertThat(seen)
                    .as(
                            () ->
                                    "block "
                                            + blockIndex
                                            + " of "
                                            + headers
                                            + ": "
                                            + HexFormat.of().formatHex(block))
                    .isEqualTo(expected);

            if (resized) {
                sizeUpdates++;
            } else if (expected.tableEntries() < lastEntries) {
                evictions++;
            }
            lastEntries = expected.tableEntries();
        }
        out.release();
        assertThat(evictions).as("blocks that evicted entries").isGreaterThan(20);
        assertThat(sizeUpdates).as("blocks that resized the table").isGreaterThan(5);
    }

    /** A name from a small pool (so the encoder indexes it), some of them never indexed. */
    private static String randomName(Random random) {
        int n = random.nextInt(12);
        return n < 2 ? "x-secret-" + n : "x-field-" + n;
    }

    /** A value from a small pool, a short random one, or now and then a long one. */
    private static CharSequence randomValue(Random random) {
        int kind = random.nextInt(20);
        if (kind < 10) {
            return "value-" + random.nextInt(6);
        }
        if (kind < 19) {
            return randomText(random, random.nextInt(40));
        }
        return randomText(random, 200 + random.nextInt(1500));
    }

    /**
     * Mostly characters with short Huffman codes, one in ten any octet (so the encoder still finds
     * Huffman shorter, and the decoder meets the long codes too).
     */
    private static AsciiString randomText(Random random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] =
                    random.nextInt(10) == 0
                            ? (byte) random.nextInt(256)
                            : (byte) LOWER.charAt(random.nextInt(LOWER.length()));
        }
        return new AsciiString(bytes, false);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
