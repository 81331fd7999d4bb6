/**
 * The benchmark suite kind, its JMH bridge, the built-in benchmarks over the governance API (HTTP
 * and gRPC) and their clients; not an API (the benchmark classes are public because JMH needs them
 * to be).
 */
package io.gonogo.runners.benchmark.internal;
