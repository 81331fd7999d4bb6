package io.gonogo;

import io.gonogo.core.Decision;
import io.gonogo.core.EvidenceSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a run produced: the decision, the evidence, the files written and the exit code a pipeline
 * gates on.
 *
 * @param decision the decision
 * @param evidence the evidence it rests on
 * @param files the documents written
 * @param exitCode 0 GO or GO WITH CONDITIONS (3 when strict), 1 NO-GO
 */
public record RunResult(Decision decision, EvidenceSet evidence, List<Path> files, int exitCode) {

    /**
     * Checks and copies.
     *
     * @param decision the decision
     * @param evidence the evidence it rests on
     * @param files the documents written
     * @param exitCode 0 GO or GO WITH CONDITIONS (3 when strict), 1 NO-GO
     */
    public RunResult {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(evidence, "evidence");
        files = List.copyOf(files);
    }
}
