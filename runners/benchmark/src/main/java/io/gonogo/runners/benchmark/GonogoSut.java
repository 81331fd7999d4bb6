package io.gonogo.runners.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The service under test as a benchmark sees it, in the JVM that runs the benchmark (a JMH fork or,
 * with {@code forks: 0}, gonogo's own JVM).
 *
 * <p>gonogo passes the endpoint to JMH's forks as system properties, never the token itself: the
 * token sits in a file readable by the owner only, whose path is passed, so that JMH's JSON result
 * (which records the forks' JVM arguments) carries no secret. A team's benchmark reads it in its
 * {@code @Setup}:
 *
 * <pre>{@code
 * @Setup
 * public void connect() {
 *     URI base = GonogoSut.httpBase();
 *     String token = GonogoSut.token();   // "" when the service has none
 * }
 * }</pre>
 */
public final class GonogoSut {

    /** System property: base URI of the HTTP API, e.g. {@code http://127.0.0.1:41234}. */
    public static final String HTTP_BASE = "gonogo.sut.http";

    /** System property: host:port of the gRPC API; absent or empty when the service has none. */
    public static final String GRPC_ADDRESS = "gonogo.sut.grpc";

    /** System property: path of a file holding the operator token; absent when there is none. */
    public static final String TOKEN_FILE = "gonogo.sut.token-file";

    private GonogoSut() {}

    /**
     * The HTTP base URI.
     *
     * @throws IllegalStateException when the benchmark does not run under gonogo's benchmark suite
     */
    public static URI httpBase() {
        String base = System.getProperty(HTTP_BASE, "");
        if (base.isEmpty()) {
            throw new IllegalStateException(
                    "system property "
                            + HTTP_BASE
                            + " is not set: run this benchmark"
                            + " from a gonogo benchmark scenario, or pass -D"
                            + HTTP_BASE
                            + "=http://host:port");
        }
        return URI.create(base);
    }

    /** The gRPC address (host:port), empty when the service under test has no gRPC API. */
    public static Optional<String> grpcAddress() {
        String address = System.getProperty(GRPC_ADDRESS, "");
        return address.isEmpty() ? Optional.empty() : Optional.of(address);
    }

    /** The operator token for mutating calls, {@code ""} when the service has none. */
    public static String token() {
        String file = System.getProperty(TOKEN_FILE, "");
        if (file.isEmpty()) {
            return "";
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the token file named by " + TOKEN_FILE + ": " + file, e);
        }
    }
}
