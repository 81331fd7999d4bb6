/**
 * The benchmark suite kind ({@code suites.benchmark}): JMH run from gonogo's JUnit engine over the
 * governance operations and over a team's own benchmarks; {@link
 * io.gonogo.runners.benchmark.GonogoSut} is what a team's benchmark reads to reach the service
 * under test.
 */
package io.gonogo.runners.benchmark;
