package io.gonogo.runners.engine;

/** The JUnit configuration parameters gonogo's engine reads. */
public final class EngineSettings {
    /** Path of the targets file to discover suites from. */
    public static final String TARGETS = "gonogo.targets";

    /** Profile: {@code quick} or {@code full}; default: the file's, else quick. */
    public static final String PROFILE = "gonogo.profile";

    /** Whether to print progress lines on stderr ({@code true} by default). */
    public static final String PROGRESS = "gonogo.progress";

    /** The JUnit engine id. */
    public static final String ENGINE_ID = "gonogo";

    private EngineSettings() {}
}
