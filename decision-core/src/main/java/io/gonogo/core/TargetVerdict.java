package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * The verdict on one target, with the evidence it rests on.
 *
 * <p>The achieved value and the delta are absent exactly when the verdict is {@link
 * Verdict#NOT_MEASURED}; the reason is never empty for that verdict. The delta is the achieved
 * value's distance from the pass threshold in percent of the threshold (negative is below).
 * Immutable and thread-safe.
 */
@JsonPropertyOrder({
    "target",
    "title",
    "metric",
    "where",
    "aggregate",
    "pass",
    "acceptable",
    "stretch",
    "critical",
    "verdict",
    "achieved",
    "deltaPercent",
    "samples",
    "quality",
    "sources",
    "baseline",
    "baselineValue",
    "interval",
    "reason"
})
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public final class TargetVerdict {
    private final String target;
    private final String title;
    private final String metric;
    private final Map<String, String> where;
    private final String aggregate;
    private final Criterion pass;
    private final Criterion acceptable;
    private final Criterion stretch;
    private final boolean critical;
    private final Verdict verdict;
    private final Quantity achieved;
    private final Double deltaPercent;
    private final long samples;
    private final Set<Quality> quality;
    private final List<String> sources;
    private final String reason;
    private final String baseline;
    private final Quantity baselineValue;
    private final Interval interval;

    /**
     * Creates a verdict; {@code acceptable}, {@code stretch}, {@code achieved} and {@code
     * deltaPercent} may be null.
     *
     * @param target the target's id in the targets file, such as {@code p99-5k}
     * @param title the target's title; null is its id
     * @param metric the metric the target is about, such as {@code latency}
     * @param where the label filter choosing the measurements; null is none
     * @param aggregate the aggregation, e.g. {@code p99} or {@code max}; null is {@code ""}
     * @param pass the pass criterion
     * @param acceptable the acceptable band, or null when the target has none
     * @param stretch the stretch criterion, or null when the target has none
     * @param critical whether missing this target (MISSED or NOT MEASURED) gives NO-GO under the
     *     default policy
     * @param verdict the verdict
     * @param achieved the achieved value in the unit of the pass threshold; null exactly when the
     *     verdict is NOT MEASURED
     * @param deltaPercent the achieved value's distance from the pass threshold in percent of the
     *     threshold (negative is below), or null when not measured
     * @param samples the number of samples behind the achieved value
     * @param quality the quality flags of the evidence; null is none
     * @param sources the unique ids of the tests (or files) whose measurements were used; null is
     *     none
     * @param reason why the verdict is what it is, in one sentence; required for NOT MEASURED, null
     *     is {@code ""}
     * @throws NullPointerException when the target, metric, pass criterion or verdict is null
     * @throws IllegalArgumentException when an achieved value is given for NOT MEASURED or missing
     *     for another verdict, or a NOT MEASURED verdict has no reason
     */
    public TargetVerdict(
            String target,
            String title,
            String metric,
            Map<String, String> where,
            String aggregate,
            Criterion pass,
            Criterion acceptable,
            Criterion stretch,
            boolean critical,
            Verdict verdict,
            Quantity achieved,
            Double deltaPercent,
            long samples,
            Set<Quality> quality,
            List<String> sources,
            String reason) {
        this(
                target,
                title,
                metric,
                where,
                aggregate,
                pass,
                acceptable,
                stretch,
                critical,
                verdict,
                achieved,
                deltaPercent,
                samples,
                quality,
                sources,
                null,
                null,
                null,
                reason);
    }

    /**
     * Creates a verdict citing its baseline and interval; {@code acceptable}, {@code stretch},
     * {@code achieved}, {@code deltaPercent}, {@code baseline}, {@code baselineValue} and {@code
     * interval} may be null.
     *
     * @param target the target's id in the targets file, such as {@code p99-5k}
     * @param title the target's title; null is its id
     * @param metric the metric the target is about, such as {@code latency}
     * @param where the label filter choosing the measurements; null is none
     * @param aggregate the aggregation, e.g. {@code p99} or {@code max}; null is {@code ""}
     * @param pass the pass criterion
     * @param acceptable the acceptable band, or null when the target has none
     * @param stretch the stretch criterion, or null when the target has none
     * @param critical whether missing this target (MISSED or NOT MEASURED) gives NO-GO under the
     *     default policy
     * @param verdict the verdict
     * @param achieved the achieved value in the unit of the pass threshold; null exactly when the
     *     verdict is NOT MEASURED
     * @param deltaPercent the achieved value's distance from the pass threshold in percent of the
     *     threshold (negative is below), or null when not measured
     * @param samples the number of samples behind the achieved value
     * @param quality the quality flags of the evidence; null is none
     * @param sources the unique ids of the tests (or files) whose measurements were used; null is
     *     none
     * @param baseline the run id of the baseline a relative criterion was judged against; null or
     *     empty when none was
     * @param baselineValue the baseline's figure in the unit of the achieved value, or null
     * @param interval the uncertainty of the achieved value in its unit; null or {@link
     *     Interval#NONE} when the evidence had none
     * @param reason why the verdict is what it is, in one sentence; required for NOT MEASURED, null
     *     is {@code ""}
     * @throws NullPointerException when the target, metric, pass criterion or verdict is null
     * @throws IllegalArgumentException when an achieved value is given for NOT MEASURED or missing
     *     for another verdict, or a NOT MEASURED verdict has no reason
     */
    @JsonCreator
    public TargetVerdict(
            @JsonProperty("target") String target,
            @JsonProperty("title") String title,
            @JsonProperty("metric") String metric,
            @JsonProperty("where") Map<String, String> where,
            @JsonProperty("aggregate") String aggregate,
            @JsonProperty("pass") Criterion pass,
            @JsonProperty("acceptable") Criterion acceptable,
            @JsonProperty("stretch") Criterion stretch,
            @JsonProperty("critical") boolean critical,
            @JsonProperty("verdict") Verdict verdict,
            @JsonProperty("achieved") Quantity achieved,
            @JsonProperty("deltaPercent") Double deltaPercent,
            @JsonProperty("samples") long samples,
            @JsonProperty("quality") Set<Quality> quality,
            @JsonProperty("sources") List<String> sources,
            @JsonProperty("baseline") String baseline,
            @JsonProperty("baselineValue") Quantity baselineValue,
            @JsonProperty("interval") Interval interval,
            @JsonProperty("reason") String reason) {
        this.baseline = baseline == null || baseline.isEmpty() ? null : baseline;
        this.baselineValue = baselineValue;
        this.interval = interval == null || interval.isNone() ? null : interval;
        this.target = Objects.requireNonNull(target, "target");
        this.title = Objects.requireNonNullElse(title, target);
        this.metric = Objects.requireNonNull(metric, "metric");
        this.where =
                java.util.Collections.unmodifiableMap(
                        new TreeMap<>(where == null ? Map.of() : where));
        this.aggregate = Objects.requireNonNullElse(aggregate, "");
        this.pass = Objects.requireNonNull(pass, "pass");
        this.acceptable = acceptable;
        this.stretch = stretch;
        this.critical = critical;
        this.verdict = Objects.requireNonNull(verdict, "verdict");
        this.achieved = achieved;
        this.deltaPercent = deltaPercent;
        this.samples = samples;
        this.quality =
                quality == null || quality.isEmpty()
                        ? Set.of()
                        : java.util.Collections.unmodifiableSet(EnumSet.copyOf(quality));
        this.sources = List.copyOf(sources == null ? List.of() : sources);
        this.reason = Objects.requireNonNullElse(reason, "");
        if ((verdict == Verdict.NOT_MEASURED) != (achieved == null)) {
            throw new IllegalArgumentException(
                    "a value is achieved exactly when the verdict is not NOT_MEASURED");
        }
        if (verdict == Verdict.NOT_MEASURED && this.reason.isEmpty()) {
            throw new IllegalArgumentException("a NOT_MEASURED verdict must say why");
        }
    }

    /**
     * The target's id.
     *
     * @return the id, such as {@code p99-5k}
     */
    @JsonProperty("target")
    public String target() {
        return target;
    }

    /**
     * The target's title.
     *
     * @return the title, the id when the target has none
     */
    @JsonProperty("title")
    public String title() {
        return title;
    }

    /**
     * The metric the target is about.
     *
     * @return the metric's name, such as {@code latency}
     */
    @JsonProperty("metric")
    public String metric() {
        return metric;
    }

    /**
     * The label filter of the target.
     *
     * @return a sorted copy of the labels and values; empty when the target takes every measurement
     *     of its metric
     */
    @JsonProperty("where")
    public Map<String, String> where() {
        return new TreeMap<>(where);
    }

    /**
     * The aggregation, e.g. {@code p99} or {@code max}.
     *
     * @return the aggregation as written in the targets file; empty when the target has none
     */
    @JsonProperty("aggregate")
    public String aggregate() {
        return aggregate;
    }

    /**
     * The pass criterion.
     *
     * @return the criterion the achieved value must meet to be MET
     */
    @JsonProperty("pass")
    public Criterion pass() {
        return pass;
    }

    /**
     * The acceptable band, if the target has one.
     *
     * @return the looser criterion that gives ACCEPTABLE when pass fails; empty when none
     */
    @JsonProperty("acceptable")
    public Optional<Criterion> acceptable() {
        return Optional.ofNullable(acceptable);
    }

    /**
     * The stretch criterion, if the target has one.
     *
     * @return the criterion that gives EXCEEDED; empty when none
     */
    @JsonProperty("stretch")
    public Optional<Criterion> stretch() {
        return Optional.ofNullable(stretch);
    }

    /**
     * Whether the target is critical.
     *
     * @return true when missing it gives NO-GO under the default policy, false when it gives a
     *     condition
     */
    @JsonProperty("critical")
    public boolean critical() {
        return critical;
    }

    /**
     * The verdict.
     *
     * @return the verdict on the target
     */
    @JsonProperty("verdict")
    public Verdict verdict() {
        return verdict;
    }

    /**
     * The achieved value in the unit of the pass threshold; absent when not measured.
     *
     * @return the value, empty exactly when the verdict is NOT MEASURED
     */
    @JsonProperty("achieved")
    public Optional<Quantity> achieved() {
        return Optional.ofNullable(achieved);
    }

    /**
     * Distance of the achieved value from the pass threshold, in percent of the threshold.
     *
     * @return the distance, negative below the threshold; empty when not measured
     */
    @JsonProperty("deltaPercent")
    public OptionalDouble deltaPercent() {
        return deltaPercent == null ? OptionalDouble.empty() : OptionalDouble.of(deltaPercent);
    }

    /**
     * Number of samples behind the achieved value.
     *
     * @return the sample count, as the evidence gave it
     */
    @JsonProperty("samples")
    public long samples() {
        return samples;
    }

    /**
     * Quality flags of the evidence.
     *
     * @return the flags, unmodifiable; empty when the evidence is clean
     */
    @JsonProperty("quality")
    public Set<Quality> quality() {
        return quality;
    }

    /**
     * Unique ids of the tests (or files) whose measurements were used.
     *
     * @return the ids, unmodifiable
     */
    @JsonProperty("sources")
    public List<String> sources() {
        return sources;
    }

    /**
     * Why the verdict is what it is, in one sentence; always set for NOT MEASURED and INCONCLUSIVE.
     *
     * @return the reason, empty when the verdict needs none
     */
    @JsonProperty("reason")
    public String reason() {
        return reason;
    }

    /**
     * The run id of the baseline a relative criterion was judged against, if any.
     *
     * @return the run id, empty when no relative criterion used a baseline
     */
    @JsonProperty("baseline")
    public Optional<String> baseline() {
        return Optional.ofNullable(baseline);
    }

    /**
     * The baseline's figure, in the unit of the achieved value, if a baseline was used.
     *
     * @return the figure, empty when no baseline was used
     */
    @JsonProperty("baselineValue")
    public Optional<Quantity> baselineValue() {
        return Optional.ofNullable(baselineValue);
    }

    /**
     * The uncertainty of the achieved value, in its unit, when the evidence had one.
     *
     * @return the interval, empty when the evidence had none
     */
    @JsonProperty("interval")
    public Optional<Interval> interval() {
        return Optional.ofNullable(interval);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetVerdict v
                && target.equals(v.target)
                && verdict == v.verdict
                && Objects.equals(achieved, v.achieved)
                && reason.equals(v.reason)
                && samples == v.samples;
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, verdict, achieved, reason, samples);
    }

    @Override
    public String toString() {
        return target
                + ": "
                + verdict
                + (achieved == null ? "" : " (" + achieved + ")")
                + (reason.isEmpty() ? "" : " - " + reason);
    }
}
