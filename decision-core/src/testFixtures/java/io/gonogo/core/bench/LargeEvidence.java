package io.gonogo.core.bench;

import io.gonogo.core.Criterion;
import io.gonogo.core.Distribution;
import io.gonogo.core.Environment;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import io.gonogo.core.config.Aggregation;
import io.gonogo.core.config.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * A large, deterministic evidence set for the rules engine's benchmark: {@code scenarios} load
 * scenarios with {@code trials} trials each, 10 measurements per trial (a latency distribution,
 * throughput, success rate, requests and six error counts), and targets cycling over five kinds
 * (p99 and p50 latency, max throughput, min success rate, max timeouts) and over the scenarios. 200
 * scenarios x 50 trials gives 100,000 measurements.
 */
public final class LargeEvidence {
    static final String[] OPERATIONS = {
        "health",
        "create-session",
        "close-session",
        "session-stats",
        "submit-decision",
        "list-decisions",
        "get-decision",
        "approve",
        "reject",
        "escalate",
        "metrics"
    };
    static final String[] ERROR_KINDS = {
        "connect", "timeout", "reset", "http_4xx", "http_5xx", "grpc_UNAVAILABLE"
    };

    /** The plan, evidence and targets of one benchmark case. */
    public record Case(List<PlannedScenario> plan, EvidenceSet evidence, List<Target> targets) {
        /**
         * This case with new {@link Distribution} instances, none read yet. A distribution keeps
         * its samples once read, so a benchmark that decides over the same instances invocation
         * after invocation would time their decoding once; a run decodes each once, and so must
         * each timed invocation.
         */
        public Case undecoded() {
            List<Measurement> ms = new ArrayList<>(evidence.measurements().size());
            for (Measurement m : evidence.measurements()) {
                ms.add(
                        m.value() instanceof Distribution d
                                ? new Measurement(
                                        m.metric(),
                                        m.labels(),
                                        m.unit(),
                                        new Distribution(
                                                d.histogram(),
                                                d.count(),
                                                d.min(),
                                                d.max(),
                                                d.mean(),
                                                d.percentiles()),
                                        m.quality(),
                                        m.source(),
                                        m.interval())
                                : m);
            }
            return new Case(
                    plan,
                    new EvidenceSet(
                            evidence.schemaVersion(),
                            evidence.runId(),
                            evidence.environment(),
                            ms,
                            evidence.outcomes()),
                    targets);
        }
    }

    private LargeEvidence() {}

    /** {@code scenarios x trials x 10} measurements and {@code targets} targets. */
    public static Case build(int scenarios, int trials, int targetCount) {
        SplittableRandom random = new SplittableRandom(42);
        List<PlannedScenario> plan = new ArrayList<>();
        List<Measurement> ms = new ArrayList<>();
        List<TestOutcome> outcomes = new ArrayList<>();
        for (int s = 0; s < scenarios; s++) {
            Map<String, String> labels = new TreeMap<>();
            labels.put("operation", OPERATIONS[s % OPERATIONS.length]);
            labels.put("transport", s % 2 == 0 ? "http" : "grpc");
            labels.put("model", "closed");
            PlannedScenario p = new PlannedScenario("load", "s" + s, false, labels);
            plan.add(p);
            outcomes.add(
                    new TestOutcome(
                            p.testId(),
                            p.id(),
                            p.suite(),
                            p.id(),
                            false,
                            TestStatus.SUCCESSFUL,
                            1200,
                            ""));
            Source source = new Source("run-bench", "0", p.testId(), "");
            for (int t = 0; t < trials; t++) {
                Map<String, String> l = new TreeMap<>(labels);
                l.put("suite", "load");
                l.put("scenario", p.id());
                l.put("trial", String.valueOf(t));
                Histogram h = new Histogram(1, 60_000_000, 3);
                for (int i = 0; i < 200; i++) {
                    h.recordValue(200 + random.nextInt(5_000));
                }
                ms.add(
                        new Measurement(
                                "latency",
                                l,
                                Unit.MICROSECONDS,
                                Distribution.of(h),
                                Set.of(),
                                source));
                ms.add(
                        new Measurement(
                                "throughput",
                                l,
                                Unit.PER_SECOND,
                                new Scalar(1000 + random.nextInt(9000)),
                                Set.of(),
                                source));
                ms.add(
                        new Measurement(
                                "success_rate",
                                l,
                                Unit.PERCENT,
                                new Scalar(99.5 + random.nextDouble() / 2),
                                Set.of(),
                                source));
                ms.add(
                        new Measurement(
                                "requests", l, Unit.COUNT, new Scalar(200), Set.of(), source));
                for (String kind : ERROR_KINDS) {
                    Map<String, String> k = new TreeMap<>(l);
                    k.put("kind", kind);
                    ms.add(
                            new Measurement(
                                    "errors",
                                    k,
                                    Unit.COUNT,
                                    new Scalar(random.nextInt(3)),
                                    Set.of(),
                                    source));
                }
            }
        }
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < targetCount; i++) {
            String scenario = "s" + (i % scenarios);
            Target.Builder b = Target.builder("t" + i).title("target " + i);
            switch ((i / scenarios) % 5) {
                case 0 ->
                        b.metric("latency")
                                .aggregate(Aggregation.parse("p99"))
                                .pass(Criterion.parse("< 50ms"))
                                .where(Map.of("scenario", scenario));
                case 1 ->
                        b.metric("latency")
                                .aggregate(Aggregation.parse("p50"))
                                .pass(Criterion.parse("< 10ms"))
                                .where(Map.of("scenario", scenario));
                case 2 ->
                        b.metric("throughput")
                                .aggregate(Aggregation.parse("max"))
                                .pass(Criterion.parse(">= 100/s"))
                                .where(Map.of("scenario", scenario));
                case 3 ->
                        b.metric("success_rate")
                                .aggregate(Aggregation.parse("min"))
                                .pass(Criterion.parse("> 99%"))
                                .where(Map.of("scenario", scenario));
                default ->
                        b.metric("errors")
                                .aggregate(Aggregation.parse("max"))
                                .pass(Criterion.parse("<= 10"))
                                .where(Map.of("scenario", scenario, "kind", "timeout"));
            }
            targets.add(b.build());
        }
        Instant started = Instant.parse("2026-01-05T09:00:00Z");
        Environment env =
                new Environment(
                        "0.1.0",
                        "OpenJDK 17",
                        "Linux amd64",
                        2,
                        1L << 30,
                        "bench",
                        started,
                        started.plusSeconds(600),
                        Profile.QUICK);
        return new Case(
                plan,
                new EvidenceSet(EvidenceSet.SCHEMA_VERSION, "run-bench", env, ms, outcomes),
                targets);
    }
}
