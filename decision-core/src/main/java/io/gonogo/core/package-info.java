/**
 * The evidence model (measurements, test outcomes, environment), units and criteria, and the
 * decision engine that turns targets and evidence into GO, GO WITH CONDITIONS or NO-GO.
 */
package io.gonogo.core;
