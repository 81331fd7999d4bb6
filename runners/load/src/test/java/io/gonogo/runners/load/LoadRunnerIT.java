package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import io.gonogo.runners.load.TestHttpServer.After;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadRunnerIT {

    /** Every measured attempt ends answered or in exactly one non-HTTP error kind. */
    private static void assertAttemptsAreAccountedFor(LoadResult r) {
        assertThat(r.attempted())
                .as("attempted = answered + connect + timeout + reset + protocol")
                .isEqualTo(
                        r.answered()
                                + r.errorCount(ErrorKind.CONNECT)
                                + r.errorCount(ErrorKind.TIMEOUT)
                                + r.errorCount(ErrorKind.RESET)
                                + r.errorCount(ErrorKind.PROTOCOL));
        long inHistogram =
                r.answered() + (r.model() == LoadModel.OPEN ? r.errorCount(ErrorKind.TIMEOUT) : 0);
        assertThat(r.latencyMicros().getTotalCount())
                .as("answered, and in the open model timeouts too")
                .isEqualTo(inHistogram);
    }

    @Test
    void
            the_histogram_counts_exactly_the_measured_requests_and_the_server_saw_them_plus_the_warmup()
                    throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .concurrency(8)
                            .requests(2_000)
                            .warmupRequests(200)
                            .build()
                            .run();

            assertThat(r.latencyMicros().getTotalCount()).isEqualTo(2_000);
            assertThat(server.requests()).isEqualTo(2_200);
            assertThat(r.attempted()).isEqualTo(2_000);
            assertThat(r.answered()).isEqualTo(2_000);
            assertThat(r.succeeded()).isEqualTo(2_000);
            assertThat(r.successRatePercent()).isEqualTo(100.0);
            assertThat(r.totalErrors()).isZero();
            assertThat(r.errors()).containsOnlyKeys(ErrorKind.values());
            assertThat(r.abortReason()).isEmpty();
            assertThat(r.model()).isEqualTo(LoadModel.CLOSED);
            assertThat(server.connections()).as("keep-alive: one connection per user").isEqualTo(8);
            assertThat(r.connectionsOpened())
                    .as("connections opened in warm-up are not in the figures")
                    .isZero();
            assertThat(r.measuredWindow()).isPositive();
            assertThat(r.throughputPerSecond())
                    .isCloseTo(2_000 / (r.measuredWindow().toNanos() / 1e9), within(1e-6));
            assertThat(r.endedAt()).isAfterOrEqualTo(r.startedAt());
        }
    }

    @Test
    void latency_values_are_plausible() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            Duration timeout = Duration.ofSeconds(5);
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(4)
                            .requests(1_000)
                            .requestTimeout(timeout)
                            .build()
                            .run();

            Histogram h = r.latencyMicros();
            assertThat(h.getTotalCount()).isEqualTo(1_000);
            assertThat(h.getMinValue()).isGreaterThanOrEqualTo(1);
            assertThat(h.getMaxValue()).isLessThan(timeout.toNanos() / 1000);
            assertThat(h.getValueAtPercentile(50)).isBetween(h.getMinValue(), h.getMaxValue());
            assertThat(r.connectTimeMicros().getTotalCount()).isEqualTo(4);
            assertThat(r.connectTimeMicros().getMinValue()).isGreaterThanOrEqualTo(1);
            assertThat(r.connectionsOpened()).isEqualTo(4);
        }
    }

    @Test
    void a_500_to_every_third_request_gives_the_right_http_5xx_count_and_success_rate()
            throws Exception {
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            out.write(
                                    n % 3 == 0
                                            ? TestHttpServer.response(500, "{\"error\":\"boom\"}")
                                            : TestHttpServer.response(200, "{}"));
                            return After.KEEP_OPEN;
                        })) {
            // the warm-up ends before the first measured request, so the server's count lines up
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(5)
                            .requests(300)
                            .warmupRequests(30)
                            .build()
                            .run();

            assertThat(r.errorCount(ErrorKind.HTTP_5XX)).isEqualTo(100);
            assertThat(r.errorCount(ErrorKind.HTTP_4XX)).isZero();
            assertThat(r.answered()).isEqualTo(300);
            assertThat(r.succeeded()).isEqualTo(200);
            assertThat(r.successRatePercent()).isCloseTo(200 * 100.0 / 300, offset(1e-9));
            assertThat(r.totalErrors()).isEqualTo(100);
            assertAttemptsAreAccountedFor(r);
        }
    }

    @Test
    void
            statuses_outside_the_success_range_that_are_not_4xx_or_5xx_are_unsuccessful_but_not_errors()
                    throws Exception {
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            out.write(
                                    n % 2 == 0
                                            ? TestHttpServer.response(
                                                    302, "", "Location: /elsewhere")
                                            : TestHttpServer.response(404, "{}"));
                            return After.KEEP_OPEN;
                        })) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(1)
                            .requests(10)
                            .build()
                            .run();

            assertThat(r.answered()).isEqualTo(10);
            assertThat(r.succeeded()).isZero();
            assertThat(r.errorCount(ErrorKind.HTTP_4XX)).isEqualTo(5);
            assertThat(r.totalErrors()).as("the five 302s are no error").isEqualTo(5);
            assertThat(r.successRatePercent()).isZero();
        }
    }

    @Test
    void the_success_range_can_include_a_4xx() throws Exception {
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            out.write(TestHttpServer.response(409, "{}"));
                            return After.KEEP_OPEN;
                        })) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .requests(5)
                            .successStatuses(200, 409)
                            .build()
                            .run();

            assertThat(r.succeeded()).isEqualTo(5);
            assertThat(r.totalErrors()).isZero();
        }
    }

    @Test
    void chunked_responses_split_across_packets_are_parsed() throws Exception {
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            out.write(
                                    ("HTTP/1.1 200 OK\r\n"
                                                    + "Transfer-Encoding: chunked\r\n"
                                                    + "Content-Type: text/plain\r\n\r\n")
                                            .getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            out.write("5;ext=1\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            out.write(
                                    "1A\r\nabcdefghijklmnopqrstuvwxyz\r"
                                            .getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            out.write(
                                    "\n0\r\nX-Trailer: yes\r\n\r\n"
                                            .getBytes(StandardCharsets.US_ASCII));
                            return After.KEEP_OPEN;
                        })) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/chunked"))
                            .concurrency(3)
                            .requests(150)
                            .build()
                            .run();

            assertThat(r.succeeded()).isEqualTo(150);
            assertThat(r.totalErrors()).isZero();
            assertThat(server.connections())
                    .as("chunked responses keep the connection")
                    .isEqualTo(3);
            assertThat(server.requests()).isEqualTo(150);
        }
    }

    @Test
    void connection_close_responses_cause_reconnects_but_no_errors() throws Exception {
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            out.write(TestHttpServer.response(200, "{}", "Connection: close"));
                            return After.CLOSE;
                        })) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(4)
                            .requests(200)
                            .build()
                            .run();

            assertThat(r.totalErrors()).isZero();
            assertThat(r.succeeded()).isEqualTo(200);
            assertThat(server.connections()).isEqualTo(200);
            assertThat(r.connectionsOpened()).isEqualTo(200);
            assertThat(r.connectTimeMicros().getTotalCount()).isEqualTo(200);
        }
    }

    @Test
    void a_response_delimited_by_the_server_closing_the_connection_is_complete() throws Exception {
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            out.write(
                                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close"
                                            .getBytes(StandardCharsets.US_ASCII));
                            return After.CLOSE;
                        })) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(2)
                            .requests(20)
                            .build()
                            .run();

            assertThat(r.succeeded()).isEqualTo(20);
            assertThat(r.totalErrors()).isZero();
        }
    }

    @Test
    void a_server_closing_an_idle_keep_alive_connection_is_no_error() throws Exception {
        // Warm-up 4 on 2 users: the user that completes request 3 waits (idle) for request 4, which
        // the server holds back while it closes the idle connection; the user must reconnect
        // quietly.
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            if (n == 4) {
                                sleep(400);
                            }
                            out.write(TestHttpServer.response(200, "{}"));
                            if (n == 3) {
                                out.flush();
                                sleep(100);
                                return After.CLOSE;
                            }
                            return After.KEEP_OPEN;
                        })) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(2)
                            .requests(10)
                            .warmupRequests(4)
                            .build()
                            .run();

            assertThat(r.totalErrors()).isZero();
            assertThat(r.succeeded()).isEqualTo(10);
            assertThat(server.connections()).isEqualTo(3);
            assertThat(r.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void a_server_that_never_answers_gives_timeouts_and_the_run_ends_in_bounded_time()
            throws Exception {
        try (TestHttpServer server = TestHttpServer.start((n, req, out) -> After.KEEP_OPEN)) {
            long t0 = System.nanoTime();
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(2)
                            .requests(4)
                            // 500 ms: the run counts the target silent after three timeouts' worth
                            // of
                            // silence, and the second round must end well inside that on a loaded
                            // machine
                            .requestTimeout(Duration.ofMillis(500))
                            .build()
                            .run();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(r.errorCount(ErrorKind.TIMEOUT)).isEqualTo(4);
            assertThat(r.answered()).isZero();
            assertThat(r.attempted()).isEqualTo(4);
            assertThat(r.abortReason()).isEmpty();
            assertThat(took)
                    .as("two rounds of 500 ms timeouts")
                    .isBetween(Duration.ofMillis(950), Duration.ofSeconds(5));
            assertThat(server.connections())
                    .as("a timed-out connection is closed and reopened")
                    .isEqualTo(4);
        }
    }

    @Test
    void a_server_that_accepts_but_stays_silent_ends_a_long_run_after_three_timeouts()
            throws Exception {
        try (TestHttpServer server = TestHttpServer.start((n, req, out) -> After.KEEP_OPEN)) {
            long t0 = System.nanoTime();
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(2)
                            .requests(1_000_000)
                            .requestTimeout(Duration.ofMillis(200))
                            .build()
                            .run();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(r.abortReason())
                    .get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("target silent: no response");
            assertThat(r.errorCount(ErrorKind.TIMEOUT)).isPositive();
            assertThat(r.attempted()).isLessThan(100);
            assertAttemptsAreAccountedFor(r);
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void a_port_with_nothing_listening_aborts_quickly_with_connect_errors() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        LoadResult r =
                LoadRunner.builder()
                        .target(URI.create("http://127.0.0.1:" + port + "/health"))
                        .concurrency(3)
                        .requests(100_000)
                        .build()
                        .run();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(r.abortReason())
                .hasValueSatisfying(
                        reason ->
                                assertThat(reason)
                                        .startsWith(
                                                "target unreachable: connection refused to"
                                                        + " 127.0.0.1:"
                                                        + port)
                                        .contains("99997 requests not sent"));
        assertThat(r.errorCount(ErrorKind.CONNECT)).isEqualTo(3);
        assertThat(r.attempted()).isEqualTo(3);
        assertThat(r.answered()).isZero();
        assertThat(r.successRatePercent()).isZero();
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_server_killed_mid_run_gives_connect_and_reset_errors_and_the_run_still_finishes()
            throws Exception {
        AtomicReference<TestHttpServer> self = new AtomicReference<>();
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            if (n == 300) {
                                self.get().killSoon();
                                sleep(50); // leave the other requests outstanding while the kill
                                // lands
                                return After.CLOSE;
                            }
                            out.write(TestHttpServer.response(200, "{}"));
                            return After.KEEP_OPEN;
                        })) {
            self.set(server);
            long t0 = System.nanoTime();
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(4)
                            .requests(1_000)
                            .requestTimeout(Duration.ofSeconds(2))
                            .build()
                            .run();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(r.answered()).isBetween(299L, 999L);
            // whether the outstanding requests see a reset or a refused reconnect depends on timing
            assertThat(r.errorCount(ErrorKind.CONNECT) + r.errorCount(ErrorKind.RESET))
                    .isPositive();
            // either every request was tried against the dead port, or refused connects outlasted
            // the
            // request timeout and the run ended as "target lost"; never "unreachable", as it had
            // answered
            if (r.abortReason().isPresent()) {
                assertThat(r.abortReason().get()).startsWith("target lost");
                assertThat(r.attempted()).isLessThan(1_000);
            } else {
                assertThat(r.attempted()).isEqualTo(1_000);
            }
            assertAttemptsAreAccountedFor(r);
            assertThat(took).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void a_server_that_goes_away_for_longer_than_the_request_timeout_ends_a_long_run_early()
            throws Exception {
        AtomicReference<TestHttpServer> self = new AtomicReference<>();
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            if (n == 500) {
                                self.get().killSoon();
                                return After.CLOSE;
                            }
                            out.write(TestHttpServer.response(200, "{}"));
                            return After.KEEP_OPEN;
                        })) {
            self.set(server);
            long t0 = System.nanoTime();
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(4)
                            .requests(50_000_000)
                            .requestTimeout(Duration.ofMillis(500))
                            .build()
                            .run();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(r.abortReason())
                    .get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("target lost: only refused connections")
                    .contains("requests not sent");
            assertThat(r.attempted()).isLessThan(50_000_000);
            assertThat(r.errorCount(ErrorKind.CONNECT)).isPositive();
            assertAttemptsAreAccountedFor(r);
            assertThat(took).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void a_malformed_response_counts_as_protocol_error_and_the_connection_is_reopened()
            throws Exception {
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            out.write(
                                    "SPDY/9 200 whatever\r\n\r\n"
                                            .getBytes(StandardCharsets.US_ASCII));
                            return After.KEEP_OPEN;
                        })) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(2)
                            .requests(10)
                            .build()
                            .run();

            assertThat(r.errorCount(ErrorKind.PROTOCOL)).isEqualTo(10);
            assertThat(r.answered()).isZero();
            assertThat(server.connections()).isEqualTo(10);
            assertAttemptsAreAccountedFor(r);
        }
    }

    @Test
    void the_request_carries_the_method_headers_and_body() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/decisions?limit=5"))
                            .method("POST")
                            .header("Authorization", "Bearer x")
                            .header("X-Trace", "1")
                            .body("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "application/json")
                            .requests(3)
                            .build()
                            .run();

            assertThat(r.succeeded()).isEqualTo(3);
            TestHttpServer.Request req = server.lastRequest();
            assertThat(req.method()).isEqualTo("POST");
            assertThat(req.target()).isEqualTo("/decisions?limit=5");
            assertThat(req.headers())
                    .containsEntry("authorization", "Bearer x")
                    .containsEntry("x-trace", "1")
                    .containsEntry("content-type", "application/json")
                    .containsEntry("content-length", "7")
                    .containsEntry("host", "127.0.0.1:" + server.port());
            assertThat(new String(req.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        }
    }

    @Test
    void max_duration_stops_the_run_and_the_result_says_why() throws Exception {
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            sleep(20);
                            out.write(TestHttpServer.response(200, "{}"));
                            return After.KEEP_OPEN;
                        })) {
            List<LoadProgress> progress = new CopyOnWriteArrayList<>();
            long t0 = System.nanoTime();
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(2)
                            .requests(100_000)
                            .maxDuration(Duration.ofMillis(1_500))
                            .progressListener(progress::add)
                            .build()
                            .run();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(r.abortReason())
                    .hasValueSatisfying(
                            reason ->
                                    assertThat(reason)
                                            .matches(
                                                    "max duration 1\\.5s reached with \\d+ requests"
                                                            + " not sent(, \\d+ in flight"
                                                            + " abandoned)?"));
            assertThat(r.attempted()).isBetween(10L, 99_999L);
            assertAttemptsAreAccountedFor(r);
            assertThat(r.totalErrors()).isZero();
            assertThat(took).isBetween(Duration.ofMillis(1_400), Duration.ofSeconds(10));
            assertThat(progress).isNotEmpty();
            assertThat(progress.get(0).warmup()).isFalse();
            assertThat(progress.get(0).completed()).isPositive();
            assertThat(progress.get(0).currentRatePerSecond()).isPositive();
            assertThat(progress.get(0).elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void interrupting_the_calling_thread_stops_the_run_and_the_result_says_so() throws Exception {
        try (TestHttpServer server = TestHttpServer.start((n, req, out) -> After.KEEP_OPEN)) {
            AtomicReference<LoadResult> result = new AtomicReference<>();
            AtomicReference<Boolean> flagAfter = new AtomicReference<>();
            LoadRunner runner =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(2)
                            .requests(10)
                            .requestTimeout(Duration.ofSeconds(30))
                            .build();
            Thread t =
                    new Thread(
                            () -> {
                                result.set(runner.run());
                                flagAfter.set(Thread.currentThread().isInterrupted());
                            });
            t.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.requests() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            t.interrupt();
            t.join(10_000);

            assertThat(t.isAlive()).isFalse();
            assertThat(result.get().abortReason())
                    .hasValue("interrupted with 8 requests not sent, 2 in flight abandoned");
            assertThat(result.get().attempted()).as("abandoned requests have no outcome").isZero();
            assertThat(flagAfter.get()).as("the interrupt flag stays set").isTrue();
        }
    }

    @Test
    void a_progress_listener_that_throws_ends_the_run_with_its_exception() throws Exception {
        try (TestHttpServer server = TestHttpServer.start((n, req, out) -> After.KEEP_OPEN)) {
            LoadRunner runner =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .requests(5)
                            .requestTimeout(Duration.ofSeconds(30))
                            .progressListener(
                                    p -> {
                                        throw new IllegalStateException("listener says stop");
                                    })
                            .build();

            assertThatThrownBy(runner::run)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("listener says stop");
        }
    }

    @Test
    void a_runner_runs_several_times_independently() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            LoadRunner runner =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(2)
                            .requests(100)
                            .build();

            LoadResult first = runner.run();
            LoadResult second = runner.run();

            assertThat(first.latencyMicros().getTotalCount()).isEqualTo(100);
            assertThat(second.latencyMicros().getTotalCount()).isEqualTo(100);
            assertThat(second.attempted()).isEqualTo(100);
            assertThat(server.requests()).isEqualTo(200);
            assertThat(server.connections()).isEqualTo(4);
        }
    }

    @Test
    void more_users_than_requests_is_fine() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(10)
                            .requests(3)
                            .build()
                            .run();

            assertThat(r.succeeded()).isEqualTo(3);
            assertThat(server.requests()).isEqualTo(3);
        }
    }

    @Test
    void a_closed_run_by_duration_sends_until_the_duration_has_passed_and_is_not_aborted()
            throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            long t0 = System.nanoTime();
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .concurrency(4)
                            .duration(Duration.ofMillis(700))
                            .warmupRequests(100)
                            .build()
                            .run();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(r.abortReason()).isEmpty();
            assertThat(r.model()).isEqualTo(LoadModel.CLOSED);
            assertThat(r.answered()).isPositive().isEqualTo(r.attempted()).isEqualTo(r.succeeded());
            assertThat(server.requests())
                    .as("warm-up on top, nothing abandoned")
                    .isEqualTo(r.answered() + 100);
            assertThat(r.measuredWindow()).isBetween(Duration.ofMillis(650), Duration.ofSeconds(3));
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(r.sendLagMicros().getTotalCount())
                    .as("the closed model has no schedule")
                    .isZero();
            assertAttemptsAreAccountedFor(r);
        }
    }

    @Test
    void a_closed_run_by_duration_lets_its_in_flight_requests_finish() throws Exception {
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            sleep(300);
                            out.write(TestHttpServer.response(200, "{}"));
                            return After.KEEP_OPEN;
                        })) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(3)
                            .duration(Duration.ofMillis(500))
                            .build()
                            .run();

            assertThat(r.abortReason()).isEmpty();
            assertThat(r.errorCount(ErrorKind.TIMEOUT)).isZero();
            // two rounds of three users on a quiet machine; a user whose first answer comes after
            // 500 ms (a server thread woken late) sends no second request
            assertThat(r.answered())
                    .as("every request sent was answered, none abandoned")
                    .isBetween(3L, 9L)
                    .isEqualTo(r.attempted())
                    .isEqualTo(server.requests());
            assertThat(r.measuredWindow())
                    .as("the round in flight at 500 ms finished after it")
                    .isBetween(Duration.ofMillis(490), Duration.ofSeconds(5));
        }
    }

    @Test
    void an_open_run_sends_at_its_rate_for_its_duration_and_says_it_is_open() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .concurrency(8)
                            .rate(400)
                            .duration(Duration.ofMillis(1500))
                            .warmupRequests(40)
                            .build()
                            .run();

            assertThat(r.model()).isEqualTo(LoadModel.OPEN);
            assertThat(r.abortReason()).isEmpty();
            assertThat(r.attempted()).isEqualTo(600);
            assertThat(r.answered()).isEqualTo(600);
            assertThat(server.requests()).isEqualTo(640);
            assertThat(r.measuredWindow())
                    .as("the schedule sets the pace")
                    .isBetween(Duration.ofMillis(1400), Duration.ofSeconds(4));
            assertThat(r.throughputPerSecond()).isBetween(150.0, 430.0);
            assertThat(r.sendLagMicros().getTotalCount()).isEqualTo(600);
            assertThat(r.latencyMicros().getTotalCount()).isEqualTo(600);
            assertAttemptsAreAccountedFor(r);
        }
    }

    @Test
    void in_the_open_model_timeouts_are_errors_and_are_recorded_in_the_histogram_at_the_timeout()
            throws Exception {
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            if (n % 2 == 0) {
                                out.write(TestHttpServer.response(200, "{}"));
                            }
                            return After.KEEP_OPEN; // odd requests are never answered
                        })) {
            long t0 = System.nanoTime();
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(20)
                            .rate(40)
                            .duration(Duration.ofSeconds(1))
                            .requestTimeout(Duration.ofMillis(200))
                            .build()
                            .run();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            long timeouts = r.errorCount(ErrorKind.TIMEOUT);
            Histogram h = r.latencyMicros();
            assertThat(r.abortReason()).isEmpty();
            assertThat(r.attempted()).isEqualTo(40);
            assertThat(timeouts).isBetween(10L, 30L);
            assertThat(r.answered() + timeouts).isEqualTo(40);
            assertThat(h.getTotalCount()).as("answered plus timeouts").isEqualTo(40);
            assertThat(h.getCountBetweenValues(199_000, h.getMaxValue()))
                    .isGreaterThanOrEqualTo(timeouts);
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void in_the_open_model_a_request_waits_for_a_busy_connection_and_its_wait_counts()
            throws Exception {
        try (TestHttpServer server =
                TestHttpServer.start(
                        (n, req, out) -> {
                            sleep(100);
                            out.write(TestHttpServer.response(200, "{}"));
                            return After.KEEP_OPEN;
                        })) {
            // one connection, 100 ms per response, a request every 50 ms: the queue grows by one
            // request every 100 ms, and the figures must show it
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(1)
                            .rate(20)
                            .duration(Duration.ofSeconds(1))
                            .build()
                            .run();

            Histogram h = r.latencyMicros();
            assertThat(r.answered()).isEqualTo(20);
            assertThat(h.getMaxValue())
                    .as("the last request waited for about ten others")
                    .isGreaterThan(800_000);
            assertThat(h.getMinValue()).isGreaterThanOrEqualTo(95_000);
            assertThat(r.sendLagMicros().getValueAtPercentile(99))
                    .as("the generator itself kept up: waiting for the service is not send lag")
                    .isLessThan(300_000);
        }
    }

    @Test
    void an_open_run_against_a_server_that_never_answers_ends_on_time_with_every_request_a_timeout()
            throws Exception {
        try (TestHttpServer server = TestHttpServer.start((n, req, out) -> After.KEEP_OPEN)) {
            long t0 = System.nanoTime();
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(5)
                            .rate(50)
                            .duration(Duration.ofSeconds(1))
                            .requestTimeout(Duration.ofMillis(300))
                            .build()
                            .run();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            Histogram h = r.latencyMicros();
            assertThat(r.attempted()).isEqualTo(50);
            assertThat(r.errorCount(ErrorKind.TIMEOUT)).isEqualTo(50);
            assertThat(r.answered()).isZero();
            assertThat(h.getTotalCount()).as("every timeout is in the histogram").isEqualTo(50);
            assertThat(h.getMinValue())
                    .as("at the timeout or later")
                    .isGreaterThanOrEqualTo(299_000);
            assertThat(took)
                    .as("the schedule plus about one timeout")
                    .isBetween(Duration.ofMillis(1_200), Duration.ofSeconds(5));
            assertAttemptsAreAccountedFor(r);
        }
    }

    @Test
    void an_open_run_against_nothing_listening_aborts_as_unreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        LoadResult r =
                LoadRunner.builder()
                        .target(URI.create("http://127.0.0.1:" + port + "/"))
                        .concurrency(3)
                        .rate(100)
                        .duration(Duration.ofSeconds(5))
                        .build()
                        .run();

        assertThat(r.abortReason())
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("target unreachable"));
        assertThat(r.errorCount(ErrorKind.CONNECT)).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
