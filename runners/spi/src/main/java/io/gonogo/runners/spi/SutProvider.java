package io.gonogo.runners.spi;

import io.gonogo.core.config.SutSpec;
import java.nio.file.Path;

/**
 * Resolves the {@code sut} section of a targets file into a running service; found with {@link
 * java.util.ServiceLoader} by {@link #kind()}.
 */
public interface SutProvider {

    /**
     * The name of the file, in {@link #start}'s work folder, where a provider captures the
     * service's output. The engine publishes it as a file of the run (the evidence folder's {@code
     * sut.log}) when the run ends, and also when the service failed to start.
     */
    String LOG_FILE = "sut.log";

    /**
     * The key this provider handles: {@code embedded}, {@code url}, {@code command}.
     *
     * @return the kind, unique among the providers on the class path
     */
    String kind();

    /**
     * Checks the spec's settings without starting anything.
     *
     * @param spec the {@code sut} section of kind {@link #kind()}
     * @throws io.gonogo.core.InvalidInputException naming file, line and column of a bad setting
     */
    void validate(SutSpec spec);

    /**
     * How the validated {@code spec} reaches the service, as far as its settings tell without
     * starting anything (for instance whether the URL is {@code https}); {@link
     * DeclaredEndpoint#UNKNOWN} by default.
     *
     * @param spec the validated spec
     * @return what the spec declares
     */
    default DeclaredEndpoint declaredEndpoint(SutSpec spec) {
        return DeclaredEndpoint.UNKNOWN;
    }

    /**
     * Starts (or connects to) the service.
     *
     * @param spec the validated spec
     * @param workDir a fresh folder this run owns (data directories, logs)
     * @return the running service, which the caller closes
     * @throws Exception when the service cannot be started: the run's suites then fail with that
     *     reason
     */
    Sut start(SutSpec spec, Path workDir) throws Exception;
}
