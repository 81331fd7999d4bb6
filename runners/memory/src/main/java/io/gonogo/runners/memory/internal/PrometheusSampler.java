package io.gonogo.runners.memory.internal;

import io.gonogo.runners.memory.Gauge;
import io.gonogo.runners.memory.Sample;
import io.gonogo.runners.memory.Sampler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Samples a service's Prometheus endpoint (text exposition format 0.0.4). Each gauge is read from a
 * selector, {@code name} or {@code name{label="value",...}}, summed over the series it matches; the
 * defaults are Micrometer's JVM names ({@link #DEFAULT_NAMES}). GC pause is read in seconds and
 * reported in milliseconds. A live-heap figure of 0 (Micrometer's {@code
 * jvm_gc_live_data_size_bytes} before the first old-generation collection) counts as absent.
 */
public final class PrometheusSampler implements Sampler {

    /** Micrometer's standard names for each gauge. */
    public static final Map<Gauge, String> DEFAULT_NAMES = defaults();

    private static Map<Gauge, String> defaults() {
        Map<Gauge, String> m = new EnumMap<>(Gauge.class);
        m.put(Gauge.HEAP_LIVE, "jvm_gc_live_data_size_bytes");
        m.put(Gauge.HEAP_USED, "jvm_memory_used_bytes{area=\"heap\"}");
        m.put(Gauge.THREADS, "jvm_threads_live_threads");
        m.put(Gauge.THREADS_PEAK, "jvm_threads_peak_threads");
        m.put(Gauge.THREADS_STARTED, "jvm_threads_started_threads_total");
        m.put(Gauge.OPEN_FDS, "process_files_open_files");
        m.put(Gauge.DIRECT_MEMORY, "jvm_buffer_memory_used_bytes{id=\"direct\"}");
        m.put(Gauge.RSS, "process_resident_memory_bytes");
        m.put(Gauge.GC_COUNT, "jvm_gc_pause_seconds_count");
        m.put(Gauge.GC_PAUSE, "jvm_gc_pause_seconds_sum");
        m.put(Gauge.ALLOCATED, "jvm_gc_memory_allocated_bytes_total");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** A parsed selector: a metric name and the labels a series must carry. */
    record Selector(String name, Map<String, String> labels) {

        /**
         * Parses {@code name} or {@code name{k="v",...}}; throws IllegalArgumentException saying
         * what was expected.
         */
        static Selector parse(String text) {
            String t = text.strip();
            int brace = t.indexOf('{');
            String name = brace < 0 ? t : t.substring(0, brace);
            if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                throw new IllegalArgumentException(
                        "'"
                                + text
                                + "' is not a Prometheus selector; expected a metric name such as"
                                + " jvm_threads_live_threads, optionally with labels:"
                                + " name{area=\"heap\"}");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0) {
                if (!t.endsWith("}")) {
                    throw new IllegalArgumentException(
                            "'" + text + "' opens '{' without closing it");
                }
                labels = parseLabels(t.substring(brace + 1, t.length() - 1), text);
            }
            return new Selector(name, labels);
        }

        boolean matches(String seriesName, Map<String, String> seriesLabels) {
            if (!seriesName.equals(name)) {
                return false;
            }
            for (Map.Entry<String, String> e : labels.entrySet()) {
                if (!e.getValue().equals(seriesLabels.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Parses {@code k="v",k2="v\"2"} (quotes, backslashes and newlines escaped as in the format).
     */
    static Map<String, String> parseLabels(String body, String whole) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        int n = body.length();
        while (i < n) {
            while (i < n && (body.charAt(i) == ',' || body.charAt(i) == ' ')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = body.indexOf('=', i);
            if (eq < 0 || eq + 1 >= n || body.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException(
                        "'" + whole + "': expected label=\"value\" at '" + body.substring(i) + "'");
            }
            String key = body.substring(i, eq).strip();
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            while (j < n && body.charAt(j) != '"') {
                char c = body.charAt(j);
                if (c == '\\' && j + 1 < n) {
                    char e = body.charAt(++j);
                    v.append(e == 'n' ? '\n' : e);
                } else {
                    v.append(c);
                }
                j++;
            }
            if (j >= n) {
                throw new IllegalArgumentException(
                        "'" + whole + "': unterminated label value for '" + key + "'");
            }
            labels.put(key, v.toString());
            i = j + 1;
        }
        return labels;
    }

    private final URI endpoint;
    private final Map<Gauge, Selector> selectors = new EnumMap<>(Gauge.class);
    private final Map<Gauge, String> texts;
    private final Map<Gauge, Boolean> seen = new EnumMap<>(Gauge.class);
    private final Map<Gauge, Boolean> zero = new EnumMap<>(Gauge.class);
    private final HttpClient client;
    private final Duration timeout;

    /**
     * A sampler of {@code endpoint} reading each gauge from its selector in {@code names} (gauges
     * not named are not read).
     */
    public PrometheusSampler(URI endpoint, Map<Gauge, String> names, Duration timeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.texts = Map.copyOf(names);
        names.forEach((g, s) -> selectors.put(g, Selector.parse(s)));
        this.timeout = timeout;
        this.client =
                HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
    }

    @Override
    public String source() {
        return "prometheus";
    }

    @Override
    public Sample sample(boolean forceGc) throws IOException {
        long at = System.currentTimeMillis();
        String body;
        try {
            HttpResponse<String> r =
                    client.send(
                            HttpRequest.newBuilder(endpoint).timeout(timeout).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException(
                        "the metrics endpoint " + endpoint + " answered HTTP " + r.statusCode());
            }
            body = r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + endpoint, e);
        } catch (IOException e) {
            throw new IOException(
                    "the metrics endpoint "
                            + endpoint
                            + " is unreachable: "
                            + (e.getMessage() == null
                                    ? e.getClass().getSimpleName()
                                    : e.getMessage()),
                    e);
        }
        Map<Gauge, Double> sums = parse(body);
        Map<Gauge, Double> values = new EnumMap<>(Gauge.class);
        for (Map.Entry<Gauge, Double> e : sums.entrySet()) {
            Gauge g = e.getKey();
            double v = e.getValue();
            if (g == Gauge.HEAP_LIVE && v <= 0) {
                zero.put(g, true);
                continue;
            }
            seen.put(g, true);
            values.put(g, g == Gauge.GC_PAUSE ? v * 1000.0 : v);
        }
        return new Sample(at, values);
    }

    /**
     * The summed value of each gauge whose selector matched at least one series of {@code text}.
     */
    Map<Gauge, Double> parse(String text) {
        Map<Gauge, Double> sums = new EnumMap<>(Gauge.class);
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String name;
            Map<String, String> labels = Map.of();
            String rest;
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            if (brace >= 0 && (space < 0 || brace < space)) {
                int close = line.lastIndexOf('}');
                if (close < brace) {
                    continue;
                }
                name = line.substring(0, brace);
                try {
                    labels = parseLabels(line.substring(brace + 1, close), line);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                rest = line.substring(close + 1).strip();
            } else if (space > 0) {
                name = line.substring(0, space);
                rest = line.substring(space + 1).strip();
            } else {
                continue;
            }
            String[] parts = rest.split("\\s+");
            double value;
            try {
                value =
                        Double.parseDouble(
                                parts[0].replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
            } catch (NumberFormatException e) {
                continue;
            }
            if (!Double.isFinite(value)) {
                continue;
            }
            for (Map.Entry<Gauge, Selector> s : selectors.entrySet()) {
                if (s.getValue().matches(name, labels)) {
                    sums.merge(s.getKey(), value, Double::sum);
                }
            }
        }
        return sums;
    }

    @Override
    public Map<Gauge, String> missing() {
        Map<Gauge, String> m = new EnumMap<>(Gauge.class);
        for (Gauge g : Gauge.values()) {
            if (!texts.containsKey(g)) {
                m.put(g, "no metric name is configured for " + g.key());
            } else if (!seen.getOrDefault(g, false)) {
                m.put(
                        g,
                        zero.getOrDefault(g, false)
                                ? endpoint
                                        + " reports "
                                        + texts.get(g)
                                        + " as 0 (no old-generation collection yet)"
                                : endpoint + " has no series matching " + texts.get(g));
            }
        }
        return m;
    }

    @Override
    public void close() {
        // HttpClient holds no resource that needs closing on Java 17
    }
}
