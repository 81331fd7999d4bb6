package io.gonogo.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How a decision's load figures were gathered by several load generator shards and merged: which
 * shards reported, how far their clocks and starts were apart, and, per split scenario, each
 * shard's share and its generator's health. Stored in the decision's plan, so the documents can
 * show it; absent for a run on one generator.
 *
 * @param runId the run id every shard carried
 * @param count how many shards the run was split into
 * @param skewToleranceMillis how far apart the shards' starts could lie before the merged figures
 *     were flagged {@link Quality#SKEWED}
 * @param shards every shard of the run, in index order, those that never reported included
 * @param scenarios each split scenario that was merged, in plan order
 */
public record ShardedRun(
        String runId,
        int count,
        long skewToleranceMillis,
        List<Shard> shards,
        List<Scenario> scenarios) {

    /**
     * Checks and copies.
     *
     * @param runId the run id every shard carried
     * @param count how many shards the run was split into, at least 1
     * @param skewToleranceMillis how far apart the shards' starts could lie before the merged
     *     figures were flagged {@link Quality#SKEWED}
     * @param shards every shard of the run, in index order, those that never reported included
     * @param scenarios each split scenario that was merged, in plan order
     */
    public ShardedRun {
        Objects.requireNonNull(runId, "runId");
        if (count < 1) {
            throw new IllegalArgumentException("a sharded run has at least one shard: " + count);
        }
        shards = List.copyOf(shards);
        scenarios = List.copyOf(scenarios);
    }

    /**
     * How many shards reported usable evidence.
     *
     * @return the count of shards without a problem
     */
    public long reported() {
        return shards.stream().filter(s -> s.problem().isEmpty()).count();
    }

    /**
     * One shard of the run.
     *
     * @param index the shard's index, 0-based
     * @param jvm the shard's JVM; empty when it never reported
     * @param cpus the processors the shard's JVM saw; 0 when it never reported
     * @param startedAt when the shard's run started; null when it never reported
     * @param clockOffsetMillis the shard's clock minus the coordinator's, as far as known
     * @param clockOffsetNote how the offset was known, such as the round trip that bounds it
     * @param problem why the shard's evidence could not be used (missing, damaged, of another run);
     *     empty when it could
     */
    public record Shard(
            int index,
            String jvm,
            int cpus,
            Instant startedAt,
            double clockOffsetMillis,
            String clockOffsetNote,
            String problem) {

        /**
         * Checks for nulls.
         *
         * @param index the shard's index, 0-based
         * @param jvm the shard's JVM; empty when it never reported
         * @param cpus the processors the shard's JVM saw; 0 when it never reported
         * @param startedAt when the shard's run started; null when it never reported
         * @param clockOffsetMillis the shard's clock minus the coordinator's, as far as known
         * @param clockOffsetNote how the offset was known, such as the round trip that bounds it
         * @param problem why the shard's evidence could not be used; empty when it could
         */
        public Shard {
            jvm = Objects.requireNonNullElse(jvm, "");
            clockOffsetNote = Objects.requireNonNullElse(clockOffsetNote, "");
            problem = Objects.requireNonNullElse(problem, "");
        }
    }

    /**
     * One split scenario as merged.
     *
     * @param scenario the scenario's qualified id, such as {@code load/health}
     * @param windowSeconds the common measured window, the intersection of the shards' windows
     * @param cutSeconds the most any shard's window was cut to fit the common window
     * @param skewMillis how far apart the shards' measured windows began, read from their interval
     *     logs
     * @param barrierSkewMillis how far apart the shards' actual starts were from the coordinator's
     *     one start instant; null without a coordinator
     * @param skewed whether the merged figures were flagged {@link Quality#SKEWED}
     * @param shares each shard's share, in shard order
     */
    public record Scenario(
            String scenario,
            double windowSeconds,
            double cutSeconds,
            double skewMillis,
            Double barrierSkewMillis,
            boolean skewed,
            List<Share> shares) {

        /**
         * Checks and copies.
         *
         * @param scenario the scenario's qualified id, such as {@code load/health}
         * @param windowSeconds the common measured window
         * @param cutSeconds the most any shard's window was cut to fit the common window
         * @param skewMillis how far apart the shards' measured windows began
         * @param barrierSkewMillis how far apart the shards' actual starts were; null without a
         *     coordinator
         * @param skewed whether the merged figures were flagged {@link Quality#SKEWED}
         * @param shares each shard's share, in shard order
         */
        public Scenario {
            Objects.requireNonNull(scenario, "scenario");
            shares = List.copyOf(shares);
        }
    }

    /**
     * One shard's share of a split scenario, and how its generator fared.
     *
     * @param shard the shard's index
     * @param requests the requests the shard sent in its measured window
     * @param throughputPerSecond the shard's own throughput over its measured window
     * @param startOffsetMillis the shard's actual start minus the coordinator's start instant; null
     *     without a coordinator
     * @param generatorCpuMicrosPerRequest what one request cost the shard's engine threads in CPU
     *     time; null when not measured
     * @param generatorBound whether the shard's generator, not the service, limited its figures
     */
    public record Share(
            int shard,
            long requests,
            double throughputPerSecond,
            Double startOffsetMillis,
            Double generatorCpuMicrosPerRequest,
            boolean generatorBound) {

        /**
         * A share as measured.
         *
         * @param shard the shard's index
         * @param requests the requests the shard sent in its measured window
         * @param throughputPerSecond the shard's own throughput over its measured window
         * @param startOffsetMillis the shard's actual start minus the coordinator's start instant;
         *     null without a coordinator
         * @param generatorCpuMicrosPerRequest what one request cost the shard's engine threads in
         *     CPU time; null when not measured
         * @param generatorBound whether the shard's generator, not the service, limited its figures
         */
        public Share {}
    }
}
