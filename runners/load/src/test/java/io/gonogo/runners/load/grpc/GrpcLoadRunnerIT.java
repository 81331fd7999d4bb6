package io.gonogo.runners.load.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.LoadResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrpcLoadRunnerIT {

    static TestGrpcServer server;

    @TempDir Path dir;

    @BeforeAll
    static void start() {
        server = TestGrpcServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static GrpcLoadRunner.Builder echo(String body) {
        return GrpcLoadRunner.builder()
                .target(server.target())
                .method(TestGrpcServer.ECHO)
                .body(body);
    }

    @Test
    void a_closed_run_by_count_sends_the_warm_up_and_measures_exactly_the_requested_calls() {
        long before = server.calls.get();
        CallLoadResult r =
                echo("{\"text\":\"hi\"}")
                        .concurrency(8)
                        .requests(2_000)
                        .warmupRequests(200)
                        .header("Authorization", "Bearer secret")
                        .build()
                        .run();
        LoadResult f = r.figures();
        assertThat(f.abortReason()).isEmpty();
        assertThat(f.model()).isEqualTo(LoadModel.CLOSED);
        assertThat(f.attempted()).isEqualTo(2_000);
        assertThat(f.answered()).isEqualTo(2_000);
        assertThat(f.succeeded()).isEqualTo(2_000);
        assertThat(f.latencyMicros().getTotalCount()).isEqualTo(2_000);
        assertThat(r.totalErrors()).isZero();
        assertThat(r.answeredErrors())
                .containsKeys("grpc_UNAVAILABLE", "grpc_DEADLINE_EXCEEDED", "grpc_INTERNAL")
                .doesNotContainKey("grpc_OK")
                .hasSize(16);
        assertThat(server.calls.get() - before).isEqualTo(2_200);
        assertThat(server.authorized.get()).isGreaterThanOrEqualTo(2_200);
        assertThat(f.measuredWindow()).isPositive();
        assertThat(f.throughputPerSecond()).isGreaterThan(0);
        // the eight connections were opened before the warm-up: not the measured calls' set-up
        assertThat(f.connectTimeMicros().getTotalCount()).isZero();
    }

    @Test
    void without_warm_up_the_connections_are_timed_apart_from_the_calls() {
        CallLoadResult r = echo("{}").concurrency(4).connections(3).requests(100).build().run();
        assertThat(r.figures().succeeded()).isEqualTo(100);
        assertThat(r.figures().connectionsOpened()).isEqualTo(3);
        assertThat(r.figures().connectTimeMicros().getTotalCount()).isEqualTo(3);
    }

    @Test
    void a_status_sent_by_the_server_is_an_answer_counted_under_its_grpc_kind() {
        CallLoadResult r =
                echo("{\"fail\":\"UNAVAILABLE\"}").concurrency(4).requests(300).build().run();
        LoadResult f = r.figures();
        assertThat(f.attempted()).isEqualTo(300);
        assertThat(f.answered()).isEqualTo(300);
        assertThat(f.succeeded()).isZero();
        assertThat(r.errorCount("grpc_UNAVAILABLE")).isEqualTo(300);
        assertThat(f.errorCount(ErrorKind.CONNECT)).isZero();
        assertThat(f.errorCount(ErrorKind.RESET)).isZero();
        assertThat(r.errorsByKind())
                .containsEntry("connect", 0L)
                .containsEntry("timeout", 0L)
                .containsEntry("grpc_UNAVAILABLE", 300L);
        assertThat(f.successRatePercent()).isZero();
    }

    @Test
    void a_deadline_exceeded_sent_by_the_server_is_not_the_generators_timeout() {
        CallLoadResult r = echo("{\"fail\":\"DEADLINE_EXCEEDED\"}").requests(50).build().run();
        assertThat(r.errorCount("grpc_DEADLINE_EXCEEDED")).isEqualTo(50);
        assertThat(r.figures().errorCount(ErrorKind.TIMEOUT)).isZero();
    }

    @Test
    void a_call_past_its_deadline_is_a_timeout_and_the_run_still_ends_on_time() {
        long start = System.nanoTime();
        CallLoadResult r =
                echo("{\"delay_millis\":5000}")
                        .concurrency(4)
                        .requests(8)
                        .requestTimeout(Duration.ofMillis(300))
                        .build()
                        .run();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        LoadResult f = r.figures();
        assertThat(f.attempted()).isEqualTo(8);
        assertThat(f.errorCount(ErrorKind.TIMEOUT))
                .as("timeouts among %s, answered errors %s", r.errorsByKind(), r.answeredErrors())
                .isEqualTo(8);
        assertThat(f.answered()).isZero();
        assertThat(r.answeredErrors().values()).allMatch(n -> n == 0);
        // two rounds of four calls, each given up at 300 ms; allow 2x and the connection set-up
        assertThat(tookMillis).isLessThan(2 * 600 + 2_000);
    }

    @Test
    void a_server_that_goes_away_mid_run_shows_as_connect_or_reset_errors_and_the_run_ends()
            throws Exception {
        TestGrpcServer doomed = TestGrpcServer.start();
        // the server goes once it has answered 50 calls (not after a fixed time, which a cold
        // client's set-up on a loaded machine could use up before any call succeeded)
        Thread killer =
                new Thread(
                        () -> {
                            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                            try {
                                while (doomed.calls.get() < 50 && System.nanoTime() < deadline) {
                                    Thread.sleep(5);
                                }
                            } catch (InterruptedException e) {
                                return;
                            }
                            doomed.close();
                        });
        killer.start();
        long start = System.nanoTime();
        CallLoadResult r =
                GrpcLoadRunner.builder()
                        .target(doomed.target())
                        .method(TestGrpcServer.ECHO)
                        .body("{\"delay_millis\":2}")
                        .concurrency(4)
                        .duration(Duration.ofSeconds(3))
                        .requestTimeout(Duration.ofMillis(500))
                        .build()
                        .run();
        killer.join();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        LoadResult f = r.figures();
        assertThat(f.succeeded()).isPositive();
        assertThat(f.errorCount(ErrorKind.CONNECT) + f.errorCount(ErrorKind.RESET)).isPositive();
        assertThat(r.errorCount("grpc_UNAVAILABLE")).as(r.errorsByKind().toString()).isZero();
        assertThat(f.attempted())
                .isEqualTo(
                        f.answered()
                                + f.errorCount(ErrorKind.CONNECT)
                                + f.errorCount(ErrorKind.TIMEOUT)
                                + f.errorCount(ErrorKind.RESET));
        assertThat(tookMillis).isLessThan(2 * 3_000 + 2_000);
    }

    @Test
    void an_event_loop_held_up_by_the_generator_itself_makes_the_run_generator_bound()
            throws Exception {
        Path set = TestGrpcServer.writeDescriptorSet(dir.resolve("bound.pb"));
        // the progress listener runs on the one event loop and keeps it from sending for 400 ms
        // each second; the pool holds every arrival a block delays, so each leaves late
        GrpcLoadRunner runner =
                GrpcLoadRunner.builder()
                        .target(server.target())
                        .method(TestGrpcServer.ECHO)
                        .descriptorSet(set)
                        .concurrency(200)
                        .threads(1)
                        .rate(300)
                        .duration(Duration.ofMillis(2500))
                        .progressListener(p -> sleep(400))
                        .build();
        assertThat(runner.client()).isEqualTo(GrpcLoadRunner.Client.GONOGO);
        CallLoadResult r = runner.run();

        assertThat(r.figures().succeeded()).isEqualTo(r.figures().attempted()).isEqualTo(750);
        assertThat(r.figures().generatorBound()).isTrue();
        assertThat(r.figures().health().reasons())
                .anySatisfy(reason -> assertThat(reason).contains("send-lag p99"));
        assertThat(r.figures().health().cpuMicrosPerRequest()).isPositive();
    }

    @Test
    void an_open_run_ramps_its_rate_on_gonogos_client_and_grpc_javas_refuses_a_ramp()
            throws Exception {
        Path set = TestGrpcServer.writeDescriptorSet(dir.resolve("ramp.pb"));
        CallLoadResult r =
                GrpcLoadRunner.builder()
                        .target(server.target())
                        .method(TestGrpcServer.ECHO)
                        .descriptorSet(set)
                        .concurrency(20)
                        .rate(100)
                        .rampTo(300)
                        .duration(Duration.ofSeconds(2))
                        .build()
                        .run();
        // from 100/s to 300/s over 2 s: 400 calls on the schedule, all of them answered
        assertThat(r.figures().attempted()).isBetween(398L, 402L);
        assertThat(r.figures().succeeded()).isEqualTo(r.figures().attempted());
        assertThatThrownBy(
                        () ->
                                GrpcLoadRunner.builder()
                                        .target(server.target())
                                        .method(TestGrpcServer.ECHO)
                                        .client(GrpcLoadRunner.Client.GRPC_JAVA)
                                        .rate(100)
                                        .rampTo(300)
                                        .duration(Duration.ofSeconds(2))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rampTo runs on gonogo's client only");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void a_refused_port_makes_the_run_unreachable_with_nothing_attempted() throws Exception {
        Path set = TestGrpcServer.writeDescriptorSet(dir.resolve("echo.pb"));
        CallLoadResult r =
                GrpcLoadRunner.builder()
                        .target("grpc://127.0.0.1:" + TestGrpcServer.closedPort())
                        .method(TestGrpcServer.ECHO)
                        .descriptorSet(set)
                        .concurrency(2)
                        .requests(10)
                        .requestTimeout(Duration.ofSeconds(2))
                        .build()
                        .run();
        assertThat(r.figures().abortReason())
                .hasValueSatisfying(a -> assertThat(a).startsWith("target unreachable"));
        assertThat(r.figures().attempted()).isZero();
    }

    @Test
    void reflection_against_a_refused_port_says_the_target_is_unreachable() throws Exception {
        int port = TestGrpcServer.closedPort();
        GrpcLoadRunner runner =
                GrpcLoadRunner.builder()
                        .target("127.0.0.1:" + port)
                        .method(TestGrpcServer.ECHO)
                        .requestTimeout(Duration.ofSeconds(2))
                        .build();
        assertThatThrownBy(runner::run)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("target unreachable: connection refused to 127.0.0.1:" + port);
    }

    @Test
    void a_descriptor_set_file_replaces_reflection() throws Exception {
        Path set = TestGrpcServer.writeDescriptorSet(dir.resolve("echo.pb"));
        try (TestGrpcServer plain = TestGrpcServer.startWithoutReflection()) {
            GrpcLoadRunner.Builder b =
                    GrpcLoadRunner.builder()
                            .target(plain.target())
                            .method(TestGrpcServer.ECHO)
                            .body("{\"text\":\"x\"}")
                            .requests(20);
            assertThatThrownBy(() -> b.build().check())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has no server reflection (v1)")
                    .hasMessageContaining("--proto-set FILE");
            CallLoadResult r = b.descriptorSet(set).build().run();
            assertThat(r.figures().succeeded()).isEqualTo(20);
            assertThat(plain.calls.get()).isEqualTo(20);
        }
    }

    @Test
    void an_unknown_method_names_the_methods_the_service_has() {
        assertThatThrownBy(
                        () ->
                                GrpcLoadRunner.builder()
                                        .target(server.target())
                                        .method("gonogo.test.v1.Echo/Shout")
                                        .build()
                                        .check())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown gRPC method 'Shout' in service gonogo.test.v1.Echo; it has Echo,"
                                + " Watch");
    }

    @Test
    void an_unknown_service_names_the_services_the_server_offers() {
        assertThatThrownBy(
                        () ->
                                GrpcLoadRunner.builder()
                                        .target(server.target())
                                        .method("gonogo.test.v1.Nope/Echo")
                                        .build()
                                        .check())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown gRPC service 'gonogo.test.v1.Nope' at "
                                + server.target()
                                + "; it offers gonogo.test.v1.Echo");
    }

    @Test
    void a_streaming_method_is_refused() {
        assertThatThrownBy(
                        () ->
                                GrpcLoadRunner.builder()
                                        .target(server.target())
                                        .method("gonogo.test.v1.Echo/Watch")
                                        .build()
                                        .check())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is server streaming; only unary methods can be driven");
    }

    @Test
    void a_body_that_does_not_fit_the_request_type_names_the_type() {
        assertThatThrownBy(() -> echo("{\"txt\":\"hi\"}").build().check())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "the body does not fit gonogo.test.v1.EchoRequest, the request of "
                                + "gonogo.test.v1.Echo/Echo: ")
                .hasMessageContaining("txt");
        assertThatThrownBy(() -> echo("{not json").build().check())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the body does not fit gonogo.test.v1.EchoRequest");
    }

    @Test
    void bad_settings_are_refused_at_build() {
        assertThatThrownBy(
                        () ->
                                GrpcLoadRunner.builder()
                                        .target("http://127.0.0.1:1")
                                        .method(TestGrpcServer.ECHO)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed gRPC target");
        assertThatThrownBy(
                        () ->
                                GrpcLoadRunner.builder()
                                        .target("127.0.0.1")
                                        .method(TestGrpcServer.ECHO)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed gRPC target");
        assertThatThrownBy(() -> GrpcLoadRunner.builder().method("Echo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a full gRPC method name");
        assertThatThrownBy(() -> echo("{}").concurrency(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("concurrency must be within 1..100000, got 0");
        assertThatThrownBy(() -> echo("{}").connections(10_001).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connections must be within 1..10000, got 10001");
        assertThatThrownBy(() -> echo("{}").rate(-1).duration(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rate must be > 0");
        assertThatThrownBy(() -> echo("{}").header("x-data-bin", "AA==").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be set");
    }

    @Test
    void the_open_model_shows_a_stall_that_the_closed_model_hides() {
        echo("{}").concurrency(8).requests(5_000).build().run(); // JIT warm-up of client and server
        // 200 calls/s for 3 s; the server holds every call arriving in a 600 ms window
        server.freezeFrom(1_000, 600);
        CallLoadResult open =
                echo("{}").concurrency(50).rate(200).duration(Duration.ofSeconds(3)).build().run();
        Histogram o = open.figures().latencyMicros();
        assertThat(open.figures().model()).isEqualTo(LoadModel.OPEN);
        assertThat(open.figures().attempted()).isEqualTo(600);
        assertThat(open.figures().succeeded()).isEqualTo(600);
        // about a fifth of the calls (the 600 ms window of 3 s) waited behind the stall
        double delayed = delayedShare(o);
        assertThat(delayed).isBetween(0.10, 0.50);
        assertThat(o.getValueAtPercentile(99)).isGreaterThan(300_000);
        assertThat(open.figures().sendLagMicros().getTotalCount()).isEqualTo(600);

        server.freezeFrom(1_000, 600);
        CallLoadResult closed =
                echo("{}").concurrency(2).duration(Duration.ofSeconds(3)).build().run();
        Histogram c = closed.figures().latencyMicros();
        // the closed model waits with the server: only the two calls in flight see the stall.
        // Counted
        // over 300 ms (half the freeze), which the open run has dozens of and a loaded machine's
        // own hiccups hardly give a call of a closed run (over 50 ms they can, by the percent)
        long openHeld = o.getTotalCount() - o.getCountBetweenValues(0, 300_000);
        long closedHeld = c.getTotalCount() - c.getCountBetweenValues(0, 300_000);
        assertThat(openHeld).as("open calls held over 300 ms").isGreaterThanOrEqualTo(30);
        assertThat(closedHeld).as("closed calls held over 300 ms").isLessThan(openHeld / 4);
        assertThat(c.getValueAtPercentile(99)).isLessThan(o.getValueAtPercentile(99));
    }

    /**
     * The share of calls slower than 50 ms: held up by the stall (they take about a millisecond
     * otherwise).
     */
    private static double delayedShare(Histogram h) {
        return (h.getTotalCount() - h.getCountBetweenValues(0, 50_000))
                / (double) h.getTotalCount();
    }
}
