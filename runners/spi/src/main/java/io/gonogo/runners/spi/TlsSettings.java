package io.gonogo.runners.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How gonogo opens TLS connections to the service under test: {@code tls: {ca: FILE, insecure:
 * false, client-cert: FILE, client-key: FILE, server-name: NAME}} under {@code sut.url}, or {@code
 * --cacert} / {@code --insecure} on {@code gonogo load}.
 *
 * <p>Files are PEM: {@code ca} one or more certificates, {@code client-cert} the client's
 * certificate chain, {@code client-key} its unencrypted private key (PKCS#8 {@code BEGIN PRIVATE
 * KEY}, or PKCS#1 {@code BEGIN RSA PRIVATE KEY}). Without {@code ca} the JDK's default trust store
 * is used. {@code insecure} accepts any server certificate and host name (for self-signed test
 * services; the report says so). {@code server-name} is the name sent in SNI and checked against
 * the certificate, by default the URL's host.
 *
 * <p>HTTP/1.1 runs use the JDK's own {@link SSLContext}: it runs on the load engine's NIO path (an
 * {@link SSLEngine} per connection), needs no native library and holds wrk's pace against nginx.
 * gRPC runs on the load engine take their engines from BoringSSL where grpc-java's native library
 * loads, built from these same settings, because a call's small records cost the JDK's engine
 * several times as much.
 *
 * @param ca PEM file of trusted certificates; empty for the JDK's trust store
 * @param insecure accept any certificate and host name
 * @param clientCert PEM certificate chain for mutual TLS; empty for none
 * @param clientKey PEM private key of {@code clientCert}; present exactly when it is
 * @param serverName SNI and verified host name; empty for the URL's host
 */
public record TlsSettings(
        Optional<Path> ca,
        boolean insecure,
        Optional<Path> clientCert,
        Optional<Path> clientKey,
        Optional<String> serverName) {

    /** The JDK's trust store, host name verified, no client certificate. */
    public static final TlsSettings DEFAULT =
            new TlsSettings(
                    Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty());

    private static final java.util.Map<TlsSettings, SSLContext> CONTEXTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static final Pattern PEM =
            Pattern.compile(
                    "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    /**
     * Checks that a client certificate comes with its key.
     *
     * @param ca PEM file of trusted certificates; empty for the JDK's trust store
     * @param insecure accept any certificate and host name
     * @param clientCert PEM certificate chain for mutual TLS; empty for none
     * @param clientKey PEM private key of {@code clientCert}; present exactly when it is
     * @param serverName SNI and verified host name; empty for the URL's host
     * @throws IllegalArgumentException when only one of the client certificate and key is given
     */
    public TlsSettings {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(clientCert, "clientCert");
        Objects.requireNonNull(clientKey, "clientKey");
        Objects.requireNonNull(serverName, "serverName");
        if (clientCert.isPresent() != clientKey.isPresent()) {
            throw new IllegalArgumentException(
                    "client-cert and client-key go together: give both or neither");
        }
    }

    /**
     * Trusting the certificates in {@code caFile}.
     *
     * @param caFile a PEM file of CA certificates
     * @return settings trusting only those certificates
     */
    public static TlsSettings trusting(Path caFile) {
        return new TlsSettings(
                Optional.of(caFile), false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Accepting any certificate and host name.
     *
     * @return settings that verify nothing, for test services with self-signed certificates
     */
    public static TlsSettings insecureTrust() {
        return new TlsSettings(
                Optional.empty(), true, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * These settings with mutual TLS from {@code cert} and {@code key}.
     *
     * @param cert the client certificate chain, PEM
     * @param key its unencrypted private key, PEM
     * @return a copy with the client certificate
     */
    public TlsSettings withClientCertificate(Path cert, Path key) {
        return new TlsSettings(ca, insecure, Optional.of(cert), Optional.of(key), serverName);
    }

    /**
     * These settings sending and verifying {@code name} instead of the URL's host.
     *
     * @param name the name to send (SNI) and verify
     * @return a copy with the server name
     */
    public TlsSettings withServerName(String name) {
        return new TlsSettings(ca, insecure, clientCert, clientKey, Optional.of(name));
    }

    /**
     * A client context for these settings: trust from {@code ca} (or the JDK's), keys from {@code
     * client-cert}/{@code client-key}. One context per settings for the JVM's life, so that the
     * connections of successive runs against one service (a chaos scenario's windows, one scenario
     * after another, a scenario's engine threads) resume TLS sessions from its client session
     * cache, as a pooled client would, instead of each paying a full handshake.
     *
     * @return the context, the same instance for equal settings
     * @throws IOException when a file cannot be read or holds no usable PEM, naming the file
     */
    public SSLContext sslContext() throws IOException {
        SSLContext known = CONTEXTS.get(this);
        if (known != null) {
            return known;
        }
        SSLContext made = newContext();
        SSLContext raced = CONTEXTS.putIfAbsent(this, made);
        return raced != null ? raced : made;
    }

    private SSLContext newContext() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    clientCert.isPresent() ? keyManagers() : null,
                    trustManagers(),
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * A client engine from {@code context} for {@code host}:{@code port}, with SNI and (unless
     * insecure) host name verification for {@code serverName} or {@code host}.
     *
     * @param context a context from {@link #sslContext()}
     * @param host the host connected to
     * @param port the port connected to
     * @return an engine in client mode
     */
    public SSLEngine clientEngine(SSLContext context, String host, int port) {
        String name = serverName.orElse(host);
        SSLEngine engine = context.createSSLEngine(name, port);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        if (!insecure) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(params);
        return engine;
    }

    /**
     * The trusted certificates of {@code ca}; empty when none is given.
     *
     * @return the certificates, in file order
     * @throws IOException naming the file when it cannot be read or holds no certificate
     */
    public List<X509Certificate> caCertificates() throws IOException {
        return ca.isPresent() ? certificates(ca.get()) : List.of();
    }

    private TrustManager[] trustManagers() throws IOException, GeneralSecurityException {
        if (insecure) {
            return new TrustManager[] {new TrustAll()};
        }
        if (ca.isEmpty()) {
            return null;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (X509Certificate c : certificates(ca.get())) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    private javax.net.ssl.KeyManager[] keyManagers() throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = certificates(clientCert.get());
        PrivateKey key = privateKey(clientKey.get());
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        char[] none = new char[0];
        store.setKeyEntry("client", key, none, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, none);
        return kmf.getKeyManagers();
    }

    /**
     * The certificates in a PEM file.
     *
     * @param file the PEM file
     * @return the certificates, in file order
     * @throws IOException naming the file when it cannot be read or holds no certificate
     */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> all =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            for (Certificate c : all) {
                out.add((X509Certificate) c);
            }
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(file + " holds no readable PEM certificate: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /**
     * The unencrypted private key in a PEM file: PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC) or
     * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}).
     *
     * @param file the PEM file
     * @return the key
     * @throws IOException naming the file when it holds no such key
     */
    public static PrivateKey privateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            try {
                if (type.equals("PRIVATE KEY")) {
                    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
                    for (String alg : List.of("RSA", "EC", "Ed25519")) {
                        try {
                            return KeyFactory.getInstance(alg).generatePrivate(spec);
                        } catch (GeneralSecurityException tryNext) {
                            // not this algorithm
                        }
                    }
                } else if (type.equals("RSA PRIVATE KEY")) {
                    return KeyFactory.getInstance("RSA")
                            .generatePrivate(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(der)));
                }
            } catch (GeneralSecurityException e) {
                throw new IOException(
                        file + " holds an unreadable " + type + ": " + e.getMessage());
            }
            if (type.startsWith("ENCRYPTED")) {
                throw new IOException(
                        file
                                + " holds an encrypted key; gonogo reads unencrypted keys (openssl"
                                + " pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem)");
            }
        }
        throw new IOException(
                file
                        + " holds no unencrypted PEM private key (-----BEGIN PRIVATE KEY----- or"
                        + " -----BEGIN RSA PRIVATE KEY-----)");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption). */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {
            0x30,
            0x0d,
            0x06,
            0x09,
            0x2a,
            (byte) 0x86,
            0x48,
            (byte) 0x86,
            (byte) 0xf7,
            0x0d,
            0x01,
            0x01,
            0x01,
            0x05,
            0x00
        };
        byte[] octet = der(0x04, pkcs1);
        byte[] version = {0x02, 0x01, 0x00};
        byte[] body = new byte[version.length + algorithm.length + octet.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octet, 0, body, version.length + algorithm.length, octet.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] len;
        if (n < 0x80) {
            len = new byte[] {(byte) n};
        } else if (n < 0x100) {
            len = new byte[] {(byte) 0x81, (byte) n};
        } else if (n < 0x10000) {
            len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        } else {
            len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(content, 0, out, 1 + len.length, n);
        return out;
    }

    /** Accepts every server certificate: {@code insecure: true} only. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
