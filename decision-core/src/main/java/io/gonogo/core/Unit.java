package io.gonogo.core;

import java.util.Locale;
import java.util.Optional;

/**
 * A unit of measure with its dimension and its factor to the dimension's base unit.
 *
 * <p>Base units: nanoseconds for durations, per second for rates, percent, ratio ("x"), bytes, and
 * plain counts. Decimal byte units are powers of 1000, binary ones powers of 1024.
 */
public enum Unit {
    /** Nanoseconds. */
    NANOSECONDS("ns", Dimension.DURATION, 1),
    /** Microseconds: the unit of latency distributions. */
    MICROSECONDS("us", Dimension.DURATION, 1e3),
    /** Milliseconds. */
    MILLISECONDS("ms", Dimension.DURATION, 1e6),
    /** Seconds. */
    SECONDS("s", Dimension.DURATION, 1e9),
    /** Minutes. */
    MINUTES("min", Dimension.DURATION, 60e9),
    /** Hours. */
    HOURS("h", Dimension.DURATION, 3600e9),
    /** Events (requests, operations) per second. */
    PER_SECOND("/s", Dimension.RATE, 1),
    /** Percent. */
    PERCENT("%", Dimension.PERCENT, 1),
    /** A ratio between two figures, written with an "x". */
    RATIO("x", Dimension.RATIO, 1),
    /** Bytes. */
    BYTES("B", Dimension.BYTES, 1),
    /** Kilobytes (1000 bytes). */
    KILOBYTES("KB", Dimension.BYTES, 1e3),
    /** Megabytes (1000^2 bytes). */
    MEGABYTES("MB", Dimension.BYTES, 1e6),
    /** Gigabytes (1000^3 bytes). */
    GIGABYTES("GB", Dimension.BYTES, 1e9),
    /** Kibibytes (1024 bytes). */
    KIBIBYTES("KiB", Dimension.BYTES, 1024.0),
    /** Mebibytes (1024^2 bytes). */
    MEBIBYTES("MiB", Dimension.BYTES, 1024.0 * 1024),
    /** Gibibytes (1024^3 bytes). */
    GIBIBYTES("GiB", Dimension.BYTES, 1024.0 * 1024 * 1024),
    /** A plain count, written without a unit. */
    COUNT("", Dimension.COUNT, 1);

    /** What a unit measures; only quantities of one dimension can be compared. */
    public enum Dimension {
        /** Time spans: latencies, durations. */
        DURATION,
        /** Events per unit of time. */
        RATE,
        /** Shares of a whole, in percent. */
        PERCENT,
        /** Ratios between two figures. */
        RATIO,
        /** Amounts of memory or data. */
        BYTES,
        /** Plain counts. */
        COUNT
    }

    private final String symbol;
    private final Dimension dimension;
    private final double factor;

    Unit(String symbol, Dimension dimension, double factor) {
        this.symbol = symbol;
        this.dimension = dimension;
        this.factor = factor;
    }

    /**
     * The symbol used in targets files and documents, e.g. {@code ms} or {@code /s}.
     *
     * @return the symbol, empty for {@link #COUNT}
     */
    public String symbol() {
        return symbol;
    }

    /**
     * The dimension this unit measures.
     *
     * @return the dimension, such as {@link Dimension#DURATION}; only units of one dimension
     *     convert
     */
    public Dimension dimension() {
        return dimension;
    }

    /**
     * Converts {@code value} expressed in this unit into {@code target}.
     *
     * @param value the number in this unit
     * @param target the unit to convert into
     * @return the same amount in {@code target}
     * @throws IllegalArgumentException when {@code target} has another dimension
     */
    public double convert(double value, Unit target) {
        if (target.dimension != dimension) {
            throw new IllegalArgumentException(
                    "cannot convert "
                            + symbol()
                            + " to "
                            + target.symbol()
                            + ": different dimensions");
        }
        return value * factor / target.factor;
    }

    /**
     * Finds a unit by its symbol; {@code req/s} and {@code ops/s} are accepted for {@code /s}, and
     * {@code µs} for {@code us}.
     *
     * @param symbol the symbol as written; surrounding blanks are ignored
     * @return the unit, or empty for an unknown symbol
     */
    public static Optional<Unit> fromSymbol(String symbol) {
        String s = symbol.strip();
        if (s.equals("req/s") || s.equals("ops/s") || s.equals("rps")) {
            return Optional.of(PER_SECOND);
        }
        if (s.equals("µs") || s.equals("μs")) {
            return Optional.of(MICROSECONDS);
        }
        for (Unit unit : values()) {
            if (unit.symbol.equals(s)) {
                return Optional.of(unit);
            }
        }
        return Optional.empty();
    }

    /**
     * The symbols accepted by {@link #fromSymbol(String)}, for error messages.
     *
     * @return the symbols, in one line
     */
    public static String acceptedSymbols() {
        return "ns us ms s min h, /s (req/s, ops/s), %, x, B KB MB GB KiB MiB GiB, or none for a"
                + " count";
    }

    @Override
    public String toString() {
        return symbol.isEmpty() ? name().toLowerCase(Locale.ROOT) : symbol;
    }
}
