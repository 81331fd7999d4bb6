package io.gonogo.core.bench;

import io.gonogo.core.Decision;
import io.gonogo.core.DecisionEngine;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The rules engine on a large evidence set: {@link DecisionEngine#decide} over 100,000 measurements
 * (200 scenarios x 50 trials x 10) against 1,000 targets, and a tenth of that. Run with the command
 * in docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecisionEngineBench {

    /** Trials per scenario: 50 gives 100,000 measurements, 5 gives 10,000. */
    @Param({"50", "5"})
    public int trials;

    private LargeEvidence.Case data;
    private LargeEvidence.Case run;
    private DecisionEngine engine;
    private final Instant asOf = Instant.parse("2026-01-05T10:00:00Z");

    /** Builds the evidence (not timed). */
    @Setup
    public void build() {
        data = LargeEvidence.build(200, trials, 1000);
        engine = DecisionEngine.builder().build();
    }

    /** Gives each invocation distributions not yet read, as a run's are (not timed). */
    @Setup(Level.Invocation)
    public void fresh() {
        run = data.undecoded();
    }

    /** One decision over all targets and the whole plan. */
    @Benchmark
    public Decision decide() {
        return engine.decide(run.targets(), run.plan(), run.evidence(), asOf);
    }
}
