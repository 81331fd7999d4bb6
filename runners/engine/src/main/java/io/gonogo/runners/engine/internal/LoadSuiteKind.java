package io.gonogo.runners.engine.internal;

import io.gonogo.core.Distribution;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.Quality;
import io.gonogo.core.Quantity;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.Unit;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.runners.engine.ScenarioContext;
import io.gonogo.runners.engine.ScenarioSpec;
import io.gonogo.runners.engine.SuiteKind;
import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.LoadRunner;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * {@code suites.load}: closed-model HTTP/1.1 keep-alive load scenarios.
 *
 * <pre>
 * suites:
 *   load:
 *     optional: false            # the whole suite optional (default false)
 *     scenarios:
 *       - id: health-1k          # required, unique across suites
 *         title: Health check, 1K requests
 *         operation: health      # a governance operation (health), or any name with 'path'
 *         method: GET            # default from the operation, else GET
 *         path: /health          # default from the operation
 *         transport: http        # http (grpc comes with the gRPC engine)
 *         requests: 1000         # measured requests, 1..100,000,000
 *         concurrency: 50        # connections = virtual users, 1..10,000
 *         warmup: 200            # requests before measuring, on top; default 10% of requests
 *         timeout: 10s           # per request, 1ms..24h; default 10s
 *         max-duration: 30min    # hard stop (the scenario then fails as aborted); default 30min
 *         optional: false
 *         profiles: {full: {requests: 100000}}
 * </pre>
 *
 * <p>Publishes, labelled {@code operation}, {@code transport}, {@code model=closed}:
 * {@code latency} and {@code connect_time} (distributions in us), {@code throughput} (/s),
 * {@code success_rate} (%), {@code requests} (count) and {@code errors} (count, label
 * {@code kind}), and attaches the latency histogram as an HdrHistogram log. A scenario fails when
 * the run was aborted (max duration, target unreachable, lost or silent), when no request
 * succeeded, or when more than 1% of requests met a refused, timed-out or reset connection (the
 * service went away); timeouts and HTTP error statuses are data, judged by targets.
 */
public final class LoadSuiteKind implements SuiteKind {
    private static final Map<String, String[]> OPERATIONS = Map.of("health", new String[] {"GET", "/health"});

    /** The validated settings of one load scenario. */
    record Settings(String operation, String method, String path, String transport, long requests,
            int concurrency, long warmup, Duration timeout, Duration maxDuration) {}

    /** Share of attempted requests whose connection was refused or reset above which a scenario fails. */
    static final double MAX_CONNECTION_ERROR_SHARE = 0.01;

    @Override
    public String kind() {
        return "load";
    }

    @Override
    public List<ScenarioSpec> plan(ConfigNode section, Profile profile) {
        ConfigNode.Mapping suite = section.asMapping("'suites.load'").accept("optional", "scenarios");
        suite.finish();
        boolean suiteOptional = suite.bool("optional", false);
        List<ScenarioSpec> specs = new ArrayList<>();
        for (ConfigNode item : suite.node("scenarios").asList("'scenarios'")) {
            ConfigNode.Mapping m = item.asMapping("a load scenario").withProfile(profile)
                    .accept("id", "title", "operation", "method", "path", "transport", "requests",
                            "concurrency", "warmup", "timeout", "max-duration", "optional");
            m.finish();
            String id = m.node("id").asId("scenario id");
            String operation = m.find("operation").map(n -> n.asId("'operation'")).orElse("health");
            String[] known = OPERATIONS.get(operation);
            if (known == null && !m.has("path")) {
                throw m.node("operation").error("unknown operation '" + operation + "' without a 'path'; expected one of "
                        + String.join(", ", OPERATIONS.keySet()) + ", or give 'path' (and 'method')");
            }
            String method = m.find("method").map(n -> n.asScalarText("'method'").toUpperCase(Locale.ROOT))
                    .orElse(known == null ? "GET" : known[0]);
            if (!method.matches("GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS")) {
                throw m.node("method").error("'" + method + "' is not an HTTP method; expected GET, POST, PUT, PATCH,"
                        + " DELETE, HEAD or OPTIONS");
            }
            String path = m.find("path").map(n -> n.asString("'path'")).orElse(known == null ? "/" : known[1]);
            if (!path.startsWith("/")) {
                throw m.node("path").error("'path' must start with '/', was '" + path + "'");
            }
            String transport = m.find("transport").map(n -> n.asScalarText("'transport'")).orElse("http");
            if (!transport.equals("http")) {
                throw m.node("transport").error("transport '" + transport + "' is not supported by load scenarios yet;"
                        + " expected http");
            }
            long requests = m.node("requests").asLong("'requests'", 1, 100_000_000);
            int concurrency = m.node("concurrency").asInt("'concurrency'", 1, 10_000);
            long warmup = m.find("warmup").map(n -> n.asLong("'warmup'", 0, 100_000_000)).orElse(requests / 10);
            Duration timeout = m.find("timeout").map(n -> duration(n, "'timeout'")).orElse(Duration.ofSeconds(10));
            Duration maxDuration = m.find("max-duration").map(n -> duration(n, "'max-duration'"))
                    .orElse(Duration.ofMinutes(30));
            boolean optional = suiteOptional || m.bool("optional", false);
            Map<String, String> labels = new TreeMap<>();
            labels.put("operation", operation);
            labels.put("transport", transport);
            labels.put("model", "closed");
            String title = m.find("title").map(n -> n.asString("'title'")).orElse(
                    operation + " x " + Numbers.grouped(requests) + " at concurrency " + concurrency);
            specs.add(new ScenarioSpec(new PlannedScenario("load", id, optional, labels), id + ": " + title,
                    new Settings(operation, method, path, transport, requests, concurrency, warmup, timeout,
                            maxDuration)));
        }
        if (specs.isEmpty()) {
            throw suite.node("scenarios").error("'scenarios' is empty; declare at least one scenario or remove the suite");
        }
        return specs;
    }

    private static Duration duration(ConfigNode n, String what) {
        Quantity q = n.asQuantity(what);
        if (q.unit().dimension() != Unit.Dimension.DURATION || q.valueIn(Unit.MILLISECONDS) < 1
                || q.valueIn(Unit.HOURS) > 24) {
            throw n.error(what + " is '" + q + "'; expected a duration from 1ms to 24h, such as 500ms or 10s");
        }
        return Duration.ofNanos((long) q.valueIn(Unit.NANOSECONDS));
    }

    @Override
    public void run(ScenarioSpec scenario, ScenarioContext context) throws Exception {
        Settings s = (Settings) scenario.settings();
        long[] lastPrinted = {0};
        LoadRunner runner = LoadRunner.builder()
                .target(context.sut().http(s.path()))
                .method(s.method())
                .concurrency(s.concurrency())
                .requests(s.requests())
                .warmupRequests(s.warmup())
                .requestTimeout(s.timeout())
                .maxDuration(s.maxDuration())
                .progressListener(p -> {
                    long now = p.elapsed().toMillis();
                    if (now - lastPrinted[0] >= 2000) {
                        lastPrinted[0] = now;
                        context.progress(String.format(Locale.ROOT, "%s %5.1fs %,12d requests %,10.0f req/s %,d errors",
                                p.warmup() ? "warm-up " : "measured", now / 1000.0, p.completed(),
                                p.currentRatePerSecond(), p.errors()));
                    }
                })
                .build();
        LoadResult r = runner.run();
        Map<String, String> labels = new LinkedHashMap<>(scenario.planned().labels());
        labels.remove("suite");
        labels.remove("scenario");
        Set<Quality> quality = r.aborted() ? Set.of(Quality.PARTIAL) : Set.of();
        Histogram latency = r.latencyMicros();
        Path hlog = writeLog(context.outputDirectory().resolve("latency.hlog"), latency, r);
        context.attach(hlog);
        context.publish(new Measurement("latency", labels, Unit.MICROSECONDS, Distribution.of(latency), quality,
                new Source("", "0", "", hlog.getFileName().toString())));
        Histogram connect = r.connectTimeMicros();
        if (connect.getTotalCount() > 0) {
            context.publish(new Measurement("connect_time", labels, Unit.MICROSECONDS, Distribution.of(connect),
                    quality, Source.UNATTRIBUTED));
        }
        publish(context, "throughput", labels, Unit.PER_SECOND, r.throughputPerSecond(), quality);
        publish(context, "success_rate", labels, Unit.PERCENT, r.successRatePercent(), quality);
        publish(context, "requests", labels, Unit.COUNT, r.attempted(), quality);
        for (ErrorKind kind : ErrorKind.values()) {
            Map<String, String> withKind = new LinkedHashMap<>(labels);
            withKind.put("kind", kind.label());
            publish(context, "errors", withKind, Unit.COUNT, r.errorCount(kind), quality);
        }
        context.progress(String.format(Locale.ROOT, "%,d requests in %.2fs: %,.0f req/s, p50 %s p99 %s max %s, %s%% ok",
                r.attempted(), r.measuredWindow().toNanos() / 1e9, r.throughputPerSecond(),
                ms(latency, 50), ms(latency, 99), latency.getTotalCount() == 0 ? "-" : Numbers.short4(latency.getMaxValue() / 1000.0) + "ms",
                Numbers.short4(r.successRatePercent())));
        verdictOnRun(r);
    }

    private static String ms(Histogram h, double p) {
        return h.getTotalCount() == 0 ? "-" : Numbers.short4(h.getValueAtPercentile(p) / 1000.0) + "ms";
    }

    private static void verdictOnRun(LoadResult r) {
        if (r.abortReason().isPresent()) {
            throw new IllegalStateException("the load run was aborted: " + r.abortReason().get());
        }
        long gone = r.errorCount(ErrorKind.CONNECT) + r.errorCount(ErrorKind.RESET);
        if (gone > MAX_CONNECTION_ERROR_SHARE * r.attempted()) {
            throw new IllegalStateException("the service stopped answering: " + r.errorCount(ErrorKind.CONNECT)
                    + " connects failed (refused or timed out) and " + r.errorCount(ErrorKind.RESET)
                    + " connections were reset among " + Numbers.grouped(r.attempted()) + " requests, more than "
                    + Numbers.short4(MAX_CONNECTION_ERROR_SHARE * 100) + "%");
        }
        if (r.succeeded() == 0) {
            throw new IllegalStateException("none of " + Numbers.grouped(r.attempted()) + " requests succeeded");
        }
    }

    private static void publish(ScenarioContext c, String metric, Map<String, String> labels, Unit unit, double value,
            Set<Quality> quality) {
        c.publish(new Measurement(metric, labels, unit, new Scalar(value), quality, Source.UNATTRIBUTED));
    }

    private static Path writeLog(Path file, Histogram h, LoadResult r) throws FileNotFoundException {
        Histogram copy = h.copy();
        copy.setStartTimeStamp(r.startedAt().toEpochMilli());
        copy.setEndTimeStamp(r.endedAt().toEpochMilli());
        try (PrintStream out = new PrintStream(file.toFile(), java.nio.charset.StandardCharsets.UTF_8)) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.outputComment("gonogo load scenario latency, microseconds, measured requests only");
            w.outputLogFormatVersion();
            w.outputStartTime(r.startedAt().toEpochMilli());
            w.outputLegend();
            w.outputIntervalHistogram(copy);
        } catch (java.io.IOException e) {
            throw new FileNotFoundException("cannot write " + file + ": " + e.getMessage());
        }
        return file;
    }
}
