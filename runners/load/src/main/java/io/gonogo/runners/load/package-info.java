/**
 * The load engine's public API: build a {@link io.gonogo.runners.load.LoadRunner}, run it and read
 * the figures of its {@link io.gonogo.runners.load.LoadResult}.
 *
 * <p>The engine is an HTTP/1.1 keep-alive load generator with two workload models. Closed: each
 * virtual user owns one connection and sends its next request as soon as the previous response is
 * complete, for a request count or a duration; latency runs from the actual send. Open: requests
 * leave at a constant rate on a fixed schedule over a pool of connections; latency runs from each
 * request's intended send time (coordinated omission corrected) and timeouts are also recorded in
 * the latency histogram, so a stalled server shows in the percentiles. All connections are driven
 * by one thread with one NIO selector. Latencies are in microseconds and cover measured requests
 * only; warm-up requests come on top of the requested count or duration and are excluded from every
 * figure.
 */
package io.gonogo.runners.load;
