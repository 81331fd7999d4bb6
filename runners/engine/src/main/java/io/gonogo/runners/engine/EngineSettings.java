package io.gonogo.runners.engine;

/** The JUnit configuration parameters gonogo's engine reads. */
public final class EngineSettings {
    /** Path of the targets file to discover suites from. */
    public static final String TARGETS = "gonogo.targets";

    /** Profile: {@code quick} or {@code full}; default: the file's, else quick. */
    public static final String PROFILE = "gonogo.profile";

    /**
     * The class path of a team's own JMH benchmarks, entries separated by the platform's path
     * separator; overrides the {@code classpath} of every benchmark scenario that names its own
     * benchmarks (the command line's {@code --classpath}).
     */
    public static final String BENCHMARK_CLASSPATH = "gonogo.benchmark.classpath";

    /** Whether to print progress lines on stderr ({@code true} by default). */
    public static final String PROGRESS = "gonogo.progress";

    /**
     * The share of the load this process runs, {@code I/N} (see {@link
     * io.gonogo.runners.spi.RunShard#parse}); the whole run when absent.
     */
    public static final String SHARD = "gonogo.shard";

    /** The JUnit engine id. */
    public static final String ENGINE_ID = "gonogo";

    private EngineSettings() {}
}
