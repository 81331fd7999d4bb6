package io.gonogo.runners.load.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for the TLS tests, made by the JDK's keytool in a folder of the test and
 * written as PEM (certificate, and the unencrypted PKCS#8 key), as gonogo and grpc-java read them.
 * Each certificate is its own CA: trusting its file trusts it.
 */
final class TestCertificates {

    /**
     * One certificate and its key.
     *
     * @param cert PEM certificate
     * @param key PEM PKCS#8 private key
     */
    record Pair(Path cert, Path key) {}

    private TestCertificates() {}

    /**
     * Makes a P-256 certificate for {@code cn} whose subject alternative names are {@code san},
     * such as {@code ip:127.0.0.1,dns:localhost}.
     */
    static Pair make(Path dir, String name, String san) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p =
                new ProcessBuilder(
                                List.of(
                                        keytool.toString(),
                                        "-genkeypair",
                                        "-alias",
                                        "k",
                                        "-keyalg",
                                        "EC",
                                        "-groupname",
                                        "secp256r1",
                                        "-dname",
                                        "CN=" + name,
                                        "-ext",
                                        "SAN=" + san,
                                        "-validity",
                                        "2",
                                        "-keystore",
                                        store.toString(),
                                        "-storetype",
                                        "PKCS12",
                                        "-storepass",
                                        "changeit",
                                        "-keypass",
                                        "changeit"))
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, "changeit".toCharArray());
            Key key = ks.getKey("k", "changeit".toCharArray());
            Path cert =
                    Files.writeString(
                            dir.resolve(name + ".crt"),
                            pem("CERTIFICATE", ks.getCertificate("k").getEncoded()));
            Path keyFile =
                    Files.writeString(
                            dir.resolve(name + ".key"), pem("PRIVATE KEY", key.getEncoded()));
            return new Pair(cert, keyFile);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }
}
