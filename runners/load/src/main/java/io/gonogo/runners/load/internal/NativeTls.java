package io.gonogo.runners.load.internal;

import io.gonogo.runners.spi.TlsSettings;
import io.grpc.netty.shaded.io.netty.buffer.PooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.grpc.netty.shaded.io.netty.util.ReferenceCounted;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Client {@link SSLEngine}s backed by BoringSSL, through the netty-tcnative library that
 * grpc-netty-shaded carries for grpc-java's own TLS, for the gRPC runs of the load engine.
 *
 * <p>A gRPC call is small records both ways (the request's HEADERS and DATA, the response's
 * HEADERS, DATA and trailers), so a TLS gRPC run spends most of its engine thread in the record
 * layer; the JDK's engine costs several times BoringSSL's per record there, which made the
 * generator rather than the service the bound of a run over TLS. The engine is still driven by
 * {@link TlsSession} on the selector loop through the {@link SSLEngine} interface, so the
 * connection code is one for both. HTTP/1.1 runs keep the JDK's engine, which holds wrk's pace
 * against nginx (docs/performance.md). Where the native library does not load (another
 * architecture, a locked-down JVM) gRPC runs fall back to the JDK's engine; the system property
 * {@value #PROPERTY}{@code =false} asks for the JDK's engine, for comparing the two.
 *
 * <p>One context per settings and ALPN protocol for the JVM's life, so that the connections of
 * successive runs resume sessions from its client session cache, as the JDK's contexts do ({@link
 * TlsSettings#sslContext()}). Thread-safe.
 */
final class NativeTls {

    /** The system property that, set to {@code false}, keeps gRPC runs on the JDK's engine. */
    static final String PROPERTY = "gonogo.tls.native";

    private static final Map<Key, SslContext> CONTEXTS = new ConcurrentHashMap<>();

    private NativeTls() {}

    private record Key(TlsSettings tls, String alpn) {}

    /** Whether the native engine can be used: the library loaded and the property allows it. */
    static boolean available() {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            return false;
        }
        try {
            return OpenSsl.isAvailable() && OpenSsl.isAlpnSupported();
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * Client engines for {@code host}:{@code port} under {@code tls}, offering {@code alpn}, one
     * per connection attempt; empty when the native library is not available.
     *
     * @throws IOException when a file of the settings cannot be read, naming it
     */
    static Optional<Supplier<SSLEngine>> engines(
            TlsSettings tls, String host, int port, String alpn) throws IOException {
        if (!available()) {
            return Optional.empty();
        }
        Key key = new Key(tls, alpn);
        SslContext context = CONTEXTS.get(key);
        if (context == null) {
            context = context(key);
            SslContext raced = CONTEXTS.putIfAbsent(key, context);
            if (raced != null) {
                context = raced;
            }
        }
        SslContext made = context;
        String name = tls.serverName().orElse(host);
        return Optional.of(() -> made.newEngine(PooledByteBufAllocator.DEFAULT, name, port));
    }

    private static SslContext context(Key key) throws IOException {
        TlsSettings tls = key.tls();
        SslContextBuilder b =
                SslContextBuilder.forClient()
                        .sslProvider(SslProvider.OPENSSL)
                        .applicationProtocolConfig(
                                new ApplicationProtocolConfig(
                                        ApplicationProtocolConfig.Protocol.ALPN,
                                        ApplicationProtocolConfig.SelectorFailureBehavior
                                                .NO_ADVERTISE,
                                        ApplicationProtocolConfig.SelectedListenerFailureBehavior
                                                .ACCEPT,
                                        List.of(key.alpn())));
        if (tls.insecure()) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .endpointIdentificationAlgorithm(null);
        } else {
            if (tls.ca().isPresent()) {
                b.trustManager(tls.caCertificates());
            }
            b.endpointIdentificationAlgorithm("HTTPS");
        }
        if (tls.clientCert().isPresent()) {
            b.keyManager(
                    TlsSettings.privateKey(tls.clientKey().orElseThrow()),
                    TlsSettings.certificates(tls.clientCert().get()));
        }
        try {
            return b.build();
        } catch (SSLException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Whether {@code engine} is one of BoringSSL's. */
    static boolean isNative(SSLEngine engine) {
        return engine instanceof ReferenceCounted;
    }

    /** Frees the native state of an engine of a closed connection; nothing for the JDK's. */
    static void release(SSLEngine engine) {
        if (engine instanceof ReferenceCounted r && r.refCnt() > 0) {
            r.release();
        }
    }
}
