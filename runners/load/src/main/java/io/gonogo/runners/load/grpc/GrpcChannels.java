package io.gonogo.runners.load.grpc;

import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.TlsSettings;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * HTTP/2 channels to one target, plaintext or TLS, opened once and shared by consecutive runs of
 * {@link GrpcLoadRunner} ({@link GrpcLoadRunner.Builder#channels(GrpcChannels)}), as a long-lived
 * client keeps its connections: the chaos suite measures in windows of one run each, and a fault
 * then meets connections that are already open (a frozen service gives deadline timeouts, a reset
 * connection is opened again by grpc-java with its own back-off).
 *
 * <pre>{@code
 * try (GrpcChannels channels = GrpcChannels.open("127.0.0.1:50051", 8)) {
 *     CallLoadResult window =
 *             GrpcLoadRunner.builder().channels(channels).method(...).duration(...).build().run();
 * }
 * }</pre>
 *
 * <p>This class is also the one place where gonogo turns {@link TlsSettings} into grpc-java's
 * {@link TlsChannelCredentials} ({@link #credentials(TlsSettings)}, {@link
 * #channelBuilder(SutEndpoint)}): the CA file becomes the trust manager (the JDK's trust store
 * without one), {@code insecure} a trust manager that accepts any certificate and name, the client
 * certificate and key a key manager (mutual TLS), and {@code server-name} the channel's authority,
 * which grpc-java sends in SNI and verifies against the certificate.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class GrpcChannels implements AutoCloseable {
    private final String target;
    private final Optional<TlsSettings> tls;
    private final EventLoopGroup group;
    private final List<ManagedChannel> channels;
    private volatile boolean closed;

    private GrpcChannels(
            String target,
            Optional<TlsSettings> tls,
            EventLoopGroup group,
            List<ManagedChannel> channels) {
        this.target = target;
        this.tls = tls;
        this.group = group;
        this.channels = channels;
    }

    /**
     * Opens {@code connections} channels to {@code target} and asks each to connect now: TLS with
     * the JDK's trust store for {@code grpcs://host:port}, plaintext otherwise.
     *
     * @param target {@code host:port}, {@code grpc://host:port} or {@code grpcs://host:port}
     * @param connections how many channels (one TCP connection each), 1..10000
     * @return the open channels
     * @throws IllegalArgumentException for a malformed target or a count out of range
     */
    public static GrpcChannels open(String target, int connections) {
        Objects.requireNonNull(target, "target");
        return open(
                target,
                connections,
                GrpcLoadRunner.Builder.isTls(target)
                        ? Optional.of(TlsSettings.DEFAULT)
                        : Optional.empty());
    }

    /**
     * Opens {@code connections} TLS channels to {@code target} with {@code tls} and asks each to
     * connect now.
     *
     * @param target {@code host:port}, {@code grpc://host:port} or {@code grpcs://host:port}
     * @param connections how many channels (one TCP connection each), 1..10000
     * @param tls how to open TLS: trust, client certificate, server name
     * @return the open channels
     * @throws IllegalArgumentException for a malformed target or a count out of range
     * @throws UncheckedIOException when a file of {@code tls} cannot be read
     */
    public static GrpcChannels open(String target, int connections, TlsSettings tls) {
        return open(target, connections, Optional.of(Objects.requireNonNull(tls, "tls")));
    }

    private static GrpcChannels open(String target, int connections, Optional<TlsSettings> tls) {
        Objects.requireNonNull(target, "target");
        if (connections < 1 || connections > 10_000) {
            throw new IllegalArgumentException(
                    "connections must be within 1..10000, got " + connections);
        }
        String[] hp = GrpcLoadRunner.Builder.hostPort(target);
        ChannelCredentials creds = credentials(tls);
        EventLoopGroup group = GrpcLoadRunner.group(1);
        List<ManagedChannel> list = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            ManagedChannel ch = channel(hp[0], Integer.parseInt(hp[1]), creds, tls, group);
            ch.getState(true);
            list.add(ch);
        }
        return new GrpcChannels(hp[0] + ":" + hp[1], tls, group, List.copyOf(list));
    }

    /**
     * Returns grpc-java's credentials for these TLS settings.
     *
     * @param tls trust (CA file, the JDK's store, or any certificate when insecure), client
     *     certificate and key for mutual TLS
     * @return TLS channel credentials
     * @throws UncheckedIOException naming the file when a CA, certificate or key cannot be read
     */
    public static ChannelCredentials credentials(TlsSettings tls) {
        Objects.requireNonNull(tls, "tls");
        TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
        try {
            if (tls.insecure()) {
                b.trustManager(new TrustAll());
            } else if (tls.ca().isPresent()) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (X509Certificate c : tls.caCertificates()) {
                    store.setCertificateEntry("ca-" + i++, c);
                }
                TrustManagerFactory tmf =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                b.trustManager(tmf.getTrustManagers());
            }
            if (tls.clientCert().isPresent()) {
                List<X509Certificate> chain = TlsSettings.certificates(tls.clientCert().get());
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                char[] none = new char[0];
                store.setKeyEntry(
                        "client",
                        TlsSettings.privateKey(tls.clientKey().orElseThrow()),
                        none,
                        chain.toArray(new Certificate[0]));
                KeyManagerFactory kmf =
                        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, none);
                b.keyManager(kmf.getKeyManagers());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new UncheckedIOException(
                    new IOException("cannot set up TLS: " + e.getMessage(), e));
        }
        return b.build();
    }

    /**
     * Returns a channel builder for the gRPC address of {@code endpoint}: TLS with the endpoint's
     * settings when it says its gRPC API speaks TLS, plaintext otherwise.
     *
     * @param endpoint the service under test; its gRPC address must not be empty
     * @return a builder the caller completes (executor, message sizes) and builds
     * @throws IllegalArgumentException when the endpoint has no gRPC address
     * @throws UncheckedIOException naming the file when a TLS file cannot be read
     */
    public static ManagedChannelBuilder<?> channelBuilder(SutEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.grpcAddress().isEmpty()) {
            throw new IllegalArgumentException(
                    "the service under test has no gRPC address (" + endpoint + ")");
        }
        String[] hp = GrpcLoadRunner.Builder.hostPort(endpoint.grpcAddress());
        Optional<TlsSettings> tls =
                endpoint.grpcTls() ? Optional.of(endpoint.tls()) : Optional.empty();
        ManagedChannelBuilder<?> b =
                Grpc.newChannelBuilderForAddress(hp[0], Integer.parseInt(hp[1]), credentials(tls));
        authority(tls, hp[1]).ifPresent(b::overrideAuthority);
        return b;
    }

    static ChannelCredentials credentials(Optional<TlsSettings> tls) {
        return tls.isPresent() ? credentials(tls.get()) : InsecureChannelCredentials.create();
    }

    /** The authority that carries {@code server-name}, when one is set. */
    private static Optional<String> authority(Optional<TlsSettings> tls, String port) {
        return tls.flatMap(TlsSettings::serverName).map(n -> n + ":" + port);
    }

    /**
     * The one channel every gRPC load run opens: on the run's event loops, calls completing on
     * them, no retries, with {@code creds} and (for TLS) the settings' server name.
     */
    static ManagedChannel channel(
            String host,
            int port,
            ChannelCredentials creds,
            Optional<TlsSettings> tls,
            EventLoopGroup group) {
        NettyChannelBuilder b =
                NettyChannelBuilder.forAddress(host, port, creds)
                        .eventLoopGroup(group)
                        .channelType(NioSocketChannel.class)
                        .directExecutor()
                        .disableRetry()
                        .maxInboundMessageSize(64 * 1024 * 1024);
        authority(tls, Integer.toString(port)).ifPresent(b::overrideAuthority);
        return b.build();
    }

    /**
     * The target, as {@code host:port}.
     *
     * @return the target the channels connect to
     */
    public String target() {
        return target;
    }

    /**
     * The TLS settings of the channels; empty for plaintext.
     *
     * @return the settings, or empty
     */
    public Optional<TlsSettings> tls() {
        return tls;
    }

    /**
     * How many channels.
     *
     * @return the number of channels, at least 1
     */
    public int size() {
        return channels.size();
    }

    List<ManagedChannel> list() {
        if (closed) {
            throw new IllegalStateException("the channels to " + target + " are closed");
        }
        return channels;
    }

    /** Shuts every channel down and stops their event loop. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        GrpcLoadRunner.close(channels, group);
    }

    /**
     * Accepts every server certificate and host name ({@code insecure: true}); an extended trust
     * manager, so that neither the JDK nor grpc-java adds a host name check of its own.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
