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
 * @param serviceUnderTest what was tested, e.g. "embedded governance server, pid 123,
 *     http=http://127.0.0.1:41885", {@code ""} when unknown (imported evidence)
 */
public record Environment(
        String gonogoVersion,
        String jvm,
        String os,
        int cpus,
        long memoryBytes,
        String gitCommit,
        Instant startedAt,
        Instant endedAt,
        Profile profile,
        String serviceUnderTest) {

    /**
     * Checks for nulls.
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
     * @param serviceUnderTest what was tested, e.g. "embedded governance server, pid 123,
     *     http=http://127.0.0.1:41885", {@code ""} when unknown (imported evidence)
     */
    public Environment {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(profile, "profile");
        gitCommit = Objects.requireNonNullElse(gitCommit, "");
        serviceUnderTest = Objects.requireNonNullElse(serviceUnderTest, "");
    }

    /**
     * An environment whose service under test is not (yet) known.
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
    public Environment(
            String gonogoVersion,
            String jvm,
            String os,
            int cpus,
            long memoryBytes,
            String gitCommit,
            Instant startedAt,
            Instant endedAt,
            Profile profile) {
        this(gonogoVersion, jvm, os, cpus, memoryBytes, gitCommit, startedAt, endedAt, profile, "");
    }

    /**
     * This environment with the service under test described as {@code description}.
     *
     * @param description what was tested, such as the server's name, pid and URL; null is {@code
     *     ""}
     * @return a copy with only {@link #serviceUnderTest()} replaced
     */
    public Environment withServiceUnderTest(String description) {
        return new Environment(
                gonogoVersion,
                jvm,
                os,
                cpus,
                memoryBytes,
                gitCommit,
                startedAt,
                endedAt,
                profile,
                description);
    }
}
