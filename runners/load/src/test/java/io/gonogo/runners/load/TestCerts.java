package io.gonogo.runners.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates made by the JDK's {@code keytool} for the TLS tests, written as the PEM
 * files gonogo reads: a server certificate for {@code 127.0.0.1} and {@code localhost}, a client
 * certificate with its key for mutual TLS, and an unrelated certificate to trust by mistake.
 *
 * @param server the server's PKCS#12 key store (password {@code changeit})
 * @param serverCa the server's certificate in PEM, the CA a client trusts
 * @param clientCert the client's certificate in PEM
 * @param clientKey the client's unencrypted PKCS#8 key in PEM
 * @param client the client's PKCS#12 key store, which a server requiring it trusts
 * @param otherCa a certificate that signed nothing here, in PEM
 */
record TestCerts(
        Path server, Path serverCa, Path clientCert, Path clientKey, Path client, Path otherCa) {

    private static final char[] PASSWORD = "changeit".toCharArray();

    /** Makes the certificates in {@code dir}; takes a few seconds of keytool. */
    static TestCerts in(Path dir)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path server = keyPair(dir, "server", "CN=localhost", "san=ip:127.0.0.1,dns:localhost");
        Path client = keyPair(dir, "client", "CN=gonogo-client", null);
        Path other = keyPair(dir, "other", "CN=someone-else", "san=ip:127.0.0.1,dns:localhost");
        return new TestCerts(
                server,
                pem(dir.resolve("server-ca.pem"), "CERTIFICATE", cert(server).getEncoded()),
                pem(dir.resolve("client.pem"), "CERTIFICATE", cert(client).getEncoded()),
                pem(dir.resolve("client-key.pem"), "PRIVATE KEY", key(client).getEncoded()),
                client,
                pem(dir.resolve("other-ca.pem"), "CERTIFICATE", cert(other).getEncoded()));
    }

    /**
     * A server context with the server's certificate; trusting the client's certificate when {@code
     * trustClient}.
     */
    SSLContext serverContext(boolean trustClient) throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(server), PASSWORD);
        TrustManagerFactory tmf = null;
        if (trustClient) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("client", cert(client));
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return context;
    }

    private static Path keyPair(Path dir, String alias, String dname, String san)
            throws IOException, InterruptedException {
        Path store = dir.resolve(alias + ".p12");
        List<String> cmd =
                new java.util.ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString(),
                                "-genkeypair",
                                "-alias",
                                alias,
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
                                "changeit",
                                "-keypass",
                                "changeit"));
        if (san != null) {
            cmd.add("-ext");
            cmd.add(san);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        return store;
    }

    private static KeyStore load(Path store) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static X509Certificate cert(Path store) throws IOException {
        try {
            KeyStore ks = load(store);
            Certificate c = ks.getCertificate(ks.aliases().nextElement());
            return (X509Certificate) c;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static PrivateKey key(Path store) throws IOException {
        try {
            KeyStore ks = load(store);
            return (PrivateKey) ks.getKey(ks.aliases().nextElement(), PASSWORD);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        String body =
                Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der);
        return Files.writeString(
                file,
                "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
                StandardCharsets.US_ASCII);
    }
}
