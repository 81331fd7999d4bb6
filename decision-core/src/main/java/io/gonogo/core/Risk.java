package io.gonogo.core;

import java.util.Objects;

/**
 * A risk of the release, declared in the risk register or derived from the evaluation.
 *
 * @param id unique id
 * @param title what could go wrong
 * @param probability LOW, MEDIUM or HIGH
 * @param impact LOW, MEDIUM or HIGH
 * @param level the level from the probability and impact matrix
 * @param mitigation what reduces it
 * @param owner who watches it
 * @param status open, mitigated, accepted or closed
 */
public record Risk(String id, String title, RiskLevel probability, RiskLevel impact, RiskLevel level,
        String mitigation, String owner, String status) {

    /** Checks for nulls. */
    public Risk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(level, "level");
    }
}
