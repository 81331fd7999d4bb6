package io.gonogo.core.config;

import io.gonogo.core.Unit;
import java.util.Map;
import java.util.Optional;

/**
 * The standard metrics gonogo's own suites produce, with the dimension of their unit and whether
 * they are distributions. Metrics not listed here (custom ones published by hand-written suites or
 * imported) are allowed; their units are checked when evidence arrives.
 */
public final class Metrics {

    /**
     * What gonogo knows of a standard metric.
     *
     * @param name the metric's name, such as {@code latency}
     * @param unit the unit gonogo's suites publish it in (microseconds for times)
     * @param distribution whether it is a distribution of samples rather than one number
     * @param meaning what it measures, in one line for the documents
     */
    public record Info(String name, Unit unit, boolean distribution, String meaning) {}

    private static final Map<String, Info> KNOWN =
            Map.of(
                    "latency",
                            new Info(
                                    "latency",
                                    Unit.MICROSECONDS,
                                    true,
                                    "time from send to complete response of answered requests"),
                    "connect_time",
                            new Info(
                                    "connect_time",
                                    Unit.MICROSECONDS,
                                    true,
                                    "time to open a connection"),
                    "throughput",
                            new Info(
                                    "throughput",
                                    Unit.PER_SECOND,
                                    false,
                                    "answered requests per second of the measured window"),
                    "success_rate",
                            new Info(
                                    "success_rate",
                                    Unit.PERCENT,
                                    false,
                                    "successful requests in percent of attempted requests"),
                    "errors",
                            new Info(
                                    "errors",
                                    Unit.COUNT,
                                    false,
                                    "failed requests, labelled by kind"),
                    "requests",
                            new Info(
                                    "requests",
                                    Unit.COUNT,
                                    false,
                                    "requests attempted in the measured window"));

    private Metrics() {}

    /**
     * The standard metric {@code name}, if it is one.
     *
     * @param name the metric's name
     * @return what gonogo knows of it, or empty for a custom metric
     */
    public static Optional<Info> find(String name) {
        return Optional.ofNullable(KNOWN.get(name));
    }
}
