package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IntervalLogIT {

    @TempDir Path dir;

    @Test
    void adding_the_intervals_of_an_open_runs_log_gives_exactly_its_histogram() throws Exception {
        Path log = dir.resolve("latency.hlog");
        try (TestHttpServer server = TestHttpServer.ok()) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .concurrency(4)
                            .rate(300)
                            .duration(Duration.ofMillis(2500))
                            .warmupRequests(50)
                            .intervalLog(log, "health-open")
                            .build()
                            .run();

            List<Histogram> intervals = read(log, "health-open");
            assertThat(intervals)
                    .as("one per second of the run, the last one partial")
                    .hasSizeBetween(3, 6);
            assertSameCounts(sum(intervals), r.latencyMicros());
            assertThat(sum(intervals).getTotalCount()).as("warm-up excluded").isEqualTo(750);
            for (Histogram h : intervals) {
                assertThat(h.getEndTimeStamp() - h.getStartTimeStamp()).isBetween(0L, 1000L);
            }
        }
    }

    @Test
    void a_closed_run_on_two_threads_writes_both_threads_intervals_and_they_add_up()
            throws Exception {
        Path log = dir.resolve("closed.hlog");
        try (TestHttpServer server = TestHttpServer.ok()) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .concurrency(4)
                            .threads(2)
                            .duration(Duration.ofMillis(1500))
                            .intervalLog(log, "health")
                            .build()
                            .run();

            List<Histogram> intervals = read(log, "health");
            assertThat(intervals.size())
                    .as("two threads, two or three intervals each")
                    .isBetween(3, 8);
            assertSameCounts(sum(intervals), r.latencyMicros());
        }
    }

    @Test
    void a_tag_with_a_space_is_refused() {
        assertThatThrownBy(() -> LoadRunner.builder().intervalLog(dir.resolve("x"), "a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tag");
    }

    private static List<Histogram> read(Path log, String tag) throws FileNotFoundException {
        assertThat(log).exists();
        List<Histogram> out = new ArrayList<>();
        HistogramLogReader reader = new HistogramLogReader(log.toFile());
        EncodableHistogram e;
        while ((e = reader.nextIntervalHistogram()) != null) {
            assertThat(e.getTag()).isEqualTo(tag);
            out.add((Histogram) e);
        }
        return out;
    }

    private static Histogram sum(List<Histogram> intervals) {
        Histogram total = new Histogram(3);
        intervals.forEach(total::add);
        return total;
    }

    /** Equal counts at every recorded value, so every percentile, the mean and the max agree. */
    private static void assertSameCounts(Histogram actual, Histogram expected) {
        assertThat(actual.getTotalCount()).isEqualTo(expected.getTotalCount()).isPositive();
        List<long[]> a = new ArrayList<>();
        for (HistogramIterationValue v : actual.recordedValues()) {
            a.add(new long[] {v.getValueIteratedTo(), v.getCountAtValueIteratedTo()});
        }
        List<long[]> b = new ArrayList<>();
        for (HistogramIterationValue v : expected.recordedValues()) {
            b.add(new long[] {v.getValueIteratedTo(), v.getCountAtValueIteratedTo()});
        }
        assertThat(a)
                .usingElementComparator((x, y) -> x[0] == y[0] && x[1] == y[1] ? 0 : 1)
                .containsExactlyElementsOf(b);
        assertThat(actual.getMaxValue()).isEqualTo(expected.getMaxValue());
        assertThat(actual.getValueAtPercentile(99)).isEqualTo(expected.getValueAtPercentile(99));
    }
}
