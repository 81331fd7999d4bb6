package io.gonogo.core.config;

import io.gonogo.core.Criterion;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One target of the targets file: a metric, a label filter, an aggregation and criteria. Immutable
 * and thread-safe.
 */
public final class Target {
    private final String id;
    private final String title;
    private final String metric;
    private final Map<String, String> where;
    private final Aggregation aggregate;
    private final Criterion pass;
    private final Criterion acceptable;
    private final Criterion stretch;
    private final boolean critical;
    private final String location;

    private Target(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.title = b.title == null ? b.id : b.title;
        this.metric = Objects.requireNonNull(b.metric, "metric");
        this.where = Map.copyOf(b.where);
        this.aggregate = b.aggregate;
        this.pass = Objects.requireNonNull(b.pass, "pass");
        this.acceptable = b.acceptable;
        this.stretch = b.stretch;
        this.critical = b.critical;
        this.location = b.location == null ? "" : b.location;
    }

    /**
     * A builder for a target with {@code id}.
     *
     * @param id the target's unique id, such as {@code p99-5k}
     * @return a builder; critical unless told otherwise
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * The unique id.
     *
     * @return the id, such as {@code p99-5k}
     */
    public String id() {
        return id;
    }

    /**
     * The title for documents (the id when none was given).
     *
     * @return the title, or the id
     */
    public String title() {
        return title;
    }

    /**
     * The metric, e.g. {@code latency}.
     *
     * @return the metric's name
     */
    public String metric() {
        return metric;
    }

    /**
     * The label filter, sorted by key.
     *
     * @return a sorted copy; empty when the target takes every measurement of its metric
     */
    public Map<String, String> where() {
        return new TreeMap<>(where);
    }

    /**
     * The aggregation, if the file gave one.
     *
     * @return the aggregation, or empty to use the measurement's single figure
     */
    public Optional<Aggregation> aggregate() {
        return Optional.ofNullable(aggregate);
    }

    /**
     * The pass criterion.
     *
     * @return the criterion that gives MET
     */
    public Criterion pass() {
        return pass;
    }

    /**
     * The looser acceptable band, if any.
     *
     * @return the criterion that gives ACCEPTABLE when pass fails, or empty
     */
    public Optional<Criterion> acceptable() {
        return Optional.ofNullable(acceptable);
    }

    /**
     * The stricter stretch criterion (for EXCEEDED), if any.
     *
     * @return the criterion that gives EXCEEDED, or empty
     */
    public Optional<Criterion> stretch() {
        return Optional.ofNullable(stretch);
    }

    /**
     * Whether missing it blocks the release (the default).
     *
     * @return true when MISSED or NOT MEASURED gives NO-GO, false when it gives a condition
     */
    public boolean critical() {
        return critical;
    }

    /**
     * Where the target is declared, {@code file:line:column}, or empty when built in code.
     *
     * @return the location, such as {@code targets.yaml:12:5}, or empty
     */
    public String location() {
        return location;
    }

    /** Builds a {@link Target}; fails at {@link #build()} on a missing field. */
    public static final class Builder {
        private final String id;
        private String title;
        private String metric;
        private Map<String, String> where = Map.of();
        private Aggregation aggregate;
        private Criterion pass;
        private Criterion acceptable;
        private Criterion stretch;
        private boolean critical = true;
        private String location;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /**
         * Sets the title.
         *
         * @param value the title for documents
         * @return this builder
         */
        public Builder title(String value) {
            this.title = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Sets the metric.
         *
         * @param value the metric's name, such as {@code latency}
         * @return this builder
         */
        public Builder metric(String value) {
            this.metric = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Sets the label filter.
         *
         * @param value labels a measurement must have, such as {@code scenario: health-1k}
         * @return this builder
         */
        public Builder where(Map<String, String> value) {
            this.where = Map.copyOf(value);
            return this;
        }

        /**
         * Sets the aggregation.
         *
         * @param value the aggregation, such as {@code p99}
         * @return this builder
         */
        public Builder aggregate(Aggregation value) {
            this.aggregate = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Sets the pass criterion.
         *
         * @param value the criterion, such as {@code < 10ms}
         * @return this builder
         */
        public Builder pass(Criterion value) {
            this.pass = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Sets the acceptable band.
         *
         * @param value the looser criterion
         * @return this builder
         */
        public Builder acceptable(Criterion value) {
            this.acceptable = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Sets the stretch criterion.
         *
         * @param value the stricter criterion
         * @return this builder
         */
        public Builder stretch(Criterion value) {
            this.stretch = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Sets whether the target is critical.
         *
         * @param value false for a target whose miss only conditions the decision
         * @return this builder
         */
        public Builder critical(boolean value) {
            this.critical = value;
            return this;
        }

        /**
         * Sets where the target is declared.
         *
         * @param value {@code file:line:column}, or null for none
         * @return this builder
         */
        public Builder location(String value) {
            this.location = value;
            return this;
        }

        /**
         * Builds the target.
         *
         * @return the target
         * @throws IllegalStateException when the metric or the pass criterion is missing
         */
        public Target build() {
            if (metric == null || pass == null) {
                throw new IllegalStateException(
                        "target '" + id + "' needs a metric and a pass criterion");
            }
            return new Target(this);
        }
    }
}
