package example;

/** A fixture deliverable: its non-blank lines are counted by the progress report. */
final class LoadSuite {

    int requests() {
        return 1_000;
    }
}
