package io.gonogo.core.internal;

import io.gonogo.core.Baseline;
import io.gonogo.core.BaselineRef;
import io.gonogo.core.Criterion;
import io.gonogo.core.Decision;
import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Interval;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedOutcome;
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
import java.util.LinkedHashMap;
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
 * <p>The producers a target expects are the planned scenarios its filter may match; if any of them
 * did not pass, its figures are not used and the verdict is NOT MEASURED, so a crashed or skipped
 * scenario can never make a target look better. Distributions are merged by adding histograms;
 * scalars are aggregated by the target's aggregation, by default the worst value for the
 * criterion's direction.
 *
 * <p>Every figure has a floor, and one below it never passes: the samples of a distribution's
 * percentile, min, max or mean, the attempts of a success rate, the measured window of a
 * throughput; a latency percentile also needs its producers' timeouts, counted or bounded
 * (docs/decisions/0030-floors-and-unknown-timeouts.md).
 */
public final class TargetEvaluator {
    /**
     * The label of a scalar that is one statistic of an imported summary ({@code p95}, {@code max},
     * ...).
     */
    public static final String STAT = "stat";

    private final List<PlannedScenario> plan;
    private final EvidenceSet evidence;
    private final Map<String, TestOutcome> outcomeByScenario = new HashMap<>();
    private final Map<ProducerMetric, List<Measurement>> byProducer = new HashMap<>();
    private final Map<ProducerMetric, List<Integer>> indexByProducer = new HashMap<>();
    // caches filled while targets are judged, possibly by several threads (DecisionEngine judges a
    // large plan in parallel)
    private final Map<ProducersMetric, List<Measurement>> byProducers =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<MergeKey, Histogram> mergedByFilter =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The planned scenarios by id, in plan order: a filter naming a scenario can only match those.
     */
    private final Map<String, List<PlannedScenario>> planById = new HashMap<>();

    /** The planned scenarios whose outcome is FAILED, in plan order. */
    private final List<PlannedScenario> failedPlan = new ArrayList<>();

    private final Optional<Baseline> baseline;
    private final String noBaseline;

    /** The cause a NOT MEASURED reason starts with: no planned scenario produces the metric. */
    public static final String NO_PRODUCER = "no producer: ";

    /**
     * The cause a NOT MEASURED reason starts with: the expected producers published nothing the
     * filter matches.
     */
    public static final String NOTHING_MATCHED = "filter matched nothing: ";

    /**
     * The cause a NOT MEASURED reason starts with: what the filter matched cannot make the figure.
     */
    public static final String NOTHING_USABLE = "filter matched nothing usable: ";

    /** The cause a NOT MEASURED reason starts with: the measurements hold no sample. */
    public static final String ZERO_SAMPLES = "zero samples: ";

    /** The cause a NOT MEASURED reason starts with: an expected producer failed or was aborted. */
    public static final String SUITE_CRASHED = "suite crashed: ";

    /**
     * The cause a NOT MEASURED reason starts with: the scenario that generated the target ran to
     * its end but failed its own criteria (a chaos hypothesis), so none of its figures may vouch
     * for a pass; the reason still quotes what was measured.
     */
    public static final String SCENARIO_FAILED = "scenario failed: ";

    /**
     * The cause a NOT MEASURED reason starts with: an expected producer was skipped or never ran.
     */
    public static final String NOT_EXECUTED = "not executed: ";

    /**
     * The cause a NOT MEASURED reason starts with: every expected producer that did not pass was
     * left out of a partial run ({@code --select}).
     */
    public static final String NOT_SELECTED = "not selected: ";

    /** An evaluator for one plan and one evidence set, without a baseline. */
    public TargetEvaluator(List<PlannedScenario> plan, EvidenceSet evidence) {
        this(plan, evidence, Optional.empty(), BaselineRef.NONE.why());
    }

    /**
     * An evaluator for one plan and one evidence set, judging relative criteria against {@code
     * baseline}; without one, a relative target is NOT MEASURED for the reason {@code noBaseline}.
     */
    public TargetEvaluator(
            List<PlannedScenario> plan,
            EvidenceSet evidence,
            Optional<Baseline> baseline,
            String noBaseline) {
        this.baseline = baseline;
        this.noBaseline = noBaseline;
        this.plan = List.copyOf(plan);
        this.evidence = evidence;
        List<Measurement> all = evidence.measurements();
        for (int i = 0; i < all.size(); i++) {
            Measurement m = all.get(i);
            Map<String, String> labels = m.labels();
            // the suite and scenario as they are: no "suite/scenario" string built per measurement
            ProducerMetric key =
                    new ProducerMetric(
                            String.valueOf(labels.get("suite")),
                            String.valueOf(labels.get("scenario")),
                            m.metric());
            byProducer.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
            indexByProducer.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        for (TestOutcome o : evidence.outcomes()) {
            if (!o.container() && !o.scenario().isEmpty()) {
                // a scenario recorded several times (shards, trials) counts by its worst outcome
                outcomeByScenario.merge(
                        o.suite() + "/" + o.scenario(),
                        o,
                        (a, b) -> b.status().severity() > a.status().severity() ? b : a);
            }
        }
        for (PlannedScenario s : this.plan) {
            planById.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(s);
            if (status(s) == TestStatus.FAILED) {
                failedPlan.add(s);
            }
        }
    }

    /**
     * The measurements of metric {@code metric} published by the scenarios {@code producerIds}
     * ({@code suite/scenario}), in evidence order, from an index built once: a target looks only at
     * its producers' measurements of its metric instead of scanning the whole evidence set.
     */
    private List<Measurement> ofProducers(Set<String> producerIds, String metric) {
        if (producerIds.size() == 1) {
            return byProducer.getOrDefault(
                    ProducerMetric.of(producerIds.iterator().next(), metric), List.of());
        }
        return byProducers.computeIfAbsent(
                new ProducersMetric(Set.copyOf(producerIds), metric),
                k -> {
                    List<Integer> indices = new ArrayList<>();
                    for (String id : producerIds) {
                        indices.addAll(
                                indexByProducer.getOrDefault(
                                        ProducerMetric.of(id, metric), List.of()));
                    }
                    indices.sort(null);
                    List<Measurement> all = evidence.measurements();
                    List<Measurement> out = new ArrayList<>(indices.size());
                    for (int i : indices) {
                        out.add(all.get(i));
                    }
                    return out;
                });
    }

    /** One producer ({@code suite/scenario}) and one metric: a key of the evidence index. */
    private record ProducerMetric(String suite, String scenario, String metric) {
        /** The key of producer {@code id} ({@code suite/scenario}; a suite name has no slash). */
        static ProducerMetric of(String id, String metric) {
            int slash = id.indexOf('/');
            return slash < 0
                    ? new ProducerMetric(id, "", metric)
                    : new ProducerMetric(id.substring(0, slash), id.substring(slash + 1), metric);
        }
    }

    /** Several producers and one metric: a key of the merged lists' cache. */
    private record ProducersMetric(Set<String> producers, String metric) {}

    /**
     * The planned scenarios a filter may match, in plan order: every planned scenario carries its
     * {@code scenario} label, so a filter naming one can only match the scenarios of that id.
     */
    private List<PlannedScenario> candidates(Map<String, String> where) {
        String scenario = where.get("scenario");
        return scenario == null ? plan : planById.getOrDefault(scenario, List.of());
    }

    /** The outcome of a planned scenario; NOT_EXECUTED when the evidence holds none. */
    public TestStatus status(PlannedScenario s) {
        return plannedOutcome(s).status();
    }

    /**
     * The message of a planned scenario's outcome, or a sentence saying no outcome was recorded.
     */
    public String message(PlannedScenario s) {
        return plannedOutcome(s).message();
    }

    /**
     * How planned scenario {@code s} ended, as {@link PlannedOutcome} decides it (a planned
     * scenario without a recorded outcome was NOT EXECUTED, so every target it produces is NOT
     * MEASURED); {@link #status}, {@link #message} and through them the scenario, target, risk and
     * checklist rules all read it from here.
     */
    private Ended plannedOutcome(PlannedScenario s) {
        PlannedOutcome p =
                PlannedOutcome.of(s, Optional.ofNullable(outcomeByScenario.get(s.qualifiedId())));
        return new Ended(
                p.status(),
                p.recorded() ? p.outcome().message() : "no outcome was recorded for it");
    }

    /** The status and message a planned scenario ended with. */
    private record Ended(TestStatus status, String message) {}

    /**
     * Whether {@code t} is one of the targets {@code s} generated: its id is {@code
     * <suite>.<scenario>.<criterion>}.
     */
    private static boolean generatedBy(Target t, PlannedScenario s) {
        return t.id().startsWith(s.suite() + "." + s.id() + ".");
    }

    /**
     * Evaluates {@code t}. A scenario that failed its own generated criteria (a chaos hypothesis)
     * still measured them, so those targets are judged on its figures; but only a MISSED verdict is
     * kept: anything better becomes NOT MEASURED with the failure, since a failed scenario's
     * figures may be partial and can never vouch for a pass.
     */
    public TargetVerdict evaluate(Target t) {
        TargetVerdict v = judge(t);
        if (v.verdict() == Verdict.MISSED) {
            return v;
        }
        List<PlannedScenario> failed =
                failedPlan.stream()
                        .filter(s -> s.mayMatch(t.where()))
                        .filter(s -> generatedBy(t, s))
                        .toList();
        if (failed.isEmpty()) {
            return v;
        }
        String measured = v.verdict() == Verdict.NOT_MEASURED ? "" : "; measured: " + v.reason();
        return notMeasured(
                t,
                failed.stream().map(PlannedScenario::testId).toList(),
                SCENARIO_FAILED
                        + failed.stream()
                                .map(
                                        s ->
                                                s.qualifiedId()
                                                        + (message(s).isEmpty()
                                                                ? ""
                                                                : " (" + message(s) + ")"))
                                .collect(Collectors.joining("; "))
                        + ", and a failed scenario's figures vouch for no pass"
                        + measured);
    }

    private TargetVerdict judge(Target t) {
        Map<String, String> where = t.where();
        List<PlannedScenario> producers =
                candidates(where).stream().filter(s -> s.mayMatch(where)).toList();
        if (producers.isEmpty()) {
            return notMeasured(
                    t,
                    List.of(),
                    NO_PRODUCER
                            + "no scenario in the plan produces '"
                            + t.metric()
                            + "'"
                            + (where.isEmpty() ? "" : " with " + where));
        }
        List<String> testIds = producers.stream().map(PlannedScenario::testId).toList();
        Optional<String> notRun = producersNotRun(t, producers);
        if (notRun.isPresent()) {
            return notMeasured(t, testIds, notRun.get());
        }
        Set<String> producerIds =
                producers.stream().map(PlannedScenario::qualifiedId).collect(Collectors.toSet());
        List<Measurement> found =
                ofProducers(producerIds, t.metric()).stream()
                        .filter(m -> m.matches(where))
                        .toList();
        Optional<String> silent = silentProducers(t, producers, found);
        if (silent.isPresent()) {
            return notMeasured(t, testIds, silent.get());
        }
        Set<String> sources = new LinkedHashSet<>();
        EnumSet<Quality> quality = EnumSet.noneOf(Quality.class);
        for (Measurement m : found) {
            sources.add(m.source().testId().isEmpty() ? m.source().file() : m.source().testId());
            quality.addAll(m.quality());
        }
        Unit unit = found.get(0).unit();
        Optional<String> unusable = mixedUnits(found, unit).or(() -> unitAgainstTarget(t, unit));
        if (unusable.isPresent()) {
            return notMeasured(t, List.copyOf(sources), unusable.get());
        }
        Either<Figure> figure = figure(t, found, unit, producerIds);
        if (figure.value() == null) {
            return notMeasured(t, List.copyOf(sources), figure.why());
        }
        Figure f = figure.value();
        if (f.samples == 0) {
            return notMeasured(
                    t,
                    List.copyOf(sources),
                    ZERO_SAMPLES + "the matching measurements hold zero samples");
        }
        if (f.lowSamples) {
            quality.add(Quality.LOW_SAMPLES);
        }
        Either<Optional<BaseFigure>> base = base(t, f);
        if (base.value() == null) {
            return notMeasured(t, List.copyOf(sources), base.why());
        }
        TargetVerdict verdict = judge(t, f, quality, List.copyOf(sources), base.value());
        return capByWindow(
                t,
                capBySuccessSamples(
                        t, capByTimeouts(t, verdict, where, producerIds), found, producerIds),
                found,
                producerIds);
    }

    /**
     * Why {@code t} cannot be measured because one of its {@code producers} did not pass (a
     * scenario planned without a recorded outcome counts as not executed, see {@link
     * #plannedOutcome}), or empty when all passed. A scenario that failed its own generated
     * criteria is judged on its figures (see {@link #evaluate}).
     */
    private Optional<String> producersNotRun(Target t, List<PlannedScenario> producers) {
        // scenarios that ended alike (same status, same message) are named together, so that a
        // reason does not repeat one message, such as a long --select, once per scenario
        Map<String, List<String>> alike = new LinkedHashMap<>();
        boolean crashed = false;
        boolean allNotSelected = true;
        for (PlannedScenario s : producers) {
            TestStatus st = status(s);
            if (st != TestStatus.SUCCESSFUL && !(st == TestStatus.FAILED && generatedBy(t, s))) {
                crashed |= st == TestStatus.FAILED || st == TestStatus.ABORTED;
                allNotSelected &= st == TestStatus.NOT_SELECTED;
                String msg = message(s);
                alike.computeIfAbsent(
                                describe(st) + (msg.isEmpty() ? "" : ": " + msg),
                                k -> new ArrayList<>())
                        .add(s.qualifiedId());
            }
        }
        if (alike.isEmpty()) {
            return Optional.empty();
        }
        List<String> broken = new ArrayList<>();
        alike.forEach(
                (how, ids) ->
                        broken.add(
                                ids.size() == 1
                                        ? "scenario " + ids.get(0) + " " + how
                                        : "scenarios "
                                                + String.join(", ", ids.subList(0, ids.size() - 1))
                                                + " and "
                                                + ids.get(ids.size() - 1)
                                                + " "
                                                + how.replaceFirst("^was ", "were ")));
        String cause = crashed ? SUITE_CRASHED : allNotSelected ? NOT_SELECTED : NOT_EXECUTED;
        return Optional.of(cause + String.join("; ", broken));
    }

    /**
     * Why {@code t} cannot be measured because a producer published none of its measurements, or
     * empty when every one did: a missing producer can never make the figure better.
     */
    private static Optional<String> silentProducers(
            Target t, List<PlannedScenario> producers, List<Measurement> found) {
        Set<String> delivered =
                found.stream()
                        .map(m -> m.labels().get("suite") + "/" + m.labels().get("scenario"))
                        .collect(Collectors.toSet());
        List<String> silent =
                producers.stream()
                        .map(PlannedScenario::qualifiedId)
                        .filter(id -> !delivered.contains(id))
                        .toList();
        if (silent.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> where = t.where();
        return Optional.of(
                NOTHING_MATCHED
                        + "scenario"
                        + (silent.size() > 1 ? "s " : " ")
                        + String.join(", ", silent)
                        + " published no '"
                        + t.metric()
                        + "' matching "
                        + (where.isEmpty() ? "{}" : where.toString())
                        + "; narrow the target's 'where' if "
                        + (silent.size() > 1 ? "they do" : "it does")
                        + " not produce this metric");
    }

    /** Why measurements in units of different dimensions cannot be combined, if they are. */
    private static Optional<String> mixedUnits(List<Measurement> found, Unit unit) {
        for (Measurement m : found) {
            if (m.unit().dimension() != unit.dimension()) {
                return Optional.of(
                        NOTHING_USABLE
                                + "the matching measurements mix units ("
                                + unit
                                + " and "
                                + m.unit()
                                + ")");
            }
        }
        return Optional.empty();
    }

    /** Why a metric in {@code unit} cannot be held against {@code t}'s threshold, if it cannot. */
    private static Optional<String> unitAgainstTarget(Target t, Unit unit) {
        Optional<Unit> targetUnit =
                t.pass().isRelative()
                        ? t.pass().absolutePart().map(a -> a.threshold().unit())
                        : Optional.of(t.pass().threshold().unit());
        if (targetUnit.isPresent()
                && unit.dimension() != targetUnit.get().dimension()
                && !(t.aggregate().map(a -> a.kind() == Aggregation.Kind.COUNT).orElse(false))) {
            return Optional.of(
                    NOTHING_USABLE
                            + "'"
                            + t.metric()
                            + "' is measured in "
                            + unit
                            + " but the target is in "
                            + targetUnit.get());
        }
        return Optional.empty();
    }

    /**
     * The one figure {@code t} asks for from the measurements {@code found}, by their kind:
     * distributions merged, summaries picked, single values aggregated; or why there is none.
     */
    private Either<Figure> figure(
            Target t, List<Measurement> found, Unit unit, Set<String> producerIds) {
        boolean distributions = found.stream().allMatch(m -> m.value() instanceof Distribution);
        boolean scalars = found.stream().allMatch(m -> m.value() instanceof Scalar);
        if (distributions && t.aggregate().isEmpty()) {
            return Either.none(
                    NOTHING_USABLE
                            + "'"
                            + t.metric()
                            + "' is a distribution; the target needs"
                            + " 'aggregate' (such as p99 or max) to turn it into one figure");
        }
        if (distributions) {
            // targets on one metric and filter (p50 and p99 of a scenario, say) share one merged
            // histogram
            Histogram merged =
                    mergedByFilter.computeIfAbsent(
                            new MergeKey(t.metric(), t.where(), producerIds), k -> merge(found));
            return Either.of(fromDistributions(t, found, unit, merged));
        } else if (scalars && found.stream().anyMatch(m -> m.labels().containsKey(STAT))) {
            Optional<String> problem = summaryProblem(t, found);
            if (problem.isPresent()) {
                return Either.none(problem.get());
            }
            String key = t.aggregate().orElseThrow().text();
            return Either.of(
                    fromSummaries(
                            t,
                            found.stream().filter(m -> key.equals(m.labels().get(STAT))).toList(),
                            unit));
        } else if (scalars
                && t.aggregate().map(a -> a.kind() == Aggregation.Kind.PERCENTILE).orElse(false)) {
            return Either.none(
                    "'"
                            + t.metric()
                            + "' was published as single values,"
                            + " not as a distribution, so "
                            + t.aggregate().get().text()
                            + " cannot be taken from it");
        } else if (scalars) {
            return Either.of(fromScalars(t, found, unit));
        } else if (found.stream().anyMatch(m -> m.value() instanceof Series)) {
            return Either.none(
                    NOTHING_USABLE
                            + "'"
                            + t.metric()
                            + "' is a time series; this version of gonogo cannot aggregate series"
                            + " into a target");
        }
        return Either.none(
                NOTHING_USABLE + "the matching measurements mix distributions and single values");
    }

    /**
     * The baseline figure a relative criterion of {@code t} is resolved against (none for an
     * absolute criterion), or why there is none.
     */
    private Either<Optional<BaseFigure>> base(Target t, Figure figure) {
        if (!t.pass().isRelative()) {
            return Either.of(Optional.empty());
        }
        String measured =
                "this run measured "
                        + t.aggregate().map(a -> a.text() + " ").orElse("")
                        + Numbers.show(
                                new Quantity(figure.value, figure.unit).to(display(figure.unit)))
                        + " ("
                        + figure.how
                        + ")";
        if (baseline.isEmpty()) {
            return Either.none(
                    "no baseline: " + noBaseline + "; '" + t.pass() + "' needs one; " + measured);
        }
        Either<BaseFigure> b = baselineFigure(t, baseline.get());
        if (b.value() == null) {
            return Either.none("no baseline figure: " + b.why() + "; " + measured);
        }
        return Either.of(Optional.of(b.value()));
    }

    /**
     * A success rate of p% can only be told apart from its threshold with enough attempts: about 10
     * / (1 - p) (10,000 for 99.9%), so that ten failures are expected at the threshold. A passing
     * success-rate figure resting on fewer attempts, or on a measurement without a {@code requests}
     * count beside it (same producer, same labels), is INCONCLUSIVE, never MET; a missing count can
     * so never make a verdict better. A threshold of 100% needs no count (any failure misses it),
     * nor does a relative criterion.
     */
    private TargetVerdict capBySuccessSamples(
            Target t, TargetVerdict v, List<Measurement> found, Set<String> producerIds) {
        if (!t.metric().equals("success_rate")
                || t.pass().isRelative()
                || t.pass().relation().lowerIsBetter()
                || v.verdict() == Verdict.MISSED
                || v.verdict() == Verdict.NOT_MEASURED
                || t.pass().threshold().unit() != Unit.PERCENT
                || t.pass().threshold().value() >= 100) {
            return v;
        }
        // rounded first: 1 - 0.999 is not exact in binary, and 10,000 attempts must do for 99.9%
        double needed =
                Math.ceil(
                        Math.round(10.0 / (1 - t.pass().threshold().value() / 100.0) * 1e6) / 1e6);
        Map<Map<String, String>, Double> attemptsByLabels = new HashMap<>();
        for (Measurement c : ofProducers(producerIds, "requests")) {
            if (c.value() instanceof Scalar sc) {
                attemptsByLabels.merge(c.labels(), sc.value(), Double::sum);
            }
        }
        List<String> lacking = new ArrayList<>();
        for (Measurement m : found) {
            if (!(m.value() instanceof Scalar)) {
                continue;
            }
            Double attempts = attemptsByLabels.get(m.labels());
            if (attempts == null) {
                lacking.add(m.labels() + " has no 'requests' count beside it");
            } else if (attempts < needed) {
                lacking.add(
                        m.labels()
                                + " rests on "
                                + Numbers.grouped(attempts.longValue())
                                + " attempts");
            }
        }
        if (lacking.isEmpty()) {
            return v;
        }
        String reason =
                v.reason()
                        + "; yet "
                        + t.pass()
                        + " needs at least "
                        + Numbers.grouped((long) needed)
                        + " attempts (10 / (1 - p)) to be told apart from its threshold, and "
                        + firstFew(lacking);
        return lowSamples(v, reason);
    }

    /**
     * The first three items joined, and how many more: a reason stays readable with thousands of
     * label sets.
     */
    static String firstFew(List<String> items) {
        int shown = Math.min(3, items.size());
        String head = String.join("; ", items.subList(0, shown));
        return items.size() == shown
                ? head
                : head + "; and " + Numbers.grouped(items.size() - shown) + " more";
    }

    /**
     * The shortest measured window, in seconds, a throughput figure may pass on: a rate counted
     * over a fraction of a second says little about the rate the service sustains.
     */
    public static final double MINIMUM_THROUGHPUT_WINDOW_SECONDS = 1.0;

    /**
     * A throughput is the answered requests counted over a measured window. The window of a
     * throughput measurement is the answered requests it counts, the samples of the {@code latency}
     * histogram published beside it (same producer, same labels), divided by the rate. A passing
     * throughput figure one of whose measurements was measured over less than {@link
     * #MINIMUM_THROUGHPUT_WINDOW_SECONDS}, or whose window cannot be told (no histogram beside it),
     * is INCONCLUSIVE (LOW_SAMPLES), never MET; a missing histogram can so never make a verdict
     * better. A measurement with an interval (a benchmark's score error) is judged on its interval
     * instead, which its producer measured over repeated iterations. The reason shows the window in
     * every verdict that has one.
     */
    private TargetVerdict capByWindow(
            Target t, TargetVerdict v, List<Measurement> found, Set<String> producerIds) {
        if (!t.metric().equals("throughput") || v.verdict() == Verdict.NOT_MEASURED) {
            return v;
        }
        Map<Map<String, String>, Long> answeredByLabels = new HashMap<>();
        for (Measurement l : ofProducers(producerIds, "latency")) {
            if (l.value() instanceof Distribution d) {
                // fail-closed: of several histograms with one label set, the smallest counts
                answeredByLabels.merge(l.labels(), d.sampleCount(), Math::min);
            }
        }
        List<String> lacking = new ArrayList<>();
        double shortest = Double.POSITIVE_INFINITY;
        String shortestText = "";
        int windows = 0;
        for (Measurement m : found) {
            if (!(m.value() instanceof Scalar sc) || !m.interval().isNone()) {
                continue;
            }
            Long answered = answeredByLabels.get(m.labels());
            double perSecond =
                    m.unit().dimension() == Unit.Dimension.RATE
                            ? m.unit().convert(sc.value(), Unit.PER_SECOND)
                            : Double.NaN;
            if (answered == null || !(perSecond > 0)) {
                lacking.add(
                        m.labels()
                                + " has no latency histogram beside it to tell its measured"
                                + " window");
                continue;
            }
            windows++;
            double seconds = answered / perSecond;
            String text =
                    Numbers.show(new Quantity(seconds, Unit.SECONDS))
                            + " ("
                            + Numbers.grouped(answered)
                            + " answered requests)";
            if (seconds < shortest) {
                shortest = seconds;
                shortestText = text + (found.size() > 1 ? " of " + m.labels() : "");
            }
            if (seconds < MINIMUM_THROUGHPUT_WINDOW_SECONDS) {
                lacking.add(m.labels() + " was measured over " + text);
            }
        }
        String measuredOver =
                windows == 0
                        ? ""
                        : windows == 1
                                ? "; measured over " + shortestText
                                : "; the shortest measured window " + shortestText;
        boolean passing = v.verdict() != Verdict.MISSED;
        if (!passing || lacking.isEmpty()) {
            return measuredOver.isEmpty() ? v : withReason(v, v.reason() + measuredOver);
        }
        return lowSamples(
                v,
                v.reason()
                        + (v.verdict() == Verdict.INCONCLUSIVE ? "; and" : "; yet")
                        + " a throughput needs a measured window of at least "
                        + Numbers.show(
                                new Quantity(MINIMUM_THROUGHPUT_WINDOW_SECONDS, Unit.SECONDS))
                        + ", and "
                        + firstFew(lacking));
    }

    /**
     * A latency percentile is taken over answered requests, so it leaves out those that timed out;
     * when more requests timed out than the percentile may leave out (1 - p of those attempted),
     * the true percentile lies beyond the timeout, so the figure may not pass: it is MISSED,
     * however good the answered requests were.
     *
     * <p>Each producer's timeouts are its {@code errors{kind=timeout}}. A producer that does not
     * publish that count has them bounded by what it does publish (see {@link #timeouts}); one that
     * neither counts nor bounds them leaves the target NOT MEASURED ({@value #TIMEOUTS_UNKNOWN}).
     * Not INCONCLUSIVE: a producer whose timeouts exceed the share is MISSED, and withholding its
     * timeout count must never turn that blocker into a condition.
     */
    private TargetVerdict capByTimeouts(
            Target t, TargetVerdict v, Map<String, String> where, Set<String> producerIds) {
        Optional<Aggregation> agg = t.aggregate();
        if (!t.metric().equals("latency")
                || agg.isEmpty()
                || agg.get().kind() != Aggregation.Kind.PERCENTILE
                || v.verdict() == Verdict.MISSED
                || v.verdict() == Verdict.NOT_MEASURED) {
            return v;
        }
        Timeouts all = new Timeouts(0, 0, false);
        List<String> unknown = new ArrayList<>();
        List<String> bounded = new ArrayList<>();
        for (String producer : new java.util.TreeSet<>(producerIds)) {
            Optional<Timeouts> one = timeouts(producer, where);
            if (one.isEmpty()) {
                unknown.add(producer);
            } else {
                all = all.plus(one.get());
                if (one.get().bounded()) {
                    bounded.add(producer);
                }
            }
        }
        if (!unknown.isEmpty()) {
            return notMeasured(
                    t,
                    v.sources(),
                    TIMEOUTS_UNKNOWN
                            + (unknown.size() > 1 ? "scenarios " : "scenario ")
                            + firstFew(unknown)
                            + " published no errors{kind=timeout}, and neither a 'requests' count"
                            + " beside a latency histogram nor an 'errors' total to bound it; "
                            + agg.get().text()
                            + " is taken over answered requests and leaves out those that timed"
                            + " out, so it cannot vouch for the target; measured: "
                            + v.reason());
        }
        double allowed = (1 - agg.get().percentile() / 100.0) * all.attempted();
        if (all.timeouts() == 0) {
            return v;
        }
        if (all.attempted() > 0 && all.timeouts() <= allowed) {
            return bounded.isEmpty()
                    ? v
                    : withReason(
                            v,
                            v.reason()
                                    + "; "
                                    + firstFew(bounded)
                                    + " published no errors{kind=timeout}, so its unanswered or"
                                    + " failed requests bound them: at most "
                                    + Numbers.grouped((long) all.timeouts())
                                    + " of "
                                    + Numbers.grouped((long) all.attempted())
                                    + " requests timed out, within the "
                                    + Numbers.short4(100 - agg.get().percentile())
                                    + "% that "
                                    + agg.get().text()
                                    + " may leave out");
        }
        return missed(v, v.reason() + "; but " + all.beyond(agg.get()));
    }

    /**
     * The cause a NOT MEASURED reason starts with: a latency percentile's producer says neither how
     * many requests timed out nor anything that bounds it.
     */
    public static final String TIMEOUTS_UNKNOWN = "timeouts unknown: ";

    /**
     * Requests that timed out and requests attempted, summed over producers.
     *
     * @param bounded whether a count of timeouts is an upper bound: a producer that publishes no
     *     timeout count
     */
    private record Timeouts(double timeouts, double attempted, boolean bounded) {
        Timeouts plus(Timeouts o) {
            return new Timeouts(
                    timeouts + o.timeouts, attempted + o.attempted, bounded || o.bounded);
        }

        /** Why the percentile {@code agg} cannot lie below the timeout. */
        String beyond(Aggregation agg) {
            // fail-closed: timeouts without a 'requests' count cannot be shown to fit in what the
            // percentile leaves out
            if (attempted == 0) {
                return Numbers.grouped((long) timeouts)
                        + " requests "
                        + (bounded
                                ? "may have timed out (no timeout count; that many failed)"
                                : "timed out")
                        + " and no 'requests' count says how many were attempted, so "
                        + agg.text()
                        + " cannot be shown to lie below the timeout";
            }
            return Numbers.grouped((long) timeouts)
                    + " of "
                    + Numbers.grouped((long) attempted)
                    + " requests "
                    + (bounded
                            ? "may have timed out (no timeout count; that many went"
                                    + " unanswered or failed)"
                            : "timed out")
                    + ", more than the "
                    + Numbers.short4(100 - agg.percentile())
                    + "% that "
                    + agg.text()
                    + " may leave out, so the true "
                    + agg.text()
                    + " lies beyond the timeout";
        }
    }

    /**
     * The timeouts and attempts of one producer ({@code suite/scenario}) matching {@code where}, or
     * empty when it says nothing of its timeouts.
     *
     * <p>The count is its {@code errors{kind=timeout}}. Without it, the timeouts are bounded by
     * what the producer does publish, the smaller bound counting: its unanswered requests ({@code
     * requests} less the samples of its latency histograms; a request that timed out was never
     * answered) and its {@code errors} published without a {@code kind} (an importer's count of
     * every failure). The bound only grows as measurements go missing, so a missing count never
     * makes the figure look better; a producer with neither bound says nothing of its timeouts.
     */
    private Optional<Timeouts> timeouts(String producer, Map<String, String> where) {
        double timeouts = 0;
        double attempted = 0;
        double failed = 0;
        long answered = 0;
        boolean histogram = false;
        boolean counted = false;
        boolean timeoutKnown = false;
        boolean failedKnown = false;
        Set<String> one = Set.of(producer);
        // each sum runs over its metric's measurements in evidence order (the index keeps it)
        for (Measurement m : ofProducers(one, "latency")) {
            if (m.matches(where) && m.value() instanceof Distribution d) {
                histogram = true;
                answered += d.sampleCount();
            }
        }
        for (Measurement m : ofProducers(one, "errors")) {
            if (m.matches(where) && m.value() instanceof Scalar sc) {
                String kind = m.labels().get("kind");
                if ("timeout".equals(kind)) {
                    timeoutKnown = true;
                    timeouts += sc.value();
                } else if (kind == null) {
                    failedKnown = true;
                    failed += sc.value();
                }
            }
        }
        for (Measurement m : ofProducers(one, "requests")) {
            if (m.matches(where) && m.value() instanceof Scalar sc) {
                counted = true;
                attempted += sc.value();
            }
        }
        if (timeoutKnown) {
            return Optional.of(new Timeouts(timeouts, attempted, false));
        }
        double bound = Double.POSITIVE_INFINITY;
        if (counted && histogram) {
            bound = Math.max(0, attempted - answered);
        }
        if (failedKnown) {
            bound = Math.min(bound, failed);
        }
        return bound == Double.POSITIVE_INFINITY
                ? Optional.empty()
                : Optional.of(new Timeouts(bound, attempted, true));
    }

    /** {@code v} turned MISSED for {@code reason}, its figures kept. */
    private static TargetVerdict missed(TargetVerdict v, String reason) {
        return with(v, Verdict.MISSED, v.quality(), reason);
    }

    /** {@code v} with {@code reason} instead of its own, its verdict and figures kept. */
    private static TargetVerdict withReason(TargetVerdict v, String reason) {
        return with(v, v.verdict(), v.quality(), reason);
    }

    /** {@code v} turned INCONCLUSIVE (LOW_SAMPLES) for {@code reason}, its figures kept. */
    private static TargetVerdict lowSamples(TargetVerdict v, String reason) {
        EnumSet<Quality> quality =
                v.quality().isEmpty() ? EnumSet.noneOf(Quality.class) : EnumSet.copyOf(v.quality());
        quality.add(Quality.LOW_SAMPLES);
        return with(v, Verdict.INCONCLUSIVE, quality, reason);
    }

    /** {@code v} with another verdict, quality and reason, its figures kept. */
    private static TargetVerdict with(
            TargetVerdict v, Verdict verdict, Set<Quality> quality, String reason) {
        return new TargetVerdict(
                v.target(),
                v.title(),
                v.metric(),
                v.where(),
                v.aggregate(),
                v.pass(),
                v.acceptable().orElse(null),
                v.stretch().orElse(null),
                v.critical(),
                verdict,
                v.achieved().orElseThrow(),
                v.deltaPercent().isPresent() ? v.deltaPercent().getAsDouble() : null,
                v.samples(),
                quality,
                v.sources(),
                v.baseline().orElse(null),
                v.baselineValue().orElse(null),
                v.interval().orElse(null),
                reason);
    }

    private record Figure(
            double value,
            Unit unit,
            long samples,
            boolean lowSamples,
            String how,
            Interval interval) {
        Figure(double value, Unit unit, long samples, boolean lowSamples, String how) {
            this(value, unit, samples, lowSamples, how, Interval.NONE);
        }
    }

    /** The baseline's figure for a target, and which baseline it comes from. */
    private record BaseFigure(double value, Unit unit, String id, String how) {}

    /** A value, or why there is none (then {@code value} is null). */
    private record Either<T>(T value, String why) {
        static <T> Either<T> of(T value) {
            return new Either<>(value, "");
        }

        static <T> Either<T> none(String why) {
            return new Either<>(null, why);
        }
    }

    /** Durations are shown in ms rather than the microseconds latencies are recorded in. */
    static Unit display(Unit u) {
        return u == Unit.MICROSECONDS || u == Unit.NANOSECONDS ? Unit.MILLISECONDS : u;
    }

    /**
     * The figure {@code t} asks for, taken from the baseline: from its evidence (the same metric,
     * label filter and aggregation) when it has one, else from its decision's verdict on the same
     * target, when that target measured the same thing.
     */
    private static Either<BaseFigure> baselineFigure(Target t, Baseline b) {
        return b.evidence().isPresent()
                ? fromBaselineEvidence(t, b.id(), b.evidence().get())
                : fromBaselineDecision(t, b.id(), b.decision().orElseThrow());
    }

    /** The figure {@code t} asks for, taken from the evidence of baseline {@code id}. */
    private static Either<BaseFigure> fromBaselineEvidence(
            Target t, String id, EvidenceSet evidence) {
        List<Measurement> found =
                evidence.measurements().stream()
                        .filter(m -> m.metric().equals(t.metric()) && m.matches(t.where()))
                        .toList();
        if (found.isEmpty()) {
            return Either.none(
                    "the baseline "
                            + id
                            + " holds no '"
                            + t.metric()
                            + "' matching "
                            + (t.where().isEmpty() ? "{}" : t.where().toString()));
        }
        Unit unit = found.get(0).unit();
        if (found.stream().anyMatch(m -> m.unit().dimension() != unit.dimension())) {
            return Either.none("the baseline's matching measurements mix units");
        }
        Figure f;
        if (found.stream().allMatch(m -> m.value() instanceof Distribution)
                && t.aggregate().isPresent()) {
            f = fromDistributions(t, found, unit, merge(found));
        } else if (found.stream().allMatch(m -> m.value() instanceof Scalar)) {
            f = fromScalars(t, found, unit);
        } else {
            return Either.none(
                    "the baseline's '"
                            + t.metric()
                            + "' cannot be aggregated the way the target asks");
        }
        if (f.samples == 0) {
            return Either.none("the baseline's matching measurements hold zero samples");
        }
        return Either.of(new BaseFigure(f.value, f.unit, id, f.how));
    }

    /** The figure target {@code t} achieved in the decision of baseline {@code id}. */
    private static Either<BaseFigure> fromBaselineDecision(Target t, String id, Decision decision) {
        for (TargetVerdict v : decision.verdicts()) {
            if (v.target().equals(t.id())) {
                String agg = t.aggregate().map(Aggregation::text).orElse("");
                if (!v.metric().equals(t.metric())
                        || !v.where().equals(t.where())
                        || !v.aggregate().equals(agg)) {
                    return Either.none(
                            "target "
                                    + t.id()
                                    + " of the baseline decision "
                                    + id
                                    + " measured something else ("
                                    + v.metric()
                                    + " "
                                    + v.where()
                                    + " "
                                    + v.aggregate()
                                    + ")");
                }
                if (v.achieved().isEmpty()) {
                    return Either.none(
                            "target "
                                    + t.id()
                                    + " was NOT MEASURED in the baseline decision "
                                    + id);
                }
                Quantity q = v.achieved().get();
                return Either.of(
                        new BaseFigure(
                                q.value(),
                                q.unit(),
                                id,
                                "achieved by target " + t.id() + " in the baseline decision"));
            }
        }
        return Either.none(
                "the baseline decision "
                        + id
                        + " has no target "
                        + t.id()
                        + " and its evidence.json is not beside it");
    }

    /**
     * The histograms of {@code found} (all distributions) added together; read only, never changed
     * after.
     */
    private static Histogram merge(List<Measurement> found) {
        Histogram merged = new Histogram(3);
        for (Measurement m : found) {
            ((Distribution) m.value()).addTo(merged);
        }
        return merged;
    }

    /**
     * What determines the distributions a target merges: its metric, its filter and the producers
     * it expects.
     */
    private record MergeKey(String metric, Map<String, String> where, Set<String> producers) {}

    private static Figure fromDistributions(
            Target t, List<Measurement> found, Unit unit, Histogram merged) {
        Aggregation agg =
                t.aggregate()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "target "
                                                        + t.id()
                                                        + " on a distribution has no aggregation"));
        long n = merged.getTotalCount();
        if (n == 0) {
            return new Figure(0, unit, 0, false, agg.text());
        }
        double v =
                switch (agg.kind()) {
                    case PERCENTILE -> merged.getValueAtPercentile(agg.percentile());
                    case MIN -> merged.getMinValue();
                    case MAX -> merged.getMaxValue();
                    case MEAN -> merged.getMean();
                    case COUNT -> n;
                    case SUM -> merged.getMean() * n;
                };
        boolean low = n < agg.minimumSamples();
        String how =
                agg.text()
                        + " of "
                        + Numbers.grouped(n)
                        + " samples"
                        + (found.size() > 1
                                ? " merged from " + found.size() + " distributions"
                                : "");
        return new Figure(v, agg.kind() == Aggregation.Kind.COUNT ? Unit.COUNT : unit, n, low, how);
    }

    /**
     * Imported summaries (a k6 summary, say) carry one scalar per statistic, labelled {@value
     * #STAT} ({@code p95}, {@code max}, {@code mean}, ...); a target picks the statistic its
     * aggregate names, and every producer must have reported it.
     */
    private Optional<String> summaryProblem(Target t, List<Measurement> found) {
        if (t.aggregate().isEmpty()) {
            return Optional.of(
                    "'"
                            + t.metric()
                            + "' comes from a tool's summary, one value per statistic; the target"
                            + " needs 'aggregate' naming one (such as p95, max or mean)");
        }
        if (!found.stream().allMatch(m -> m.labels().containsKey(STAT))) {
            return Optional.of(
                    "the matching measurements mix a tool's summary statistics with plain values");
        }
        String key = t.aggregate().get().text();
        Set<String> reporting =
                found.stream()
                        .filter(m -> key.equals(m.labels().get(STAT)))
                        .map(m -> m.labels().get("suite") + "/" + m.labels().get("scenario"))
                        .collect(Collectors.toSet());
        List<String> lacking =
                found.stream()
                        .map(m -> m.labels().get("suite") + "/" + m.labels().get("scenario"))
                        .distinct()
                        .filter(p -> !reporting.contains(p))
                        .toList();
        if (!lacking.isEmpty()) {
            Set<String> stats =
                    found.stream()
                            .map(m -> m.labels().get(STAT))
                            .collect(Collectors.toCollection(java.util.TreeSet::new));
            return Optional.of(
                    String.join(", ", lacking)
                            + " reported "
                            + String.join(", ", stats)
                            + " of '"
                            + t.metric()
                            + "' but not "
                            + key
                            + "; export it from the tool (k6: --summary-trend-stats)");
        }
        return Optional.empty();
    }

    /**
     * The worst of the reported statistics: a bound on the statistic of the combined runs for
     * percentiles.
     */
    private static Figure fromSummaries(Target t, List<Measurement> picked, Unit unit) {
        boolean lowerIsBetter = t.pass().relation().lowerIsBetter();
        double v =
                picked.stream()
                        .mapToDouble(m -> ((Scalar) m.value()).value())
                        .reduce(
                                lowerIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY,
                                lowerIsBetter ? Math::max : Math::min);
        String how =
                "as the tool's summary reported it"
                        + (picked.size() > 1
                                ? ", the worst of " + picked.size() + " summaries"
                                : "")
                        + " (no histogram to recompute it from)";
        return new Figure(v, unit, picked.size(), false, how);
    }

    private static Figure fromScalars(Target t, List<Measurement> found, Unit unit) {
        Aggregation agg =
                t.aggregate()
                        .orElse(
                                new Aggregation(
                                        t.pass().relation().lowerIsBetter()
                                                ? Aggregation.Kind.MAX
                                                : Aggregation.Kind.MIN,
                                        0));
        double[] values = found.stream().mapToDouble(m -> ((Scalar) m.value()).value()).toArray();
        double v =
                switch (agg.kind()) {
                    case PERCENTILE -> throw new IllegalStateException("percentile of scalars");
                    case MIN -> java.util.Arrays.stream(values).min().orElseThrow();
                    case MAX -> java.util.Arrays.stream(values).max().orElseThrow();
                    case MEAN -> java.util.Arrays.stream(values).average().orElseThrow();
                    case SUM -> java.util.Arrays.stream(values).sum();
                    case COUNT -> values.length;
                };
        Interval interval = scalarInterval(agg, found, unit);
        String how =
                (found.size() == 1
                                ? "the single measurement"
                                : agg.text()
                                        + " of "
                                        + found.size()
                                        + " measurements"
                                        + (t.aggregate().isEmpty()
                                                ? " (the worst, as no aggregate was given)"
                                                : ""))
                        + (agg.kind() == Aggregation.Kind.COUNT
                                ? ""
                                : interval.isNone() ? ", no interval" : "");
        return new Figure(
                v,
                agg.kind() == Aggregation.Kind.COUNT ? Unit.COUNT : unit,
                values.length,
                false,
                how,
                interval);
    }

    /**
     * The interval of an aggregate of scalars, in {@code unit}: the aggregate of the lower bounds
     * to the aggregate of the upper bounds (a measurement without an interval counts as its value
     * at both ends); NONE when no measurement has an interval, or for {@code count}.
     */
    private static Interval scalarInterval(Aggregation agg, List<Measurement> found, Unit unit) {
        if (agg.kind() == Aggregation.Kind.COUNT
                || found.stream().allMatch(m -> m.interval().isNone())) {
            return Interval.NONE;
        }
        double[] lows = new double[found.size()];
        double[] highs = new double[found.size()];
        double confidence = 1;
        Set<String> methods = new LinkedHashSet<>();
        for (int i = 0; i < found.size(); i++) {
            Measurement m = found.get(i);
            double v = m.unit().convert(((Scalar) m.value()).value(), unit);
            if (m.interval().isNone()) {
                lows[i] = v;
                highs[i] = v;
            } else {
                lows[i] = m.unit().convert(m.interval().low(), unit);
                highs[i] = m.unit().convert(m.interval().high(), unit);
                confidence = Math.min(confidence, m.interval().confidence());
                methods.add(m.interval().method());
            }
        }
        java.util.function.ToDoubleFunction<double[]> f =
                switch (agg.kind()) {
                    case MIN -> a -> java.util.Arrays.stream(a).min().orElseThrow();
                    case MAX -> a -> java.util.Arrays.stream(a).max().orElseThrow();
                    case MEAN -> a -> java.util.Arrays.stream(a).average().orElseThrow();
                    case SUM -> a -> java.util.Arrays.stream(a).sum();
                    default -> throw new IllegalStateException(agg.kind().name());
                };
        return Interval.of(
                f.applyAsDouble(lows),
                f.applyAsDouble(highs),
                confidence,
                String.join("+", methods.stream().filter(x -> !x.isEmpty()).toList()));
    }

    /**
     * The criteria of {@code t} as they apply to one figure: the unit it is shown in and, for a
     * relative criterion, resolved against the baseline's figure.
     *
     * @param baseValue the baseline's figure in {@code shown}; null for an absolute criterion
     */
    private record Scale(
            Unit shown,
            Criterion limit,
            Optional<Criterion> acceptable,
            Optional<Criterion> stretch,
            Double baseValue) {

        static Scale of(Target t, Figure f, Optional<BaseFigure> base) {
            Criterion pass = t.pass();
            if (!pass.isRelative()) {
                return new Scale(pass.threshold().unit(), pass, t.acceptable(), t.stretch(), null);
            }
            BaseFigure b = base.orElseThrow();
            Unit shown =
                    pass.absolutePart()
                            .map(a -> a.threshold().unit())
                            .filter(u -> u.dimension() == f.unit.dimension())
                            .orElse(display(f.unit));
            double bv =
                    b.unit.dimension() == shown.dimension()
                            ? b.unit.convert(b.value, shown)
                            : b.value;
            return new Scale(
                    shown,
                    pass.against(bv, shown),
                    t.acceptable().map(a -> a.against(bv, shown)),
                    t.stretch().map(a -> a.against(bv, shown)),
                    bv);
        }
    }

    private static TargetVerdict judge(
            Target t,
            Figure f,
            Set<Quality> quality,
            List<String> sources,
            Optional<BaseFigure> base) {
        Criterion pass = t.pass();
        Scale s = Scale.of(t, f, base);
        Unit shown = s.shown();
        double achieved =
                f.unit.dimension() == shown.dimension() ? f.unit.convert(f.value, shown) : f.value;
        Quantity q = new Quantity(achieved, shown);
        String against = against(s, base, achieved);
        double threshold = s.limit().threshold().value();
        Double delta = threshold == 0 ? null : (achieved - threshold) / Math.abs(threshold) * 100.0;
        Verdict verdict = pointVerdict(t, s, achieved);
        String figure =
                t.aggregate().map(a -> a.text() + " ").orElse("")
                        + Numbers.show(q)
                        + " ("
                        + f.how
                        + ")";
        String reason = reason(t, s, verdict, figure, achieved, delta) + against;
        Interval shownInterval = shownInterval(f, shown);
        String straddle = "";
        if (!shownInterval.isNone()) {
            boolean lowPasses = holds(pass, s.limit(), shownInterval.low(), shown);
            boolean highPasses = holds(pass, s.limit(), shownInterval.high(), shown);
            String ci = intervalText(shownInterval, shown);
            if (lowPasses != highPasses) {
                straddle = ci + " straddles the threshold " + Numbers.show(s.limit().threshold());
            } else {
                reason =
                        reason
                                + "; "
                                + ci
                                + (lowPasses
                                        ? " lies wholly on the passing side"
                                        : " lies wholly on the failing side");
            }
        }
        boolean pointPasses = verdict == Verdict.MET || verdict == Verdict.EXCEEDED;
        if (!straddle.isEmpty() && !pointPasses) {
            // fail-closed: an interval that reaches the passing side does not lift a figure that
            // misses
            reason =
                    reason
                            + "; "
                            + straddle
                            + ", so it might pass on a rerun, but the figure measured misses";
        }
        if (verdict != Verdict.MISSED) {
            List<String> doubts = doubts(t, f, quality, pointPasses ? straddle : "");
            if (!doubts.isEmpty()) {
                verdict = Verdict.INCONCLUSIVE;
                reason = figure + " would pass, yet " + String.join("; ", doubts) + against;
            }
        }
        return new TargetVerdict(
                t.id(),
                t.title(),
                t.metric(),
                t.where(),
                t.aggregate().map(Aggregation::text).orElse(""),
                pass,
                t.acceptable().orElse(null),
                t.stretch().orElse(null),
                t.critical(),
                verdict,
                q,
                delta,
                f.samples,
                quality,
                sources,
                base.map(BaseFigure::id).orElse(null),
                s.baseValue() == null ? null : new Quantity(s.baseValue(), shown),
                shownInterval.isNone() ? null : shownInterval,
                reason);
    }

    /** How the baseline's figure resolved a relative criterion, or empty for an absolute one. */
    private static String against(Scale s, Optional<BaseFigure> base, double achieved) {
        if (s.baseValue() == null) {
            return "";
        }
        double bv = s.baseValue();
        double change = bv == 0 ? 0 : (achieved - bv) / Math.abs(bv) * 100.0;
        return " against baseline "
                + base.get().id
                + " ("
                + Numbers.show(new Quantity(bv, s.shown()))
                + ", "
                + base.get().how
                + "; change "
                + Numbers.signedPercent(change)
                + ", limit "
                + Numbers.show(s.limit().threshold())
                + ")";
    }

    /** The verdict of the figure {@code achieved} alone, before any doubt about it. */
    private static Verdict pointVerdict(Target t, Scale s, double achieved) {
        Unit shown = s.shown();
        boolean passes = holds(t.pass(), s.limit(), achieved, shown);
        if (passes
                && s.stretch().isPresent()
                && holds(t.stretch().get(), s.stretch().get(), achieved, shown)) {
            return Verdict.EXCEEDED;
        } else if (passes) {
            return Verdict.MET;
        } else if (s.acceptable().isPresent()
                && holds(t.acceptable().get(), s.acceptable().get(), achieved, shown)) {
            return Verdict.ACCEPTABLE;
        }
        return Verdict.MISSED;
    }

    /** Why the figure {@code figure} got {@code verdict}, without the baseline it was against. */
    private static String reason(
            Target t, Scale s, Verdict verdict, String figure, double achieved, Double delta) {
        Criterion pass = t.pass();
        String missedPart =
                pass.absolutePart()
                        .filter(
                                a ->
                                        !a.holds(achieved, s.shown())
                                                && s.limit().holds(achieved, s.shown()))
                        .map(a -> " (its absolute part " + a + " fails)")
                        .orElse("");
        String by = delta == null ? "" : " by " + Numbers.signedPercent(delta);
        return switch (verdict) {
            case EXCEEDED -> figure + " meets the stretch goal " + t.stretch().get();
            case MET -> figure + " meets " + pass;
            case ACCEPTABLE ->
                    figure
                            + " misses "
                            + pass
                            + missedPart
                            + by
                            + " but is within the acceptable band "
                            + t.acceptable().get();
            default ->
                    figure
                            + " misses "
                            + pass
                            + missedPart
                            + by
                            + t.acceptable().map(a -> " and the acceptable band " + a).orElse("");
        };
    }

    /** The figure's interval in the unit {@code shown}, or none when it cannot be shown in it. */
    private static Interval shownInterval(Figure f, Unit shown) {
        return f.interval.isNone() || f.unit.dimension() != shown.dimension()
                ? Interval.NONE
                : Interval.of(
                        f.unit.convert(f.interval.low(), shown),
                        f.unit.convert(f.interval.high(), shown),
                        f.interval.confidence(),
                        f.interval.method());
    }

    private static String intervalText(Interval i, Unit shown) {
        return "its "
                + Numbers.short4(i.confidence() * 100)
                + "% interval ["
                + Numbers.short4(i.low())
                + ", "
                + Numbers.short4(i.high())
                + "] "
                + shown.symbol()
                + (i.method().isEmpty() ? "" : " (" + i.method() + ")");
    }

    /**
     * Why a figure that would pass cannot be trusted to: an interval straddling the threshold
     * ({@code straddle}, empty when it does not), fewer samples than its aggregation's floor (see
     * {@link Aggregation#minimumSamples}) or a measurement flagged so, warm-up samples in it, a
     * bound generator, a partial run.
     */
    private static List<String> doubts(Target t, Figure f, Set<Quality> quality, String straddle) {
        List<String> doubts = new ArrayList<>();
        if (!straddle.isEmpty()) {
            doubts.add(straddle);
        }
        if (f.lowSamples) {
            Aggregation a = t.aggregate().orElseThrow();
            doubts.add(
                    a.text()
                            + " rests on "
                            + Numbers.grouped(f.samples)
                            + " samples where it needs at least "
                            + Numbers.grouped(a.minimumSamples()));
        } else if (quality.contains(Quality.LOW_SAMPLES)) {
            doubts.add("the evidence is flagged as resting on too few samples");
        }
        if (quality.contains(Quality.WARM_UP_INCLUDED)) {
            doubts.add(
                    "the figure includes warm-up samples, which are not the service's steady"
                            + " state");
        }
        if (quality.contains(Quality.GENERATOR_BOUND)) {
            doubts.add("the load generator, not the service, was the bottleneck");
        }
        if (quality.contains(Quality.PARTIAL)) {
            doubts.add("the run ended early and covers only part of the plan");
        }
        if (quality.contains(Quality.SKEWED)) {
            doubts.add(
                    "the figure is merged from load shards that did not start together, so it may"
                            + " not describe the whole load at once");
        }
        return doubts;
    }

    /**
     * Whether {@code achieved} meets {@code resolved} and, for a relative criterion, its absolute
     * part.
     */
    private static boolean holds(
            Criterion written, Criterion resolved, double achieved, Unit shown) {
        return resolved.holds(achieved, shown)
                && written.absolutePart().map(a -> a.holds(achieved, shown)).orElse(true);
    }

    private static TargetVerdict notMeasured(Target t, List<String> sources, String reason) {
        return new TargetVerdict(
                t.id(),
                t.title(),
                t.metric(),
                t.where(),
                t.aggregate().map(Aggregation::text).orElse(""),
                t.pass(),
                t.acceptable().orElse(null),
                t.stretch().orElse(null),
                t.critical(),
                Verdict.NOT_MEASURED,
                null,
                null,
                0,
                Set.of(),
                sources,
                reason);
    }

    /** Words for a status in a sentence, e.g. "failed", "was not executed". */
    public static String describe(TestStatus st) {
        return switch (st) {
            case SUCCESSFUL -> "passed";
            case FAILED -> "failed";
            case ABORTED -> "was aborted";
            case SKIPPED -> "was skipped";
            case NOT_EXECUTED -> "was not executed";
            case NOT_SELECTED -> "was not selected";
        };
    }

    /** The outcome recorded for a planned scenario, if any. */
    public Optional<TestOutcome> outcome(PlannedScenario s) {
        return Optional.ofNullable(outcomeByScenario.get(s.qualifiedId()));
    }
}
