package io.gonogo.cli;

import io.gonogo.RunResult;
import io.gonogo.Summary;

/** What a run prints on stdout when it ends ({@code --summary}). */
enum SummaryFormat {
    /** The one-screen summary for a person: decision, scenarios, targets, blockers, files. */
    TEXT,
    /** One JSON object for scripts: decision, exit code, counts, the targets not met. */
    JSON;

    /** The summary of {@code result} in this format. */
    String of(RunResult result) {
        return this == JSON ? Summary.json(result) : Summary.of(result);
    }
}
