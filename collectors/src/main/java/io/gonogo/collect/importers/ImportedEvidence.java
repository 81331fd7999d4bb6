package io.gonogo.collect.importers;

import io.gonogo.core.Measurement;
import io.gonogo.core.TestOutcome;
import java.util.List;
import java.util.Objects;

/**
 * What one importer read from one file: measurements (labelled with the tool's own dimensions, not
 * yet with {@code suite} or {@code scenario}), test outcomes, and notes on what was left out or is
 * weaker than it looks.
 *
 * @param measurements the measurements read
 * @param outcomes the tests the file reports, for test-result formats
 * @param notes sentences worth a reader's attention (a score without an error, a metric left out)
 */
public record ImportedEvidence(
        List<Measurement> measurements, List<TestOutcome> outcomes, List<String> notes) {

    /**
     * Checks and copies.
     *
     * @param measurements the measurements read
     * @param outcomes the tests the file reports, for test-result formats
     * @param notes sentences worth a reader's attention (a score without an error, a metric left
     *     out)
     */
    public ImportedEvidence {
        measurements = List.copyOf(Objects.requireNonNull(measurements, "measurements"));
        outcomes = List.copyOf(Objects.requireNonNull(outcomes, "outcomes"));
        notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
    }

    /**
     * Whether the file gave nothing at all.
     *
     * @return true when there is neither a measurement nor an outcome; notes do not count
     */
    public boolean isEmpty() {
        return measurements.isEmpty() && outcomes.isEmpty();
    }
}
