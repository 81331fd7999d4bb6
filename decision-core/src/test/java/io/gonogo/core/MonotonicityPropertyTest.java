package io.gonogo.core;

import static io.gonogo.core.EvidenceFixtures.AS_OF;
import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.histogram;
import static io.gonogo.core.EvidenceFixtures.latency;
import static io.gonogo.core.EvidenceFixtures.outcome;
import static io.gonogo.core.EvidenceFixtures.plus;
import static io.gonogo.core.EvidenceFixtures.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.config.TargetsFile;
import io.gonogo.core.config.TargetsParser;
import io.gonogo.core.internal.TargetEvaluator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The decision's monotonicity, as a property over generated cases: a targets file (latency
 * percentiles, means and maxima, throughput and success-rate targets in both criterion forms, with
 * acceptable bands, stretch goals, critical or not, filters by scenario, suite or transport; risks
 * with and without {@code when}; checklists with a minimum; waivers), a plan of required and
 * optional scenarios, and evidence shaped like a load suite's or an importer's (a latency
 * histogram, at times of a handful of samples; throughput with or without an interval, measured
 * over a window from a fraction of a second to tens of seconds; success rate, requests, and errors
 * by kind, as a total without a kind, of some kinds only or not at all; quality flags) with
 * outcomes of every status. Removing any one measurement, or any one outcome, never gives a
 * strictly better decision (GO &gt; GO WITH CONDITIONS &gt; NO-GO), nor a better verdict on any
 * target.
 *
 * <p>jqwik was not used: see docs/decisions/0007-monotonic-decisions.md. Cases come from a seeded
 * generator, so a failure names the seed that reproduces it ({@link #caseFor(long)}). Scope: each
 * scenario publishes one measurement per metric and label set, as gonogo's suites do per operation;
 * a target whose filter merges several measurements of one producer (every operation of a scenario)
 * is outside it, see the same record. The floors and the timeout rules it covers are those of
 * docs/decisions/0030-floors-and-unknown-timeouts.md.
 */
class MonotonicityPropertyTest {

    private static final int TRIES = 2_000;
    private static final Path FILE = Path.of("generated-targets.yaml");

    /** One generated case. */
    record Case(
            long seed,
            String yaml,
            TargetsFile file,
            List<PlannedScenario> plan,
            EvidenceSet evidence) {}

    static Case caseFor(long seed) {
        Random r = new Random(seed);
        int n = 2 + r.nextInt(3);
        List<PlannedScenario> plan = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            plan.add(
                    new PlannedScenario(
                            "load",
                            "s" + i,
                            r.nextInt(4) == 0,
                            Map.of("transport", r.nextBoolean() ? "http" : "grpc")));
        }
        StringBuilder y =
                new StringBuilder(
                        "release: {name: generated, owner: Dana Ortiz}\n"
                                + "sut: embedded\n"
                                + "suites: {load: {}}\n");
        int targets = 1 + r.nextInt(5);
        y.append("targets:\n");
        for (int i = 0; i < targets; i++) {
            y.append("  - id: t").append(i).append('\n');
            y.append("    where: ")
                    .append(
                            switch (r.nextInt(4)) {
                                case 0 -> "{suite: load}";
                                case 1 ->
                                        "{transport: " + (r.nextBoolean() ? "http" : "grpc") + "}";
                                default -> "{scenario: s" + r.nextInt(n) + "}";
                            })
                    .append('\n');
            if (r.nextInt(3) == 0) {
                y.append("    critical: false\n");
            }
            switch (r.nextInt(3)) {
                case 0 -> {
                    int pass = 1 + r.nextInt(6);
                    String agg = List.of("p50", "p90", "p99", "mean", "max").get(r.nextInt(5));
                    if (agg.equals("max")) {
                        pass += 4;
                    }
                    y.append("    metric: latency\n");
                    if (r.nextBoolean()) {
                        y.append("    aggregate: ")
                                .append(agg)
                                .append("\n    pass: \"< ")
                                .append(pass)
                                .append("ms\"\n");
                    } else {
                        y.append("    pass: \"")
                                .append(
                                        agg.startsWith("p")
                                                ? "p(" + agg.substring(1) + ")"
                                                : agg.equals("mean") ? "avg" : agg)
                                .append(" < ")
                                .append(pass)
                                .append("ms\"\n");
                    }
                    if (r.nextBoolean()) {
                        y.append("    acceptable: \"< ")
                                .append(pass + 1 + r.nextInt(4))
                                .append("ms\"\n");
                    }
                    if (r.nextInt(4) == 0) {
                        y.append("    stretch: \"< 500us\"\n");
                    }
                }
                case 1 -> {
                    int pass = 500 + 100 * r.nextInt(16);
                    y.append("    metric: throughput\n");
                    if (r.nextBoolean()) {
                        y.append("    aggregate: ")
                                .append(List.of("mean", "min", "max").get(r.nextInt(3)))
                                .append('\n');
                    }
                    y.append("    pass: \">= ").append(pass).append("/s\"\n");
                    if (r.nextBoolean()) {
                        y.append("    acceptable: \">= ").append(pass - 200).append("/s\"\n");
                    }
                }
                default -> {
                    y.append("    metric: success_rate\n");
                    switch (r.nextInt(4)) {
                        case 0 -> y.append("    pass: \">= 99%\"\n    acceptable: \">= 97%\"\n");
                        case 1 -> y.append("    pass: \"> 99.9%\"\n");
                        case 2 -> y.append("    pass: \"rate > 99.5%\"\n");
                        default -> y.append("    pass: \">= 95%\"\n");
                    }
                }
            }
        }
        int risks = r.nextInt(3);
        if (risks > 0) {
            y.append("risks:\n");
            List<String> levels = List.of("low", "medium", "high");
            for (int i = 0; i < risks; i++) {
                y.append("  - {id: r")
                        .append(i)
                        .append(", title: risk ")
                        .append(i)
                        .append(", probability: ")
                        .append(levels.get(r.nextInt(3)))
                        .append(", impact: ")
                        .append(levels.get(r.nextInt(3)));
                switch (r.nextInt(5)) {
                    case 0 ->
                            y.append(", when: target t")
                                    .append(r.nextInt(targets))
                                    .append(" MISSED");
                    case 1 ->
                            y.append(", when: target t")
                                    .append(r.nextInt(targets))
                                    .append(" ACCEPTABLE");
                    case 2 -> y.append(", when: suite load failed");
                    case 3 -> y.append(", status: closed");
                    default -> {}
                }
                y.append("}\n");
            }
        }
        if (r.nextBoolean()) {
            y.append("checklist:\n  - {id: c0, title: load green, evidence: suite load passed}\n")
                    .append("  - {id: c1, title: t0 met, evidence: target t0 met}\n");
            if (r.nextBoolean()) {
                y.append("policy: {checklist-min: ")
                        .append(r.nextBoolean() ? "50%" : "100%")
                        .append("}\n");
            }
        }
        if (r.nextInt(5) == 0) {
            String subject = risks > 0 && r.nextBoolean() ? "risk: r0" : "target: t0";
            y.append("waivers:\n  - {id: w0, ")
                    .append(subject)
                    .append(
                            ", justification: behind a flag, approver: Priya Raman, expires:"
                                    + " 2025-03-20}\n");
        }
        String yaml = y.toString();
        TargetsFile file = TargetsParser.parse(FILE, yaml);

        List<Measurement> ms = new ArrayList<>();
        List<TestOutcome> outcomes = new ArrayList<>();
        for (PlannedScenario s : plan) {
            Quality[] q =
                    r.nextInt(10) == 0
                            ? new Quality[] {Quality.GENERATOR_BOUND}
                            : r.nextInt(15) == 0
                                    ? new Quality[] {Quality.LOW_SAMPLES}
                                    : r.nextInt(30) == 0
                                            ? new Quality[] {Quality.WARM_UP_INCLUDED}
                                            : new Quality[0];
            // one producer in six answers only a handful of requests: under the floors of
            // percentiles, means and maxima, and of a throughput's window
            long answered = r.nextInt(6) == 0 ? 5 + r.nextInt(150) : 50 + r.nextInt(12_000);
            long tail = r.nextInt(4) == 0 ? r.nextInt((int) Math.max(1, answered / 20)) : 0;
            Histogram h = histogram(300 + r.nextInt(1_700), answered - tail);
            if (tail > 0) {
                plus(h, 2_000 + r.nextInt(6_000), tail);
            }
            ms.add(latency(s, h, q));
            // the rate of the answered requests: measured over a few milliseconds to about 40 s
            Measurement tp = scalar(s, "throughput", Unit.PER_SECOND, 300 + r.nextInt(2_000), q);
            if (r.nextBoolean()) {
                double half = r.nextInt(400);
                tp =
                        tp.withInterval(
                                Interval.of(
                                        ((Scalar) tp.value()).value() - half,
                                        ((Scalar) tp.value()).value() + half,
                                        0.95,
                                        "bootstrap"));
            }
            ms.add(tp);
            long timeouts = r.nextInt(3) == 0 ? r.nextInt(200) : 0;
            long connect = r.nextInt(3) == 0 ? r.nextInt(50) : 0;
            long attempted = answered + timeouts + connect;
            ms.add(scalar(s, "success_rate", Unit.PERCENT, 100.0 * answered / attempted, q));
            if (r.nextInt(10) != 0) {
                ms.add(scalar(s, "requests", Unit.COUNT, attempted, q));
            }
            switch (r.nextInt(8)) {
                // a load scenario: every kind, zero included
                case 0, 1, 2, 3 -> {
                    ms.add(withKind(scalar(s, "errors", Unit.COUNT, timeouts, q), "timeout"));
                    ms.add(withKind(scalar(s, "errors", Unit.COUNT, connect, q), "connect"));
                }
                // an importer (JMeter, Gatling, k6): every failure in one count, no kind,
                // answered ones (a 5xx) included
                case 4 ->
                        ms.add(
                                scalar(
                                        s,
                                        "errors",
                                        Unit.COUNT,
                                        timeouts + connect + r.nextInt(40),
                                        q));
                // some kinds only
                case 5 ->
                        ms.add(
                                r.nextBoolean()
                                        ? withKind(
                                                scalar(s, "errors", Unit.COUNT, connect, q),
                                                "connect")
                                        : withKind(
                                                scalar(s, "errors", Unit.COUNT, timeouts, q),
                                                "timeout"));
                // no error kinds at all (an HdrHistogram log, say)
                default -> {}
            }
            int o = r.nextInt(20);
            if (o < 16) {
                outcomes.add(outcome(s, TestStatus.SUCCESSFUL, ""));
            } else if (o < 19) {
                outcomes.add(
                        outcome(
                                s,
                                List.of(
                                                TestStatus.FAILED,
                                                TestStatus.ABORTED,
                                                TestStatus.SKIPPED,
                                                TestStatus.NOT_EXECUTED)
                                        .get(r.nextInt(4)),
                                "generated"));
            }
        }
        return new Case(seed, yaml, file, plan, evidence(ms, outcomes));
    }

    private static Measurement withKind(Measurement m, String kind) {
        Map<String, String> labels = new HashMap<>(m.labels());
        labels.put("kind", kind);
        return new Measurement(m.metric(), labels, m.unit(), m.value(), m.quality(), m.source());
    }

    private static Decision decide(Case c, EvidenceSet e) {
        return DecisionEngine.builder()
                .targetsFile(c.file())
                .build()
                .decide(c.file().targets(), c.plan(), e, AS_OF);
    }

    /**
     * How good a verdict is for the decision: 2 passes, 1 is a condition, 0 blocks (when critical).
     */
    private static int rank(Verdict v) {
        return switch (v) {
            case EXCEEDED, MET -> 2;
            case ACCEPTABLE, INCONCLUSIVE -> 1;
            case MISSED, NOT_MEASURED -> 0;
        };
    }

    private static void compare(
            Case c, Decision before, Decision after, String what, List<String> violations) {
        if (after.outcome().ordinal() < before.outcome().ordinal()) {
            violations.add(
                    "seed "
                            + c.seed()
                            + ": "
                            + what
                            + " turned "
                            + before.outcome()
                            + " into "
                            + after.outcome()
                            + "\n"
                            + c.yaml());
        }
        for (int i = 0; i < before.verdicts().size(); i++) {
            TargetVerdict b = before.verdicts().get(i);
            TargetVerdict a = after.verdicts().get(i);
            if (rank(a.verdict()) > rank(b.verdict())) {
                violations.add(
                        "seed "
                                + c.seed()
                                + ": "
                                + what
                                + " turned target "
                                + b.target()
                                + " from "
                                + b.verdict()
                                + " ("
                                + b.reason()
                                + ") into "
                                + a.verdict()
                                + " ("
                                + a.reason()
                                + ")");
            }
        }
    }

    /**
     * The rules the generated cases must reach, each told by the words of its verdicts: a rule no
     * verdict reaches is not tested by the property.
     */
    private static final Map<String, java.util.function.Predicate<TargetVerdict>> RULES =
            Map.of(
                    "a percentile whose producer says nothing of its timeouts",
                    v -> v.reason().startsWith(TargetEvaluator.TIMEOUTS_UNKNOWN),
                    "a percentile whose timeouts are bounded, not counted",
                    v -> v.reason().contains("may have timed out (no timeout count"),
                    "a percentile judged within its bound",
                    v -> v.reason().contains("so its unanswered or failed requests bound them"),
                    "a mean or max under its floor of samples",
                    v ->
                            v.reason()
                                    .matches(
                                            ".*(mean|max) rests on [0-9,]+ samples where it needs"
                                                    + " at least 100.*"),
                    "a throughput under its measured window",
                    v ->
                            v.verdict() == Verdict.INCONCLUSIVE
                                    && v.reason().contains("was measured over"),
                    "a figure with warm-up samples",
                    v -> v.reason().contains("includes warm-up samples"));

    /** What one case gave: its outcome, verdicts and rules reached, removals and violations. */
    private record Checked(
            Outcome outcome,
            Set<Verdict> verdicts,
            Set<String> rules,
            int removals,
            int worsened,
            List<String> violations) {}

    /**
     * Decides case {@code seed} on its full evidence, then without each measurement and outcome.
     */
    private static Checked check(long seed) {
        Case c = caseFor(seed);
        EvidenceSet full = c.evidence();
        Decision before = decide(c, full);
        Set<Verdict> verdicts = java.util.EnumSet.noneOf(Verdict.class);
        Set<String> rules = new java.util.HashSet<>();
        for (TargetVerdict v : before.verdicts()) {
            verdicts.add(v.verdict());
            RULES.forEach(
                    (rule, decided) -> {
                        if (decided.test(v)) {
                            rules.add(rule);
                        }
                    });
        }
        List<String> violations = new ArrayList<>();
        int removals = 0;
        int worsened = 0;
        for (int i = 0; i < full.measurements().size(); i++) {
            List<Measurement> fewer = new ArrayList<>(full.measurements());
            Measurement dropped = fewer.remove(i);
            Decision after =
                    decide(
                            c,
                            new EvidenceSet(
                                    full.schemaVersion(),
                                    full.runId(),
                                    full.environment(),
                                    fewer,
                                    full.outcomes()));
            removals++;
            worsened += after.outcome().ordinal() > before.outcome().ordinal() ? 1 : 0;
            compare(
                    c,
                    before,
                    after,
                    "dropping " + dropped.metric() + dropped.labels(),
                    violations);
        }
        for (int i = 0; i < full.outcomes().size(); i++) {
            List<TestOutcome> fewer = new ArrayList<>(full.outcomes());
            TestOutcome dropped = fewer.remove(i);
            Decision after =
                    decide(
                            c,
                            new EvidenceSet(
                                    full.schemaVersion(),
                                    full.runId(),
                                    full.environment(),
                                    full.measurements(),
                                    fewer));
            removals++;
            worsened += after.outcome().ordinal() > before.outcome().ordinal() ? 1 : 0;
            compare(c, before, after, "dropping the outcome of " + dropped.testId(), violations);
        }
        return new Checked(before.outcome(), verdicts, rules, removals, worsened, violations);
    }

    @Test
    void removingAnyMeasurementOrOutcomeNeverImprovesTheDecisionOrAVerdict() {
        // the cases are independent: checked in parallel, summed in seed order
        List<Checked> all =
                java.util.stream.LongStream.rangeClosed(1, TRIES)
                        .parallel()
                        .mapToObj(MonotonicityPropertyTest::check)
                        .toList();
        int[] seen = new int[Outcome.values().length];
        Set<Verdict> verdictsSeen = java.util.EnumSet.noneOf(Verdict.class);
        Map<String, Integer> rulesSeen = new java.util.TreeMap<>();
        RULES.keySet().forEach(rule -> rulesSeen.put(rule, 0));
        List<String> violations = new ArrayList<>();
        int removals = 0;
        int worsened = 0;
        for (Checked k : all) {
            seen[k.outcome().ordinal()]++;
            verdictsSeen.addAll(k.verdicts());
            k.rules().forEach(rule -> rulesSeen.merge(rule, 1, Integer::sum));
            removals += k.removals();
            worsened += k.worsened();
            violations.addAll(k.violations());
        }
        assertThat(violations)
                .as(violations.size() + " violations of " + removals + " removals")
                .isEmpty();
        // the generated cases must reach every outcome, every verdict and every rule, and removals
        // must sometimes make things worse, or the property says nothing
        assertThat(java.util.Arrays.stream(seen).boxed().toList())
                .as("cases per outcome (GO, GO WITH CONDITIONS, NO-GO)")
                .allSatisfy(k -> assertThat(k).isGreaterThanOrEqualTo(TRIES / 20));
        assertThat(verdictsSeen).containsExactlyInAnyOrder(Verdict.values());
        assertThat(rulesSeen)
                .as("cases reaching each rule")
                .allSatisfy((rule, cases) -> assertThat(cases).as(rule).isGreaterThanOrEqualTo(20));
        assertThat(worsened)
                .as("removals that made the decision worse, of " + removals)
                .isGreaterThan(removals / 50);
    }
}
