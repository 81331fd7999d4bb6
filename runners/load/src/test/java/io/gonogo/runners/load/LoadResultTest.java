package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LoadResultTest {

    private static LoadResult result(
            long attempted,
            long answered,
            long succeeded,
            Duration window,
            Map<ErrorKind, Long> errors) {
        Histogram h = new Histogram(3_600_000_000L, 3);
        for (long i = 0; i < answered; i++) {
            h.recordValue(100);
        }
        return new LoadResult(
                h,
                new Histogram(3_600_000_000L, 3),
                attempted,
                answered,
                succeeded,
                errors,
                window,
                Instant.EPOCH,
                Instant.EPOCH.plusSeconds(3),
                0,
                Optional.empty(),
                LoadModel.CLOSED);
    }

    @Test
    void throughput_is_answered_per_second_of_the_window_and_success_rate_is_per_attempt() {
        LoadResult r =
                result(
                        10,
                        8,
                        6,
                        Duration.ofMillis(500),
                        Map.of(ErrorKind.TIMEOUT, 2L, ErrorKind.HTTP_5XX, 2L));

        assertThat(r.throughputPerSecond()).isEqualTo(16.0);
        assertThat(r.successRatePercent()).isEqualTo(60.0);
        assertThat(r.totalErrors()).isEqualTo(4);
        assertThat(r.errorCount(ErrorKind.RESET)).isZero();
        assertThat(r.errors()).containsOnlyKeys(ErrorKind.values());
    }

    @Test
    void an_empty_run_has_zero_rates_rather_than_nan() {
        LoadResult r = result(0, 0, 0, Duration.ZERO, Map.of());

        assertThat(r.throughputPerSecond()).isZero();
        assertThat(r.successRatePercent()).isZero();
        assertThat(r.aborted()).isFalse();
    }

    @Test
    void the_histograms_and_errors_cannot_be_changed_through_the_result() {
        LoadResult r = result(1, 1, 1, Duration.ofSeconds(1), Map.of());

        r.latencyMicros().recordValue(5);

        assertThat(r.latencyMicros().getTotalCount()).isEqualTo(1);
        assertThatThrownBy(() -> r.errors().put(ErrorKind.CONNECT, 1L))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
