package io.gonogo.core.internal;

import io.gonogo.core.Change;
import io.gonogo.core.Decision;
import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Interval;
import io.gonogo.core.Measurement;
import io.gonogo.core.MetricInfo;
import io.gonogo.core.Numbers;
import io.gonogo.core.Outcome;
import io.gonogo.core.Quantity;
import io.gonogo.core.Regression;
import io.gonogo.core.Risk;
import io.gonogo.core.Scalar;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.Unit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares a run with its baseline: which metrics moved beyond their noise (regressions and
 * improvements), and what changed since the baseline decision (outcome, verdicts, risks).
 */
public final class BaselineComparison {
    /**
     * Metrics for which a lower figure is better, when the kind that published them declares no
     * direction (and for other tools' results, which have no kind).
     */
    private static final Set<String> LOWER_IS_BETTER =
            Set.of(
                    "latency",
                    "connect_time",
                    "errors",
                    "heap_slope",
                    "heap_growth",
                    "thread_growth",
                    "fd_growth",
                    "direct_growth",
                    "thread_residual",
                    "fd_residual",
                    "recovery_time",
                    "detect_time",
                    "acknowledged_writes_missing",
                    "gc_pause",
                    "rss",
                    "heap_live",
                    "heap_used");

    /** Metrics for which a higher figure is better. */
    private static final Set<String> HIGHER_IS_BETTER =
            Set.of("throughput", "success_rate", "gc_reclaim");

    /** Distribution figures compared, with their percentile (0 for the mean). */
    private static final Map<String, Double> DISTRIBUTION_FIGURES = new LinkedHashMap<>(Map.of());

    static {
        DISTRIBUTION_FIGURES.put("p50", 50.0);
        DISTRIBUTION_FIGURES.put("p99", 99.0);
    }

    private BaselineComparison() {}

    /**
     * Every metric of {@code current} (per label set; series are not compared) that moved beyond
     * its noise against the same metric and labels in {@code baseline}, in {@code current}'s order.
     */
    public static List<Regression> regressions(EvidenceSet current, EvidenceSet baseline) {
        return regressions(current, baseline, List.of());
    }

    /**
     * Like {@link #regressions(EvidenceSet, EvidenceSet)}, with the direction of each metric taken
     * first from what the kind named by its {@code suite} label declares in {@code kinds}.
     */
    public static List<Regression> regressions(
            EvidenceSet current, EvidenceSet baseline, List<SuiteKindInfo> kinds) {
        Map<String, SuiteKindInfo> byId = new HashMap<>();
        kinds.forEach(k -> byId.put(k.id(), k));
        Map<String, Measurement> before = new LinkedHashMap<>();
        for (Measurement m : baseline.measurements()) {
            before.putIfAbsent(key(m), m);
        }
        List<Regression> out = new ArrayList<>();
        for (Measurement m : current.measurements()) {
            Measurement b = before.get(key(m));
            if (b == null || b.unit().dimension() != m.unit().dimension()) {
                continue;
            }
            if (m.value() instanceof Scalar now && b.value() instanceof Scalar then) {
                double c = m.unit().convert(now.value(), b.unit());
                Interval ci = convert(m.interval(), m.unit(), b.unit());
                compare(m, b, better(m, byId), "value", then.value(), c, ci, b.interval(), out);
            } else if (m.value() instanceof Distribution now
                    && b.value() instanceof Distribution then
                    && now.count() > 0
                    && then.count() > 0) {
                var hn = now.decode();
                var hb = then.decode();
                for (Map.Entry<String, Double> f : DISTRIBUTION_FIGURES.entrySet()) {
                    double c = m.unit().convert(hn.getValueAtPercentile(f.getValue()), b.unit());
                    compare(
                            m,
                            b,
                            better(m, byId),
                            f.getKey(),
                            hb.getValueAtPercentile(f.getValue()),
                            c,
                            Interval.NONE,
                            Interval.NONE,
                            out);
                }
            }
        }
        return out;
    }

    /** Which way {@code m} is better: as its kind declares, else by the common vocabulary. */
    private static MetricInfo.Better better(Measurement m, Map<String, SuiteKindInfo> kinds) {
        SuiteKindInfo kind = kinds.get(m.labels().get("suite"));
        Optional<MetricInfo> declared = kind == null ? Optional.empty() : kind.metric(m.metric());
        if (declared.isPresent()) {
            return declared.get().better();
        }
        return LOWER_IS_BETTER.contains(m.metric())
                ? MetricInfo.Better.LOWER
                : HIGHER_IS_BETTER.contains(m.metric())
                        ? MetricInfo.Better.HIGHER
                        : MetricInfo.Better.NEITHER;
    }

    private static void compare(
            Measurement m,
            Measurement b,
            MetricInfo.Better better,
            String figure,
            double then,
            double now,
            Interval ci,
            Interval bi,
            List<Regression> out) {
        if (then == now) {
            return;
        }
        double change =
                then == 0 ? (now > 0 ? 100.0 : -100.0) : (now - then) / Math.abs(then) * 100.0;
        boolean moved;
        String noise;
        if (!ci.isNone() && !bi.isNone()) {
            moved = ci.high() < bi.low() || ci.low() > bi.high();
            noise =
                    "the intervals ["
                            + Numbers.short4(bi.low())
                            + ", "
                            + Numbers.short4(bi.high())
                            + "] and ["
                            + Numbers.short4(ci.low())
                            + ", "
                            + Numbers.short4(ci.high())
                            + "] "
                            + b.unit().symbol()
                            + (moved ? " do not overlap" : " overlap");
        } else if (!ci.isNone()) {
            moved = !ci.contains(then);
            noise =
                    "this run's "
                            + Numbers.short4(ci.confidence() * 100)
                            + "% interval ["
                            + Numbers.short4(ci.low())
                            + ", "
                            + Numbers.short4(ci.high())
                            + "] "
                            + b.unit().symbol()
                            + (ci.method().isEmpty() ? "" : " (" + ci.method() + ")");
        } else {
            moved = Math.abs(change) > Regression.DEFAULT_BAND_PERCENT;
            noise =
                    "the default band of ±"
                            + Numbers.short4(Regression.DEFAULT_BAND_PERCENT)
                            + "% (no interval)";
        }
        if (!moved) {
            return;
        }
        String direction =
                switch (better) {
                    case LOWER -> now > then ? Regression.WORSE : Regression.BETTER;
                    case HIGHER -> now < then ? Regression.WORSE : Regression.BETTER;
                    case NEITHER -> Regression.CHANGED;
                };
        Unit shown = TargetEvaluator.display(b.unit());
        out.add(
                new Regression(
                        m.metric(),
                        m.labels(),
                        figure,
                        new Quantity(b.unit().convert(then, shown), shown),
                        new Quantity(b.unit().convert(now, shown), shown),
                        change,
                        direction,
                        noise));
    }

    private static Interval convert(Interval i, Unit from, Unit to) {
        return i.isNone()
                ? i
                : Interval.of(
                        from.convert(i.low(), to),
                        from.convert(i.high(), to),
                        i.confidence(),
                        i.method());
    }

    private static String key(Measurement m) {
        return m.metric() + new TreeMap<>(m.labels()) + m.value().getClass().getSimpleName();
    }

    /** What changed between {@code before} (the baseline decision) and {@code now}. */
    public static List<Change> changes(
            Decision before, Outcome outcome, List<TargetVerdict> verdicts, List<Risk> risks) {
        List<Change> out = new ArrayList<>();
        if (before.outcome() != outcome) {
            out.add(
                    new Change(
                            Change.Kind.OUTCOME,
                            "decision",
                            before.outcome().title(),
                            outcome.title(),
                            "the decision moved from "
                                    + before.outcome().title()
                                    + " to "
                                    + outcome.title()));
        }
        Map<String, TargetVerdict> then = new LinkedHashMap<>();
        before.verdicts().forEach(v -> then.put(v.target(), v));
        for (TargetVerdict v : verdicts) {
            TargetVerdict old = then.remove(v.target());
            String after = v.verdict().title();
            if (old == null) {
                out.add(
                        new Change(
                                Change.Kind.VERDICT,
                                "target." + v.target(),
                                "absent",
                                after,
                                "target " + v.target() + " is new and " + after));
            } else if (old.verdict() != v.verdict()) {
                out.add(
                        new Change(
                                Change.Kind.VERDICT,
                                "target." + v.target(),
                                old.verdict().title(),
                                after,
                                "target "
                                        + v.target()
                                        + " moved from "
                                        + old.verdict().title()
                                        + " to "
                                        + after
                                        + old.achieved()
                                                .map(q -> " (was " + Numbers.show(q))
                                                .orElse(" (")
                                        + v.achieved()
                                                .map(
                                                        q ->
                                                                (old.achieved().isPresent()
                                                                                ? ", now "
                                                                                : "now ")
                                                                        + Numbers.show(q)
                                                                        + ")")
                                                .orElse(
                                                        old.achieved().isPresent()
                                                                ? ")"
                                                                : "not measured)")));
            }
        }
        for (TargetVerdict old : then.values()) {
            out.add(
                    new Change(
                            Change.Kind.VERDICT,
                            "target." + old.target(),
                            old.verdict().title(),
                            "absent",
                            "target "
                                    + old.target()
                                    + " ("
                                    + old.verdict().title()
                                    + " in the baseline) is no longer judged"));
        }
        Map<String, Risk> counted = new LinkedHashMap<>();
        before.risks().stream().filter(Risk::counts).forEach(r -> counted.put(r.id(), r));
        for (Risk r : risks) {
            if (!r.counts()) {
                continue;
            }
            if (counted.remove(r.id()) == null) {
                out.add(
                        new Change(
                                Change.Kind.RISK_OPENED,
                                "risk." + r.id(),
                                "not counting",
                                r.level().name(),
                                r.level().name()
                                        + " risk "
                                        + r.id()
                                        + " ("
                                        + r.title()
                                        + ") opened: "
                                        + r.why()));
            }
        }
        for (Risk r : counted.values()) {
            out.add(
                    new Change(
                            Change.Kind.RISK_CLOSED,
                            "risk." + r.id(),
                            r.level().name(),
                            "not counting",
                            r.level().name()
                                    + " risk "
                                    + r.id()
                                    + " ("
                                    + r.title()
                                    + ") closed: it no longer counts"));
        }
        return out;
    }
}
