package io.gonogo.runners.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Interval;
import io.gonogo.core.Measurement;
import io.gonogo.core.Quality;
import io.gonogo.core.Series;
import io.gonogo.core.Verdict;
import io.gonogo.runners.memory.fixture.LeakyServer;
import io.gonogo.runners.spi.SutEndpoint;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test services started as child JVMs that leak heap, threads or descriptors are found leaking
 * within a quick scenario (JMX through the Attach API), and the same service without the leak
 * passes.
 */
class LeakDetectionIT {

    @TempDir Path dir;

    /** A quick scenario: 500 warm-up requests, then 4 s at 500 req/s, sampled every 200 ms. */
    private static final String QUICK =
            """
            - id: %s
              operation: probe
              path: /work
              duration: 4s
              rate: 500/s
              concurrency: 4
              warmup: 500
              interval: 200ms
              linger: 1s
              source: jmx
            """;

    private Scenarios.Run run(String id, String... fixtureArgs) throws Exception {
        try (ChildService svc = ChildService.start(LeakyServer.class.getName(), fixtureArgs)) {
            return Scenarios.run(
                    QUICK.formatted(id),
                    new SutEndpoint(svc.base, "", ""),
                    Optional.of(svc.process.toHandle()),
                    dir);
        }
    }

    @Test
    void serviceRetainingMemoryPerRequestIsFoundLeakingWithTheSlopeAndItsInterval()
            throws Exception {
        Scenarios.Run r = run("heap-leak", "heap", "1", "2048");
        assertThat(r.failure()).isEmpty();
        Measurement slope = r.context().metric("heap_slope").orElseThrow();
        Interval iv = slope.interval();
        assertThat(iv.isNone()).isFalse();
        assertThat(iv.method()).isEqualTo("ols-slope");
        assertThat(iv.confidence()).isEqualTo(0.95);
        // about 2,048 B retained per request plus the array header: 2 MB per 1,000 operations
        assertThat(iv.low()).isGreaterThan(1_000_000).isLessThan(2_100_000);
        assertThat(((io.gonogo.core.Scalar) slope.value()).value())
                .isBetween(1_500_000.0, 2_700_000.0);
        assertThat(slope.labels()).containsEntry("source", "jmx");
        assertThat(r.verdict("heap-slope").verdict()).isEqualTo(Verdict.MISSED);
        assertThat(r.verdict("thread-growth").verdict()).isEqualTo(Verdict.MET);
        assertThat(r.verdict("fd-growth").verdict()).isEqualTo(Verdict.MET);
        Series ops = (Series) r.context().metric("operations").orElseThrow().value();
        assertThat(ops.points().get(ops.points().size() - 1).value()).isGreaterThan(1500);
        assertThat(r.context().attachments)
                .anyMatch(p -> p.getFileName().toString().equals("samples.csv"));
    }

    @Test
    void serviceLeakingAThreadEveryTwentyRequestsIsFoundLeaking() throws Exception {
        Scenarios.Run r = run("thread-leak", "thread", "20");
        assertThat(r.failure()).isEmpty();
        // 2,000 measured requests leak about 100 threads
        assertThat(r.verdict("thread-growth").verdict()).isEqualTo(Verdict.MISSED);
        assertThat(r.verdict("thread-growth").achieved().orElseThrow().value()).isGreaterThan(50);
        assertThat(r.verdict("thread-residual").verdict()).isEqualTo(Verdict.MISSED);
        assertThat(r.verdict("fd-growth").verdict()).isEqualTo(Verdict.MET);
    }

    @Test
    void serviceLeakingDescriptorsIsFoundLeaking() throws Exception {
        Scenarios.Run r = run("fd-leak", "fd", "20");
        assertThat(r.failure()).isEmpty();
        assertThat(r.verdict("fd-growth").verdict()).isEqualTo(Verdict.MISSED);
        assertThat(r.verdict("fd-growth").achieved().orElseThrow().value()).isGreaterThan(50);
        assertThat(r.verdict("fd-residual").verdict()).isEqualTo(Verdict.MISSED);
        assertThat(r.verdict("thread-growth").verdict()).isEqualTo(Verdict.MET);
    }

    @Test
    void theSameServiceWithoutALeakPassesEveryDefaultTarget() throws Exception {
        Scenarios.Run r = run("no-leak", "none");
        assertThat(r.failure()).isEmpty();
        r.verdicts()
                .values()
                .forEach(
                        v ->
                                assertThat(v.verdict())
                                        .as(v.target() + ": " + v.reason())
                                        .isIn(Verdict.MET, Verdict.EXCEEDED));
        Measurement slope = r.context().metric("heap_slope").orElseThrow();
        assertThat(slope.interval().isNone()).isFalse();
        assertThat(slope.quality()).doesNotContain(Quality.LOW_SAMPLES);
        for (String series :
                new String[] {
                    "heap_live",
                    "heap_used",
                    "threads",
                    "open_fds",
                    "direct_memory",
                    "rss",
                    "gc_pause",
                    "operations"
                }) {
            assertThat(r.context().metric(series))
                    .as(series)
                    .hasValueSatisfying(
                            m -> assertThat(((Series) m.value()).points()).hasSizeGreaterThan(10));
        }
    }
}
