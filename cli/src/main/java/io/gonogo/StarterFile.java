package io.gonogo;

import io.gonogo.core.ExecutionException;
import io.gonogo.core.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A commented starter targets file for a service reached by URL, from what the service answers: a
 * load scenario on its health endpoint, a memory scenario sampled from its Prometheus endpoint when
 * it has one, and a chaos scenario of network latency. {@code gonogo init} writes it.
 *
 * <pre>{@code
 * StarterFile starter = StarterFile.probe(URI.create("http://127.0.0.1:8080"));
 * starter.write(Path.of("targets.yaml"), false);
 * }</pre>
 *
 * <p>Probing is one {@code GET} per candidate path: the base URL, then {@code /health}, {@code
 * /healthz}, {@code /actuator/health}, {@code /ready} and {@code /readyz} until one answers 2xx,
 * then {@code /metrics}, {@code /prometheus} and {@code /actuator/prometheus} until one answers the
 * Prometheus text format. Instances are immutable and thread-safe.
 */
public final class StarterFile {
    private static final List<String> HEALTH_PATHS =
            List.of("/health", "/healthz", "/actuator/health", "/ready", "/readyz");
    private static final List<String> METRICS_PATHS =
            List.of("/metrics", "/prometheus", "/actuator/prometheus");
    private static final String HEALTH_PATHS_TEXT =
            "/health, /healthz, /actuator/health, /ready and /readyz";
    private static final String METRICS_PATHS_TEXT =
            "/metrics, /prometheus and /actuator/prometheus";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What a Prometheus gauge the memory suite reads by default is for, by threshold. */
    private static final Map<String, List<String>> GAUGES_BY_THRESHOLD = gaugesByThreshold();

    private final URI base;
    private final boolean probed;
    private final Optional<String> healthPath;
    private final Optional<String> metricsPath;
    private final String metricsText;

    private StarterFile(
            URI base,
            boolean probed,
            Optional<String> healthPath,
            Optional<String> metricsPath,
            String metricsText) {
        this.base = base;
        this.probed = probed;
        this.healthPath = healthPath;
        this.metricsPath = metricsPath;
        this.metricsText = metricsText;
    }

    /**
     * Probes the service at {@code url} and makes the starter file for it.
     *
     * @param url the service's base URL, {@code http://} or {@code https://} with a host
     * @return the starter file for what the service answered
     * @throws InvalidInputException when the URL is not an HTTP URL, or the service does not answer
     *     it (naming the URL and the cause)
     */
    public static StarterFile probe(URI url) {
        URI base = checkUrl(url);
        HttpClient client =
                HttpClient.newBuilder()
                        .connectTimeout(TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
        try {
            get(client, base, "");
        } catch (IOException e) {
            throw InvalidInputException.of(
                    url.toString(),
                    "the service does not answer ("
                            + describe(e)
                            + "); expected a running service answering HTTP at that URL: start it,"
                            + " or give the URL it listens on");
        }
        Optional<String> health = Optional.empty();
        for (String path : HEALTH_PATHS) {
            Optional<HttpResponse<String>> r = tryGet(client, base, path);
            if (r.isPresent() && r.get().statusCode() / 100 == 2) {
                health = Optional.of(path);
                break;
            }
        }
        Optional<String> metrics = Optional.empty();
        String text = "";
        for (String path : METRICS_PATHS) {
            Optional<HttpResponse<String>> r = tryGet(client, base, path);
            if (r.isPresent() && r.get().statusCode() / 100 == 2 && isPrometheus(r.get().body())) {
                metrics = Optional.of(path);
                text = r.get().body();
                break;
            }
        }
        return new StarterFile(base, true, health, metrics, text);
    }

    /**
     * The starter file for a service at {@code url} without asking it anything: a load scenario on
     * {@code /health} and a chaos scenario; the memory scenario is left commented out.
     *
     * @param url the service's base URL, {@code http://} or {@code https://} with a host
     * @return the starter file
     * @throws InvalidInputException when the URL is not an HTTP URL
     */
    public static StarterFile unprobed(URI url) {
        return new StarterFile(checkUrl(url), false, Optional.of("/health"), Optional.empty(), "");
    }

    /**
     * The service's base URL, without a trailing slash.
     *
     * @return the base URL the file's {@code sut} names
     */
    public URI base() {
        return base;
    }

    /**
     * The path of the first health endpoint that answered 2xx.
     *
     * @return the path the load and chaos scenarios request; empty when none answered
     */
    public Optional<String> healthPath() {
        return healthPath;
    }

    /**
     * The path of the first endpoint that answered the Prometheus text format.
     *
     * @return the memory scenario's {@code metrics-path}; empty when none answered
     */
    public Optional<String> metricsPath() {
        return metricsPath;
    }

    /**
     * Writes {@link #yaml()} to {@code file}.
     *
     * @param file the targets file to write; its folder is created
     * @param force whether to replace a file that exists
     * @return {@code file}
     * @throws InvalidInputException when {@code file} exists and {@code force} is false
     * @throws ExecutionException when the file cannot be written
     */
    public Path write(Path file, boolean force) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (force) {
                Files.writeString(file, yaml(), StandardCharsets.UTF_8);
            } else {
                Files.writeString(
                        file, yaml(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            }
            return file;
        } catch (FileAlreadyExistsException e) {
            throw InvalidInputException.of(
                    file.toString(),
                    "the file exists; expected a new file: give another path with --targets, or"
                            + " --force to replace it");
        } catch (IOException e) {
            throw new ExecutionException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The commented targets file, which {@code gonogo check} accepts as it is.
     *
     * @return the file's text
     */
    public String yaml() {
        String path = healthPath.orElse("/");
        String operation = healthPath.isPresent() ? "health" : "root";
        StringBuilder y = new StringBuilder();
        y.append("# A starter targets file for the service at ").append(base).append(",\n");
        y.append("# written by 'gonogo init'. ");
        if (!probed) {
            y.append("The service was not asked anything: check the paths below.\n");
        } else {
            y.append("What the service answered:\n");
            y.append(
                    healthPath
                            .map(
                                    p ->
                                            "#   GET "
                                                    + p
                                                    + " answered 2xx: the scenarios below request"
                                                    + " it.\n")
                            .orElse(
                                    "#   none of "
                                            + HEALTH_PATHS_TEXT
                                            + " answered 2xx: the scenarios\n"
                                            + "#   below request '/'; give them a path that"
                                            + " does.\n"));
            y.append(
                    metricsPath
                            .map(
                                    p ->
                                            "#   GET "
                                                    + p
                                                    + " answered Prometheus text: memory is sampled"
                                                    + " from it.\n")
                            .orElse(
                                    "#   none of "
                                            + METRICS_PATHS_TEXT
                                            + " answered Prometheus text:\n"
                                            + "#   the memory scenario is left commented out.\n"));
        }
        y.append(
                """
                #
                # Check it, then run it (progress on stderr, a summary on stdout, documents in reports/):
                #   gonogo check --targets FILE
                #   gonogo --targets FILE                      # --profile full for the release candidate
                # Every key is described in docs/targets-file.md and docs/suites/.
                release:
                  name: %s                     # the release this decision is for
                  owner: your-team                           # signs the approval block
                profile: quick                               # quick for CI, full for the release candidate
                sut:
                  url:
                    base: "%s"   # a service you run: gonogo neither starts nor stops it
                    # token: "${env:SERVICE_TOKEN}"          # sent with mutating requests (POST, PUT, ...)
                suites:
                  load:
                    scenarios:
                      - id: steady                           # open model: 50 requests a second
                        operation: %s
                        path: %s
                        rate: 50/s
                        duration: 10s
                        concurrency: 8
                        profiles: {full: {rate: 200/s, duration: 60s, concurrency: 32}}
                """
                        .formatted(
                                yamlString(base.getAuthority() + " (starter)"),
                                base,
                                operation,
                                path));
        y.append(memory(operation, path));
        y.append(
                """
                  chaos:
                    scenarios:
                      - id: network-latency                  # 100ms more on every answer from 2s to 4s
                        operation: %s
                        path: %s
                        rate: 50/s
                        duration: 8s
                        fault: {kind: latency, latency: 100ms, direction: downstream}
                        at: 2s
                        for: 2s
                        hypothesis:                          # targets chaos.network-latency.*
                          steady-state: {success_rate: ">= 99%%"}   # before and after the fault
                          recovery: "<= 5s"
                        profiles: {full: {rate: 200/s, duration: 60s, at: 20s, for: 20s}}
                targets:                                     # the figures the release must meet
                  - {id: steady-p99, metric: latency, where: {scenario: steady}, aggregate: p99, pass: "< 100ms", acceptable: "< 250ms"}
                  - {id: steady-success, metric: success_rate, where: {scenario: steady}, pass: ">= 99.9%%"}
                  - {id: steady-throughput, metric: throughput, where: {scenario: steady}, pass: ">= 45/s", critical: false}
                # risks: [...]        the risk register: an open HIGH risk is a NO-GO, a MEDIUM one a condition
                # checklist: [...]    readiness items (runbook, rollback, ...); see docs/targets-file.md
                """
                        .formatted(operation, path));
        return y.toString();
    }

    private String memory(String operation, String path) {
        if (metricsPath.isEmpty()) {
            return """
              # memory:                                  # needs a Prometheus endpoint (or sut: command)
              #   scenarios:
              #     - id: heap-trend
              #       operation: %s
              #       path: %s
              #       rate: 50/s
              #       duration: 60s
              #       source: prometheus
              #       metrics-path: /metrics
            """
                    .formatted(operation, path);
        }
        boolean heapByArea = metricsText.contains("jvm_memory_used_bytes{area=\"heap\"");
        if (!heapByArea && !metricsText.contains("jvm_gc_live_data_size_bytes")) {
            return """
              # memory:                                  # %s has no JVM heap gauge
              #   scenarios:                             # (jvm_memory_used_bytes, Micrometer's names):
              #     - id: heap-trend                     # name the service's own under 'metrics:'
              #       operation: %s
              #       path: %s
              #       rate: 50/s
              #       duration: 60s
              #       source: prometheus
              #       metrics-path: %s
              #       metrics: {heap-live: 'process_heap_bytes'}
            """
                    .formatted(metricsPath.get(), operation, path, metricsPath.get());
        }
        List<String> off = new ArrayList<>();
        GAUGES_BY_THRESHOLD.forEach(
                (threshold, gauges) -> {
                    if (gauges.stream().anyMatch(g -> !metricsText.contains(g))) {
                        off.add(threshold);
                    }
                });
        StringBuilder m = new StringBuilder();
        m.append(
                """
                  memory:
                    scenarios:
                      - id: heap-trend                       # the heap's trend under load: targets memory.heap-trend.*
                        operation: %s
                        path: %s
                        rate: 50/s
                        duration: 60s
                        interval: 1s                         # a sample of the endpoint each second
                        linger: 3s                           # sampling on after the load: what is left
                        source: prometheus
                        metrics-path: %s
                """
                        .formatted(operation, path, metricsPath.get()));
        if (heapByArea) {
            m.append(
                    "        # the heap in use: Micrometer's live data stays 0 until the first"
                            + " old-generation GC\n");
            m.append("        metrics: {heap-live: 'jvm_memory_used_bytes{area=\"heap\"}'}\n");
        }
        if (!off.isEmpty()) {
            m.append("        # the endpoint lacks what these need\n");
            m.append("        thresholds: {");
            m.append(String.join(", ", off.stream().map(t -> t + ": off").toList()));
            m.append("}\n");
        }
        m.append(
                "        profiles: {quick: {duration: 10s, interval: 500ms}, full: {duration:"
                        + " 5min}}\n");
        return m.toString();
    }

    private static Map<String, List<String>> gaugesByThreshold() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("gc-reclaim", List.of("jvm_gc_memory_allocated_bytes_total"));
        m.put("thread-growth", List.of("jvm_threads_live_threads"));
        m.put("thread-residual", List.of("jvm_threads_live_threads"));
        m.put("fd-growth", List.of("process_files_open_files"));
        m.put("fd-residual", List.of("process_files_open_files"));
        m.put("direct-growth", List.of("jvm_buffer_memory_used_bytes{id=\"direct\""));
        return m;
    }

    private static URI checkUrl(URI url) {
        String scheme =
                url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw InvalidInputException.of(
                    "URL '" + url + "'",
                    "expected an http:// or https:// URL with a host, such as"
                            + " http://127.0.0.1:8080");
        }
        String s = url.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    private static HttpResponse<String> get(HttpClient client, URI base, String path)
            throws IOException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Optional<HttpResponse<String>> tryGet(HttpClient client, URI base, String path) {
        try {
            return Optional.of(get(client, base, path));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isPrometheus(String body) {
        return body.startsWith("# HELP ")
                || body.startsWith("# TYPE ")
                || body.contains("\n# TYPE ")
                || body.contains("\n# HELP ");
    }

    private static String describe(IOException e) {
        String what = e.getClass().getSimpleName();
        return e.getMessage() == null ? what : what + ": " + e.getMessage();
    }

    private static String yamlString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
