package io.gonogo.runners.benchmark;

import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** System property: {@code true} when the gRPC API speaks TLS ({@code grpcs://}). */
    public static final String GRPC_TLS = "gonogo.sut.grpc-tls";

    /** System property: absolute path of the PEM file of trusted certificates ({@code tls.ca}). */
    public static final String TLS_CA = "gonogo.sut.tls.ca";

    /** System property: {@code true} to accept any certificate and name ({@code tls.insecure}). */
    public static final String TLS_INSECURE = "gonogo.sut.tls.insecure";

    /** System property: absolute path of the client certificate ({@code tls.client-cert}). */
    public static final String TLS_CLIENT_CERT = "gonogo.sut.tls.client-cert";

    /** System property: absolute path of the client key ({@code tls.client-key}). */
    public static final String TLS_CLIENT_KEY = "gonogo.sut.tls.client-key";

    /** System property: the name sent in SNI and verified ({@code tls.server-name}). */
    public static final String TLS_SERVER_NAME = "gonogo.sut.tls.server-name";

    private GonogoSut() {}

    /**
     * The HTTP base URI.
     *
     * @return the base URI gonogo passed, such as {@code http://127.0.0.1:41234}
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

    /**
     * The gRPC address (host:port), empty when the service under test has no gRPC API.
     *
     * @return the address, or empty
     */
    public static Optional<String> grpcAddress() {
        String address = System.getProperty(GRPC_ADDRESS, "");
        return address.isEmpty() ? Optional.empty() : Optional.of(address);
    }

    /**
     * How to open TLS to the service: to the HTTP base when it is {@code https}, to the gRPC
     * address when {@link #grpcTls()}; the JDK's trust store when gonogo passed no settings.
     *
     * @return the settings gonogo passed
     */
    public static TlsSettings tls() {
        return new TlsSettings(
                path(TLS_CA),
                Boolean.getBoolean(TLS_INSECURE),
                path(TLS_CLIENT_CERT),
                path(TLS_CLIENT_KEY),
                Optional.of(System.getProperty(TLS_SERVER_NAME, "")).filter(n -> !n.isEmpty()));
    }

    /**
     * Whether the gRPC API speaks TLS.
     *
     * @return true when the gRPC address is reached over TLS
     */
    public static boolean grpcTls() {
        return Boolean.getBoolean(GRPC_TLS);
    }

    /**
     * The system properties that describe {@code sut}'s TLS to a benchmark JVM: {@link #GRPC_TLS}
     * and the {@code tls} settings that are set, files as absolute paths.
     *
     * @param sut the service under test
     * @return property name to value
     */
    public static Map<String, String> tlsProperties(SutEndpoint sut) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(GRPC_TLS, Boolean.toString(sut.grpcTls()));
        TlsSettings tls = sut.tls();
        tls.ca().ifPresent(f -> p.put(TLS_CA, f.toAbsolutePath().toString()));
        if (tls.insecure()) {
            p.put(TLS_INSECURE, "true");
        }
        tls.clientCert().ifPresent(f -> p.put(TLS_CLIENT_CERT, f.toAbsolutePath().toString()));
        tls.clientKey().ifPresent(f -> p.put(TLS_CLIENT_KEY, f.toAbsolutePath().toString()));
        tls.serverName().ifPresent(n -> p.put(TLS_SERVER_NAME, n));
        return p;
    }

    private static Optional<Path> path(String property) {
        return Optional.of(System.getProperty(property, ""))
                .filter(v -> !v.isEmpty())
                .map(Path::of);
    }

    /**
     * The operator token for mutating calls, {@code ""} when the service has none.
     *
     * @return the token, read from the file gonogo passed
     */
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
