package io.gonogo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gonogo.core.ExitCode;
import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.LoadRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gonogo load URL}: one ad-hoc HTTP load run with a wrk-style summary.
 *
 * <p>Exit codes: 0 when the run completed, whatever its request errors (they are data, counted by
 * kind in the summary); 2 for bad arguments, in one line on stderr; 4 when it could not run at all:
 * the target was unreachable (no connection could be opened: the summary and the {@code --json}
 * file are still written, with the reason) or the engine could not start.
 */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one ad-hoc HTTP load against URL, or gRPC unary calls against grpc://host:port"
                    + " (-m package.Service/Method, --body JSON), and prints a wrk-style summary.",
            "Closed model by default (-c connections, each sending its next request when the"
                + " previous answers); --rate selects the open model (constant arrival rate for -d,"
                + " latency from each request's intended send time).",
            "",
            "Exit codes: 0 the run completed (request errors are data), 2 bad arguments, 4 it could"
                    + " not run at all (target unreachable, engine failure)."
        })
final class LoadCommand implements Callable<Integer> {

    private static final Pattern DURATION =
            Pattern.compile("(\\d{1,9})(ms|s|m|min|h)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER = Pattern.compile("([^:\\s]+)\\s*:\\s*(.*)");

    @Parameters(
            index = "0",
            paramLabel = "URL",
            description = "The target, an http:// URL or grpc://host:port.")
    String url;

    @Option(
            names = {"-c", "--connections"},
            paramLabel = "N",
            defaultValue = "10",
            description =
                    "Connections (closed model: virtual users; open model: pool size); default 10.")
    int connections;

    @Option(
            names = {"-n", "--requests"},
            paramLabel = "N",
            description = "Measured requests (closed model).")
    Long requests;

    @Option(
            names = {"-d", "--duration"},
            paramLabel = "T",
            description =
                    "Measured duration such as 500ms, 8s, 2m, 1h; default 10s unless -n is given.")
    String duration;

    @Option(
            names = {"-R", "--rate"},
            paramLabel = "R",
            description = "Open model: requests per second (needs -d).")
    Double rate;

    @Option(
            names = "--timeout",
            paramLabel = "T",
            defaultValue = "10s",
            description = "Per-request timeout (and connect timeout); default 10s.")
    String timeout;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'Name: value'",
            description = "A request header; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(
            names = "--body",
            paramLabel = "JSON",
            description = "Request body, sent as application/json.")
    String body;

    @Option(
            names = {"-m", "--method"},
            paramLabel = "M",
            description =
                    "Request method; default GET, or POST with --body. For grpc:// the full gRPC"
                        + " method, package.Service/Method, resolved through server reflection or"
                        + " --proto-set.")
    String method;

    @Option(
            names = "--proto-set",
            paramLabel = "FILE",
            description =
                    "grpc:// only: resolve --method in this descriptor set (protoc"
                        + " --include_imports --descriptor_set_out=FILE) instead of the server's"
                        + " reflection.")
    Path protoSet;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Warm-up requests before measuring, excluded from the figures; default 0.")
    long warmup;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Engine threads, each with its own selector and share of the connections (and"
                            + " of the rate); 1..256, at most -c; default 1.")
    int threads;

    @Option(
            names = "--ramp-to",
            paramLabel = "R",
            description =
                    "Open model: ramp the rate linearly from --rate to R requests per second over"
                            + " -d.")
    Double rampTo;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Also write the full result as JSON to FILE.")
    Path json;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress lines on stderr.")
    boolean quiet;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** A bad argument, reported in one line with exit code 2. */
    private static final class BadArgument extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadArgument(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (url.regionMatches(true, 0, "grpc://", 0, 7)) {
            return GrpcLoad.run(this, out, err);
        }
        LoadRunner runner;
        Duration measured;
        try {
            runner = configure(err);
            measured =
                    duration == null && requests == null
                            ? Duration.ofSeconds(10)
                            : duration == null ? null : duration("-d", duration);
        } catch (BadArgument | IllegalArgumentException e) {
            err.println("gonogo load: " + e.getMessage());
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        String amount =
                measured != null
                        ? human(measured)
                        : String.format(Locale.ROOT, "%,d requests", requests);
        if (rate != null) {
            out.printf(
                    Locale.ROOT,
                    "Running %s open-model test @ %s%n  %s req/s over up to %d connections, %d"
                            + " thread(s) (+%d warm-up)%n",
                    amount,
                    url,
                    rampTo == null ? plain(rate) : plain(rate) + " -> " + plain(rampTo),
                    connections,
                    threads,
                    warmup);
        } else {
            out.printf(
                    Locale.ROOT,
                    "Running %s closed-model test @ %s%n  %d connections, %d thread(s) (+%d"
                            + " warm-up)%n",
                    amount,
                    url,
                    connections,
                    threads,
                    warmup);
        }
        out.flush();
        LoadResult r;
        try {
            r = runner.run();
        } catch (UncheckedIOException | IllegalStateException e) {
            err.println("gonogo load: could not run: " + e.getMessage());
            err.flush();
            return ExitCode.NO_DECISION;
        }
        print(r, out);
        out.flush();
        if (json != null) {
            try {
                writeJson(r, json);
            } catch (IOException e) {
                err.println("gonogo load: cannot write " + json + ": " + e.getMessage());
                err.flush();
                return ExitCode.NO_DECISION;
            }
        }
        if (r.abortReason().map(a -> a.startsWith("target unreachable")).orElse(false)) {
            err.println("gonogo load: could not run: " + r.abortReason().get());
            err.flush();
            return ExitCode.NO_DECISION;
        }
        return ExitCode.GO;
    }

    private LoadRunner configure(PrintWriter err) {
        if (connections < 1) {
            throw new BadArgument("-c must be at least 1, got " + connections);
        }
        if (protoSet != null) {
            throw new BadArgument("--proto-set is for grpc:// targets only");
        }
        if (threads < 1 || threads > 256) {
            throw new BadArgument("--threads must be within 1..256, got " + threads);
        }
        if (threads > connections) {
            throw new BadArgument(
                    "--threads "
                            + threads
                            + " is more than -c "
                            + connections
                            + " (each engine thread needs at least one connection)");
        }
        if (rampTo != null && rate == null) {
            throw new BadArgument("--ramp-to needs --rate (the ramp starts from it)");
        }
        if (rampTo != null && !(rampTo > 0 && rampTo <= 10_000_000)) {
            throw new BadArgument(
                    "--ramp-to must be above 0 and at most 10000000 per second, got "
                            + plain(rampTo));
        }
        if (requests != null && duration != null) {
            throw new BadArgument("give either -n REQUESTS or -d DURATION, not both");
        }
        if (requests != null && requests < 1) {
            throw new BadArgument("-n must be at least 1, got " + requests);
        }
        if (rate != null && !(rate > 0 && rate <= 10_000_000)) {
            throw new BadArgument(
                    "--rate must be above 0 and at most 10000000 per second, got " + plain(rate));
        }
        if (rate != null && duration == null) {
            throw new BadArgument("--rate needs -d DURATION (the open model runs for a duration)");
        }
        if (warmup < 0) {
            throw new BadArgument("--warmup must be at least 0, got " + warmup);
        }
        URI target;
        try {
            target = new URI(url);
        } catch (URISyntaxException e) {
            throw new BadArgument("malformed URL '" + url + "': " + e.getReason());
        }
        if (target.getScheme() == null
                || !target.getScheme().equalsIgnoreCase("http")
                || target.getHost() == null) {
            throw new BadArgument(
                    "malformed URL '"
                            + url
                            + "'; expected http://host[:port][/path] or grpc://host:port");
        }
        LoadRunner.Builder b =
                LoadRunner.builder()
                        .target(target)
                        .concurrency(connections)
                        .warmupRequests(warmup)
                        .threads(threads)
                        .requestTimeout(duration("--timeout", timeout));
        if (requests != null) {
            b.requests(requests);
        } else {
            b.duration(duration == null ? Duration.ofSeconds(10) : duration("-d", duration));
        }
        if (rate != null) {
            b.rate(rate);
        }
        if (rampTo != null) {
            b.rampTo(rampTo);
        }
        b.method(method != null ? method.toUpperCase(Locale.ROOT) : body != null ? "POST" : "GET");
        for (String h : headers) {
            Matcher m = HEADER.matcher(h);
            if (!m.matches()) {
                throw new BadArgument("-H '" + h + "' is not a header; expected 'Name: value'");
            }
            b.header(m.group(1), m.group(2).strip());
        }
        if (body != null) {
            b.body(body.getBytes(StandardCharsets.UTF_8), "application/json");
        }
        if (!quiet) {
            b.progressListener(
                    p -> {
                        err.printf(
                                Locale.ROOT,
                                "[%6.1fs] %s %,12d requests %,10.0f req/s %,d errors%n",
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

    /**
     * Parses a wrk-style duration: a whole number and {@code ms}, {@code s}, {@code m}/{@code min}
     * or {@code h} (seconds without unit).
     */
    static Duration duration(String option, String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new BadArgument(
                    option
                            + " '"
                            + text
                            + "' is not a duration; expected such as 500ms, 8s, 2m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        Duration d =
                switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m", "min" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
        if (d.isZero()) {
            throw new BadArgument(option + " must be above 0, got '" + text + "'");
        }
        return d;
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

    static void print(LoadResult r, PrintWriter out) {
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
                "  %d requests in %.2fs: %d answered, %d succeeded (%.2f%%)%n",
                r.attempted(),
                r.measuredWindow().toNanos() / 1e9,
                r.answered(),
                r.succeeded(),
                r.successRatePercent());
        if (r.totalErrors() > 0) {
            StringBuilder sb = new StringBuilder("  Errors:");
            r.errors()
                    .forEach(
                            (kind, count) -> {
                                if (count > 0) {
                                    sb.append(' ').append(kind.label()).append(' ').append(count);
                                }
                            });
            out.println(sb);
        }
        r.abortReason().ifPresent(reason -> out.println("  Aborted: " + reason));
        if (r.generatorBound()) {
            out.println(
                    "  Warning: generator-bound, the figures may describe gonogo rather than the"
                            + " service: "
                            + String.join("; ", r.health().reasons()));
        }
        out.printf(Locale.ROOT, "Requests/sec: %9.2f%n", r.throughputPerSecond());
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

    private void writeJson(LoadResult r, Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = mapper.createObjectNode();
        o.put("target", url);
        o.put("model", r.model().label());
        o.put("connections", connections);
        if (rate != null) {
            o.put("rate", rate);
        }
        if (rampTo != null) {
            o.put("rampTo", rampTo);
        }
        o.put("threads", threads);
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
        for (ErrorKind kind : ErrorKind.values()) {
            errors.put(kind.label(), r.errorCount(kind));
        }
        ObjectNode health = o.putObject("generator");
        health.put("bound", r.generatorBound());
        health.put("gcPauseMillis", r.health().gcPauseMillis());
        health.put("longestGcPauseMillis", r.health().longestGcPauseMillis());
        health.put("engineBusyShare", r.health().engineBusyShare());
        health.put("processCpuShare", r.health().processCpuShare());
        r.health().reasons().forEach(health.putArray("reasons")::add);
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
}
