package io.gonogo.render;

import io.gonogo.core.Decision;
import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.MeasuredValue;
import io.gonogo.core.Measurement;
import io.gonogo.core.Outcome;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.Unit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Load evidence for the comparison matrix, built from histograms of known samples: health and
 * create-session measured over http and grpc (create-session over http by two scenarios, whose
 * histograms must be added), session-stats over http only; and the same with the generator's client
 * and CPU per call, and a generator-bound side.
 */
final class ComparisonFixtures {
    /** health over http: p99 2ms, at 2,000/s. */
    static final double HEALTH_HTTP_THROUGHPUT = 2000;

    /**
     * health over grpc: p99 1ms, at 3,000/s; so grpc / http is 1.5x for throughput, 0.5x for p99.
     */
    static final double HEALTH_GRPC_THROUGHPUT = 3000;

    private ComparisonFixtures() {}

    /** {@code n} samples: 99% at {@code body} microseconds and 1% at {@code tail}. */
    static Histogram bodyAndTail(int n, long body, long tail) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(body, n * 99L / 100);
        h.recordValueWithCount(tail, n - n * 99L / 100);
        return h;
    }

    /** {@code n} samples spread evenly over {@code from} to {@code to} microseconds. */
    static Histogram spread(int n, long from, long to) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < n; i++) {
            h.recordValue(from + i * (to - from) / n);
        }
        return h;
    }

    static Decision decision() {
        return Fixtures.bareDecision(Outcome.GO, List.of(), List.of());
    }

    static EvidenceSet evidence() {
        List<Measurement> ms = new ArrayList<>();
        run(
                ms,
                "health-http",
                "health",
                "transport",
                "http",
                bodyAndTail(1_000, 2_000, 9_000),
                HEALTH_HTTP_THROUGHPUT,
                1_000,
                Map.of("timeout", 0.0),
                100.0);
        run(
                ms,
                "health-grpc",
                "health",
                "transport",
                "grpc",
                bodyAndTail(1_000, 1_000, 4_000),
                HEALTH_GRPC_THROUGHPUT,
                1_000,
                Map.of("grpc_UNAVAILABLE", 0.0),
                100.0);
        run(
                ms,
                "sessions-http-a",
                "create-session",
                "transport",
                "http",
                spread(1_000, 3_000, 12_000),
                800,
                1_002,
                Map.of("timeout", 2.0),
                99.8);
        run(
                ms,
                "sessions-http-b",
                "create-session",
                "transport",
                "http",
                spread(1_000, 2_500, 10_500),
                850,
                1_001,
                Map.of("http_5xx", 1.0),
                99.9);
        // no success_rate: the summary derives it from requests and errors
        run(
                ms,
                "sessions-grpc",
                "create-session",
                "transport",
                "grpc",
                spread(1_500, 1_500, 6_000),
                1_400,
                1_503,
                Map.of("grpc_UNAVAILABLE", 3.0),
                null);
        run(
                ms,
                "stats-http",
                "session-stats",
                "transport",
                "http",
                spread(500, 800, 2_800),
                500,
                500,
                Map.of("timeout", 0.0),
                100.0);
        return evidence(ms);
    }

    /**
     * {@link #evidence()} as a load suite that measures its generator publishes it: each scenario's
     * client and CPU per call (but session-stats', which its client did not measure), and
     * list-sessions over http and grpc, whose grpc side was generator-bound.
     */
    static EvidenceSet withGenerator() {
        List<Measurement> ms = new ArrayList<>(evidence().measurements());
        cpu(ms, "health-http", "health", "transport", "http", "gonogo", 8.4);
        cpu(ms, "health-grpc", "health", "transport", "grpc", "gonogo", 12.6);
        // 1,002 and 1,001 requests: the side's CPU per call is their weighted mean, 9.3 us
        cpu(ms, "sessions-http-a", "create-session", "transport", "http", "gonogo", 9.1);
        cpu(ms, "sessions-http-b", "create-session", "transport", "http", "gonogo", 9.5);
        cpu(ms, "sessions-grpc", "create-session", "transport", "grpc", "grpc-java", 79);
        run(
                ms,
                "list-http",
                "list-sessions",
                "transport",
                "http",
                spread(1_000, 2_000, 4_000),
                1_200,
                1_000,
                Map.of("timeout", 0.0),
                100.0);
        cpu(ms, "list-http", "list-sessions", "transport", "http", "gonogo", 7.9);
        List<Measurement> bound = new ArrayList<>();
        run(
                bound,
                "list-grpc",
                "list-sessions",
                "transport",
                "grpc",
                spread(1_000, 3_000, 9_000),
                600,
                1_000,
                Map.of("grpc_UNAVAILABLE", 0.0),
                100.0);
        cpu(bound, "list-grpc", "list-sessions", "transport", "grpc", "grpc-java", 81.5);
        ms.addAll(generatorBound(bound));
        return evidence(ms);
    }

    /**
     * health over http measured for two versions: 1.1 has twice the throughput and half the p99 of
     * 1.0.
     */
    static EvidenceSet versions() {
        List<Measurement> ms = new ArrayList<>();
        run(
                ms,
                "health-1.0",
                "health",
                "version",
                "1.0",
                bodyAndTail(1_000, 2_000, 9_000),
                1_000,
                1_000,
                Map.of(),
                100.0);
        run(
                ms,
                "health-1.1",
                "health",
                "version",
                "1.1",
                bodyAndTail(1_000, 1_000, 9_000),
                2_000,
                1_000,
                Map.of(),
                100.0);
        return evidence(ms);
    }

    /** One operation over http and grpc, named {@code operation}. */
    static EvidenceSet named(String operation) {
        List<Measurement> ms = new ArrayList<>();
        run(
                ms,
                "s1",
                operation,
                "transport",
                "http",
                bodyAndTail(1_000, 2_000, 9_000),
                100,
                1_000,
                Map.of(),
                100.0);
        run(
                ms,
                "s2",
                operation,
                "transport",
                "grpc",
                bodyAndTail(1_000, 1_000, 9_000),
                200,
                1_000,
                Map.of(),
                100.0);
        return evidence(ms);
    }

    /**
     * The generator's CPU time per call in {@code micros} through {@code client}, as a load
     * scenario publishes it: its labels and the client.
     */
    static void cpu(
            List<Measurement> ms,
            String scenario,
            String operation,
            String label,
            String value,
            String client,
            double micros) {
        Map<String, String> labels = labels(scenario, operation, label, value);
        labels.put("client", client);
        ms.add(
                measure(
                        "generator_cpu_per_request",
                        labels,
                        Unit.MICROSECONDS,
                        new Scalar(micros),
                        testId(scenario)));
    }

    /**
     * {@code ms} flagged {@link Quality#GENERATOR_BOUND} but the CPU per call, as a load scenario
     * whose generator was the bottleneck publishes them.
     */
    static List<Measurement> generatorBound(List<Measurement> ms) {
        return ms.stream()
                .map(
                        m -> {
                            if (m.metric().equals("generator_cpu_per_request")) {
                                return m;
                            }
                            Set<Quality> quality = EnumSet.of(Quality.GENERATOR_BOUND);
                            quality.addAll(m.quality());
                            return new Measurement(
                                    m.metric(),
                                    m.labels(),
                                    m.unit(),
                                    m.value(),
                                    quality,
                                    m.source(),
                                    m.interval());
                        })
                .toList();
    }

    static EvidenceSet evidence(List<Measurement> ms) {
        return new EvidenceSet(
                EvidenceSet.SCHEMA_VERSION, Fixtures.RUN, Fixtures.environment(), ms, List.of());
    }

    /**
     * The measurements a load scenario publishes: latency, throughput, requests, errors per kind,
     * success rate.
     */
    static void run(
            List<Measurement> ms,
            String scenario,
            String operation,
            String label,
            String value,
            Histogram latency,
            double throughput,
            long requests,
            Map<String, Double> errors,
            Double successRate) {
        Map<String, String> labels = labels(scenario, operation, label, value);
        String id = testId(scenario);
        ms.add(measure("latency", labels, Unit.MICROSECONDS, Distribution.of(latency), id));
        ms.add(measure("throughput", labels, Unit.PER_SECOND, new Scalar(throughput), id));
        ms.add(measure("requests", labels, Unit.COUNT, new Scalar(requests), id));
        if (successRate != null) {
            ms.add(measure("success_rate", labels, Unit.PERCENT, new Scalar(successRate), id));
        }
        errors.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        e -> {
                            Map<String, String> withKind = new LinkedHashMap<>(labels);
                            withKind.put("kind", e.getKey());
                            ms.add(
                                    measure(
                                            "errors",
                                            withKind,
                                            Unit.COUNT,
                                            new Scalar(e.getValue()),
                                            id));
                        });
    }

    private static Map<String, String> labels(
            String scenario, String operation, String label, String value) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("suite", "load");
        labels.put("scenario", scenario);
        labels.put("operation", operation);
        labels.put(label, value);
        labels.put("model", "closed");
        return labels;
    }

    private static String testId(String scenario) {
        return "[engine:gonogo]/[suite:load]/[scenario:" + scenario + "]";
    }

    private static Measurement measure(
            String metric,
            Map<String, String> labels,
            Unit unit,
            MeasuredValue value,
            String testId) {
        return new Measurement(
                metric, labels, unit, value, Set.of(), new Source(Fixtures.RUN, "0", testId, ""));
    }
}
