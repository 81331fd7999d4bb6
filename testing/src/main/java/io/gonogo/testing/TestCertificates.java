package io.gonogo.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for TLS tests, made by the JDK's {@code keytool} in a folder of the test
 * and written in the forms gonogo, the JDK and grpc-java read: a PKCS#12 key store, the certificate
 * in PEM and the unencrypted PKCS#8 key in PEM.
 *
 * <p>Each certificate is its own CA: trusting its PEM file trusts it. No {@code openssl} is needed;
 * keytool ships with every JDK. A certificate is valid for two days, its key is P-256.
 *
 * <pre>{@code
 * TestCertificates.Pair server = TestCertificates.make(dir, "server", "ip:127.0.0.1");
 * HttpsServer https = TestHttpsServer.start(server.serverContext(), Map.of(...));
 * TlsSettings tls = TlsSettings.trusting(server.cert());
 * }</pre>
 */
public final class TestCertificates {

    /** The password of every key store and key made here. */
    public static final String PASSWORD = "changeit";

    private static final String ALIAS = "k";

    private TestCertificates() {}

    /**
     * One certificate, its key, and the key store both came from.
     *
     * @param keyStore the PKCS#12 key store (password {@link #PASSWORD})
     * @param cert the certificate in PEM, also the CA file a client trusts
     * @param key the unencrypted PKCS#8 private key in PEM
     */
    public record Pair(Path keyStore, Path cert, Path key) {

        /** The certificate, read back from the key store. */
        public X509Certificate certificate() {
            try {
                return (X509Certificate) load(keyStore).getCertificate(ALIAS);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A TLS context presenting this certificate, trusting the JDK's default CAs. */
        public SSLContext serverContext() {
            return serverContext(null);
        }

        /**
         * A TLS context presenting this certificate; trusting only {@code client}'s certificate
         * when it is not {@code null} (for a server requiring mutual TLS).
         */
        public SSLContext serverContext(Pair client) {
            try {
                KeyManagerFactory kmf =
                        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(keyStore), PASSWORD.toCharArray());
                TrustManagerFactory tmf = null;
                if (client != null) {
                    KeyStore trust = KeyStore.getInstance("PKCS12");
                    trust.load(null, null);
                    trust.setCertificateEntry("client", client.certificate());
                    tmf =
                            TrustManagerFactory.getInstance(
                                    TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(trust);
                }
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(
                        kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot make a TLS context of " + keyStore, e);
            }
        }
    }

    /**
     * The certificates of a mutual TLS test: a server certificate for {@code 127.0.0.1} and {@code
     * localhost}, a client certificate, and an unrelated certificate to trust by mistake.
     *
     * @param server {@code CN=localhost}, names {@code ip:127.0.0.1} and {@code dns:localhost}
     * @param client {@code CN=gonogo-client}, no alternative names
     * @param other {@code CN=someone-else}, the server's names, signed nothing here
     */
    public record ServerClientOther(Pair server, Pair client, Pair other) {

        /** The server's certificate in PEM, the CA a client trusts. */
        public Path serverCa() {
            return server.cert();
        }

        /** The client's certificate in PEM. */
        public Path clientCert() {
            return client.cert();
        }

        /** The client's unencrypted PKCS#8 key in PEM. */
        public Path clientKey() {
            return client.key();
        }

        /** A certificate that signed nothing here, in PEM. */
        public Path otherCa() {
            return other.cert();
        }

        /**
         * A server context with the server's certificate; trusting the client's certificate when
         * {@code trustClient}.
         */
        public SSLContext serverContext(boolean trustClient) {
            return server.serverContext(trustClient ? client : null);
        }
    }

    /**
     * Makes a server, a client and an unrelated certificate in {@code dir} (files {@code server.*},
     * {@code client.*}, {@code other.*}); takes a few seconds of keytool.
     */
    public static ServerClientOther serverClientOther(Path dir) {
        return new ServerClientOther(
                make(dir, "server", "CN=localhost", "ip:127.0.0.1,dns:localhost"),
                make(dir, "client", "CN=gonogo-client", null),
                make(dir, "other", "CN=someone-else", "ip:127.0.0.1,dns:localhost"));
    }

    /**
     * Makes a certificate {@code CN=name} whose subject alternative names are {@code san}, such as
     * {@code ip:127.0.0.1,dns:localhost}; files {@code name.p12}, {@code name.crt} and {@code
     * name.key} in {@code dir}.
     */
    public static Pair make(Path dir, String name, String san) {
        return make(dir, name, "CN=" + name, san);
    }

    /**
     * Makes a certificate for the distinguished name {@code dname} whose subject alternative names
     * are {@code san} (none when {@code null}); files {@code name.p12}, {@code name.crt} and {@code
     * name.key} in {@code dir}.
     *
     * @throws UncheckedIOException when keytool fails or the files cannot be written
     */
    public static Pair make(Path dir, String name, String dname, String san) {
        Path store = dir.resolve(name + ".p12");
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString(),
                                "-genkeypair",
                                "-alias",
                                ALIAS,
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-dname",
                                dname,
                                "-validity",
                                "2",
                                "-keystore",
                                store.toString(),
                                "-storetype",
                                "PKCS12",
                                "-storepass",
                                PASSWORD,
                                "-keypass",
                                PASSWORD));
        if (san != null) {
            cmd.add("-ext");
            cmd.add("SAN=" + san);
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool failed for " + name + ": " + out);
            }
            KeyStore ks = load(store);
            PrivateKey key = (PrivateKey) ks.getKey(ALIAS, PASSWORD.toCharArray());
            Path cert =
                    Files.writeString(
                            dir.resolve(name + ".crt"),
                            pem("CERTIFICATE", ks.getCertificate(ALIAS).getEncoded()),
                            StandardCharsets.US_ASCII);
            Path keyFile =
                    Files.writeString(
                            dir.resolve(name + ".key"),
                            pem("PRIVATE KEY", key.getEncoded()),
                            StandardCharsets.US_ASCII);
            return new Pair(store, cert, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keytool wrote an unreadable " + store, e);
        }
    }

    /** {@code der} as PEM of {@code type} ({@code CERTIFICATE}, {@code PRIVATE KEY}). */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }

    private static KeyStore load(Path store) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
