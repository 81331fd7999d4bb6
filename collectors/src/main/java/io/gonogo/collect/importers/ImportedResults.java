package io.gonogo.collect.importers;

import io.gonogo.core.Measurement;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.TestOutcome;
import java.util.List;

/**
 * What importing a list of {@code results:} entries gave: one expected producer per entry (suite
 * {@code results}, scenario the entry's id), the measurements and test outcomes read, one outcome
 * per entry saying whether it was imported whole, and every problem met, file by file.
 *
 * <p>A damaged or missing file never hides the others: each entry is imported on its own, and a
 * problem makes only its own entry's outcome FAILED (or NOT_EXECUTED when the file is missing).
 *
 * @param plan the expected producers, one per entry, in order
 * @param measurements every measurement read, labelled {@code suite=results}, {@code
 *     scenario=<id>}, {@code format=<importer>} plus the entry's labels, with the file as source
 * @param outcomes one outcome per entry (its scenario), then the tests the files report
 * @param problems one line per problem, starting with the file (and line or field where known)
 */
public record ImportedResults(
        List<PlannedScenario> plan,
        List<Measurement> measurements,
        List<TestOutcome> outcomes,
        List<String> problems) {

    /** Nothing imported. */
    public static final ImportedResults NONE =
            new ImportedResults(List.of(), List.of(), List.of(), List.of());

    /**
     * Copies.
     *
     * @param plan the expected producers, one per entry, in order
     * @param measurements every measurement read, labelled {@code suite=results}, {@code
     *     scenario=<id>}, {@code format=<importer>} plus the entry's labels, with the file as
     *     source
     * @param outcomes one outcome per entry (its scenario), then the tests the files report
     * @param problems one line per problem, starting with the file (and line or field where known)
     */
    public ImportedResults {
        plan = List.copyOf(plan);
        measurements = List.copyOf(measurements);
        outcomes = List.copyOf(outcomes);
        problems = List.copyOf(problems);
    }
}
