/**
 * The chaos suite: a fault proxy on loopback ({@link io.gonogo.runners.chaos.FaultProxy}) whose
 * faults come from {@link io.gonogo.runners.chaos.FaultInjector}s, process faults on a service
 * gonogo started, and the {@code suites.chaos} scenarios that judge a steady-state hypothesis
 * before, during and after a fault.
 */
package io.gonogo.runners.chaos;
