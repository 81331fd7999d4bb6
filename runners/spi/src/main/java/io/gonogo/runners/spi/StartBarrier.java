package io.gonogo.runners.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the shards of one sharded run wait for each other before a load scenario, so that their
 * shares of the load start together: each shard registers as ready, and once all have, every shard
 * is given one start instant and sleeps until it. A run without a coordinator has {@link #NONE},
 * which starts at once.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface StartBarrier {

    /** No barrier: every scenario starts at once and records no start. */
    StartBarrier NONE = scenario -> Optional.empty();

    /**
     * Registers this shard as ready to start {@code scenario}, blocks until every shard of the run
     * is, then sleeps until the common start instant.
     *
     * @param scenario the scenario's qualified id, such as {@code load/health}
     * @return the start instant and how far this shard's actual start was from it; empty without a
     *     barrier
     * @throws io.gonogo.core.NotExecutedException when the barrier does not complete (a shard never
     *     registered within the barrier timeout, the coordinator refused or did not answer), with
     *     the reason naming the missing shards: the scenario is then NOT EXECUTED, never run on a
     *     share of the load taken as the whole
     */
    Optional<Start> await(String scenario);

    /**
     * When a shard started a scenario with the others.
     *
     * @param scenario the scenario's qualified id
     * @param at the start instant all shards were given, on the coordinator's clock
     * @param offset this shard's actual start minus {@code at}, both on the coordinator's clock
     * @param clockOffset this host's clock minus the coordinator's, as measured; zero when not
     */
    record Start(String scenario, Instant at, Duration offset, Duration clockOffset) {

        /**
         * Checks.
         *
         * @param scenario the scenario's qualified id
         * @param at the start instant all shards were given, on the coordinator's clock
         * @param offset this shard's actual start minus {@code at}; negative when it started early
         * @param clockOffset this host's clock minus the coordinator's, as measured; zero when not
         */
        public Start {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(offset, "offset");
            Objects.requireNonNull(clockOffset, "clockOffset");
        }

        /**
         * A start on hosts whose clocks agree with the coordinator's.
         *
         * @param scenario the scenario's qualified id
         * @param at the start instant all shards were given
         * @param offset this shard's actual start minus {@code at}; negative when it started early
         */
        public Start(String scenario, Instant at, Duration offset) {
            this(scenario, at, offset, Duration.ZERO);
        }

        /**
         * The start instant as this host's clock shows it, to anchor the run's own clock at.
         *
         * @return {@code at} plus the clock offset
         */
        public Instant localAt() {
            return at.plus(clockOffset);
        }
    }
}
