package io.gonogo.core.internal;

import io.gonogo.core.Criterion;
import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Quality;
import io.gonogo.core.Quantity;
import io.gonogo.core.Scalar;
import io.gonogo.core.Series;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import io.gonogo.core.Verdict;
import io.gonogo.core.config.Aggregation;
import io.gonogo.core.config.Target;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Evaluates one target against the plan and the evidence.
 *
 * <p>The producers a target expects are the planned scenarios its filter may match; if any of
 * them did not pass, its figures are not used and the verdict is NOT MEASURED, so a crashed or
 * skipped scenario can never make a target look better. Distributions are merged by adding
 * histograms; scalars are aggregated by the target's aggregation, by default the worst value
 * for the criterion's direction.
 */
public final class TargetEvaluator {
    /** The label of a scalar that is one statistic of an imported summary ({@code p95}, {@code max}, ...). */
    public static final String STAT = "stat";
    private final List<PlannedScenario> plan;
    private final EvidenceSet evidence;
    private final Map<String, TestOutcome> outcomeByScenario = new HashMap<>();

    /** An evaluator for one plan and one evidence set. */
    public TargetEvaluator(List<PlannedScenario> plan, EvidenceSet evidence) {
        this.plan = List.copyOf(plan);
        this.evidence = evidence;
        for (TestOutcome o : evidence.outcomes()) {
            if (!o.container() && !o.scenario().isEmpty()) {
                // a scenario recorded several times (shards, trials) counts by its worst outcome
                outcomeByScenario.merge(o.suite() + "/" + o.scenario(), o,
                        (a, b) -> b.status().severity() > a.status().severity() ? b : a);
            }
        }
    }

    /** The outcome of a planned scenario; NOT_EXECUTED when the evidence holds none. */
    public TestStatus status(PlannedScenario s) {
        TestOutcome o = outcomeByScenario.get(s.qualifiedId());
        return o == null ? TestStatus.NOT_EXECUTED : o.status();
    }

    /** The message of a planned scenario's outcome, or a sentence saying no outcome was recorded. */
    public String message(PlannedScenario s) {
        TestOutcome o = outcomeByScenario.get(s.qualifiedId());
        if (o == null) {
            return "no outcome was recorded for it";
        }
        return o.message();
    }

    /** Whether {@code t} is one of the targets {@code s} generated: its id is {@code <suite>.<scenario>.<criterion>}. */
    private static boolean generatedBy(Target t, PlannedScenario s) {
        return t.id().startsWith(s.suite() + "." + s.id() + ".");
    }

    /** Evaluates {@code t}. */
    public TargetVerdict evaluate(Target t) {
        Map<String, String> where = t.where();
        List<PlannedScenario> producers = plan.stream().filter(s -> s.mayMatch(where)).toList();
        if (producers.isEmpty()) {
            return notMeasured(t, List.of(), "no scenario in the plan produces '" + t.metric() + "'"
                    + (where.isEmpty() ? "" : " with " + where));
        }
        List<String> broken = new ArrayList<>();
        for (PlannedScenario s : producers) {
            TestStatus st = status(s);
            // a scenario that failed its own generated criteria (a chaos hypothesis) still measured
            // them: those targets are judged on its figures (MISSED), never better than the failure
            if (st != TestStatus.SUCCESSFUL && !(st == TestStatus.FAILED && generatedBy(t, s))) {
                String msg = message(s);
                broken.add("scenario " + s.qualifiedId() + " " + describe(st) + (msg.isEmpty() ? "" : ": " + msg));
            }
        }
        List<String> testIds = producers.stream().map(PlannedScenario::testId).toList();
        if (!broken.isEmpty()) {
            return notMeasured(t, testIds, String.join("; ", broken));
        }
        Set<String> producerIds = producers.stream().map(PlannedScenario::qualifiedId).collect(Collectors.toSet());
        List<Measurement> found = evidence.measurements().stream()
                .filter(m -> m.metric().equals(t.metric()) && m.matches(where))
                .filter(m -> producerIds.contains(m.labels().get("suite") + "/" + m.labels().get("scenario")))
                .toList();
        // every expected producer must have delivered: a missing one can never make the figure better
        Set<String> delivered = found.stream().map(m -> m.labels().get("suite") + "/" + m.labels().get("scenario"))
                .collect(Collectors.toSet());
        List<String> silent = producers.stream().map(PlannedScenario::qualifiedId)
                .filter(id -> !delivered.contains(id)).toList();
        if (!silent.isEmpty()) {
            return notMeasured(t, testIds, "scenario" + (silent.size() > 1 ? "s " : " ") + String.join(", ", silent)
                    + " published no '" + t.metric() + "' matching " + (where.isEmpty() ? "{}" : where.toString())
                    + "; narrow the target's 'where' if " + (silent.size() > 1 ? "they do" : "it does")
                    + " not produce this metric");
        }
        Set<String> sources = new LinkedHashSet<>();
        EnumSet<Quality> quality = EnumSet.noneOf(Quality.class);
        for (Measurement m : found) {
            sources.add(m.source().testId().isEmpty() ? m.source().file() : m.source().testId());
            quality.addAll(m.quality());
        }
        Unit unit = found.get(0).unit();
        for (Measurement m : found) {
            if (m.unit().dimension() != unit.dimension()) {
                return notMeasured(t, List.copyOf(sources), "the matching measurements mix units ("
                        + unit + " and " + m.unit() + ")");
            }
        }
        if (unit.dimension() != t.pass().threshold().unit().dimension()
                && !(t.aggregate().map(a -> a.kind() == Aggregation.Kind.COUNT).orElse(false))) {
            return notMeasured(t, List.copyOf(sources), "'" + t.metric() + "' is measured in " + unit
                    + " but the target is in " + t.pass().threshold().unit());
        }
        boolean distributions = found.stream().allMatch(m -> m.value() instanceof Distribution);
        boolean scalars = found.stream().allMatch(m -> m.value() instanceof Scalar);
        Figure figure;
        if (distributions && t.aggregate().isEmpty()) {
            return notMeasured(t, List.copyOf(sources), "'" + t.metric() + "' is a distribution; the target needs"
                    + " 'aggregate' (such as p99 or max) to turn it into one figure");
        }
        if (distributions) {
            figure = fromDistributions(t, found, unit);
        } else if (scalars && found.stream().anyMatch(m -> m.labels().containsKey(STAT))) {
            Optional<String> problem = summaryProblem(t, found);
            if (problem.isPresent()) {
                return notMeasured(t, List.copyOf(sources), problem.get());
            }
            String key = t.aggregate().orElseThrow().text();
            figure = fromSummaries(t, found.stream().filter(m -> key.equals(m.labels().get(STAT))).toList(), unit);
        } else if (scalars && t.aggregate().map(a -> a.kind() == Aggregation.Kind.PERCENTILE).orElse(false)) {
            return notMeasured(t, List.copyOf(sources), "'" + t.metric() + "' was published as single values,"
                    + " not as a distribution, so " + t.aggregate().get().text() + " cannot be taken from it");
        } else if (scalars) {
            figure = fromScalars(t, found, unit);
        } else if (found.stream().anyMatch(m -> m.value() instanceof Series)) {
            return notMeasured(t, List.copyOf(sources), "'" + t.metric()
                    + "' is a time series; this version of gonogo cannot aggregate series into a target");
        } else {
            return notMeasured(t, List.copyOf(sources), "the matching measurements mix distributions and"
                    + " single values");
        }
        if (figure.samples == 0) {
            return notMeasured(t, List.copyOf(sources), "the matching measurements hold zero samples");
        }
        if (figure.lowSamples) {
            quality.add(Quality.LOW_SAMPLES);
        }
        TargetVerdict verdict = judge(t, figure, quality, List.copyOf(sources));
        return capByTimeouts(t, verdict, where, producerIds);
    }

    /**
     * A latency percentile is taken over answered requests; when more requests timed out than the
     * percentile may leave out (1 - p of those attempted), the true percentile lies beyond the
     * timeout, so the figure may not pass: it is MISSED, however good the answered requests were.
     */
    private TargetVerdict capByTimeouts(Target t, TargetVerdict v, Map<String, String> where, Set<String> producerIds) {
        Optional<Aggregation> agg = t.aggregate();
        if (!t.metric().equals("latency") || agg.isEmpty() || agg.get().kind() != Aggregation.Kind.PERCENTILE
                || v.verdict() == Verdict.MISSED || v.verdict() == Verdict.NOT_MEASURED) {
            return v;
        }
        double timeouts = 0;
        double attempted = 0;
        for (Measurement m : evidence.measurements()) {
            if (!(m.value() instanceof Scalar sc) || !m.matches(where)
                    || !producerIds.contains(m.labels().get("suite") + "/" + m.labels().get("scenario"))) {
                continue;
            }
            if (m.metric().equals("errors") && "timeout".equals(m.labels().get("kind"))) {
                timeouts += sc.value();
            } else if (m.metric().equals("requests")) {
                attempted += sc.value();
            }
        }
        double allowed = (1 - agg.get().percentile() / 100.0) * attempted;
        if (attempted == 0 || timeouts <= allowed) {
            return v;
        }
        String reason = v.reason() + "; but " + Numbers.grouped((long) timeouts) + " of " + Numbers.grouped((long) attempted)
                + " requests timed out, more than the " + Numbers.short4(100 - agg.get().percentile()) + "% that "
                + agg.get().text() + " may leave out, so the true " + agg.get().text() + " lies beyond the timeout";
        return new TargetVerdict(v.target(), v.title(), v.metric(), v.where(), v.aggregate(), v.pass(),
                v.acceptable().orElse(null), v.stretch().orElse(null), v.critical(), Verdict.MISSED,
                v.achieved().orElseThrow(), v.deltaPercent().isPresent() ? v.deltaPercent().getAsDouble() : null,
                v.samples(), v.quality(), v.sources(), reason);
    }

    private record Figure(double value, Unit unit, long samples, boolean lowSamples, String how) {}

    private static Figure fromDistributions(Target t, List<Measurement> found, Unit unit) {
        Aggregation agg = t.aggregate().orElseThrow(() -> new IllegalStateException(
                "target " + t.id() + " on a distribution has no aggregation"));
        Histogram merged = new Histogram(3);
        for (Measurement m : found) {
            merged.add(((Distribution) m.value()).decode());
        }
        long n = merged.getTotalCount();
        if (n == 0) {
            return new Figure(0, unit, 0, false, agg.text());
        }
        double v = switch (agg.kind()) {
            case PERCENTILE -> merged.getValueAtPercentile(agg.percentile());
            case MIN -> merged.getMinValue();
            case MAX -> merged.getMaxValue();
            case MEAN -> merged.getMean();
            case COUNT -> n;
            case SUM -> merged.getMean() * n;
        };
        boolean low = agg.kind() == Aggregation.Kind.PERCENTILE && n < agg.minimumSamples();
        String how = agg.text() + " of " + Numbers.grouped(n) + " samples"
                + (found.size() > 1 ? " merged from " + found.size() + " distributions" : "");
        return new Figure(v, agg.kind() == Aggregation.Kind.COUNT ? Unit.COUNT : unit, n, low, how);
    }

    /**
     * Imported summaries (a k6 summary, say) carry one scalar per statistic, labelled
     * {@value #STAT} ({@code p95}, {@code max}, {@code mean}, ...); a target picks the statistic its
     * aggregate names, and every producer must have reported it.
     */
    private Optional<String> summaryProblem(Target t, List<Measurement> found) {
        if (t.aggregate().isEmpty()) {
            return Optional.of("'" + t.metric() + "' comes from a tool's summary, one value per statistic; the target"
                    + " needs 'aggregate' naming one (such as p95, max or mean)");
        }
        if (!found.stream().allMatch(m -> m.labels().containsKey(STAT))) {
            return Optional.of("the matching measurements mix a tool's summary statistics with plain values");
        }
        String key = t.aggregate().get().text();
        Set<String> reporting = found.stream().filter(m -> key.equals(m.labels().get(STAT)))
                .map(m -> m.labels().get("suite") + "/" + m.labels().get("scenario")).collect(Collectors.toSet());
        List<String> lacking = found.stream().map(m -> m.labels().get("suite") + "/" + m.labels().get("scenario"))
                .distinct().filter(p -> !reporting.contains(p)).toList();
        if (!lacking.isEmpty()) {
            Set<String> stats = found.stream().map(m -> m.labels().get(STAT)).collect(Collectors.toCollection(
                    java.util.TreeSet::new));
            return Optional.of(String.join(", ", lacking) + " reported " + String.join(", ", stats) + " of '"
                    + t.metric() + "' but not " + key + "; export it from the tool (k6: --summary-trend-stats)");
        }
        return Optional.empty();
    }

    /** The worst of the reported statistics: a bound on the statistic of the combined runs for percentiles. */
    private static Figure fromSummaries(Target t, List<Measurement> picked, Unit unit) {
        boolean lowerIsBetter = t.pass().relation().lowerIsBetter();
        double v = picked.stream().mapToDouble(m -> ((Scalar) m.value()).value())
                .reduce(lowerIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY,
                        lowerIsBetter ? Math::max : Math::min);
        String how = "as the tool's summary reported it"
                + (picked.size() > 1 ? ", the worst of " + picked.size() + " summaries" : "")
                + " (no histogram to recompute it from)";
        return new Figure(v, unit, picked.size(), false, how);
    }

    private static Figure fromScalars(Target t, List<Measurement> found, Unit unit) {
        Aggregation agg = t.aggregate().orElse(new Aggregation(
                t.pass().relation().lowerIsBetter() ? Aggregation.Kind.MAX : Aggregation.Kind.MIN, 0));
        double[] values = found.stream().mapToDouble(m -> ((Scalar) m.value()).value()).toArray();
        double v = switch (agg.kind()) {
            case PERCENTILE -> throw new IllegalStateException("percentile of scalars");
            case MIN -> java.util.Arrays.stream(values).min().orElseThrow();
            case MAX -> java.util.Arrays.stream(values).max().orElseThrow();
            case MEAN -> java.util.Arrays.stream(values).average().orElseThrow();
            case SUM -> java.util.Arrays.stream(values).sum();
            case COUNT -> values.length;
        };
        String how = found.size() == 1 ? "the single measurement"
                : agg.text() + " of " + found.size() + " measurements"
                        + (t.aggregate().isEmpty() ? " (the worst, as no aggregate was given)" : "");
        return new Figure(v, agg.kind() == Aggregation.Kind.COUNT ? Unit.COUNT : unit, values.length, false, how);
    }

    private static TargetVerdict judge(Target t, Figure f, Set<Quality> quality, List<String> sources) {
        Criterion pass = t.pass();
        Unit shown = pass.threshold().unit();
        double achieved = f.unit.dimension() == shown.dimension() ? f.unit.convert(f.value, shown) : f.value;
        Quantity q = new Quantity(achieved, shown);
        double threshold = pass.threshold().value();
        Double delta = threshold == 0 ? null : (achieved - threshold) / Math.abs(threshold) * 100.0;
        Verdict verdict;
        if (pass.holds(achieved, shown) && t.stretch().isPresent() && t.stretch().get().holds(achieved, shown)) {
            verdict = Verdict.EXCEEDED;
        } else if (pass.holds(achieved, shown)) {
            verdict = Verdict.MET;
        } else if (t.acceptable().isPresent() && t.acceptable().get().holds(achieved, shown)) {
            verdict = Verdict.ACCEPTABLE;
        } else {
            verdict = Verdict.MISSED;
        }
        String figure = t.aggregate().map(a -> a.text() + " ").orElse("") + Numbers.show(q)
                + " (" + f.how + ")";
        String reason;
        switch (verdict) {
            case EXCEEDED -> reason = figure + " meets the stretch goal " + t.stretch().get();
            case MET -> reason = figure + " meets " + pass;
            case ACCEPTABLE -> reason = figure + " misses " + pass
                    + (delta == null ? "" : " by " + Numbers.signedPercent(delta))
                    + " but is within the acceptable band " + t.acceptable().get();
            default -> reason = figure + " misses " + pass
                    + (delta == null ? "" : " by " + Numbers.signedPercent(delta))
                    + t.acceptable().map(a -> " and the acceptable band " + a).orElse("");
        }
        if (verdict != Verdict.MISSED) {
            List<String> doubts = new ArrayList<>();
            if (quality.contains(Quality.LOW_SAMPLES)) {
                doubts.add(t.aggregate().filter(a -> a.kind() == Aggregation.Kind.PERCENTILE)
                        .map(a -> a.text() + " rests on " + Numbers.grouped(f.samples) + " samples where it needs at least "
                                + Numbers.grouped(a.minimumSamples()))
                        .orElse("the evidence is flagged as resting on too few samples"));
            }
            if (quality.contains(Quality.GENERATOR_BOUND)) {
                doubts.add("the load generator, not the service, was the bottleneck");
            }
            if (quality.contains(Quality.PARTIAL)) {
                doubts.add("the run ended early and covers only part of the plan");
            }
            if (!doubts.isEmpty()) {
                verdict = Verdict.INCONCLUSIVE;
                reason = figure + " would pass, yet " + String.join("; ", doubts);
            }
        }
        return new TargetVerdict(t.id(), t.title(), t.metric(), t.where(),
                t.aggregate().map(Aggregation::text).orElse(""), pass, t.acceptable().orElse(null),
                t.stretch().orElse(null), t.critical(), verdict, q, delta, f.samples, quality, sources, reason);
    }

    private static TargetVerdict notMeasured(Target t, List<String> sources, String reason) {
        return new TargetVerdict(t.id(), t.title(), t.metric(), t.where(),
                t.aggregate().map(Aggregation::text).orElse(""), t.pass(), t.acceptable().orElse(null),
                t.stretch().orElse(null), t.critical(), Verdict.NOT_MEASURED, null, null, 0, Set.of(),
                sources, reason);
    }

    /** Words for a status in a sentence, e.g. "failed", "was not executed". */
    public static String describe(TestStatus st) {
        return switch (st) {
            case SUCCESSFUL -> "passed";
            case FAILED -> "failed";
            case ABORTED -> "was aborted";
            case SKIPPED -> "was skipped";
            case NOT_EXECUTED -> "was not executed";
        };
    }

    /** The outcome recorded for a planned scenario, if any. */
    public Optional<TestOutcome> outcome(PlannedScenario s) {
        return Optional.ofNullable(outcomeByScenario.get(s.qualifiedId()));
    }
}
