package io.gonogo.runners.benchmark.internal;

import io.gonogo.runners.spi.GovernanceOperation;
import java.util.LinkedHashMap;
import java.util.Map;

/** The governance operations the built-in benchmarks measure, and the benchmark method of each. */
final class Operations {

    /**
     * Operation name to benchmark method name, for every operation of {@link GovernanceOperation}
     * in its order (DESIGN.md's list).
     */
    static final Map<String, String> METHODS = methods();

    /** Why {@code watch} has no built-in benchmark. */
    static final String WATCH_REASON =
            "'watch' is a server stream, not a call: JMH's per-call throughput and sample time do"
                    + " not describe it (its figures are time to first event and events per second,"
                    + " which a load scenario measures)";

    /** Benchmark class of each transport. */
    static final Map<String, Class<?>> CLASSES =
            Map.of("http", HttpGovernanceBench.class, "grpc", GrpcGovernanceBench.class);

    private Operations() {}

    private static Map<String, String> methods() {
        Map<String, String> m = new LinkedHashMap<>();
        for (GovernanceOperation op : GovernanceOperation.values()) {
            m.put(op.id(), camel(op.id()));
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static String camel(String op) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : op.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    /** The JMH include pattern that selects exactly one built-in benchmark. */
    static String include(String transport, String operation) {
        return "^"
                + java.util.regex.Pattern.quote(
                        CLASSES.get(transport).getName() + "." + METHODS.get(operation))
                + "$";
    }
}
