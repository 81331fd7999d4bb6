package io.gonogo.runners.load.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HttpResponseParserTest {

    private static final String NGINX =
            "HTTP/1.1 200 OK\r\n"
                    + "Server: nginx/1.22.1\r\n"
                    + "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: 15\r\n"
                    + "Connection: keep-alive\r\n\r\n"
                    + "{\"status\":\"ok\"}";

    private final HttpResponseParser parser = new HttpResponseParser();

    /** Feeds the text in pieces of the given size and returns the last result. */
    private int feed(String text, int piece) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        int result = HttpResponseParser.NEED_MORE;
        for (int i = 0; i < bytes.length; i += piece) {
            int to = Math.min(i + piece, bytes.length);
            result = parser.parse(bytes, i, to);
            if (result == HttpResponseParser.COMPLETE) {
                assertThat(parser.position())
                        .as("consumed up to the end of the response")
                        .isEqualTo(bytes.length);
            }
            if (result != HttpResponseParser.NEED_MORE) {
                return result;
            }
            assertThat(parser.position()).as("NEED_MORE consumes everything").isEqualTo(to);
        }
        return result;
    }

    @ParameterizedTest(name = "in pieces of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 64, 4096})
    void a_content_length_response_completes_in_any_split(int piece) {
        assertThat(feed(NGINX, piece)).isEqualTo(HttpResponseParser.COMPLETE);
        assertThat(parser.status()).isEqualTo(200);
        assertThat(parser.closeAfter()).isFalse();
    }

    @ParameterizedTest(name = "in pieces of {0} bytes")
    @ValueSource(ints = {1, 2, 5, 4096})
    void a_chunked_response_with_extensions_and_trailers_completes_in_any_split(int piece) {
        String chunked =
                "HTTP/1.1 201 Created\r\n"
                        + "transfer-encoding: gzip, Chunked\r\n\r\n"
                        + "5;name=value\r\n"
                        + "hello\r\n"
                        + "1a\r\n"
                        + "abcdefghijklmnopqrstuvwxyz\r\n"
                        + "0\r\n"
                        + "X-Checksum: 1\r\n\r\n";
        assertThat(feed(chunked, piece)).isEqualTo(HttpResponseParser.COMPLETE);
        assertThat(parser.status()).isEqualTo(201);
    }

    @Test
    void a_response_is_not_complete_before_its_last_byte() {
        assertThat(feed(NGINX.substring(0, NGINX.length() - 1), 4096))
                .isEqualTo(HttpResponseParser.NEED_MORE);
    }

    @Test
    void bytes_after_the_response_are_left_in_the_buffer() {
        byte[] bytes = (NGINX + "HTTP/1.1").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(parser.parse(bytes, 0, bytes.length)).isEqualTo(HttpResponseParser.COMPLETE);
        assertThat(bytes.length - parser.position()).isEqualTo(8);
    }

    @Test
    void connection_close_and_http_1_0_without_keep_alive_close_after_the_response() {
        assertThat(
                        feed(
                                "HTTP/1.1 200 OK\r\n"
                                        + "Connection: Upgrade, close\r\n"
                                        + "Content-Length: 0\r\n\r\n",
                                4096))
                .isEqualTo(HttpResponseParser.COMPLETE);
        assertThat(parser.closeAfter()).isTrue();

        parser.reset(false);
        assertThat(feed("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 4096))
                .isEqualTo(HttpResponseParser.COMPLETE);
        assertThat(parser.closeAfter()).isTrue();

        parser.reset(false);
        assertThat(
                        feed(
                                "HTTP/1.0 200 OK\r\n"
                                        + "Connection: keep-alive\r\n"
                                        + "Content-Length: 2\r\n\r\n"
                                        + "ok",
                                4096))
                .isEqualTo(HttpResponseParser.COMPLETE);
        assertThat(parser.closeAfter()).isFalse();
    }

    @Test
    void an_interim_100_continue_is_skipped() {
        assertThat(feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", 3))
                .isEqualTo(HttpResponseParser.COMPLETE);
        assertThat(parser.status()).isEqualTo(204);
    }

    @Test
    void responses_to_head_and_304_have_no_body_whatever_their_length() {
        parser.reset(true);
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", 4096))
                .isEqualTo(HttpResponseParser.COMPLETE);

        parser.reset(false);
        assertThat(feed("HTTP/1.1 304 Not Modified\r\nContent-Length: 1000\r\n\r\n", 4096))
                .isEqualTo(HttpResponseParser.COMPLETE);
    }

    @Test
    void a_body_without_length_runs_until_the_connection_closes() {
        assertThat(feed("HTTP/1.1 200 OK\r\n\r\nsome body", 4))
                .isEqualTo(HttpResponseParser.NEED_MORE);
        assertThat(parser.closeAfter()).isTrue();
        assertThat(parser.onEof()).isTrue();
    }

    @Test
    void a_close_in_the_middle_of_a_length_delimited_body_does_not_complete_it() {
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 4096))
                .isEqualTo(HttpResponseParser.NEED_MORE);
        assertThat(parser.started()).isTrue();
        assertThat(parser.onEof()).isFalse();
    }

    @Test
    void malformed_responses_are_reported_with_a_reason() {
        assertThat(feed("SPDY/9 200 OK\r\n\r\n", 4096)).isEqualTo(HttpResponseParser.MALFORMED);
        assertThat(parser.error()).contains("not an HTTP/1.x status line").contains("SPDY/9");

        parser.reset(false);
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n", 4096))
                .isEqualTo(HttpResponseParser.MALFORMED);
        assertThat(parser.error()).contains("bad Content-Length");

        parser.reset(false);
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 4096))
                .isEqualTo(HttpResponseParser.MALFORMED);
        assertThat(parser.error()).contains("conflicting Content-Length");

        parser.reset(false);
        assertThat(feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 4096))
                .isEqualTo(HttpResponseParser.MALFORMED);
        assertThat(parser.error()).contains("bad chunk size");

        parser.reset(false);
        assertThat(feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n", 4096))
                .isEqualTo(HttpResponseParser.MALFORMED);
        assertThat(parser.error()).contains("chunk data is not followed by CRLF");

        parser.reset(false);
        assertThat(feed("HTTP/1.1 600 Odd\r\n\r\n", 4096)).isEqualTo(HttpResponseParser.MALFORMED);
    }

    @Test
    void long_unrelated_header_lines_are_skipped() {
        String cookie = "Set-Cookie: " + "x".repeat(5000) + "\r\n";
        assertThat(feed("HTTP/1.1 200 OK\r\n" + cookie + "Content-Length: 2\r\n\r\nok", 100))
                .isEqualTo(HttpResponseParser.COMPLETE);
    }
}
