package io.gonogo.render.bench;

import io.gonogo.core.Decision;
import io.gonogo.core.DecisionEngine;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.bench.LargeEvidence;
import io.gonogo.render.Renderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Rendering every document ({@link Renderer#render}: go-no-go and comparison matrix in Markdown and
 * HTML, decision.json, evidence.json, junit.xml, written to a temporary folder) for a decision over
 * 100,000 measurements and 1,000 targets; and the whole back half of a run, deciding and rendering,
 * which docs/performance.md quotes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RenderBench {

    /** Trials per scenario: 50 gives 100,000 measurements, 5 gives 10,000. */
    @Param({"50", "5"})
    public int trials;

    private LargeEvidence.Case data;
    private LargeEvidence.Case run;
    private DecisionEngine engine;
    private Decision decision;
    private Renderer renderer;
    private Path out;
    private final Instant asOf = Instant.parse("2026-01-05T10:00:00Z");

    /** The large run's suite as its runner declares it: requests against the service. */
    private static final SuiteKindInfo LOAD =
            new SuiteKindInfo("load", "Load", SuiteKindInfo.Presentation.REQUEST_LOAD, List.of());

    /** Builds the evidence and its decision (not timed). */
    @Setup
    public void build() throws IOException {
        data = LargeEvidence.build(200, trials, 1000);
        engine = DecisionEngine.builder().kinds(List.of(LOAD)).build();
        decision = engine.decide(data.targets(), data.plan(), data.evidence(), asOf);
        renderer = Renderer.builder().build();
        out = Files.createTempDirectory("gonogo-render-bench-");
    }

    /** Gives each invocation distributions not yet read, as a run's are (not timed). */
    @Setup(Level.Invocation)
    public void fresh() {
        run = data.undecoded();
    }

    /** Removes the output folder. */
    @TearDown
    public void clean() throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Renders and writes every document of one decision. */
    @Benchmark
    public List<Path> renderAll() {
        return renderer.render(decision, run.evidence(), out);
    }

    /** Decides and renders every document: the figure docs/performance.md quotes. */
    @Benchmark
    public List<Path> decideAndRenderAll() {
        Decision d = engine.decide(run.targets(), run.plan(), run.evidence(), asOf);
        return renderer.render(d, run.evidence(), out);
    }
}
