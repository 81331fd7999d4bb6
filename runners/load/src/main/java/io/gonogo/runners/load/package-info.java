/**
 * The load engine's public API: build a {@link io.gonogo.runners.load.LoadRunner}, run it and
 * read the figures of its {@link io.gonogo.runners.load.LoadResult}.
 *
 * <p>The engine is a closed-model HTTP/1.1 keep-alive load generator: each virtual user owns
 * one connection and sends its next request as soon as the previous response is complete. All
 * connections are driven by one thread with one NIO selector. Latencies are in microseconds
 * and cover measured requests only; warm-up requests come on top of the requested count and
 * are excluded from every figure.
 */
package io.gonogo.runners.load;
