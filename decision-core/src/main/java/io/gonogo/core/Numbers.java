package io.gonogo.core;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Formats numbers for reasons and documents, always in {@link Locale#ROOT}. */
public final class Numbers {
    private Numbers() {}

    /**
     * {@code value} with at most 4 significant digits (and no exponent), e.g. 5.631 or 12340.
     *
     * @param value the number
     * @return the number rounded half-even to 4 significant digits (whole from 10,000 on), without
     *     trailing zeros; {@code Infinity} or {@code NaN} as Java writes them
     */
    public static String short4(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : Double.toString(value);
        }
        BigDecimal d = new BigDecimal(value).round(new MathContext(4, RoundingMode.HALF_EVEN));
        if (d.abs().compareTo(BigDecimal.valueOf(10_000)) >= 0) {
            d = d.setScale(0, RoundingMode.HALF_EVEN);
        }
        return d.stripTrailingZeros().toPlainString();
    }

    /**
     * A quantity with at most 4 significant digits, e.g. {@code 5.631ms}; a duration is shown in
     * the unit that keeps it between 1 and 1000 (ns, us, ms) or in s, min or h above a second, so
     * that no figure reads as {@code 0.000326s} or {@code 16480us}.
     *
     * @param q the quantity, such as an achieved value
     * @return the figure with its unit symbol, such as {@code 326us}
     */
    public static String show(Quantity q) {
        Quantity shown = q;
        if (q.unit().dimension() == Unit.Dimension.DURATION && q.value() != 0) {
            double ns = Math.abs(q.valueIn(Unit.NANOSECONDS));
            Unit u =
                    ns < 1e3
                            ? Unit.NANOSECONDS
                            : ns < 1e6
                                    ? Unit.MICROSECONDS
                                    : ns < 1e9
                                            ? Unit.MILLISECONDS
                                            : ns < 60e9
                                                    ? Unit.SECONDS
                                                    : ns < 3600e9 ? Unit.MINUTES : Unit.HOURS;
            shown = q.to(u);
        }
        return short4(shown.value()) + shown.unit().symbol();
    }

    /**
     * A signed percentage with one decimal, e.g. {@code +41.3%} or {@code -44.0%} ({@code
     * +1,647,800%} from 1000 on).
     *
     * @param value the percentage, such as a delta from the threshold
     * @return the text with its sign and a {@code %}
     */
    public static String signedPercent(double value) {
        if (Math.abs(value) >= 1000) {
            return String.format(Locale.ROOT, "%+,.0f%%", value);
        }
        return String.format(Locale.ROOT, "%+.1f%%", value);
    }

    /**
     * A whole number with thousands separators, e.g. {@code 10,000}.
     *
     * @param value the number
     * @return the digits grouped by three with {@code ,}
     */
    public static String grouped(long value) {
        // as String.format(Locale.ROOT, "%,d", value), without a Formatter per call
        String digits = Long.toString(value);
        int sign = value < 0 ? 1 : 0;
        int n = digits.length() - sign;
        if (n <= 3) {
            return digits;
        }
        StringBuilder b = new StringBuilder(digits.length() + n / 3);
        b.append(digits, 0, sign);
        int first = n % 3 == 0 ? 3 : n % 3;
        b.append(digits, sign, sign + first);
        for (int i = sign + first; i < digits.length(); i += 3) {
            b.append(',').append(digits, i, i + 3);
        }
        return b.toString();
    }
}
