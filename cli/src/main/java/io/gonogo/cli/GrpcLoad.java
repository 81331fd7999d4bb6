package io.gonogo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gonogo.core.ExitCode;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.grpc.CallLoadResult;
import io.gonogo.runners.load.grpc.GrpcLoadRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * {@code gonogo load grpc://host:port --method package.Service/Method [--body JSON]}: the gRPC
 * branch of {@link LoadCommand}, one call into {@link GrpcLoadRunner}.
 *
 * <p>Exit codes as for HTTP: 0 the run completed; 2 bad arguments, including an unknown service or
 * method, a streaming method, a body that does not fit the request type, a server without
 * reflection and no {@code --proto-set}; 4 when it could not run (the target or its reflection
 * service unreachable).
 */
final class GrpcLoad {

    private static final Pattern HEADER = Pattern.compile("([^:\\s]+)\\s*:\\s*(.*)");

    private GrpcLoad() {}

    static int run(LoadCommand c, PrintWriter out, PrintWriter err) {
        GrpcLoadRunner runner;
        String resolved;
        try {
            runner = configure(c, err);
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage(), ExitCode.INVALID_INPUT);
        }
        try {
            resolved = runner.check();
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage(), ExitCode.INVALID_INPUT);
        } catch (IllegalStateException | UncheckedIOException e) {
            return fail(err, "could not run: " + e.getMessage(), ExitCode.NO_DECISION);
        }
        Duration measured =
                c.duration == null && c.requests == null
                        ? Duration.ofSeconds(10)
                        : c.duration == null ? null : LoadCommand.duration("-d", c.duration);
        String amount =
                measured != null
                        ? human(measured)
                        : String.format(Locale.ROOT, "%,d calls", c.requests);
        if (c.rate != null) {
            out.printf(
                    Locale.ROOT,
                    "Running %s open-model gRPC test @ %s %s%n  %s calls/s over up to %d"
                            + " connections (+%d warm-up)%n",
                    amount,
                    c.url,
                    resolved,
                    plain(c.rate),
                    c.connections,
                    c.warmup);
        } else {
            out.printf(
                    Locale.ROOT,
                    "Running %s closed-model gRPC test @ %s %s%n  %d connections (+%d warm-up)%n",
                    amount,
                    c.url,
                    resolved,
                    c.connections,
                    c.warmup);
        }
        out.flush();
        CallLoadResult r;
        try {
            r = runner.run();
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage(), ExitCode.INVALID_INPUT);
        } catch (IllegalStateException | UncheckedIOException e) {
            return fail(err, "could not run: " + e.getMessage(), ExitCode.NO_DECISION);
        }
        print(r, out);
        out.flush();
        if (c.json != null) {
            try {
                writeJson(c, resolved, r, c.json);
            } catch (IOException e) {
                return fail(
                        err,
                        "cannot write " + c.json + ": " + e.getMessage(),
                        ExitCode.NO_DECISION);
            }
        }
        if (r.figures().abortReason().map(a -> a.startsWith("target unreachable")).orElse(false)) {
            return fail(
                    err, "could not run: " + r.figures().abortReason().get(), ExitCode.NO_DECISION);
        }
        return ExitCode.GO;
    }

    private static Duration duration(String option, String text) {
        try {
            return LoadCommand.duration(option, text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println("gonogo load: " + message);
        err.flush();
        return code;
    }

    private static GrpcLoadRunner configure(LoadCommand c, PrintWriter err) {
        if (c.method == null) {
            throw new IllegalArgumentException(
                    "a grpc:// target needs -m/--method package.Service/Method, such as"
                            + " gonogo.governance.v1.Governance/Health");
        }
        if (c.connections < 1) {
            throw new IllegalArgumentException("-c must be at least 1, got " + c.connections);
        }
        if (c.threads < 1 || c.threads > 64) {
            throw new IllegalArgumentException(
                    "--threads must be within 1..64 (event loops of the gRPC connections),"
                            + " got "
                            + c.threads);
        }
        if (c.requests != null && c.duration != null) {
            throw new IllegalArgumentException("give either -n REQUESTS or -d DURATION, not both");
        }
        if (c.requests != null && c.requests < 1) {
            throw new IllegalArgumentException("-n must be at least 1, got " + c.requests);
        }
        if (c.rate != null && !(c.rate > 0 && c.rate <= 10_000_000)) {
            throw new IllegalArgumentException(
                    "--rate must be above 0 and at most 10000000 per second, got " + plain(c.rate));
        }
        if (c.rate != null && c.duration == null) {
            throw new IllegalArgumentException(
                    "--rate needs -d DURATION (the open model runs for a duration)");
        }
        if (c.warmup < 0) {
            throw new IllegalArgumentException("--warmup must be at least 0, got " + c.warmup);
        }
        GrpcLoadRunner.Builder b = GrpcLoadRunner.builder();
        try {
            b.target(c.url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        try {
            b.method(c.method);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--method " + e.getMessage());
        }
        b.concurrency(c.connections)
                .connections(c.connections)
                .threads(c.threads)
                .warmupRequests(c.warmup)
                .requestTimeout(duration("--timeout", c.timeout));
        if (c.requests != null) {
            b.requests(c.requests);
        } else {
            b.duration(c.duration == null ? Duration.ofSeconds(10) : duration("-d", c.duration));
        }
        if (c.rate != null) {
            b.rate(c.rate);
        }
        for (String h : c.headers) {
            Matcher m = HEADER.matcher(h);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "-H '" + h + "' is not a header; expected 'name: value'");
            }
            b.header(m.group(1), m.group(2).strip());
        }
        if (c.body != null) {
            b.body(c.body);
        }
        if (c.protoSet != null) {
            if (!Files.isRegularFile(c.protoSet)) {
                throw new IllegalArgumentException("--proto-set " + c.protoSet + " is not a file");
            }
            b.descriptorSet(c.protoSet);
        }
        if (!c.quiet) {
            b.progressListener(
                    p -> {
                        err.printf(
                                Locale.ROOT,
                                "[%6.1fs] %s %,12d calls %,10.0f calls/s %,d errors%n",
                                p.elapsed().toMillis() / 1000.0,
                                p.warmup() ? "warm-up " : "measured",
                                p.completed(),
                                p.currentRatePerSecond(),
                                p.errors());
                        err.flush();
                    });
        }
        return b.build();
    }

    static void print(CallLoadResult result, PrintWriter out) {
        LoadResult r = result.figures();
        Histogram h = r.latencyMicros();
        boolean any = h.getTotalCount() > 0;
        out.printf(
                Locale.ROOT,
                "  Latency     p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s, %s model)%n",
                us(h, 50),
                us(h, 90),
                us(h, 99),
                us(h, 99.9),
                any ? us(h.getMaxValue()) : "-",
                any ? us((long) h.getMean()) : "-",
                r.model());
        Histogram c = r.connectTimeMicros();
        if (c.getTotalCount() > 0) {
            out.printf(
                    Locale.ROOT,
                    "  Connect     p50 %s  max %s  (%d connections opened)%n",
                    us(c, 50),
                    us(c.getMaxValue()),
                    r.connectionsOpened());
        }
        if (r.model() == LoadModel.OPEN) {
            Histogram lag = r.sendLagMicros();
            out.printf(
                    Locale.ROOT,
                    "  Send lag    p50 %s  p99 %s  max %s  (how late the generator sent against"
                            + " its schedule)%n",
                    us(lag, 50),
                    us(lag, 99),
                    lag.getTotalCount() > 0 ? us(lag.getMaxValue()) : "-");
        }
        out.printf(
                Locale.ROOT,
                "  %d calls in %.2fs: %d answered, %d succeeded (%.2f%%)%n",
                r.attempted(),
                r.measuredWindow().toNanos() / 1e9,
                r.answered(),
                r.succeeded(),
                r.successRatePercent());
        if (result.totalErrors() > 0) {
            StringBuilder sb = new StringBuilder("  Errors:");
            result.errorsByKind()
                    .forEach(
                            (kind, count) -> {
                                if (count > 0) {
                                    sb.append(' ').append(kind).append(' ').append(count);
                                }
                            });
            out.println(sb);
        }
        r.abortReason().ifPresent(reason -> out.println("  Aborted: " + reason));
        out.printf(Locale.ROOT, "Requests/sec: %9.2f%n", r.throughputPerSecond());
    }

    private static void writeJson(LoadCommand c, String method, CallLoadResult result, Path file)
            throws IOException {
        LoadResult r = result.figures();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = mapper.createObjectNode();
        o.put("target", c.url);
        o.put("transport", "grpc");
        o.put("method", method);
        o.put("model", r.model().label());
        o.put("connections", c.connections);
        if (c.rate != null) {
            o.put("rate", c.rate);
        }
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
        ObjectNode errors = o.putObject("errors");
        for (Map.Entry<String, Long> e : result.errorsByKind().entrySet()) {
            errors.put(e.getKey(), e.getValue());
        }
        o.set("latencyMicros", figures(mapper, r.latencyMicros()));
        o.set("connectMicros", figures(mapper, r.connectTimeMicros()));
        if (r.model() == LoadModel.OPEN) {
            o.set("sendLagMicros", figures(mapper, r.sendLagMicros()));
        }
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        mapper.writeValue(tmp.toFile(), o);
        try {
            Files.move(
                    tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static ObjectNode figures(ObjectMapper mapper, Histogram h) {
        ObjectNode o = mapper.createObjectNode();
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
