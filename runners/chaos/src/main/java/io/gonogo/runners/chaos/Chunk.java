package io.gonogo.runners.chaos;

/**
 * One read of bytes flowing through the fault proxy in one direction of one connection, handed to
 * each active {@link Fault} in turn; a fault says what happens to it. Effects add up: two delays
 * add, the slowest pace wins, and a reset or blackhole wins over everything else. Instances are
 * confined to the connection's event loop and valid only during {@link Fault#onChunk(Chunk)}.
 */
public interface Chunk {

    /**
     * Which way the bytes flow.
     *
     * @return {@link Direction#UPSTREAM} or {@link Direction#DOWNSTREAM}, never both
     */
    Direction direction();

    /**
     * How many bytes the chunk holds.
     *
     * @return the size in bytes, at least 1
     */
    int size();

    /**
     * A number identifying the connection within its proxy, from 1.
     *
     * @return the connection's number
     */
    long connectionId();

    /**
     * Adds {@code nanos} of latency before the chunk is forwarded (order is kept).
     *
     * @param nanos the added latency in nanoseconds
     */
    void delay(long nanos);

    /**
     * Forwards the chunk no faster than {@code bytesPerSecond} on this connection and direction.
     *
     * @param bytesPerSecond the bandwidth limit, above 0
     */
    void pace(double bytesPerSecond);

    /** Discards the chunk: the peer never sees these bytes. */
    void blackhole();

    /** Resets the whole connection: both peers see a TCP RST. */
    void reset();
}
