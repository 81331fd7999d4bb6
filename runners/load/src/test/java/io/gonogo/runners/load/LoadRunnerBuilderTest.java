package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.runners.spi.TlsSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LoadRunnerBuilderTest {

    private static LoadRunner.Builder valid() {
        return LoadRunner.builder().target(URI.create("http://127.0.0.1:8080/health"));
    }

    @Test
    void a_target_neither_http_nor_https_is_rejected_when_set() {
        assertThatThrownBy(() -> LoadRunner.builder().target(URI.create("ftp://example.org/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target")
                .hasMessageContaining("http:// or https://")
                .hasMessageContaining("ftp://example.org/");
        assertThat(LoadRunner.builder().target(URI.create("https://example.org/")).build().target())
                .hasScheme("https");
        assertThatThrownBy(() -> LoadRunner.builder().target(URI.create("/relative")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target");
    }

    @Test
    void an_unreadable_ca_file_fails_the_build_naming_the_file(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(
                        () ->
                                LoadRunner.builder()
                                        .target(URI.create("https://127.0.0.1:8443/"))
                                        .tls(TlsSettings.trusting(ca))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ca.toString())
                .hasMessageContaining("PEM certificate");
        // plain http does not read the TLS settings
        assertThat(valid().tls(TlsSettings.trusting(ca)).build().target()).hasScheme("http");
    }

    @Test
    void a_target_without_host_is_rejected() {
        assertThatThrownBy(() -> LoadRunner.builder().target(URI.create("http:///path")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target must name a host");
    }

    @Test
    void a_missing_target_is_named() {
        assertThatThrownBy(() -> LoadRunner.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target must be set (an http:// or https:// URL)");
    }

    @Test
    void bad_counts_name_the_setting_the_bound_and_the_value() {
        assertThatThrownBy(() -> valid().concurrency(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("concurrency must be within 1..100000, got 0");
        assertThatThrownBy(() -> valid().requests(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requests must be >= 1, got 0");
        assertThatThrownBy(() -> valid().warmupRequests(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warmupRequests must be >= 0, got -1");
        assertThatThrownBy(() -> valid().requests(Long.MAX_VALUE).warmupRequests(1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("requests + warmupRequests must be <=");
    }

    @Test
    void bad_durations_name_the_setting_the_bound_and_the_value() {
        assertThatThrownBy(() -> valid().requestTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requestTimeout must be > 0, got PT0S");
        assertThatThrownBy(() -> valid().maxDuration(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxDuration must be > 0, got PT-1S");
    }

    @Test
    void a_bad_success_range_names_the_setting_the_bound_and_the_value() {
        assertThatThrownBy(() -> valid().successStatuses(99, 200).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("successStatuses from must be within 100..599, got 99");
        assertThatThrownBy(() -> valid().successStatuses(300, 200).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("successStatuses to must be within 300..599, got 200");
        assertThatThrownBy(() -> valid().successStatuses(200, 600).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("successStatuses to must be within 200..599, got 600");
    }

    @Test
    void methods_and_headers_that_would_break_the_request_are_rejected() {
        assertThatThrownBy(() -> valid().method("GET /x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("method");
        assertThatThrownBy(() -> valid().header("X-A", "a\r\nInjected: yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header X-A");
        assertThatThrownBy(() -> valid().header("Bad Name", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header name");
        assertThatThrownBy(() -> valid().header("content-length", "5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set by the engine");
    }

    @Test
    void a_valid_builder_builds_a_runner_for_its_target() {
        LoadRunner runner =
                valid().concurrency(50)
                        .requests(10_000)
                        .warmupRequests(500)
                        .requestTimeout(Duration.ofSeconds(10))
                        .successStatuses(200, 299)
                        .maxDuration(Duration.ofMinutes(1))
                        .header("Authorization", "Bearer x")
                        .build();

        assertThat(runner.target()).isEqualTo(URI.create("http://127.0.0.1:8080/health"));
    }

    @Test
    void a_run_is_either_by_request_count_or_by_duration_not_both() {
        assertThatThrownBy(() -> valid().requests(10).duration(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("set either requests or duration, not both");
        assertThatThrownBy(() -> valid().duration(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration must be > 0, got PT0S");
        assertThat(
                        valid().duration(Duration.ofSeconds(8))
                                .concurrency(50)
                                .build()
                                .target()
                                .getPort())
                .isEqualTo(8080);
    }

    @Test
    void a_rate_must_be_positive_and_come_with_a_duration() {
        assertThatThrownBy(() -> valid().rate(-1).duration(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate must be > 0 and <= 10000000 per second, got -1.0");
        assertThatThrownBy(() -> valid().rate(Double.NaN).duration(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rate must be > 0");
        assertThatThrownBy(() -> valid().rate(100).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate needs a duration (the open model runs for a duration)");
        assertThat(valid().rate(100).duration(Duration.ofSeconds(1)).build()).isNotNull();
    }
}
