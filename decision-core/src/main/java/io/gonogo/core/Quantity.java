package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number with its unit, such as {@code 10ms}, {@code 5000/s} or {@code 99.9%}.
 *
 * <p>Written as a decimal number, one optional space, and a unit symbol from {@link Unit}; a bare
 * number is a count. No thousands separators, no exponent.
 *
 * @param value the number, in {@code unit}; finite
 * @param unit the unit, {@link Unit#COUNT} for a bare number
 */
public record Quantity(double value, Unit unit) {

    private static final Pattern FORM = Pattern.compile("(-?\\d+(?:\\.\\d+)?) ?(\\S*)");

    /**
     * Checks that the value is finite.
     *
     * @param value the number, in {@code unit}
     * @param unit the unit
     * @throws IllegalArgumentException when the value is NaN or infinite
     */
    public Quantity {
        Objects.requireNonNull(unit, "unit");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a quantity must be finite, was " + value);
        }
    }

    /**
     * Parses {@code text} such as {@code "5 ms"}.
     *
     * @param text a number, an optional space and a unit symbol; surrounding blanks are ignored
     * @return the quantity
     * @throws IllegalArgumentException with a message saying what was expected
     */
    @JsonCreator
    public static Quantity parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (text.strip().matches("-?\\d{1,3}(,\\d{3})+.*")) {
            throw new IllegalArgumentException(
                    "'"
                            + text.strip()
                            + "' uses a thousands separator; expected the"
                            + " number without one, such as 5000/s");
        }
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'"
                            + text
                            + "' is not a quantity; expected a number and a unit such as 10ms,"
                            + " 5000/s, 99.9% or 50MB (no thousands separators)");
        }
        Unit unit =
                Unit.fromSymbol(m.group(2))
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "'"
                                                        + m.group(2)
                                                        + "' in '"
                                                        + text.strip()
                                                        + "' is not a unit; expected one of "
                                                        + Unit.acceptedSymbols()));
        return new Quantity(Double.parseDouble(m.group(1)), unit);
    }

    /**
     * This quantity expressed in {@code target}, which must have the same dimension.
     *
     * @param target the unit to convert into, such as {@link Unit#SECONDS} for a quantity in ms
     * @return the same amount in {@code target}
     * @throws IllegalArgumentException when {@code target} measures something else
     */
    public Quantity to(Unit target) {
        return new Quantity(unit.convert(value, target), target);
    }

    /**
     * The value converted into {@code target}.
     *
     * @param target a unit of the same dimension
     * @return the number in {@code target}
     * @throws IllegalArgumentException when {@code target} measures something else
     */
    public double valueIn(Unit target) {
        return unit.convert(value, target);
    }

    /**
     * The canonical text form, e.g. {@code 10ms} or {@code 99.9%}, which {@link #parse} reads back.
     *
     * @return the number without exponent or trailing zeros, followed by the unit's symbol
     */
    @JsonValue
    public String text() {
        return plain(value) + unit.symbol();
    }

    /** Formats a number without exponent or trailing zeros, in {@link Locale#ROOT}. */
    static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return text();
    }
}
