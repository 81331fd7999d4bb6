package io.gonogo.core.config;

import io.gonogo.core.RiskLevel;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The probability × impact matrix that gives a declared risk its level. Immutable.
 *
 * <p>The default: HIGH with MEDIUM or above (either way round) gives HIGH, LOW × LOW gives LOW,
 * anything else MEDIUM. The targets file may override cells under {@code policy.risk-matrix}, rows
 * by probability and columns by impact:
 *
 * <pre>
 * policy:
 *   risk-matrix:
 *     high: {low: high}      # probability high, impact low: HIGH instead of MEDIUM
 * </pre>
 *
 * A matrix must never lower the level as probability or impact rises.
 */
public final class RiskMatrix {
    /** The default matrix. */
    public static final RiskMatrix DEFAULT = new RiskMatrix(Map.of());

    private final RiskLevel[][] cells = new RiskLevel[3][3];

    /**
     * The default matrix with {@code overrides} applied: probability → impact → level.
     *
     * @param overrides the cells that differ from the default, by probability then impact; empty
     *     for the default
     * @throws IllegalArgumentException when the result lowers a level as probability or impact
     *     rises
     */
    public RiskMatrix(Map<RiskLevel, Map<RiskLevel, RiskLevel>> overrides) {
        for (RiskLevel p : RiskLevel.values()) {
            for (RiskLevel i : RiskLevel.values()) {
                cells[p.ordinal()][i.ordinal()] = defaultLevel(p, i);
            }
        }
        overrides.forEach(
                (p, row) ->
                        row.forEach(
                                (i, level) ->
                                        cells[Objects.requireNonNull(p).ordinal()][
                                                        Objects.requireNonNull(i).ordinal()] =
                                                Objects.requireNonNull(level)));
        for (RiskLevel p : RiskLevel.values()) {
            for (RiskLevel i : RiskLevel.values()) {
                RiskLevel here = level(p, i);
                if (p.ordinal() < 2
                        && level(RiskLevel.values()[p.ordinal() + 1], i).compareTo(here) < 0) {
                    throw new IllegalArgumentException(
                            "probability "
                                    + RiskLevel.values()[p.ordinal() + 1].id()
                                    + " with impact "
                                    + i.id()
                                    + " gives "
                                    + level(RiskLevel.values()[p.ordinal() + 1], i).id()
                                    + ", lower than probability "
                                    + p.id()
                                    + " ("
                                    + here.id()
                                    + "); a level may not fall as probability rises");
                }
                if (i.ordinal() < 2
                        && level(p, RiskLevel.values()[i.ordinal() + 1]).compareTo(here) < 0) {
                    throw new IllegalArgumentException(
                            "impact "
                                    + RiskLevel.values()[i.ordinal() + 1].id()
                                    + " with probability "
                                    + p.id()
                                    + " gives "
                                    + level(p, RiskLevel.values()[i.ordinal() + 1]).id()
                                    + ", lower than impact "
                                    + i.id()
                                    + " ("
                                    + here.id()
                                    + "); a level may not fall as impact rises");
                }
            }
        }
    }

    private static RiskLevel defaultLevel(RiskLevel p, RiskLevel i) {
        if ((p == RiskLevel.HIGH && i != RiskLevel.LOW)
                || (i == RiskLevel.HIGH && p != RiskLevel.LOW)) {
            return RiskLevel.HIGH;
        }
        if (p == RiskLevel.LOW && i == RiskLevel.LOW) {
            return RiskLevel.LOW;
        }
        return RiskLevel.MEDIUM;
    }

    /**
     * The level of a risk with {@code probability} and {@code impact}.
     *
     * @param probability the risk's probability
     * @param impact its impact
     * @return the level the matrix gives
     */
    public RiskLevel level(RiskLevel probability, RiskLevel impact) {
        return cells[probability.ordinal()][impact.ordinal()];
    }

    /**
     * The matrix as probability → impact → level.
     *
     * @return every cell, unmodifiable rows
     */
    public Map<RiskLevel, Map<RiskLevel, RiskLevel>> cells() {
        Map<RiskLevel, Map<RiskLevel, RiskLevel>> out = new EnumMap<>(RiskLevel.class);
        for (RiskLevel p : RiskLevel.values()) {
            Map<RiskLevel, RiskLevel> row = new EnumMap<>(RiskLevel.class);
            for (RiskLevel i : RiskLevel.values()) {
                row.put(i, level(p, i));
            }
            out.put(p, java.util.Collections.unmodifiableMap(row));
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
