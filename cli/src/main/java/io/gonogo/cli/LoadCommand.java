package io.gonogo.cli;

import io.gonogo.core.ExitCode;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.LoadRunner;
import io.gonogo.runners.load.LoadShape;
import io.gonogo.runners.load.LoadSummary;
import io.gonogo.runners.spi.TlsSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
                    + " or grpcs://host:port (TLS; --cacert, --insecure, --cert/--key,"
                    + " --server-name as for https://) (-m package.Service/Method, --body JSON),"
                    + " and prints a wrk-style summary.",
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
            description = "The target, an http:// or https:// URL, or grpc://host:port.")
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
            names = "--client",
            paramLabel = "CLIENT",
            description =
                    "grpc:// only: gonogo (the load engine's own HTTP/2 client, default) or"
                            + " grpc-java (grpc-java's full client: keepalive, retries, load"
                            + " balancing; several times the CPU per call).")
    String client;

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
            names = {"-k", "--insecure"},
            description =
                    "https:// only: accept any server certificate and host name (self-signed test"
                            + " services).")
    boolean insecure;

    @Option(
            names = "--cacert",
            paramLabel = "FILE",
            description =
                    "https:// only: trust the PEM certificates in FILE instead of the JDK's trust"
                            + " store.")
    Path cacert;

    @Option(
            names = "--cert",
            paramLabel = "FILE",
            description =
                    "https:// only: client certificate chain (PEM) for mutual TLS; with --key.")
    Path cert;

    @Option(
            names = "--key",
            paramLabel = "FILE",
            description = "https:// only: unencrypted private key (PEM) of --cert.")
    Path key;

    @Option(
            names = "--server-name",
            paramLabel = "NAME",
            description =
                    "https:// only: the name sent in SNI and checked against the certificate;"
                            + " default the URL's host.")
    String serverName;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress lines on stderr.")
    boolean quiet;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** A bad argument, reported in one line with exit code 2. */
    static final class BadArgument extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadArgument(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (url.regionMatches(true, 0, "grpc://", 0, 7)
                || url.regionMatches(true, 0, "grpcs://", 0, 8)) {
            return GrpcLoad.run(this, out, err);
        }
        LoadShape shape;
        LoadRunner runner;
        try {
            check();
            URI target = target();
            LoadShape.Builder b = shape().threads(threads);
            if (rampTo != null) {
                b.rampTo(rampTo);
            }
            shape = b.build();
            runner = runner(target, shape, err, tlsFor(target));
        } catch (BadArgument | IllegalArgumentException e) {
            return fail(err, e.getMessage(), ExitCode.INVALID_INPUT);
        }
        out.print(LoadSummary.header(url, shape));
        out.flush();
        LoadResult r;
        try {
            r = runner.run();
        } catch (UncheckedIOException | IllegalStateException e) {
            return fail(err, "could not run: " + e.getMessage(), ExitCode.NO_DECISION);
        }
        out.print(LoadSummary.text(r));
        out.flush();
        if (json != null) {
            try {
                LoadSummary.writeJson(json, LoadSummary.json(url, shape, r));
            } catch (IOException e) {
                return fail(
                        err, "cannot write " + json + ": " + e.getMessage(), ExitCode.NO_DECISION);
            }
        }
        if (r.abortReason().map(a -> a.startsWith("target unreachable")).orElse(false)) {
            return fail(err, "could not run: " + r.abortReason().get(), ExitCode.NO_DECISION);
        }
        return ExitCode.GO;
    }

    /** Says why on stderr in one line and returns the exit code. */
    static int fail(PrintWriter err, String message, int code) {
        err.println("gonogo load: " + message);
        err.flush();
        return code;
    }

    /** Checks the HTTP options against one another, before any of them is used. */
    private void check() {
        if (connections < 1) {
            throw new BadArgument("-c must be at least 1, got " + connections);
        }
        if (protoSet != null) {
            throw new BadArgument("--proto-set is for grpc:// targets only");
        }
        if (client != null) {
            throw new BadArgument("--client is for grpc:// targets only");
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
        checkAmount();
    }

    /** Checks the options that say how much and how fast, which both transports share. */
    void checkAmount() {
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
    }

    /** The TLS settings of an https target; rejects the TLS options on a plain http one. */
    private TlsSettings tlsFor(URI target) {
        if (target.getScheme().equalsIgnoreCase("https")) {
            return tlsSettings();
        }
        if (tlsOptionGiven()) {
            throw new BadArgument(
                    "--insecure, --cacert, --cert, --key and --server-name are for https://"
                            + " targets; '"
                            + url
                            + "' is http://");
        }
        return TlsSettings.DEFAULT;
    }

    /** Whether any of the TLS options was given. */
    boolean tlsOptionGiven() {
        return insecure || cacert != null || cert != null || key != null || serverName != null;
    }

    /**
     * The TLS settings from --insecure, --cacert, --cert, --key and --server-name, with every file
     * read now, so that a bad one is a bad argument naming its option and file.
     */
    TlsSettings tlsSettings() {
        if ((cert == null) != (key == null)) {
            throw new BadArgument(
                    cert == null
                            ? "--key needs --cert (the client certificate it belongs to)"
                            : "--cert needs --key (the private key of the client certificate)");
        }
        if (insecure && cacert != null) {
            throw new BadArgument("give either --insecure or --cacert FILE, not both");
        }
        if (serverName != null && serverName.isBlank()) {
            throw new BadArgument("--server-name must not be empty");
        }
        TlsSettings tls = insecure ? TlsSettings.insecureTrust() : TlsSettings.DEFAULT;
        if (cacert != null) {
            readable("--cacert", cacert, () -> TlsSettings.certificates(cacert));
            tls = TlsSettings.trusting(cacert);
        }
        if (cert != null) {
            readable("--cert", cert, () -> TlsSettings.certificates(cert));
            readable("--key", key, () -> TlsSettings.privateKey(key));
            tls = tls.withClientCertificate(cert, key);
        }
        if (serverName != null) {
            tls = tls.withServerName(serverName.strip());
        }
        return tls;
    }

    /** Reads what a TLS option names, as a bad argument naming the option and the file if not. */
    private static void readable(String option, Path file, PemRead read) {
        if (!Files.isRegularFile(file)) {
            throw new BadArgument(option + " " + file + ": no such file");
        }
        try {
            read.run();
        } catch (NoSuchFileException e) {
            throw new BadArgument(option + " " + file + ": no such file");
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new BadArgument(
                    option
                            + " "
                            + file
                            + ": "
                            + (why.startsWith(file.toString())
                                    ? why.substring(file.toString().length()).strip()
                                    : why));
        }
    }

    /** Reads a PEM file. */
    @FunctionalInterface
    private interface PemRead {
        void run() throws IOException;
    }

    private URI target() {
        URI target;
        try {
            target = new URI(url);
        } catch (URISyntaxException e) {
            throw new BadArgument("malformed URL '" + url + "': " + e.getReason());
        }
        if (target.getScheme() == null
                || !(target.getScheme().equalsIgnoreCase("http")
                        || target.getScheme().equalsIgnoreCase("https"))
                || target.getHost() == null) {
            throw new BadArgument(
                    "malformed URL '"
                            + url
                            + "'; expected http[s]://host[:port][/path] or grpc://host:port");
        }
        return target;
    }

    /**
     * The shape both transports share: -c, --warmup, --timeout, -n or -d (10 s without either),
     * --rate.
     */
    LoadShape.Builder shape() {
        LoadShape.Builder b =
                LoadShape.builder()
                        .concurrency(connections)
                        .warmupRequests(warmup)
                        .requestTimeout(duration("--timeout", timeout));
        if (requests != null) {
            b.requests(requests);
        } else {
            b.duration(duration == null ? Duration.ofSeconds(10) : duration("-d", duration));
        }
        if (rate != null) {
            b.rate(rate);
        }
        return b;
    }

    private LoadRunner runner(URI target, LoadShape shape, PrintWriter err, TlsSettings tls) {
        LoadRunner.Builder b = LoadRunner.builder().target(target).shape(shape).tls(tls);
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
                        err.println(LoadSummary.progress(p));
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

    static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString((long) d)
                : Double.toString(d);
    }
}
