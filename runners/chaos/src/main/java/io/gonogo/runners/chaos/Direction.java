package io.gonogo.runners.chaos;

/** Which way bytes flow through the fault proxy. */
public enum Direction {
    /** From the client to the service (requests). */
    UPSTREAM,
    /** From the service to the client (responses). */
    DOWNSTREAM,
    /** Both ways. */
    BOTH;

    /**
     * Whether a fault declared for this direction acts on bytes flowing {@code flow}.
     *
     * @param flow the direction bytes actually flow, upstream or downstream
     * @return true for {@link #BOTH} and for the same direction
     */
    public boolean covers(Direction flow) {
        return this == BOTH || this == flow;
    }

    /**
     * The lower-case name used in targets files, e.g. {@code downstream}.
     *
     * @return the name in lower case
     */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
