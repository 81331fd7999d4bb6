package io.gonogo.runners.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a suite kind may know when it plans, besides its own section of the targets file: how the
 * service under test is reached (so that what cannot work against it is refused before anything
 * runs) and the run's parameters given outside the file (on the command line or as JUnit
 * configuration parameters).
 *
 * @param sut what the targets file declares about the service's endpoint
 * @param parameters the run's parameters by configuration parameter name, such as {@code
 *     gonogo.benchmark.classpath} for {@code --classpath}; a kind reads those it knows
 */
public record PlanContext(DeclaredEndpoint sut, Map<String, String> parameters) {

    /** Nothing known about the service, no parameters. */
    public static final PlanContext NONE = new PlanContext(DeclaredEndpoint.UNKNOWN, Map.of());

    /**
     * Checks for nulls and copies the parameters.
     *
     * @param sut what the targets file declares about the service's endpoint
     * @param parameters the run's parameters by configuration parameter name, such as {@code
     *     gonogo.benchmark.classpath} for {@code --classpath}; a kind reads those it knows
     */
    public PlanContext {
        Objects.requireNonNull(sut, "sut");
        parameters = Map.copyOf(parameters);
    }

    /**
     * A context knowing only {@code sut}.
     *
     * @param sut what the targets file declares of the service under test
     * @return a context without parameters
     */
    public static PlanContext of(DeclaredEndpoint sut) {
        return new PlanContext(sut, Map.of());
    }

    /**
     * A context with only {@code parameters}.
     *
     * @param parameters the run's parameters by configuration parameter name
     * @return a context whose service under test is {@link DeclaredEndpoint#UNKNOWN}
     */
    public static PlanContext of(Map<String, String> parameters) {
        return new PlanContext(DeclaredEndpoint.UNKNOWN, parameters);
    }
}
