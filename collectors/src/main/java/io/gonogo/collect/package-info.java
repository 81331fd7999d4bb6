/**
 * Turning results into evidence: the JUnit Platform listener that builds an evidence set from a
 * launcher run, and the environment probe.
 */
package io.gonogo.collect;
