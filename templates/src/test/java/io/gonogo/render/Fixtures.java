package io.gonogo.render;

import io.gonogo.core.ChecklistItem;
import io.gonogo.core.Condition;
import io.gonogo.core.Criterion;
import io.gonogo.core.Decision;
import io.gonogo.core.Distribution;
import io.gonogo.core.Environment;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.MetricInfo;
import io.gonogo.core.Numbers;
import io.gonogo.core.Outcome;
import io.gonogo.core.Profile;
import io.gonogo.core.Quantity;
import io.gonogo.core.Reason;
import io.gonogo.core.Release;
import io.gonogo.core.Risk;
import io.gonogo.core.RiskLevel;
import io.gonogo.core.RunPlan;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import io.gonogo.core.Verdict;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * A decision and its evidence built in code, with fixed instants and histograms of known samples: a
 * NO-GO because a required load scenario never ran, with one ACCEPTABLE target as a condition.
 *
 * <p>The verdicts' figures and reasons are computed from the same histograms, in the words the
 * decision engine uses, so the document must agree with itself.
 */
final class Fixtures {
    static final String RUN = "run-20260319-174205";
    static final Instant STARTED = Instant.parse("2026-03-19T17:42:05Z");
    static final Instant ENDED = Instant.parse("2026-03-19T17:46:51Z");
    static final Instant AS_OF = Instant.parse("2026-03-19T18:00:00Z");
    static final Release RELEASE =
            new Release(
                    "Governance API 1.4",
                    "Sprint 3: performance validation",
                    "2026-03-27",
                    "Release board");

    static final String HEALTH = "[engine:gonogo]/[suite:load]/[scenario:health-1k]";
    static final String SESSIONS = "[engine:gonogo]/[suite:load]/[scenario:sessions-5k]";
    static final String DECISIONS = "[engine:gonogo]/[suite:load]/[scenario:decisions-10k]";
    static final String NOT_RUN =
            "the governance server exited before the scenario started (exit code 137)";

    private Fixtures() {}

    /**
     * 10,000 latencies in microseconds: 9,900 spread evenly over 1,200 to 2,999 and a tail of 100
     * from 4,000 to 11,920 in steps of 80.
     */
    static Histogram healthLatencies() {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 9_900; i++) {
            h.recordValue(1_200 + i * 1_800L / 9_900);
        }
        for (int i = 0; i < 100; i++) {
            h.recordValue(4_000 + i * 80L);
        }
        return h;
    }

    /**
     * 1,000 latencies in microseconds: 900 spread evenly over 3,000 to 13,988 and a tail of 100
     * from 16,000 to 23,920 in steps of 80; too few for a trustworthy p99.9.
     */
    static Histogram sessionLatencies() {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 900; i++) {
            h.recordValue(3_000 + i * 11_000L / 900);
        }
        for (int i = 0; i < 100; i++) {
            h.recordValue(16_000 + i * 80L);
        }
        return h;
    }

    static Environment environment() {
        return new Environment(
                "0.1.0-SNAPSHOT",
                "Eclipse Adoptium OpenJDK 64-Bit Server VM 17.0.15+6",
                "Linux 6.1.0-31-amd64 (amd64)",
                2,
                1L << 30,
                "38118af4c2d9e0b7a1f35c6d8e2b4a9f0c7d1e3b",
                STARTED,
                ENDED,
                Profile.QUICK,
                "embedded governance server, pid 4242, http=http://127.0.0.1:41885");
    }

    static EvidenceSet evidence() {
        return evidence(Distribution.of(healthLatencies()));
    }

    /** The evidence, with {@code health} as the latency distribution of load/health-1k. */
    static EvidenceSet evidence(Distribution health) {
        List<Measurement> ms = new ArrayList<>();
        ms.add(
                measure(
                        "latency",
                        "health-1k",
                        Unit.MICROSECONDS,
                        health,
                        HEALTH,
                        "evidence/health-1k/latency.hlog"));
        ms.add(measure("throughput", "health-1k", Unit.PER_SECOND, new Scalar(2731.4), HEALTH, ""));
        ms.add(measure("success_rate", "health-1k", Unit.PERCENT, new Scalar(100.0), HEALTH, ""));
        ms.add(
                measure(
                        "latency",
                        "sessions-5k",
                        Unit.MICROSECONDS,
                        Distribution.of(sessionLatencies()),
                        SESSIONS,
                        "evidence/sessions-5k/latency.hlog"));
        ms.add(
                measure(
                        "throughput",
                        "sessions-5k",
                        Unit.PER_SECOND,
                        new Scalar(812.25),
                        SESSIONS,
                        ""));
        ms.add(
                measure(
                        "success_rate",
                        "sessions-5k",
                        Unit.PERCENT,
                        new Scalar(99.7),
                        SESSIONS,
                        ""));
        ms.addAll(memoryAndChaos());
        List<TestOutcome> outcomes =
                List.of(
                        new TestOutcome(
                                "[engine:gonogo]/[suite:load]",
                                "load",
                                "load",
                                "",
                                true,
                                TestStatus.SUCCESSFUL,
                                18_230,
                                ""),
                        new TestOutcome(
                                HEALTH,
                                "health-1k",
                                "load",
                                "health-1k",
                                false,
                                TestStatus.SUCCESSFUL,
                                4_871,
                                ""),
                        new TestOutcome(
                                SESSIONS,
                                "sessions-5k",
                                "load",
                                "sessions-5k",
                                false,
                                TestStatus.SUCCESSFUL,
                                13_359,
                                ""),
                        new TestOutcome(
                                DECISIONS,
                                "decisions-10k",
                                "load",
                                "decisions-10k",
                                false,
                                TestStatus.NOT_EXECUTED,
                                0,
                                NOT_RUN),
                        new TestOutcome(
                                "[engine:gonogo]/[suite:memory]/[scenario:session-soak]",
                                "session-soak",
                                "memory",
                                "session-soak",
                                false,
                                TestStatus.SUCCESSFUL,
                                125_400,
                                ""),
                        new TestOutcome(
                                KILL,
                                "server-kill",
                                "chaos",
                                "server-kill",
                                false,
                                TestStatus.SUCCESSFUL,
                                41_730,
                                ""),
                        new TestOutcome(
                                "[engine:junit-jupiter]/[class:io.example.ApiContractTest]"
                                        + "/[method:rejectsUnknownDecisionId()]",
                                "rejects an unknown decision id",
                                "ApiContractTest",
                                "",
                                false,
                                TestStatus.SUCCESSFUL,
                                84,
                                ""),
                        new TestOutcome(
                                "[engine:junit-jupiter]/[class:io.example.ApiContractTest]"
                                        + "/[method:approvesTwice()]",
                                "approving twice answers 409",
                                "ApiContractTest",
                                "",
                                false,
                                TestStatus.SKIPPED,
                                0,
                                "disabled until the idempotency fix is merged"));
        return new EvidenceSet(EvidenceSet.SCHEMA_VERSION, RUN, environment(), ms, outcomes);
    }

    static final String SOAK = "[engine:gonogo]/[suite:memory]/[scenario:session-soak]";
    static final String KILL = "[engine:gonogo]/[suite:chaos]/[scenario:server-kill]";
    static final long SOAK_START = STARTED.toEpochMilli() + 20_000;

    /**
     * The memory figures of memory/session-soak (sampled over JMX, 13 samples 10 s apart, the live
     * heap rising 1 MiB a sample with a JFR profile) and the chaos figures of chaos/server-kill (a
     * kill -9 of the service 10 s into a 30 s run, back after 6.2 s).
     */
    static List<Measurement> memoryAndChaos() {
        List<Measurement> ms = new ArrayList<>();
        List<io.gonogo.core.Series.Point> heap = new ArrayList<>();
        List<io.gonogo.core.Series.Point> threads = new ArrayList<>();
        for (int i = 0; i <= 12; i++) {
            heap.add(
                    new io.gonogo.core.Series.Point(
                            SOAK_START + i * 10_000L, (64 + i) * 1024.0 * 1024));
            threads.add(
                    new io.gonogo.core.Series.Point(
                            SOAK_START + i * 10_000L, 31 + (i == 12 ? 1 : 0)));
        }
        Map<String, String> soak =
                Map.of("suite", "memory", "scenario", "session-soak", "source", "jmx");
        ms.add(mem("heap_live", soak, Unit.BYTES, new io.gonogo.core.Series(heap), null));
        ms.add(mem("threads", soak, Unit.COUNT, new io.gonogo.core.Series(threads), null));
        ms.add(
                mem(
                        "heap_slope",
                        soak,
                        Unit.BYTES,
                        new Scalar(5_242.9),
                        io.gonogo.core.Interval.of(4_980.1, 5_505.7, 0.95, "ols-slope")));
        ms.add(mem("heap_growth", soak, Unit.RATIO, new Scalar(1.1875), null));
        ms.add(mem("thread_growth", soak, Unit.COUNT, new Scalar(1), null));
        ms.add(mem("fd_growth", soak, Unit.COUNT, new Scalar(0), null));
        ms.add(mem("gc_reclaim", soak, Unit.PERCENT, new Scalar(91.5), null));
        ms.add(mem("thread_residual", soak, Unit.COUNT, new Scalar(0), null));
        ms.add(mem("fd_residual", soak, Unit.COUNT, new Scalar(0), null));
        ms.add(
                mem(
                        "jfr_hot_method",
                        Map.of(
                                "suite",
                                "memory",
                                "scenario",
                                "session-soak",
                                "rank",
                                "1",
                                "method",
                                "io.gonogo.server.Store.append(Decision)"),
                        Unit.PERCENT,
                        new Scalar(18.4),
                        null));
        ms.add(
                mem(
                        "jfr_hot_method",
                        Map.of(
                                "suite",
                                "memory",
                                "scenario",
                                "session-soak",
                                "rank",
                                "2",
                                "method",
                                "java.util.HashMap.resize()"),
                        Unit.PERCENT,
                        new Scalar(7.25),
                        null));
        Measurement alloc =
                mem(
                        "jfr_alloc_site",
                        Map.of(
                                "suite",
                                "memory",
                                "scenario",
                                "session-soak",
                                "rank",
                                "1",
                                "site",
                                "io.gonogo.server.Json.write | byte[]"),
                        Unit.BYTES,
                        new Scalar(48_234_496),
                        null);
        ms.add(
                alloc.withSource(
                        new Source(RUN, "0", SOAK, "evidence/session-soak/flamegraph.svg")));
        for (String phase : List.of("before", "during", "after")) {
            Map<String, String> l =
                    Map.of(
                            "suite",
                            "chaos",
                            "scenario",
                            "server-kill",
                            "fault",
                            "kill-9",
                            "phase",
                            phase,
                            "transport",
                            "http");
            Histogram h = new Histogram(3);
            int n = phase.equals("during") ? 1_200 : 3_000;
            for (int i = 0; i < n; i++) {
                h.recordValue((phase.equals("during") ? 4_000 : 1_500) + i);
            }
            ms.add(chaos("latency", l, Unit.MICROSECONDS, Distribution.of(h)));
            ms.add(
                    chaos(
                            "throughput",
                            l,
                            Unit.PER_SECOND,
                            new Scalar(phase.equals("during") ? 120.0 : 300.0)));
            ms.add(
                    chaos(
                            "success_rate",
                            l,
                            Unit.PERCENT,
                            new Scalar(phase.equals("during") ? 71.4 : 100.0)));
            Map<String, String> err = new java.util.TreeMap<>(l);
            err.put("kind", "connect");
            ms.add(chaos("errors", err, Unit.COUNT, new Scalar(phase.equals("during") ? 480 : 0)));
        }
        Map<String, String> kill =
                Map.of("suite", "chaos", "scenario", "server-kill", "fault", "kill-9");
        ms.add(chaos("recovery_time", kill, Unit.MILLISECONDS, new Scalar(6_200)));
        ms.add(chaos("detect_time", kill, Unit.MILLISECONDS, new Scalar(250)));
        ms.add(chaos("fault_start", kill, Unit.MILLISECONDS, new Scalar(10_000)));
        ms.add(chaos("fault_end", kill, Unit.MILLISECONDS, new Scalar(16_000)));
        ms.add(chaos("acknowledged_writes_checked", kill, Unit.COUNT, new Scalar(2_400)));
        ms.add(chaos("acknowledged_writes_missing", kill, Unit.COUNT, new Scalar(0)));
        List<io.gonogo.core.Series.Point> tp = new ArrayList<>();
        List<io.gonogo.core.Series.Point> p99 = new ArrayList<>();
        long t0 = STARTED.toEpochMilli() + 200_000;
        for (int s = 0; s < 30; s++) {
            boolean down = s >= 10 && s < 16;
            tp.add(
                    new io.gonogo.core.Series.Point(
                            t0 + s * 1000L, down ? (s == 10 ? 150 : 0) : s < 22 ? 280 + s : 300));
            p99.add(
                    new io.gonogo.core.Series.Point(
                            t0 + s * 1000L, down ? 1_000_000 : s < 22 ? 9_000 : 4_500));
        }
        ms.add(chaos("throughput", kill, Unit.PER_SECOND, new io.gonogo.core.Series(tp)));
        ms.add(chaos("p99", kill, Unit.MICROSECONDS, new io.gonogo.core.Series(p99)));
        return ms;
    }

    private static Measurement mem(
            String metric,
            Map<String, String> labels,
            Unit unit,
            io.gonogo.core.MeasuredValue value,
            io.gonogo.core.Interval interval) {
        return new Measurement(
                metric, labels, unit, value, Set.of(), new Source(RUN, "0", SOAK, ""), interval);
    }

    private static Measurement chaos(
            String metric,
            Map<String, String> labels,
            Unit unit,
            io.gonogo.core.MeasuredValue value) {
        return new Measurement(
                metric, labels, unit, value, Set.of(), new Source(RUN, "0", KILL, ""));
    }

    private static Measurement measure(
            String metric,
            String scenario,
            Unit unit,
            io.gonogo.core.MeasuredValue value,
            String testId,
            String file) {
        return new Measurement(
                metric,
                Map.of("suite", "load", "scenario", scenario, "transport", "http"),
                unit,
                value,
                Set.of(),
                new Source(RUN, "0", testId, file));
    }

    static Decision decision() {
        Histogram health = healthLatencies();
        Histogram sessions = sessionLatencies();
        double p99Health = health.getValueAtPercentile(99) / 1000.0;
        double p99Sessions = sessions.getValueAtPercentile(99) / 1000.0;
        double deltaHealth = (p99Health - 10) / 10 * 100;
        double deltaSessions = (p99Sessions - 15) / 15 * 100;
        List<TargetVerdict> verdicts =
                List.of(
                        verdict(
                                "p99-1k",
                                "p99 latency, 1k users",
                                "latency",
                                Map.of("scenario", "health-1k"),
                                "p99",
                                "< 10ms",
                                null,
                                null,
                                true,
                                Verdict.MET,
                                new Quantity(p99Health, Unit.MILLISECONDS),
                                deltaHealth,
                                10_000,
                                List.of(HEALTH),
                                "p99 "
                                        + Numbers.short4(p99Health)
                                        + "ms (p99 of 10,000 samples) meets < 10ms"),
                        verdict(
                                "p99-5k",
                                "p99 latency, 5k sessions",
                                "latency",
                                Map.of("scenario", "sessions-5k"),
                                "p99",
                                "< 15ms",
                                "< 25ms",
                                null,
                                false,
                                Verdict.ACCEPTABLE,
                                new Quantity(p99Sessions, Unit.MILLISECONDS),
                                deltaSessions,
                                1_000,
                                List.of(SESSIONS),
                                "p99 "
                                        + Numbers.short4(p99Sessions)
                                        + "ms (p99 of 1,000 samples) misses < 15ms by "
                                        + Numbers.signedPercent(deltaSessions)
                                        + " but is within the acceptable band < 25ms"),
                        verdict(
                                "throughput-1k",
                                "throughput, 1k users",
                                "throughput",
                                Map.of("scenario", "health-1k"),
                                "",
                                ">= 2000/s",
                                null,
                                ">= 2500/s",
                                true,
                                Verdict.EXCEEDED,
                                new Quantity(2731.4, Unit.PER_SECOND),
                                (2731.4 - 2000) / 2000 * 100,
                                1,
                                List.of(HEALTH),
                                "2731/s (the single measurement) meets the stretch goal >= 2500/s"),
                        verdict(
                                "success-5k",
                                "success rate, 5k sessions",
                                "success_rate",
                                Map.of("scenario", "sessions-5k"),
                                "",
                                ">= 99.5%",
                                null,
                                null,
                                true,
                                Verdict.MET,
                                new Quantity(99.7, Unit.PERCENT),
                                (99.7 - 99.5) / 99.5 * 100,
                                1,
                                List.of(SESSIONS),
                                "99.7% (the single measurement) meets >= 99.5%"),
                        verdict(
                                "p99-10k",
                                "p99 latency, 10k decisions",
                                "latency",
                                Map.of("scenario", "decisions-10k"),
                                "p99",
                                "< 40ms",
                                null,
                                null,
                                true,
                                Verdict.NOT_MEASURED,
                                null,
                                null,
                                0,
                                List.of(DECISIONS),
                                "scenario load/decisions-10k was not executed: " + NOT_RUN));
        List<Reason> reasons =
                List.of(
                        new Reason(
                                Reason.Kind.BLOCKER,
                                "scenario.load.decisions-10k",
                                "required scenario load/decisions-10k was not executed: "
                                        + NOT_RUN),
                        new Reason(
                                Reason.Kind.BLOCKER,
                                "target.p99-10k",
                                "critical target p99-10k (p99 latency, 10k decisions) NOT MEASURED:"
                                        + " scenario load/decisions-10k was not executed: "
                                        + NOT_RUN),
                        new Reason(
                                Reason.Kind.CONDITION,
                                "target.p99-5k",
                                "target p99-5k (p99 latency, 5k sessions)"
                                        + " ACCEPTABLE: "
                                        + verdicts.get(1).reason()),
                        new Reason(Reason.Kind.NOTE, "targets", "3 of 5 targets met or exceeded"));
        List<Condition> conditions =
                List.of(
                        new Condition(
                                "target.p99-5k",
                                "target.p99-5k",
                                "Bring p99 latency, 5k sessions within < 15ms (measured "
                                        + Numbers.short4(p99Sessions)
                                        + "ms, "
                                        + Numbers.signedPercent(deltaSessions)
                                        + "), and show it met in a new run before the due date.",
                                "Release board",
                                LocalDate.parse("2026-04-02")));
        List<Risk> risks =
                List.of(
                        new Risk(
                                "pool-exhaustion",
                                "connection pool exhausted at 10k concurrent decisions",
                                RiskLevel.MEDIUM,
                                RiskLevel.HIGH,
                                RiskLevel.HIGH,
                                "raise the pool to 200 and add a queue",
                                "Sam Lee",
                                "open",
                                Risk.DECLARED,
                                "target p99-10k MISSED",
                                true,
                                "it is open and its condition 'target p99-10k MISSED' holds: target"
                                        + " p99-10k is NOT MEASURED"),
                        new Risk(
                                "gc-pauses",
                                "long GC pauses under the session soak",
                                RiskLevel.LOW,
                                RiskLevel.HIGH,
                                RiskLevel.MEDIUM,
                                "switch to ZGC and re-run the soak",
                                "Priya Nair",
                                "mitigated",
                                Risk.DECLARED,
                                "",
                                true,
                                "it is mitigated"),
                        new Risk(
                                "cache-warmup",
                                "slow first requests after a deploy",
                                RiskLevel.LOW,
                                RiskLevel.LOW,
                                RiskLevel.LOW,
                                "warm the cache in the readiness probe",
                                "",
                                "open",
                                Risk.DECLARED,
                                "",
                                true,
                                "it is open"),
                        new Risk(
                                "legacy-auth",
                                "legacy tokens rejected after the upgrade",
                                RiskLevel.HIGH,
                                RiskLevel.HIGH,
                                RiskLevel.HIGH,
                                "dual-accept both token formats",
                                "Dana Ortiz",
                                "closed",
                                Risk.DECLARED,
                                "",
                                false,
                                "it is closed"),
                        new Risk(
                                "target.p99-5k",
                                "p99 latency, 5k sessions may not hold in production: it missed its"
                                        + " target < 15ms and is only within the acceptable band",
                                RiskLevel.MEDIUM,
                                RiskLevel.MEDIUM,
                                RiskLevel.MEDIUM,
                                "Bring it within < 15ms and show it met in a new run.",
                                "Release board",
                                "open",
                                Risk.DERIVED,
                                "",
                                true,
                                "target p99-5k is ACCEPTABLE"));
        List<ChecklistItem> checklist =
                List.of(
                        new ChecklistItem(
                                "load-suite",
                                "Load suite green",
                                false,
                                "suite load passed",
                                "2 of 3 planned scenarios of suite load passed (load/decisions-10k"
                                        + " was not executed)"),
                        new ChecklistItem(
                                "p99-1k-met",
                                "Health latency on target",
                                true,
                                "target p99-1k met",
                                "target p99-1k is MET"),
                        new ChecklistItem(
                                "runbook",
                                "Runbook written",
                                true,
                                "file docs/runbook.md exists",
                                "found docs/runbook.md"),
                        new ChecklistItem(
                                "security-review",
                                "Security review",
                                true,
                                "attested by Priya Nair on 2026-03-17",
                                "attested by Priya Nair on 2026-03-17"),
                        new ChecklistItem(
                                "dpo-signoff",
                                "Data protection sign-off",
                                false,
                                "attested by Jan Novak",
                                "Jan Novak is named but no attested-on date is given"));
        List<Reason> allReasons = new java.util.ArrayList<>(reasons);
        allReasons.add(
                2,
                new Reason(
                        Reason.Kind.BLOCKER,
                        "risk.pool-exhaustion",
                        "HIGH risk pool-exhaustion (connection pool exhausted at 10k concurrent"
                                + " decisions) counts: "
                                + risks.get(0).why()));
        allReasons.add(
                4,
                new Reason(
                        Reason.Kind.CONDITION,
                        "risk.gc-pauses",
                        "MEDIUM risk gc-pauses (long GC"
                                + " pauses under the session soak) counts: it is mitigated"));
        allReasons.add(
                new Reason(
                        Reason.Kind.NOTE,
                        "risk.cache-warmup",
                        "LOW risk cache-warmup (slow first requests after a deploy) counts but is"
                                + " only watched: it is open"));
        allReasons.add(
                new Reason(
                        Reason.Kind.NOTE,
                        "risk.legacy-auth",
                        "HIGH risk legacy-auth (legacy tokens"
                                + " rejected after the upgrade) does not count: it is closed"));
        allReasons.add(
                new Reason(
                        Reason.Kind.NOTE, "checklist", "readiness checklist: 3 of 5 items done"));
        List<Condition> allConditions = new java.util.ArrayList<>(conditions);
        allConditions.add(
                new Condition(
                        "risk.gc-pauses",
                        "risk.gc-pauses",
                        "Mitigate risk gc-pauses (long GC pauses under the session soak): switch to"
                                + " ZGC and re-run the soak.",
                        "Priya Nair",
                        LocalDate.parse("2026-03-26")));
        return withKinds(
                new Decision(
                        Decision.SCHEMA_VERSION,
                        Outcome.NO_GO,
                        RELEASE,
                        RUN,
                        Profile.QUICK,
                        AS_OF,
                        verdicts,
                        risks,
                        allConditions,
                        checklist,
                        List.of(),
                        allReasons));
    }

    /** How the load suite presents itself: requests against the service. */
    static final SuiteKindInfo LOAD =
            new SuiteKindInfo(
                    "load",
                    "Load",
                    SuiteKindInfo.Presentation.REQUEST_LOAD,
                    List.of(
                            new MetricInfo("latency", MetricInfo.Better.LOWER, "Latency"),
                            new MetricInfo("throughput", MetricInfo.Better.HIGHER, "Throughput"),
                            new MetricInfo(
                                    "success_rate", MetricInfo.Better.HIGHER, "Success rate"),
                            new MetricInfo("errors", MetricInfo.Better.LOWER, "Errors")));

    /** How the memory suite presents itself: resource use over time. */
    static final SuiteKindInfo MEMORY =
            new SuiteKindInfo(
                    "memory",
                    "Memory",
                    SuiteKindInfo.Presentation.RESOURCE_TREND,
                    List.of(
                            new MetricInfo("heap_growth", MetricInfo.Better.LOWER, "Heap growth"),
                            new MetricInfo("heap_slope", MetricInfo.Better.LOWER, "Heap slope"),
                            new MetricInfo(
                                    "thread_growth", MetricInfo.Better.LOWER, "Thread growth"),
                            new MetricInfo("gc_reclaim", MetricInfo.Better.HIGHER, "GC reclaim")));

    /** How the chaos suite presents itself: faults injected under a workload. */
    static final SuiteKindInfo CHAOS =
            new SuiteKindInfo(
                    "chaos",
                    "Chaos",
                    SuiteKindInfo.Presentation.FAULT_INJECTION,
                    List.of(
                            new MetricInfo(
                                    "recovery_time", MetricInfo.Better.LOWER, "Recovery time"),
                            new MetricInfo(
                                    "acknowledged_writes_missing",
                                    MetricInfo.Better.LOWER,
                                    "Acknowledged writes missing")));

    /** How the benchmark suite presents itself: scores with their intervals. */
    static final SuiteKindInfo BENCHMARK =
            new SuiteKindInfo(
                    "benchmark",
                    "Benchmark",
                    SuiteKindInfo.Presentation.MICROBENCHMARK,
                    List.of(new MetricInfo("throughput", MetricInfo.Better.HIGHER, "Score")));

    /** The built-in suite kinds, in the order the documents have always listed them. */
    static final List<SuiteKindInfo> KINDS = List.of(LOAD, MEMORY, CHAOS, BENCHMARK);

    /** A decision on nothing but the built-in kinds' declarations. */
    static Decision kindsOnly() {
        return bareDecision(Outcome.GO, List.of(), List.of());
    }

    /**
     * {@code d} with the built-in kinds declared in its plan (and no plan otherwise, so that the
     * documents count the tests the evidence records unless a context gives the plan).
     */
    static Decision withKinds(Decision d) {
        return d.withPlan(
                new RunPlan(
                        d.plan().declared(),
                        d.plan().scenarios(),
                        d.plan().sprint(),
                        d.plan().approvers(),
                        d.plan().deliverables(),
                        KINDS));
    }

    static TargetVerdict verdict(
            String id,
            String title,
            String metric,
            Map<String, String> where,
            String aggregate,
            String pass,
            String acceptable,
            String stretch,
            boolean critical,
            Verdict verdict,
            Quantity achieved,
            Double delta,
            long samples,
            List<String> sources,
            String reason) {
        return new TargetVerdict(
                id,
                title,
                metric,
                where,
                aggregate,
                Criterion.parse(pass),
                acceptable == null ? null : Criterion.parse(acceptable),
                stretch == null ? null : Criterion.parse(stretch),
                critical,
                verdict,
                achieved,
                delta,
                samples,
                Set.of(),
                sources,
                reason);
    }

    /** An evidence set with nothing in it, for run {@link #RUN}. */
    static EvidenceSet emptyEvidence() {
        return new EvidenceSet(
                EvidenceSet.SCHEMA_VERSION, RUN, environment(), List.of(), List.of());
    }

    /**
     * A decision on nothing: {@code outcome} with the given reasons and conditions, no verdicts.
     */
    static Decision bareDecision(
            Outcome outcome, List<Reason> reasons, List<Condition> conditions) {
        return withKinds(
                new Decision(
                        Decision.SCHEMA_VERSION,
                        outcome,
                        RELEASE,
                        RUN,
                        Profile.QUICK,
                        AS_OF,
                        List.of(),
                        List.of(),
                        conditions,
                        List.of(),
                        List.of(),
                        reasons));
    }

    /**
     * The folder of the fixture plan's deliverables (relative to the module, as Maven runs tests).
     */
    static final java.nio.file.Path PROGRESS_DIR =
            java.nio.file.Path.of("src/test/resources/progress");

    /** The scenarios the fixture plan declares: the evidence's, plus a benchmark that never ran. */
    static List<io.gonogo.core.PlannedScenario> planned() {
        return List.of(
                new io.gonogo.core.PlannedScenario(
                        "load", "health-1k", false, Map.of("transport", "http")),
                new io.gonogo.core.PlannedScenario(
                        "load", "sessions-5k", false, Map.of("transport", "http")),
                new io.gonogo.core.PlannedScenario(
                        "load", "decisions-10k", false, Map.of("transport", "http")),
                new io.gonogo.core.PlannedScenario("memory", "session-soak", false, Map.of()),
                new io.gonogo.core.PlannedScenario("chaos", "server-kill", false, Map.of()),
                new io.gonogo.core.PlannedScenario("benchmark", "jmh-health", true, Map.of()));
    }

    /**
     * A sprint plan whose tasks are done by hand, proven by evidence, claimed but not proven, and
     * pending.
     */
    static io.gonogo.core.config.PlanSpec plan() {
        return new io.gonogo.core.config.PlanSpec(
                "Sprint 3",
                "Show that the governance API holds 10k concurrent decisions without leaking"
                        + " memory, and recovers from a killed process without losing a write.",
                List.of(
                        task(
                                "load-suite",
                                "Load suite at 1k, 5k and 10k",
                                io.gonogo.core.config.PlanSpec.Status.DONE,
                                List.of("deliverables/LoadSuite.java", "deliverables/load"),
                                List.of("load"),
                                null),
                        task(
                                "soak",
                                "Session soak with heap sampling",
                                null,
                                List.of(),
                                List.of("memory"),
                                new io.gonogo.core.config.PlanSpec.DoneWhen(
                                        io.gonogo.core.config.PlanSpec.DoneWhen.Kind.SUITE_EXECUTED,
                                        "memory",
                                        "suite memory executed")),
                        task(
                                "latency-1k",
                                "Health latency within 10ms at 1k",
                                null,
                                List.of(),
                                List.of(),
                                new io.gonogo.core.config.PlanSpec.DoneWhen(
                                        io.gonogo.core.config.PlanSpec.DoneWhen.Kind.TARGET_MET,
                                        "p99-1k",
                                        "target p99-1k met")),
                        task(
                                "decisions-10k",
                                "Decisions at 10k | `pool` <script>",
                                io.gonogo.core.config.PlanSpec.Status.DONE,
                                List.of(),
                                List.of(),
                                new io.gonogo.core.config.PlanSpec.DoneWhen(
                                        io.gonogo.core.config.PlanSpec.DoneWhen.Kind.TARGET_MET,
                                        "p99-10k",
                                        "target p99-10k met")),
                        task(
                                "benchmarks",
                                "JMH benchmarks, HTTP vs gRPC",
                                io.gonogo.core.config.PlanSpec.Status.IN_PROGRESS,
                                List.of("deliverables/Benchmarks.java"),
                                List.of("benchmark"),
                                null)),
                List.of(
                        "Run the full profile on the release candidate.",
                        "Add the gRPC watch scenario."));
    }

    private static io.gonogo.core.config.PlanSpec.Task task(
            String id,
            String title,
            io.gonogo.core.config.PlanSpec.Status status,
            List<String> deliverables,
            List<String> suites,
            io.gonogo.core.config.PlanSpec.DoneWhen doneWhen) {
        return new io.gonogo.core.config.PlanSpec.Task(
                id,
                title,
                java.util.Optional.ofNullable(status),
                deliverables,
                suites,
                java.util.Optional.ofNullable(doneWhen));
    }

    /** The report context of the fixture: its plan, planned scenarios and approvers. */
    static ReportContext context() {
        return ReportContext.of(
                planned(),
                plan(),
                PROGRESS_DIR,
                List.of("Dana Ortiz (engineering manager)", "Łukasz Wiśniewski | SRE"));
    }

    /**
     * The fixture decision as if it had come out {@code outcome}: for GO WITH CONDITIONS without
     * its blockers, and the target they rest on (never measured); for GO without its conditions and
     * the target only acceptable too. NO-GO is {@link #decision()} itself.
     */
    static Decision decision(Outcome outcome) {
        Decision d = decision();
        if (outcome == Outcome.NO_GO) {
            return d;
        }
        List<Reason> reasons =
                d.reasons().stream()
                        .filter(
                                r ->
                                        r.kind() != Reason.Kind.BLOCKER
                                                && (outcome == Outcome.GO_WITH_CONDITIONS
                                                        || r.kind() != Reason.Kind.CONDITION))
                        .toList();
        return new Decision(
                d.schemaVersion(),
                outcome,
                d.release(),
                d.runId(),
                d.profile(),
                d.asOf(),
                d.verdicts().stream()
                        .filter(
                                v ->
                                        v.verdict() != Verdict.NOT_MEASURED
                                                && (outcome == Outcome.GO_WITH_CONDITIONS
                                                        || v.verdict() != Verdict.ACCEPTABLE))
                        .toList(),
                d.risks(),
                outcome == Outcome.GO ? List.of() : d.conditions(),
                d.checklist(),
                d.waivers(),
                reasons,
                d.baseline(),
                d.regressions(),
                d.changes(),
                d.plan());
    }
}
