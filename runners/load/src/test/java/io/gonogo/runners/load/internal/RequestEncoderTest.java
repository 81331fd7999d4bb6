package io.gonogo.runners.load.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RequestEncoderTest {

    private static String encode(
            String uri, String method, List<String[]> headers, String body, Optional<String> type) {
        return new String(
                RequestEncoder.encode(
                        URI.create(uri),
                        method,
                        headers,
                        body.getBytes(StandardCharsets.UTF_8),
                        type),
                StandardCharsets.UTF_8);
    }

    @Test
    void a_get_without_path_asks_for_the_root_and_names_the_host() {
        assertThat(encode("http://example.org", "GET", List.of(), "", Optional.empty()))
                .isEqualTo("GET / HTTP/1.1\r\nHost: example.org\r\nUser-Agent: gonogo\r\n\r\n");
    }

    @Test
    void a_post_carries_query_port_headers_and_body() {
        assertThat(
                        encode(
                                "http://127.0.0.1:8080/a%20b?x=1&y=2",
                                "POST",
                                List.<String[]>of(new String[] {"Host", "h"}),
                                "{}",
                                Optional.of("application/json")))
                .isEqualTo(
                        "POST /a%20b?x=1&y=2 HTTP/1.1\r\nUser-Agent: gonogo\r\nHost: h\r\n"
                                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    }

    @Test
    void a_post_without_body_says_its_length_is_zero() {
        assertThat(encode("http://[::1]:81/", "POST", List.of(), "", Optional.empty()))
                .isEqualTo(
                        "POST / HTTP/1.1\r\n"
                                + "Host: [::1]:81\r\n"
                                + "User-Agent: gonogo\r\n"
                                + "Content-Length: 0\r\n\r\n");
        assertThat(RequestEncoder.host(URI.create("http://[::1]:81/"))).isEqualTo("::1");
        assertThat(RequestEncoder.port(URI.create("http://example.org/"))).isEqualTo(80);
    }

    @Test
    void durations_are_written_briefly() {
        assertThat(Durations.human(Duration.ofMillis(200))).isEqualTo("200ms");
        assertThat(Durations.human(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.human(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.human(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.human(Duration.ofHours(1))).isEqualTo("1h");
    }
}
