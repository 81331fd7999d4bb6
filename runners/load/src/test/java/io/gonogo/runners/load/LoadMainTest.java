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
        return LoadMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void prints_a_wrk_style_summary_with_a_requests_per_second_line() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            int status = run(server.uri("/health").toString(), "-c", "4", "-n", "500", "--warmup", "50");

            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(status).isZero();
            assertThat(text).containsPattern("(?m)^Requests/sec: \\d+\\.\\d{2}$")
                    .contains("500 requests attempted, 500 answered, 500 succeeded (100.00%)")
                    .contains("Latency     p50 ");
            assertThat(server.requests()).isEqualTo(550);
        }
    }

    @Test
    void bad_arguments_exit_with_2_and_say_why() {
        assertThat(run("-c", "4")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the target URL is missing").contains("usage:");

        err.reset();
        assertThat(run("http://127.0.0.1:1/", "-c", "0", "-n", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("concurrency must be >= 1, got 0");

        err.reset();
        assertThat(run("http://127.0.0.1:1/", "-n")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("option -n needs a value");
    }
}
