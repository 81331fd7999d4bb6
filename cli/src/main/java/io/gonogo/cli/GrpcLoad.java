package io.gonogo.cli;

import io.gonogo.core.ExitCode;
import io.gonogo.runners.load.LoadShape;
import io.gonogo.runners.load.LoadSummary;
import io.gonogo.runners.load.grpc.CallLoadResult;
import io.gonogo.runners.load.grpc.GrpcLoadRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gonogo load grpc://host:port --method package.Service/Method [--body JSON]}: the gRPC
 * branch of {@link LoadCommand}, one call into {@link GrpcLoadRunner}; {@code grpcs://host:port}
 * opens the channels with TLS, set up by the options {@code https://} targets take ({@code
 * --cacert}, {@code --insecure}, {@code --cert} and {@code --key}, {@code --server-name}). A call
 * whose TLS handshake fails counts under the error kind {@code tls}.
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
        LoadShape shape;
        GrpcLoadRunner runner;
        String resolved;
        try {
            check(c);
            shape = c.shape().connections(c.connections).threads(c.threads).build();
            runner = runner(c, shape, err);
            resolved = runner.check();
        } catch (LoadCommand.BadArgument | IllegalArgumentException e) {
            return LoadCommand.fail(err, e.getMessage(), ExitCode.INVALID_INPUT);
        } catch (IllegalStateException | UncheckedIOException e) {
            return LoadCommand.fail(err, "could not run: " + e.getMessage(), ExitCode.NO_DECISION);
        }
        out.print(LoadSummary.header(c.url, resolved, shape));
        out.flush();
        CallLoadResult r;
        try {
            r = runner.run();
        } catch (IllegalArgumentException e) {
            return LoadCommand.fail(err, e.getMessage(), ExitCode.INVALID_INPUT);
        } catch (IllegalStateException | UncheckedIOException e) {
            return LoadCommand.fail(err, "could not run: " + e.getMessage(), ExitCode.NO_DECISION);
        }
        out.print(LoadSummary.text(r));
        out.flush();
        if (c.json != null) {
            try {
                LoadSummary.writeJson(c.json, LoadSummary.json(c.url, resolved, shape, r));
            } catch (IOException e) {
                return LoadCommand.fail(
                        err,
                        "cannot write " + c.json + ": " + e.getMessage(),
                        ExitCode.NO_DECISION);
            }
        }
        if (r.figures().abortReason().map(a -> a.startsWith("target unreachable")).orElse(false)) {
            return LoadCommand.fail(
                    err, "could not run: " + r.figures().abortReason().get(), ExitCode.NO_DECISION);
        }
        return ExitCode.GO;
    }

    /** Checks the gRPC options against one another, before any of them is used. */
    private static void check(LoadCommand c) {
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
        c.checkAmount();
    }

    private static GrpcLoadRunner runner(LoadCommand c, LoadShape shape, PrintWriter err) {
        GrpcLoadRunner.Builder b = GrpcLoadRunner.builder();
        b.target(c.url);
        try {
            b.method(c.method);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--method " + e.getMessage());
        }
        b.shape(shape);
        if (c.client != null) {
            try {
                b.client(GrpcLoadRunner.Client.of(c.client.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--client " + e.getMessage());
            }
        }
        if (c.url.regionMatches(true, 0, "grpcs://", 0, 8)) {
            b.tls(c.tlsSettings());
        } else if (c.tlsOptionGiven()) {
            throw new LoadCommand.BadArgument(
                    "--insecure, --cacert, --cert, --key and --server-name are for grpcs:// (and"
                            + " https://) targets; '"
                            + c.url
                            + "' is plaintext grpc://");
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
                        err.println(LoadSummary.callProgress(p));
                        err.flush();
                    });
        }
        return b.build();
    }
}
