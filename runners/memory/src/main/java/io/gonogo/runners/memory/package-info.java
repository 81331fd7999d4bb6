/**
 * The memory suite ({@code suites.memory}): samplers of a service's heap, threads, descriptors and
 * GC (JMX through the Attach API with /proc, or a Prometheus endpoint under Micrometer's JVM metric
 * names), trend verdicts, and JFR profiling; the suite kind itself lives in {@code internal}.
 */
package io.gonogo.runners.memory;
