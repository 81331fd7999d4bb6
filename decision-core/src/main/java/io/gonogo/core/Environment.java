package io.gonogo.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Where and when evidence was gathered.
 *
 * @param gonogoVersion version of gonogo
 * @param jvm JVM vendor, name and version
 * @param os operating system name, version and architecture
 * @param cpus available processors
 * @param memoryBytes maximum heap of the gonogo JVM
 * @param gitCommit commit of the working directory, {@code ""} when unknown
 * @param startedAt start of the run
 * @param endedAt end of the run
 * @param profile profile the run used
 */
public record Environment(
        String gonogoVersion, String jvm, String os, int cpus, long memoryBytes, String gitCommit,
        Instant startedAt, Instant endedAt, Profile profile) {

    /** Checks for nulls. */
    public Environment {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(profile, "profile");
        gitCommit = Objects.requireNonNullElse(gitCommit, "");
    }
}
