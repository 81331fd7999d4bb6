package io.gonogo.core;

/** Level of a risk, from its probability and impact. */
public enum RiskLevel {
    /** Accept and watch. */
    LOW,
    /** Ship only with a written condition. */
    MEDIUM,
    /** Blocks the release unless waived. */
    HIGH
}
