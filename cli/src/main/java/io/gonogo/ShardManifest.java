package io.gonogo;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A load shard's {@code shard.json}, written beside its {@code evidence.json} by {@code gonogo run
 * --shard I/N} and read by {@code gonogo merge}.
 *
 * <p>Fields: {@code schemaVersion} (1), {@code runId} (shared by every shard of one run), {@code
 * shard} and {@code shards} (I and N), {@code startedAt} and {@code endedAt} (the shard process's
 * run, this host's clock), {@code clockOffsetMillis} and {@code clockOffsetNote} (how far this
 * host's clock was from the run's reference, and how that was known: 0 "not measured" without a
 * coordinator), {@code split} (the scenarios this shard ran a share of), {@code firstOnly} (the
 * scenarios that cannot split their load, run on shard 0 only), {@code problems} (report entries
 * the shard could not read) and {@code starts} (for a shard run with a coordinator, each split
 * scenario's start instant, the one every shard was given, and {@code offsetMillis}, this shard's
 * actual start minus it; absent without a coordinator). Each load scenario's interval log ({@code
 * evidence/<scenario>/ latency.hlog}, absolute time stamps) is named by its {@code latency}
 * measurement's source.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param runId the run id every shard of the run shares
 * @param shard this shard's index, 0..shards-1
 * @param shards how many shards the run has
 * @param startedAt when this shard's run started
 * @param endedAt when it ended
 * @param clockOffsetMillis this host's clock minus the run's reference clock, as far as known
 * @param clockOffsetNote how the offset was known
 * @param split qualified ids of the scenarios whose load this shard shared
 * @param firstOnly qualified ids of the scenarios that run on shard 0 only
 * @param problems report entries the shard could not read
 * @param starts when this shard started each split scenario with the others; empty without a
 *     coordinator
 */
public record ShardManifest(
        int schemaVersion,
        String runId,
        int shard,
        int shards,
        Instant startedAt,
        Instant endedAt,
        double clockOffsetMillis,
        String clockOffsetNote,
        List<String> split,
        List<String> firstOnly,
        List<String> problems,
        List<ShardManifest.Start> starts) {

    /** The version of this format. */
    public static final int SCHEMA_VERSION = 1;

    /** The file's name in a shard's output folder. */
    public static final String FILE = "shard.json";

    /**
     * Checks and copies.
     *
     * @param schemaVersion {@link #SCHEMA_VERSION}
     * @param runId the run id every shard of the run shares
     * @param shard this shard's index, 0..shards-1
     * @param shards how many shards the run has
     * @param startedAt when this shard's run started
     * @param endedAt when it ended
     * @param clockOffsetMillis this host's clock minus the run's reference clock, as far as known
     * @param clockOffsetNote how the offset was known
     * @param split qualified ids of the scenarios whose load this shard shared
     * @param firstOnly qualified ids of the scenarios that run on shard 0 only
     * @param problems report entries the shard could not read
     * @param starts the scenarios this shard started together with the others, at the coordinator's
     *     instant; empty without a coordinator
     */
    public ShardManifest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        clockOffsetNote = Objects.requireNonNullElse(clockOffsetNote, "");
        split = split == null ? List.of() : List.copyOf(split);
        firstOnly = firstOnly == null ? List.of() : List.copyOf(firstOnly);
        problems = problems == null ? List.of() : List.copyOf(problems);
        starts = starts == null ? List.of() : List.copyOf(starts);
    }

    /**
     * When a shard started a scenario together with the others, from the coordinator's barrier.
     *
     * @param scenario the scenario's qualified id
     * @param startAt the start instant the coordinator gave every shard
     * @param offsetMillis this shard's actual start minus {@code startAt}, in milliseconds
     */
    public record Start(String scenario, Instant startAt, double offsetMillis) {

        /**
         * Checks.
         *
         * @param scenario the scenario's qualified id
         * @param startAt the start instant the coordinator gave every shard
         * @param offsetMillis this shard's actual start minus {@code startAt}, in milliseconds
         */
        public Start {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(startAt, "startAt");
        }
    }

    /** This shard's start of {@code scenario}, when a coordinator started it. */
    java.util.Optional<Start> start(String scenario) {
        return starts.stream().filter(s -> s.scenario().equals(scenario)).findFirst();
    }

    /** {@code I/N}. */
    String label() {
        return shard + "/" + shards;
    }
}
