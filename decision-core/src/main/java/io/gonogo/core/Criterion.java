package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A comparison against a threshold, such as {@code < 10ms} or {@code >= 5000/s}.
 *
 * <p>{@code <} and {@code >} are strict, {@code <=} and {@code >=} inclusive. The threshold is a
 * {@link Quantity}.
 */
public record Criterion(Relation relation, Quantity threshold) {

    private static final Pattern FORM = Pattern.compile("(<=|>=|<|>)\\s*(.+)");

    /** Checks for nulls. */
    public Criterion {
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(threshold, "threshold");
    }

    /**
     * Parses a criterion such as {@code "< 10ms"}.
     *
     * @throws IllegalArgumentException with a message saying what was expected
     */
    @JsonCreator
    public static Criterion parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a criterion; expected an"
                    + " operator (<, <=, >, >=) and a quantity, such as '< 10ms' or '>= 5000/s'");
        }
        return new Criterion(Relation.fromSymbol(m.group(1)).orElseThrow(), Quantity.parse(m.group(2)));
    }

    /** Whether {@code value}, expressed in {@code unit}, satisfies this criterion. */
    public boolean holds(double value, Unit unit) {
        return relation.holds(unit.convert(value, threshold.unit()), threshold.value());
    }

    /** The criterion as written, e.g. {@code < 10ms}. */
    @JsonValue
    public String text() {
        return relation.symbol() + " " + threshold.text();
    }

    @Override
    public String toString() {
        return text();
    }
}
