package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A comparison against a threshold, such as {@code < 10ms} or {@code >= 5000/s}, or against a
 * baseline, such as {@code <= +10% vs baseline}, optionally with an absolute part that must hold
 * too: {@code <= +10% vs baseline and < 20ms}.
 *
 * <p>{@code <} and {@code >} are strict, {@code <=} and {@code >=} inclusive. The threshold is a
 * {@link Quantity}; for a relative criterion it is the allowed change in percent of the baseline's
 * figure (signed, {@code +10%} or {@code -5%}), and {@link #against} turns it into an absolute
 * criterion once the baseline's figure is known. Immutable and thread-safe.
 */
public final class Criterion {

    private static final Pattern FORM = Pattern.compile("(<=|>=|<|>)\\s*(.+)");
    private static final Pattern RELATIVE =
            Pattern.compile(
                    "(<=|>=|<|>)\\s*([+-]?\\d+(?:\\.\\d+)?)\\s?%"
                            + "\\s+vs\\s+baseline(?:\\s+and\\s+(.+))?",
                    Pattern.CASE_INSENSITIVE);

    private final Relation relation;
    private final Quantity threshold;
    private final boolean relative;
    private final Criterion floor;

    /**
     * An absolute criterion: {@code relation} against {@code threshold}.
     *
     * @param relation the comparison, such as {@code <}
     * @param threshold the quantity the figure is compared with, such as {@code 10ms}
     */
    public Criterion(Relation relation, Quantity threshold) {
        this(relation, threshold, false, null);
    }

    private Criterion(Relation relation, Quantity threshold, boolean relative, Criterion floor) {
        this.relation = Objects.requireNonNull(relation, "relation");
        this.threshold = Objects.requireNonNull(threshold, "threshold");
        this.relative = relative;
        this.floor = floor;
        if (floor != null && floor.relative) {
            throw new IllegalArgumentException(
                    "the absolute part of a relative criterion must be absolute");
        }
    }

    /**
     * A relative criterion: the figure may change by at most {@code percent} (signed) of the
     * baseline's figure, in the direction of {@code relation}; {@code absolute}, when present, must
     * hold too.
     *
     * @param relation the direction: {@code <} or {@code <=} for a figure where lower is better
     * @param percent the allowed change in percent of the baseline's figure, signed ({@code 10} for
     *     {@code +10%})
     * @param absolute an absolute criterion that must hold as well, such as {@code < 20ms}, or
     *     empty
     * @return the relative criterion, to be resolved with {@link #against} once the baseline is
     *     known
     * @throws IllegalArgumentException when {@code absolute} is itself relative
     */
    public static Criterion relative(
            Relation relation, double percent, Optional<Criterion> absolute) {
        return new Criterion(
                relation, new Quantity(percent, Unit.PERCENT), true, absolute.orElse(null));
    }

    /**
     * Parses a criterion such as {@code "< 10ms"}, {@code "<= +10% vs baseline"} or {@code "<= +10%
     * vs baseline and < 20ms"}.
     *
     * @param text the criterion as written in the targets file; surrounding blanks are ignored
     * @return the criterion, whose {@link #text()} reads back the same
     * @throws IllegalArgumentException with a message saying what was expected
     */
    @JsonCreator
    public static Criterion parse(String text) {
        String t = text.strip();
        Matcher r = RELATIVE.matcher(t);
        if (r.matches()) {
            Relation rel = Relation.fromSymbol(r.group(1)).orElseThrow();
            Criterion abs = r.group(3) == null ? null : parse(r.group(3));
            if (abs != null && abs.relative) {
                throw new IllegalArgumentException(
                        "'"
                                + t
                                + "' has a second relative part; expected one relative part and at"
                                + " most one absolute part, such as '<= +10% vs baseline and <"
                                + " 20ms'");
            }
            if (abs != null && abs.relation.lowerIsBetter() != rel.lowerIsBetter()) {
                throw new IllegalArgumentException(
                        "the absolute part of '"
                                + t
                                + "' points the other way from its"
                                + " relative part; expected "
                                + (rel.lowerIsBetter() ? "< or <=" : "> or >="));
            }
            return new Criterion(
                    rel, new Quantity(Double.parseDouble(r.group(2)), Unit.PERCENT), true, abs);
        }
        if (t.toLowerCase(Locale.ROOT).contains("baseline")) {
            throw new IllegalArgumentException(
                    "'"
                            + t
                            + "' is not a relative criterion; expected an operator, a signed change"
                            + " in percent and 'vs baseline', such as '<= +10% vs baseline',"
                            + " optionally followed by 'and' and an absolute criterion, such as '<="
                            + " +10% vs baseline and < 20ms'");
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'"
                            + t
                            + "' is not a criterion; expected an operator (<, <=, >, >=) and a"
                            + " quantity, such as '< 10ms' or '>= 5000/s'");
        }
        return new Criterion(
                Relation.fromSymbol(m.group(1)).orElseThrow(), Quantity.parse(m.group(2)));
    }

    /**
     * The relation.
     *
     * @return the comparison, such as {@code <=}
     */
    public Relation relation() {
        return relation;
    }

    /**
     * The threshold; for a relative criterion, the allowed change in percent of the baseline.
     *
     * @return the threshold, a {@link Unit#PERCENT} quantity for a relative criterion
     */
    public Quantity threshold() {
        return threshold;
    }

    /**
     * Whether this criterion compares against a baseline.
     *
     * @return true for a {@code vs baseline} criterion, which must be resolved with {@link
     *     #against} before {@link #holds}
     */
    public boolean isRelative() {
        return relative;
    }

    /**
     * The absolute part that must hold too, for a relative criterion that has one.
     *
     * @return the absolute part, empty for an absolute criterion and a relative one without
     */
    public Optional<Criterion> absolutePart() {
        return Optional.ofNullable(floor);
    }

    /**
     * This relative criterion made absolute against the baseline's figure {@code baseline}, in
     * {@code unit}: {@code <= +10% vs baseline} against 4ms is {@code <= 4.4ms}. The absolute part
     * is not included (see {@link #absolutePart}).
     *
     * @param baseline the baseline's figure, in {@code unit}
     * @param unit the unit of the baseline's figure and of the resulting threshold
     * @return the absolute criterion with the same relation
     * @throws IllegalStateException when this criterion is absolute
     */
    public Criterion against(double baseline, Unit unit) {
        if (!relative) {
            throw new IllegalStateException("'" + text() + "' is not relative");
        }
        double limit = baseline + Math.abs(baseline) * threshold.value() / 100.0;
        return new Criterion(relation, new Quantity(limit, unit));
    }

    /**
     * Whether {@code value}, expressed in {@code unit}, satisfies this absolute criterion.
     *
     * @param value the figure
     * @param unit its unit, converted into the threshold's
     * @return true when the relation holds between the figure and the threshold
     * @throws IllegalStateException when this criterion is relative: resolve it with {@link
     *     #against}
     * @throws IllegalArgumentException when {@code unit} measures something else than the threshold
     */
    public boolean holds(double value, Unit unit) {
        if (relative) {
            throw new IllegalStateException(
                    "'" + text() + "' needs the baseline's figure; use against()");
        }
        return relation.holds(unit.convert(value, threshold.unit()), threshold.value());
    }

    /**
     * The criterion as written, e.g. {@code < 10ms} or {@code <= +10% vs baseline and < 20ms}.
     *
     * @return the text {@link #parse} reads back
     */
    @JsonValue
    public String text() {
        if (relative) {
            double v = threshold.value();
            return relation.symbol()
                    + " "
                    + (v >= 0 ? "+" : "")
                    + threshold.text()
                    + " vs baseline"
                    + (floor == null ? "" : " and " + floor.text());
        }
        return relation.symbol() + " " + threshold.text();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Criterion c
                && relation == c.relation
                && threshold.equals(c.threshold)
                && relative == c.relative
                && Objects.equals(floor, c.floor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(relation, threshold, relative, floor);
    }

    @Override
    public String toString() {
        return text();
    }
}
