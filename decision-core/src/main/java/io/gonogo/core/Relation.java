package io.gonogo.core;

import java.util.Optional;

/** The comparison of a criterion: strict or inclusive, below or above. */
public enum Relation {
    /** Strictly below the threshold. */
    LT("<"),
    /** At or below the threshold. */
    LE("<="),
    /** Strictly above the threshold. */
    GT(">"),
    /** At or above the threshold. */
    GE(">=");

    private final String symbol;

    Relation(String symbol) {
        this.symbol = symbol;
    }

    /**
     * The operator as written in targets files.
     *
     * @return one of {@code <}, {@code <=}, {@code >} and {@code >=}
     */
    public String symbol() {
        return symbol;
    }

    /**
     * Whether lower values are better under this relation.
     *
     * @return true for {@code <} and {@code <=}
     */
    public boolean lowerIsBetter() {
        return this == LT || this == LE;
    }

    /**
     * Whether {@code value} satisfies this relation against {@code threshold}.
     *
     * @param value the figure
     * @param threshold the threshold, in the same unit
     * @return true when {@code value} stands in this relation to {@code threshold}
     */
    public boolean holds(double value, double threshold) {
        return switch (this) {
            case LT -> value < threshold;
            case LE -> value <= threshold;
            case GT -> value > threshold;
            case GE -> value >= threshold;
        };
    }

    /**
     * The relation written as {@code symbol}, if any.
     *
     * @param symbol the operator as written, such as {@code <=}
     * @return the relation, or empty for any other text
     */
    public static Optional<Relation> fromSymbol(String symbol) {
        for (Relation r : values()) {
            if (r.symbol.equals(symbol)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
