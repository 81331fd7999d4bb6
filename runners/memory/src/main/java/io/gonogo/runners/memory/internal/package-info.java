/**
 * Internals of the memory suite: the samplers, the trend analysis, the workloads, the {@code
 * suites.memory} kind and the JFR recorder, summary and flame graph.
 */
package io.gonogo.runners.memory.internal;
