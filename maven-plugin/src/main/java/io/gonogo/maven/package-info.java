/**
 * The gonogo Maven plugin: goal {@code gate} ({@link io.gonogo.maven.GateMojo}, phase {@code
 * verify}) gates the build on a gonogo decision, and goal {@code check} ({@link
 * io.gonogo.maven.CheckMojo}, phase {@code validate}) validates the targets file. Both are thin
 * shells over {@link io.gonogo.Gonogo}: they build {@link io.gonogo.RunOptions} from their
 * parameters and make one library call.
 */
package io.gonogo.maven;
