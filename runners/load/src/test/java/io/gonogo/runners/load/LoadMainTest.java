package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(30)
class LoadMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return LoadMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void prints_a_wrk_style_summary_with_a_requests_per_second_line() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            int status =
                    run(server.uri("/health").toString(), "-c", "4", "-n", "500", "--warmup", "50");

            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(status).isZero();
            assertThat(text)
                    .containsPattern("(?m)^Requests/sec: \\d+\\.\\d{2}$")
                    .contains("500 requests attempted, 500 answered, 500 succeeded (100.00%)")
                    .contains("Latency     p50 ");
            assertThat(server.requests()).isEqualTo(550);
        }
    }

    @Test
    void bad_arguments_exit_with_2_and_say_why() {
        assertThat(run("-c", "4")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("the target URL is missing")
                .contains("--help");

        err.reset();
        assertThat(run("http://127.0.0.1:1/", "-c", "0", "-n", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("concurrency must be within 1..100000, got 0");

        err.reset();
        assertThat(run("http://127.0.0.1:1/", "-n")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("option -n needs a value");
    }

    @Test
    void a_closed_run_by_duration_takes_a_wrk_style_duration() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            int status = run(server.uri("/health").toString(), "-c", "4", "-d", "500ms");

            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(status).isZero();
            assertThat(text)
                    .contains("Running closed-model load")
                    .contains("500ms")
                    .containsPattern("(?m)^Requests/sec: \\d+\\.\\d{2}$")
                    .doesNotContain("Aborted");
        }
    }

    @Test
    void an_open_run_prints_its_rate_its_percentiles_and_its_send_lag() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            int status =
                    run(server.uri("/health").toString(), "-c", "4", "--rate", "200", "-d", "1s");

            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(status).isZero();
            assertThat(text)
                    .contains("Running open-model load")
                    .contains("at 200 req/s")
                    .contains("Latency     p50 ")
                    .contains("p99.9")
                    .contains("Send lag")
                    .contains("200 requests attempted, 200 answered")
                    .containsPattern("(?m)^Requests/sec: \\d+\\.\\d{2}$");
        }
    }

    @Test
    void wrk_style_durations_are_parsed_and_bad_ones_rejected() {
        assertThat(LoadMain.duration("-d", "500ms")).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(LoadMain.duration("-d", "8s")).isEqualTo(java.time.Duration.ofSeconds(8));
        assertThat(LoadMain.duration("-d", "2m")).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(LoadMain.duration("-d", "1h")).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(LoadMain.duration("-d", "30")).isEqualTo(java.time.Duration.ofSeconds(30));
        for (String bad :
                new String[] {"", "s", "1.5s", "-1s", "0s", "10x", "99999999999999999999s"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoadMain.duration("-d", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("option -d ");
        }
    }

    @Test
    void each_bad_argument_exits_with_2_and_one_line_on_stderr() {
        String[][] cases = {
            {"http://127.0.0.1:1/", "-c", "0", "-d", "1s"},
            {"http://bad host/", "-c", "1", "-d", "1s"},
            {"not a url", "-c", "1", "-d", "1s"},
            {"ftp://127.0.0.1/", "-c", "1", "-d", "1s"},
            {"http://127.0.0.1:1/", "-c", "1", "--rate", "-1", "-d", "1s"},
            {"http://127.0.0.1:1/", "-c", "1", "--rate", "fast", "-d", "1s"},
            {"http://127.0.0.1:1/", "-c", "1", "--rate", "100"},
            {"http://127.0.0.1:1/", "-c", "1", "-n", "5", "-d", "1s"},
            {"http://127.0.0.1:1/", "-c", "x"},
            {"http://127.0.0.1:1/", "-d", "soon"},
        };
        for (String[] args : cases) {
            err.reset();
            out.reset();
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
            String message = err.toString(StandardCharsets.UTF_8);
            assertThat(message)
                    .as(String.join(" ", args))
                    .startsWith("error: ")
                    .endsWith(System.lineSeparator());
            assertThat(message.strip().lines()).as(String.join(" ", args)).hasSize(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }
}
