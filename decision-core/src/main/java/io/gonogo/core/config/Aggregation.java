package io.gonogo.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the measurements a target selects become one figure: a percentile of their merged
 * distribution ({@code p50}, {@code p99}, {@code p99.9}), or {@code min}, {@code max}, {@code
 * mean}, {@code sum} or {@code count}.
 *
 * <p>Over distributions, every aggregation works on the merged histogram ({@code count} is the
 * number of samples); over scalars, percentiles are not allowed and {@code count} is the number of
 * measurements.
 *
 * @param kind the kind of aggregation
 * @param percentile the percentile for {@link Kind#PERCENTILE}, else 0
 */
public record Aggregation(Kind kind, double percentile) {

    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(?:\\.\\d{1,4})?)");

    /** The kinds of aggregation. */
    public enum Kind {
        /** A percentile of the merged distribution. */
        PERCENTILE,
        /** The smallest value. */
        MIN,
        /** The largest value. */
        MAX,
        /** The mean (of samples for distributions, of values for scalars). */
        MEAN,
        /** The sum of scalar values. */
        SUM,
        /** The number of samples (distributions) or measurements (scalars). */
        COUNT
    }

    /**
     * Checks the percentile range.
     *
     * @param kind the kind of aggregation
     * @param percentile the percentile for {@link Kind#PERCENTILE}, else 0
     */
    public Aggregation {
        if (kind == Kind.PERCENTILE && !(percentile > 0 && percentile < 100)) {
            throw new IllegalArgumentException(
                    "a percentile must be between 0 and 100 (exclusive), was " + percentile);
        }
    }

    /**
     * Parses {@code p99}, {@code p99.9}, {@code min}, {@code max}, {@code mean}, {@code sum} or
     * {@code count}; k6's spellings {@code p(99)}, {@code avg} (mean) and {@code med} (p50) too.
     *
     * @param text the aggregation as written; case and blanks are ignored
     * @return the aggregation, whose {@link #text()} is the canonical spelling
     * @throws IllegalArgumentException saying what was expected
     */
    public static Aggregation parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        // k6's spellings: p(99), avg, med
        t =
                t.equals("avg")
                        ? "mean"
                        : t.equals("med")
                                ? "p50"
                                : t.matches("p\\(.*\\)") ? "p" + t.substring(2, t.length() - 1) : t;
        Matcher m = PERCENTILE.matcher(t);
        if (m.matches()) {
            double p = Double.parseDouble(m.group(1));
            if (p > 0 && p < 100) {
                return new Aggregation(Kind.PERCENTILE, p);
            }
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.PERCENTILE && k.name().toLowerCase(Locale.ROOT).equals(t)) {
                return new Aggregation(k, 0);
            }
        }
        throw new IllegalArgumentException(
                "'"
                        + text
                        + "' is not an aggregation; expected a percentile such as p50, p99 or p99.9"
                        + " (or p(99)), or one of min, max, mean (avg), med, sum, count");
    }

    /**
     * The samples a figure taken from a distribution by {@code min}, {@code max} or {@code mean}
     * needs, as many as p90 does: the extremes and the mean of a handful of samples say little of
     * the next thousand.
     */
    public static final long MINIMUM_SAMPLES_OF_MIN_MAX_MEAN = 100;

    /**
     * The number of samples of a distribution below which this aggregation is LOW_SAMPLES: 10 / (1
     * - p) for a percentile, {@value #MINIMUM_SAMPLES_OF_MIN_MAX_MEAN} for {@code min}, {@code max}
     * and {@code mean}, 1 for {@code count} and {@code sum}, which count and add what was measured.
     *
     * @return the floor of samples, at least 1
     */
    public long minimumSamples() {
        return switch (kind) {
            case PERCENTILE -> (long) Math.ceil(10.0 / (1.0 - percentile / 100.0) - 1e-6);
            case MIN, MAX, MEAN -> MINIMUM_SAMPLES_OF_MIN_MAX_MEAN;
            case SUM, COUNT -> 1;
        };
    }

    /**
     * The aggregation as written, e.g. {@code p99.9} or {@code max}.
     *
     * @return the canonical spelling, which {@link #parse} reads back
     */
    public String text() {
        if (kind == Kind.PERCENTILE) {
            return io.gonogo.core.Distribution.percentileKey(percentile);
        }
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return text();
    }
}
