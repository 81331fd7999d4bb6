package io.gonogo.runners.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gonogo.runners.load.grpc.CallLoadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.HdrHistogram.Histogram;

/**
 * The wrk-style summary of one load run and its JSON form, as {@code gonogo load} prints and writes
 * them: what is about to run ({@link #header(String, LoadShape)}), progress lines, the figures
 * ({@link #text(LoadResult)}, ending with a {@code Requests/sec:} line) and the full result as JSON
 * ({@link #json(String, LoadShape, LoadResult)}); the {@code CallLoadResult} forms are the gRPC
 * runner's, counted in calls.
 *
 * <pre>{@code
 * LoadShape shape = LoadShape.builder().concurrency(50).duration(Duration.ofSeconds(8)).build();
 * System.out.print(LoadSummary.header(url, shape));
 * LoadResult r = LoadRunner.builder().target(URI.create(url)).shape(shape).build().run();
 * System.out.print(LoadSummary.text(r));
 * }</pre>
 *
 * <p>Latencies print in microseconds below a millisecond, then in milliseconds and seconds with two
 * decimals; numbers use the root locale. Lines end with the platform's line separator. Stateless
 * and thread-safe.
 */
public final class LoadSummary {

    private LoadSummary() {}

    /** The JSON mapper, made on first use: a run without JSON output does not pay for it. */
    private static final class Json {
        static final ObjectMapper MAPPER =
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * Says what an HTTP run of this shape against {@code target} is about to do, in two lines.
     *
     * @param target the target as the user gave it
     * @param shape the run's shape
     * @return for example {@code Running 8s closed-model test @ http://...} and {@code 50
     *     connections, 1 thread(s) (+0 warm-up)}
     */
    public static String header(String target, LoadShape shape) {
        String amount = amount(shape, "requests");
        if (shape.model() == LoadModel.OPEN) {
            return String.format(
                    Locale.ROOT,
                    "Running %s open-model test @ %s%n  %s req/s over up to %d connections, %d"
                            + " thread(s) (+%d warm-up)%n",
                    amount,
                    target,
                    shape.rampTo() == shape.rate()
                            ? plain(shape.rate())
                            : plain(shape.rate()) + " -> " + plain(shape.rampTo()),
                    shape.concurrency(),
                    shape.threads(),
                    shape.warmupRequests());
        }
        return String.format(
                Locale.ROOT,
                "Running %s closed-model test @ %s%n  %d connections, %d thread(s) (+%d"
                        + " warm-up)%n",
                amount,
                target,
                shape.concurrency(),
                shape.threads(),
                shape.warmupRequests());
    }

    /**
     * Says what a gRPC run of this shape is about to do, in two lines.
     *
     * @param target the target as the user gave it
     * @param method the resolved full method name
     * @param shape the run's shape
     * @return for example {@code Running 10s closed-model gRPC test @ grpc://... pkg.Svc/Method}
     *     and {@code 10 connections (+0 warm-up)}
     */
    public static String header(String target, String method, LoadShape shape) {
        String amount = amount(shape, "calls");
        if (shape.model() == LoadModel.OPEN) {
            return String.format(
                    Locale.ROOT,
                    "Running %s open-model gRPC test @ %s %s%n  %s calls/s over up to %d"
                            + " connections (+%d warm-up)%n",
                    amount,
                    target,
                    method,
                    plain(shape.rate()),
                    shape.connections(),
                    shape.warmupRequests());
        }
        return String.format(
                Locale.ROOT,
                "Running %s closed-model gRPC test @ %s %s%n  %d connections (+%d warm-up)%n",
                amount,
                target,
                method,
                shape.connections(),
                shape.warmupRequests());
    }

    /**
     * Formats one progress report of an HTTP run as a line (without line end).
     *
     * @param p the progress
     * @return elapsed seconds, phase, requests, current rate and errors
     */
    public static String progress(LoadProgress p) {
        return progress(p, "requests", "req/s");
    }

    /**
     * Formats one progress report of a gRPC run as a line (without line end).
     *
     * @param p the progress
     * @return elapsed seconds, phase, calls, current rate and errors
     */
    public static String callProgress(LoadProgress p) {
        return progress(p, "calls", "calls/s");
    }

    private static String progress(LoadProgress p, String what, String rate) {
        return String.format(
                Locale.ROOT,
                "[%6.1fs] %s %,12d %s %,10.0f %s %,d errors",
                p.elapsed().toMillis() / 1000.0,
                p.warmup() ? "warm-up " : "measured",
                p.completed(),
                what,
                p.currentRatePerSecond(),
                rate,
                p.errors());
    }

    /**
     * Formats the figures of an HTTP run: latency, connect time, send lag (open model), counts,
     * errors, abort reason, a warning when the generator was the bottleneck, and requests per
     * second.
     *
     * @param r the result
     * @return the summary lines
     */
    public static String text(LoadResult r) {
        StringBuilder sb = new StringBuilder();
        figures(r, "requests", sb);
        if (r.totalErrors() > 0) {
            errors(r.errors(), (kind, sink) -> sink.append(kind.label()), sb);
        }
        r.abortReason().ifPresent(reason -> line(sb, "  Aborted: " + reason));
        boundWarning(r, sb);
        line(sb, String.format(Locale.ROOT, "Requests/sec: %9.2f", r.throughputPerSecond()));
        return sb.toString();
    }

    private static void boundWarning(LoadResult r, StringBuilder sb) {
        if (r.generatorBound()) {
            line(
                    sb,
                    "  Warning: generator-bound, the figures may describe gonogo rather than the"
                            + " service: "
                            + String.join("; ", r.health().reasons()));
        }
    }

    /**
     * Formats the figures of a gRPC run, as {@link #text(LoadResult)} in calls, with every error
     * kind by its label.
     *
     * @param result the result
     * @return the summary lines
     */
    public static String text(CallLoadResult result) {
        LoadResult r = result.figures();
        StringBuilder sb = new StringBuilder();
        figures(r, "calls", sb);
        if (result.totalErrors() > 0) {
            errors(result.errorsByKind(), (kind, sink) -> sink.append(kind), sb);
        }
        r.abortReason().ifPresent(reason -> line(sb, "  Aborted: " + reason));
        boundWarning(r, sb);
        line(sb, String.format(Locale.ROOT, "Requests/sec: %9.2f", r.throughputPerSecond()));
        return sb.toString();
    }

    private static void figures(LoadResult r, String what, StringBuilder sb) {
        Histogram h = r.latencyMicros();
        boolean any = h.getTotalCount() > 0;
        line(
                sb,
                String.format(
                        Locale.ROOT,
                        "  Latency     p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s, %s"
                                + " model)",
                        us(h, 50),
                        us(h, 90),
                        us(h, 99),
                        us(h, 99.9),
                        any ? us(h.getMaxValue()) : "-",
                        any ? us((long) h.getMean()) : "-",
                        r.model()));
        Histogram c = r.connectTimeMicros();
        if (c.getTotalCount() > 0) {
            line(
                    sb,
                    String.format(
                            Locale.ROOT,
                            "  Connect     p50 %s  max %s  (%d connections opened)",
                            us(c, 50),
                            us(c.getMaxValue()),
                            r.connectionsOpened()));
        }
        if (r.model() == LoadModel.OPEN) {
            Histogram lag = r.sendLagMicros();
            line(
                    sb,
                    String.format(
                            Locale.ROOT,
                            "  Send lag    p50 %s  p99 %s  max %s  (how late the generator sent"
                                    + " against its schedule)",
                            us(lag, 50),
                            us(lag, 99),
                            lag.getTotalCount() > 0 ? us(lag.getMaxValue()) : "-"));
        }
        line(
                sb,
                String.format(
                        Locale.ROOT,
                        "  %d %s in %.2fs: %d answered, %d succeeded (%.2f%%)",
                        r.attempted(),
                        what,
                        r.measuredWindow().toNanos() / 1e9,
                        r.answered(),
                        r.succeeded(),
                        r.successRatePercent()));
    }

    private static <K> void errors(
            Map<K, Long> counts, BiConsumer<K, StringBuilder> label, StringBuilder sb) {
        StringBuilder line = new StringBuilder("  Errors:");
        counts.forEach(
                (kind, count) -> {
                    if (count > 0) {
                        line.append(' ');
                        label.accept(kind, line);
                        line.append(' ').append(count);
                    }
                });
        line(sb, line.toString());
    }

    /**
     * Returns the full result of an HTTP run as JSON: the run's settings, counts, window, errors by
     * kind, the generator's health and the latency, connect and (open model) send-lag figures.
     *
     * @param target the target as the user gave it
     * @param shape the run's shape
     * @param r the result
     * @return an indented JSON object
     */
    public static String json(String target, LoadShape shape, LoadResult r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("target", target);
        o.put("model", r.model().label());
        o.put("connections", shape.concurrency());
        if (shape.model() == LoadModel.OPEN) {
            o.put("rate", shape.rate());
            if (shape.rampTo() != shape.rate()) {
                o.put("rampTo", shape.rampTo());
            }
        }
        o.put("threads", shape.threads());
        counts(r, o);
        ObjectNode errors = o.putObject("errors");
        for (ErrorKind kind : ErrorKind.values()) {
            errors.put(kind.label(), r.errorCount(kind));
        }
        generator(r, o);
        histograms(r, o);
        return write(o);
    }

    /** The generator's own health and cost over the run. */
    private static void generator(LoadResult r, ObjectNode o) {
        ObjectNode health = o.putObject("generator");
        health.put("bound", r.generatorBound());
        health.put("gcPauseMillis", r.health().gcPauseMillis());
        health.put("longestGcPauseMillis", r.health().longestGcPauseMillis());
        health.put("engineBusyShare", r.health().engineBusyShare());
        health.put("processCpuShare", r.health().processCpuShare());
        health.put("cpuMicrosPerRequest", r.health().cpuMicrosPerRequest());
        r.health().reasons().forEach(health.putArray("reasons")::add);
    }

    /**
     * Returns the full result of a gRPC run as JSON, as {@link #json(String, LoadShape,
     * LoadResult)} with the transport and method, and every error kind by its label.
     *
     * @param target the target as the user gave it
     * @param method the resolved full method name
     * @param shape the run's shape
     * @param result the result
     * @return an indented JSON object
     */
    public static String json(
            String target, String method, LoadShape shape, CallLoadResult result) {
        LoadResult r = result.figures();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("target", target);
        o.put("transport", "grpc");
        o.put("method", method);
        o.put("model", r.model().label());
        o.put("connections", shape.connections());
        if (shape.model() == LoadModel.OPEN) {
            o.put("rate", shape.rate());
        }
        counts(r, o);
        ObjectNode errors = o.putObject("errors");
        result.errorsByKind().forEach(errors::put);
        generator(r, o);
        histograms(r, o);
        return write(o);
    }

    /**
     * Writes a JSON summary to {@code file} through a temporary file beside it, moved into place,
     * so a reader never sees half of it; creates the file's folder.
     *
     * @param file the file, replaced if present
     * @param json the JSON text
     * @throws IOException if it cannot be written
     */
    public static void writeJson(Path file, String json) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        try {
            Files.move(
                    tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void counts(LoadResult r, ObjectNode o) {
        o.put("attempted", r.attempted());
        o.put("answered", r.answered());
        o.put("succeeded", r.succeeded());
        o.put("successRatePercent", r.successRatePercent());
        o.put("throughputPerSecond", r.throughputPerSecond());
        o.put("measuredSeconds", r.measuredWindow().toNanos() / 1e9);
        o.put("startedAt", r.startedAt().toString());
        o.put("endedAt", r.endedAt().toString());
        o.put("connectionsOpened", r.connectionsOpened());
        if (r.abortReason().isPresent()) {
            o.put("abortReason", r.abortReason().get());
        } else {
            o.putNull("abortReason");
        }
    }

    private static void histograms(LoadResult r, ObjectNode o) {
        o.set("latencyMicros", figures(r.latencyMicros()));
        o.set("connectMicros", figures(r.connectTimeMicros()));
        if (r.model() == LoadModel.OPEN) {
            o.set("sendLagMicros", figures(r.sendLagMicros()));
        }
    }

    private static ObjectNode figures(Histogram h) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return o;
        }
        o.put("min", h.getMinValue());
        o.put("mean", h.getMean());
        o.put("p50", h.getValueAtPercentile(50));
        o.put("p90", h.getValueAtPercentile(90));
        o.put("p95", h.getValueAtPercentile(95));
        o.put("p99", h.getValueAtPercentile(99));
        o.put("p99.9", h.getValueAtPercentile(99.9));
        o.put("max", h.getMaxValue());
        return o;
    }

    private static String write(ObjectNode o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree of plain values did not serialize", e);
        }
    }

    private static void line(StringBuilder sb, String text) {
        sb.append(text).append(System.lineSeparator());
    }

    private static String amount(LoadShape shape, String what) {
        return shape.duration()
                .map(LoadSummary::human)
                .orElseGet(() -> String.format(Locale.ROOT, "%,d %s", shape.requests(), what));
    }

    private static String us(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "-" : us(h.getValueAtPercentile(percentile));
    }

    private static String us(long micros) {
        if (micros < 1000) {
            return micros + "us";
        }
        if (micros < 1_000_000) {
            return String.format(Locale.ROOT, "%.2fms", micros / 1000.0);
        }
        return String.format(Locale.ROOT, "%.2fs", micros / 1e6);
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString((long) d)
                : Double.toString(d);
    }
}
