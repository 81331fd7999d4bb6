package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a measurement came from: the run, the shard, the JUnit test and an attached file.
 *
 * @param runId the run that produced it
 * @param shard the shard within the run ({@code "0"} when not sharded)
 * @param testId the unique id of the test that published it, {@code ""} when imported
 * @param file attachment path relative to the report folder (e.g. {@code
 *     evidence/health-1k/latency.hlog}), {@code ""} when none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Source(String runId, String shard, String testId, String file) {

    /** A source not yet attributed to a run; the collector fills it in. */
    public static final Source UNATTRIBUTED = new Source("", "0", "", "");

    /**
     * Replaces nulls (absent JSON fields) by empty strings.
     *
     * @param runId the run that produced it
     * @param shard the shard within the run ({@code "0"} when not sharded)
     * @param testId the unique id of the test that published it, {@code ""} when imported
     * @param file attachment path relative to the report folder (e.g. {@code
     *     evidence/health-1k/latency.hlog}), {@code ""} when none
     */
    public Source {
        runId = Objects.requireNonNullElse(runId, "");
        shard = Objects.requireNonNullElse(shard, "0");
        testId = Objects.requireNonNullElse(testId, "");
        file = Objects.requireNonNullElse(file, "");
    }

    /**
     * The attached file, if any.
     *
     * @return {@link #file()}, or empty when it is {@code ""}
     */
    public Optional<String> attachment() {
        return file.isEmpty() ? Optional.empty() : Optional.of(file);
    }
}
