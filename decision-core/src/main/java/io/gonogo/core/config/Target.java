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

    /** A builder for a target with {@code id}. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** The unique id. */
    public String id() {
        return id;
    }

    /** The title for documents (the id when none was given). */
    public String title() {
        return title;
    }

    /** The metric, e.g. {@code latency}. */
    public String metric() {
        return metric;
    }

    /** The label filter, sorted by key. */
    public Map<String, String> where() {
        return new TreeMap<>(where);
    }

    /** The aggregation, if the file gave one. */
    public Optional<Aggregation> aggregate() {
        return Optional.ofNullable(aggregate);
    }

    /** The pass criterion. */
    public Criterion pass() {
        return pass;
    }

    /** The looser acceptable band, if any. */
    public Optional<Criterion> acceptable() {
        return Optional.ofNullable(acceptable);
    }

    /** The stricter stretch criterion (for EXCEEDED), if any. */
    public Optional<Criterion> stretch() {
        return Optional.ofNullable(stretch);
    }

    /** Whether missing it blocks the release (the default). */
    public boolean critical() {
        return critical;
    }

    /** Where the target is declared, {@code file:line:column}, or empty when built in code. */
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

        /** Sets the title. */
        public Builder title(String value) {
            this.title = Objects.requireNonNull(value);
            return this;
        }

        /** Sets the metric. */
        public Builder metric(String value) {
            this.metric = Objects.requireNonNull(value);
            return this;
        }

        /** Sets the label filter. */
        public Builder where(Map<String, String> value) {
            this.where = Map.copyOf(value);
            return this;
        }

        /** Sets the aggregation. */
        public Builder aggregate(Aggregation value) {
            this.aggregate = Objects.requireNonNull(value);
            return this;
        }

        /** Sets the pass criterion. */
        public Builder pass(Criterion value) {
            this.pass = Objects.requireNonNull(value);
            return this;
        }

        /** Sets the acceptable band. */
        public Builder acceptable(Criterion value) {
            this.acceptable = Objects.requireNonNull(value);
            return this;
        }

        /** Sets the stretch criterion. */
        public Builder stretch(Criterion value) {
            this.stretch = Objects.requireNonNull(value);
            return this;
        }

        /** Sets whether the target is critical. */
        public Builder critical(boolean value) {
            this.critical = value;
            return this;
        }

        /** Sets where the target is declared. */
        public Builder location(String value) {
            this.location = value;
            return this;
        }

        /** Builds the target. */
        public Target build() {
            if (metric == null || pass == null) {
                throw new IllegalStateException(
                        "target '" + id + "' needs a metric and a pass criterion");
            }
            return new Target(this);
        }
    }
}
