package io.gonogo.core;

/** How a measured figure stands against its target. */
public enum Verdict {
    /** The target's stretch criterion holds too. */
    EXCEEDED,
    /** The pass criterion holds. */
    MET,
    /** The pass criterion fails but the looser acceptable band holds. */
    ACCEPTABLE,
    /** Neither the pass criterion nor the acceptable band holds. */
    MISSED,
    /**
     * The figure would pass, but too little evidence supports it (it stands below its floor of
     * samples, attempts or measured window, its uncertainty straddles the threshold, or it includes
     * warm-up).
     */
    INCONCLUSIVE,
    /** No usable measurement: the reason says why. */
    NOT_MEASURED;

    /**
     * The verdict as written in documents, e.g. {@code NOT MEASURED}.
     *
     * @return the constant's name with spaces for underscores
     */
    public String title() {
        return name().replace('_', ' ');
    }
}
