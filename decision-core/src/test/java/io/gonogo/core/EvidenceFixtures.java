package io.gonogo.core;

import io.gonogo.core.config.Aggregation;
import io.gonogo.core.config.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/** Builds plans, evidence and targets in code for the engine's tests. */
public final class EvidenceFixtures {
    public static final Instant STARTED = Instant.parse("2025-03-03T09:00:00Z");
    public static final Instant ENDED = Instant.parse("2025-03-03T09:04:30Z");
    public static final Instant AS_OF = Instant.parse("2025-03-03T10:15:00Z");
    public static final String RUN = "run-20250303-0900";

    private EvidenceFixtures() {}

    public static Environment environment(Profile profile) {
        return new Environment(
                "0.1.0",
                "Eclipse Adoptium 17.0.15",
                "Linux 6.1 amd64",
                2,
                1L << 30,
                "38118af",
                STARTED,
                ENDED,
                profile);
    }

    /** A required load scenario. */
    public static PlannedScenario scenario(String id) {
        return new PlannedScenario("load", id, false, Map.of("transport", "http"));
    }

    public static PlannedScenario optionalScenario(String id) {
        return new PlannedScenario("load", id, true, Map.of("transport", "http"));
    }

    public static TestOutcome outcome(PlannedScenario s, TestStatus status, String message) {
        return new TestOutcome(
                s.testId(),
                s.id(),
                s.suite(),
                s.id(),
                false,
                status,
                status == TestStatus.NOT_EXECUTED ? 0 : 1200,
                message);
    }

    public static TestOutcome passed(PlannedScenario s) {
        return outcome(s, TestStatus.SUCCESSFUL, "");
    }

    /** A histogram of microsecond samples: {@code count} samples of {@code valueUs}. */
    public static Histogram histogram(long valueUs, long count) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(valueUs, count);
        return h;
    }

    /** Adds {@code count} samples of {@code valueUs} to {@code h}, returning it. */
    public static Histogram plus(Histogram h, long valueUs, long count) {
        h.recordValueWithCount(valueUs, count);
        return h;
    }

    public static Measurement latency(
            PlannedScenario s, Histogram microseconds, Quality... quality) {
        return measurement(s, "latency", Unit.MICROSECONDS, Distribution.of(microseconds), quality);
    }

    /**
     * {@code errors{kind=timeout}} of {@code s}, zero: a load scenario publishes every error kind
     * beside its latency, zero included, and a latency percentile needs the timeout count.
     */
    public static Measurement noTimeouts(PlannedScenario s) {
        return timeouts(s, 0);
    }

    /** {@code errors{kind=timeout}} of {@code s}: {@code count} requests timed out. */
    public static Measurement timeouts(PlannedScenario s, long count) {
        return scalar(s, "errors", Unit.COUNT, count).withLabels(Map.of("kind", "timeout"));
    }

    /**
     * A throughput of {@code perSecond} measured over {@code seconds}, as a load scenario publishes
     * it: the rate, and the latency histogram of the answered requests it counts (1 ms each), from
     * which the measured window is told.
     */
    public static List<Measurement> throughputOver(
            PlannedScenario s, double perSecond, double seconds, Quality... quality) {
        return List.of(
                scalar(s, "throughput", Unit.PER_SECOND, perSecond, quality),
                latency(s, histogram(1000, Math.round(perSecond * seconds)), quality));
    }

    public static Measurement scalar(
            PlannedScenario s, String metric, Unit unit, double value, Quality... quality) {
        return measurement(s, metric, unit, new Scalar(value), quality);
    }

    public static Measurement measurement(
            PlannedScenario s, String metric, Unit unit, MeasuredValue value, Quality... quality) {
        return new Measurement(
                metric,
                s.labels(),
                unit,
                value,
                Set.copyOf(Arrays.asList(quality)),
                new Source(RUN, "0", s.testId(), ""));
    }

    public static EvidenceSet evidence(
            Profile profile, List<Measurement> measurements, List<TestOutcome> outcomes) {
        return new EvidenceSet(
                EvidenceSet.SCHEMA_VERSION, RUN, environment(profile), measurements, outcomes);
    }

    public static EvidenceSet evidence(List<Measurement> measurements, List<TestOutcome> outcomes) {
        return evidence(Profile.QUICK, measurements, outcomes);
    }

    /** Outcomes saying every scenario of {@code plan} passed. */
    public static List<TestOutcome> allPassed(List<PlannedScenario> plan) {
        List<TestOutcome> out = new ArrayList<>();
        for (PlannedScenario s : plan) {
            out.add(passed(s));
        }
        return out;
    }

    public static Target.Builder target(String id, String metric, String aggregate, String pass) {
        Target.Builder b = Target.builder(id).metric(metric).pass(Criterion.parse(pass));
        if (aggregate != null) {
            b.aggregate(Aggregation.parse(aggregate));
        }
        return b;
    }

    public static Target latencyTarget(String id, String aggregate, String pass) {
        return target(id, "latency", aggregate, pass).build();
    }
}
