/**
 * The whole pipeline as one library call ({@link io.gonogo.Gonogo}): plan, run the suites, collect
 * evidence, decide, render.
 */
package io.gonogo;
