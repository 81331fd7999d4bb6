package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;
import java.util.Optional;

/**
 * The uncertainty of a measured figure: a confidence interval around it, in the measurement's unit,
 * and how it was obtained (e.g. JMH's score error, a t-interval of the mean of repeated trials, a
 * regression slope's interval).
 *
 * <p>{@link #NONE} stands for "no interval": a single run that reports its figure as measured.
 *
 * @param low lower bound, in the measurement's unit
 * @param high upper bound, at least {@code low}
 * @param confidence confidence level in (0, 1), e.g. 0.95; 0 only for {@link #NONE}
 * @param method how the interval was computed, e.g. {@code "jmh-score-error"}, {@code "t-interval"}
 */
public record Interval(double low, double high, double confidence, String method) {

    /** No interval: the figure was measured once and its uncertainty is unknown. */
    public static final Interval NONE = new Interval(Double.NaN, Double.NaN, 0, "");

    /**
     * Checks the bounds and the confidence.
     *
     * @param low lower bound, in the measurement's unit
     * @param high upper bound, at least {@code low}
     * @param confidence confidence level in (0, 1), e.g. 0.95; 0 only for {@link #NONE}
     * @param method how the interval was computed, e.g. {@code "jmh-score-error"}, {@code
     *     "t-interval"}
     * @throws IllegalArgumentException when a bound is not finite, {@code low} is above {@code
     *     high}, or the confidence lies outside (0, 1), unless all four are those of {@link #NONE}
     */
    public Interval {
        method = Objects.requireNonNullElse(method, "");
        boolean none =
                Double.isNaN(low) && Double.isNaN(high) && confidence == 0 && method.isEmpty();
        if (!none) {
            if (!Double.isFinite(low) || !Double.isFinite(high)) {
                throw new IllegalArgumentException(
                        "interval bounds must be finite numbers, got [" + low + ", " + high + "]");
            }
            if (low > high) {
                throw new IllegalArgumentException(
                        "interval low " + low + " is above its high " + high);
            }
            if (!(confidence > 0 && confidence < 1)) {
                throw new IllegalArgumentException(
                        "interval confidence must lie in (0, 1), got " + confidence);
            }
        }
    }

    /**
     * An interval of {@code confidence} from {@code low} to {@code high}, computed by {@code
     * method}.
     *
     * @param low lower bound, in the measurement's unit
     * @param high upper bound, at least {@code low}
     * @param confidence confidence level in (0, 1), e.g. 0.95
     * @param method how the interval was computed, e.g. {@code "t-interval"}
     * @return the interval
     * @throws IllegalArgumentException when a bound is not finite, {@code low} is above {@code
     *     high}, or the confidence lies outside (0, 1)
     */
    public static Interval of(double low, double high, double confidence, String method) {
        return new Interval(low, high, confidence, method);
    }

    /**
     * Whether this is {@link #NONE}.
     *
     * @return true for the absent interval, false for a real one
     */
    @JsonIgnore
    public boolean isNone() {
        return Double.isNaN(low);
    }

    /**
     * This interval, or empty for {@link #NONE}.
     *
     * @return this interval when it is a real one
     */
    public Optional<Interval> asOptional() {
        return isNone() ? Optional.empty() : Optional.of(this);
    }

    /**
     * Whether {@code value} lies within the bounds (inclusive); false for {@link #NONE}.
     *
     * @param value a figure in the measurement's unit, such as a threshold
     * @return true when {@code low <= value <= high}
     */
    public boolean contains(double value) {
        return !isNone() && value >= low && value <= high;
    }

    /** Jackson's filter that leaves {@link #NONE} out of JSON. */
    public static final class NoneFilter {
        @Override
        public boolean equals(Object other) {
            return other == null || (other instanceof Interval i && i.isNone());
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
