package io.gonogo.runners.load.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.LoadProgress;
import io.gonogo.runners.load.LoadResult;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FutureLoadRunnerIT {

    private static Executor after(long millis) {
        return CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS);
    }

    @Test
    void a_closed_run_keeps_exactly_the_concurrency_in_flight_and_counts_every_call() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicLong started = new AtomicLong();
        CallLoadResult r =
                FutureLoadRunner.builder()
                        .concurrency(5)
                        .requests(400)
                        .warmupRequests(40)
                        .call(
                                () -> {
                                    started.incrementAndGet();
                                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                    return CompletableFuture.supplyAsync(
                                            () -> inFlight.decrementAndGet(), after(1));
                                })
                        .build()
                        .run();
        LoadResult f = r.figures();
        assertThat(started.get()).isEqualTo(440);
        assertThat(most.get()).isEqualTo(5);
        assertThat(f.attempted()).isEqualTo(400);
        assertThat(f.succeeded()).isEqualTo(400);
        assertThat(f.latencyMicros().getTotalCount()).isEqualTo(400);
        assertThat(f.latencyMicros().getMinValue()).isGreaterThanOrEqualTo(900);
        assertThat(f.model()).isEqualTo(LoadModel.CLOSED);
    }

    @Test
    void calls_that_complete_at_once_do_not_overflow_the_stack() {
        CallLoadResult r =
                FutureLoadRunner.builder()
                        .concurrency(2)
                        .requests(200_000)
                        .call(() -> CompletableFuture.completedFuture("ok"))
                        .build()
                        .run();
        assertThat(r.figures().succeeded()).isEqualTo(200_000);
    }

    @Test
    void failures_are_classified_and_a_thrown_exception_is_a_failed_call() {
        AtomicLong n = new AtomicLong();
        CallLoadResult r =
                FutureLoadRunner.builder()
                        .concurrency(1)
                        .requests(40)
                        .call(
                                () -> {
                                    long i = n.getAndIncrement() % 4;
                                    if (i == 0) {
                                        throw new IllegalStateException("synchronous");
                                    }
                                    if (i == 1) {
                                        return CompletableFuture.failedFuture(
                                                new IOException("connection reset by peer"));
                                    }
                                    if (i == 2) {
                                        return CompletableFuture.failedFuture(
                                                new IllegalArgumentException("status 7"));
                                    }
                                    return CompletableFuture.completedFuture(1);
                                })
                        .build()
                        .run();
        LoadResult f = r.figures();
        assertThat(f.attempted()).isEqualTo(40);
        assertThat(f.succeeded()).isEqualTo(10);
        assertThat(f.errorCount(ErrorKind.RESET)).isEqualTo(10);
        assertThat(r.answeredErrors()).containsEntry("failed", 20L);
        assertThat(f.answered()).isEqualTo(30);
        assertThat(f.attempted()).isEqualTo(f.answered() + f.totalErrors());
    }

    @Test
    void a_custom_classifier_decides_the_kind() {
        CallLoadResult r =
                FutureLoadRunner.builder()
                        .requests(10)
                        .call(
                                () ->
                                        CompletableFuture.failedFuture(
                                                new IllegalArgumentException("409")))
                        .failureClassifier(t -> CallOutcome.answered("http_4xx"))
                        .knownErrorKinds(List.of("http_5xx"))
                        .build()
                        .run();
        assertThat(r.answeredErrors()).containsEntry("http_4xx", 10L).containsEntry("http_5xx", 0L);
    }

    @Test
    void a_call_that_never_completes_is_a_timeout_and_its_future_is_cancelled() {
        List<CompletableFuture<Object>> calls = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        CallLoadResult r =
                FutureLoadRunner.builder()
                        .concurrency(3)
                        .requests(6)
                        .requestTimeout(Duration.ofMillis(200))
                        .call(
                                () -> {
                                    CompletableFuture<Object> f = new CompletableFuture<>();
                                    calls.add(f);
                                    return f;
                                })
                        .build()
                        .run();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .isLessThan(2 * 400 + 1_000);
        assertThat(r.figures().errorCount(ErrorKind.TIMEOUT)).isEqualTo(6);
        assertThat(r.figures().latencyMicros().getTotalCount())
                .as("closed: timeouts are not latencies")
                .isZero();
        assertThat(calls).hasSize(6).allMatch(CompletableFuture::isCancelled);
    }

    @Test
    void the_open_model_records_timeouts_at_the_timeout_and_paces_calls_at_the_rate() {
        AtomicLong n = new AtomicLong();
        List<LoadProgress> progress = new CopyOnWriteArrayList<>();
        CallLoadResult r =
                FutureLoadRunner.builder()
                        .concurrency(100)
                        .rate(100)
                        .duration(Duration.ofMillis(2_500))
                        .requestTimeout(Duration.ofMillis(300))
                        .progressListener(progress::add)
                        .call(
                                () ->
                                        n.incrementAndGet() % 10 == 0
                                                ? new CompletableFuture<>()
                                                : CompletableFuture.supplyAsync(() -> 1, after(2)))
                        .build()
                        .run();
        LoadResult f = r.figures();
        assertThat(f.model()).isEqualTo(LoadModel.OPEN);
        assertThat(f.attempted()).isEqualTo(250);
        assertThat(f.errorCount(ErrorKind.TIMEOUT)).isEqualTo(25);
        assertThat(f.latencyMicros().getTotalCount()).isEqualTo(250);
        // the 25 timeouts are recorded at the timeout or later (never below it, never left out); a
        // stalled generator on a loaded machine may push them, or a few answered calls, later
        assertThat(f.latencyMicros().getCountBetweenValues(300_000, 2_000_000))
                .isGreaterThanOrEqualTo(25);
        assertThat(f.latencyMicros().getCountBetweenValues(0, 299_999))
                .as("answered calls take about 2 ms")
                .isBetween(200L, 225L);
        assertThat(f.measuredWindow().toMillis()).isBetween(2_400L, 2 * 2_800L);
        assertThat(f.sendLagMicros().getTotalCount()).isEqualTo(250);
        assertThat(progress).isNotEmpty();
    }

    @Test
    void a_call_that_waits_for_a_slot_too_long_is_given_up_unsent_as_a_timeout() {
        AtomicLong started = new AtomicLong();
        CallLoadResult r =
                FutureLoadRunner.builder()
                        .concurrency(1)
                        .rate(50)
                        .duration(Duration.ofSeconds(1))
                        .requestTimeout(Duration.ofMillis(200))
                        .call(
                                () ->
                                        started.incrementAndGet() % 2 == 0
                                                ? CompletableFuture.completedFuture(1)
                                                : new CompletableFuture<>())
                        .build()
                        .run();
        LoadResult f = r.figures();
        assertThat(f.abortReason()).isEmpty();
        assertThat(f.attempted()).isEqualTo(50);
        assertThat(started.get()).isLessThan(40);
        // every call that hung took the only slot for 200 ms; calls due meanwhile waited, some too
        // long
        assertThat(f.errorCount(ErrorKind.TIMEOUT)).isGreaterThan((started.get() + 1) / 2);
        assertThat(f.errorCount(ErrorKind.TIMEOUT) + f.succeeded()).isEqualTo(50);
        assertThat(f.latencyMicros().getTotalCount()).isEqualTo(50);
    }

    @Test
    void a_target_that_never_answers_stops_the_run_as_silent() {
        CallLoadResult r =
                FutureLoadRunner.builder()
                        .concurrency(1)
                        .rate(50)
                        .duration(Duration.ofSeconds(5))
                        .requestTimeout(Duration.ofMillis(100))
                        .call(CompletableFuture::new)
                        .build()
                        .run();
        assertThat(r.figures().abortReason())
                .hasValueSatisfying(
                        a ->
                                assertThat(a)
                                        .startsWith(
                                                "target silent: no answer from the target for more"
                                                        + " than 3 timeouts of 100ms"));
        assertThat(r.figures().attempted()).isLessThan(100);
    }

    @Test
    void only_failed_connects_before_any_answer_make_the_target_unreachable() {
        CallLoadResult r =
                FutureLoadRunner.builder()
                        .concurrency(4)
                        .requests(1_000)
                        .targetName("127.0.0.1:9")
                        .call(
                                () ->
                                        CompletableFuture.failedFuture(
                                                new ConnectException("Connection refused")))
                        .build()
                        .run();
        assertThat(r.figures().abortReason())
                .hasValueSatisfying(
                        a ->
                                assertThat(a)
                                        .startsWith(
                                                "target unreachable: connection refused to"
                                                    + " 127.0.0.1:9 (the first 4 calls all failed")
                                        .endsWith(")"));
        assertThat(r.figures().attempted()).isLessThan(1_000);
        assertThat(r.figures().errorCount(ErrorKind.CONNECT)).isEqualTo(r.figures().attempted());
    }

    @Test
    void the_hard_stop_ends_the_run_and_abandons_the_calls_in_flight() {
        CallLoadResult r =
                FutureLoadRunner.builder()
                        .concurrency(2)
                        .requests(10)
                        .maxDuration(Duration.ofMillis(300))
                        .requestTimeout(Duration.ofSeconds(30))
                        .call(CompletableFuture::new)
                        .build()
                        .run();
        assertThat(r.figures().abortReason())
                .hasValueSatisfying(
                        a ->
                                assertThat(a)
                                        .startsWith("max duration 300ms reached")
                                        .contains("2 in flight abandoned"));
        assertThat(r.figures().attempted()).isZero();
    }

    @Test
    void bad_settings_name_the_setting() {
        assertThatThrownBy(() -> FutureLoadRunner.builder().build()).hasMessage("call must be set");
        assertThatThrownBy(
                        () ->
                                FutureLoadRunner.builder()
                                        .call(CompletableFuture::new)
                                        .concurrency(0)
                                        .build())
                .hasMessage("concurrency must be within 1..100000, got 0");
        assertThatThrownBy(
                        () ->
                                FutureLoadRunner.builder()
                                        .call(CompletableFuture::new)
                                        .rate(10)
                                        .build())
                .hasMessageStartingWith("rate needs a duration");
        assertThatThrownBy(() -> CallOutcome.unanswered(ErrorKind.HTTP_5XX))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CallOutcome.answered("timeout"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
