package io.gonogo.runners.spi;

/**
 * Which share of a plan's load this process runs: shard {@code index} of {@code count}. A run that
 * is not sharded is shard 0 of 1, {@link #WHOLE}.
 *
 * <p>Closed model: connections, requests and warm-up are split into integer shares that add up to
 * the whole ({@link #share(long)}). Open model: every shard follows the one schedule of the whole
 * rate and sends its arrivals {@code index, index + count, index + 2 count, ...}, so the shards'
 * arrivals interleave and none bunches them.
 *
 * @param index this shard, {@code 0..count-1}
 * @param count how many shards run the plan, 1..1,024
 */
public record RunShard(int index, int count) {

    /** The most shards of one run. */
    public static final int MAX_SHARDS = 1_024;

    /** A run that is not sharded: shard 0 of 1. */
    public static final RunShard WHOLE = new RunShard(0, 1);

    /**
     * Checks the bounds.
     *
     * @param index this shard, {@code 0..count-1}
     * @param count how many shards, 1..1,024
     * @throws IllegalArgumentException naming the bound and the bad value
     */
    public RunShard {
        if (count < 1 || count > MAX_SHARDS) {
            throw new IllegalArgumentException(
                    "the shard count must be within 1.." + MAX_SHARDS + ", got " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(
                    "the shard index must be within 0.." + (count - 1) + ", got " + index);
        }
    }

    /**
     * Reads {@code I/N}, such as {@code 0/4}.
     *
     * @param text the shard as {@code I/N}
     * @return the shard
     * @throws IllegalArgumentException when the text is not {@code I/N} within the bounds
     */
    public static RunShard parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException(
                    "expected I/N, the shard index from 0 and the shard count, such as 0/4; got '"
                            + text
                            + "'");
        }
        try {
            return new RunShard(
                    Integer.parseInt(text.substring(0, slash).trim()),
                    Integer.parseInt(text.substring(slash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "expected I/N with whole numbers, such as 0/4; got '" + text + "'", e);
        }
    }

    /**
     * Whether this is the whole run, shard 0 of 1.
     *
     * @return true for {@code 0/1}
     */
    public boolean whole() {
        return count == 1;
    }

    /**
     * Whether this shard runs the scenarios that cannot be split (memory, chaos, benchmark).
     *
     * @return true for shard 0
     */
    public boolean first() {
        return index == 0;
    }

    /**
     * This shard's integer share of {@code total}: {@code total / count}, plus one for the first
     * {@code total % count} shards, so the shares of all shards add up to {@code total}.
     *
     * @param total the whole, at least 0
     * @return this shard's share
     */
    public long share(long total) {
        return share(total, index, count);
    }

    /**
     * This shard's share of the setting {@code name}, which must not be empty: a shard with no
     * connection or no request to send would run nothing while counted as a share of the load.
     *
     * @param name the setting, as the user gives it, such as {@code concurrency}
     * @param total the setting's whole value
     * @return this shard's share, at least 1
     * @throws IllegalArgumentException when the share would be empty, naming the setting and what
     *     to raise it to
     */
    public long requireShare(String name, long total) {
        long share = share(total);
        if (share < 1) {
            throw new IllegalArgumentException(
                    name
                            + " "
                            + total
                            + " cannot be split into "
                            + count
                            + " shards: each shard needs at least one; raise "
                            + name
                            + " to "
                            + count
                            + " or more, or run fewer shards");
        }
        return share;
    }

    /**
     * Shard {@code index}'s share of {@code total} among {@code count}.
     *
     * @param total the whole, at least 0
     * @param index the shard, {@code 0..count-1}
     * @param count the shards, at least 1
     * @return the share
     */
    public static long share(long total, int index, int count) {
        return total / count + (index < total % count ? 1 : 0);
    }

    /**
     * {@code I/N}.
     *
     * @return the index and the count, such as {@code 0/4}
     */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
