package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.gonogo.testing.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gonogo load https://...} and its TLS options against the JDK's {@link HttpsServer} on
 * loopback, which requires a client certificate from the one test that asks for it.
 */
class HttpsLoadCommandIT {

    @TempDir static Path dir;
    static TestCertificates.ServerClientOther certs;
    static HttpsServer server;
    static HttpsServer mutual;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.serverClientOther(dir);
        server = started(certs.serverContext(false), false);
        mutual = started(certs.serverContext(true), true);
    }

    private static HttpsServer started(SSLContext context, boolean needClientAuth)
            throws Exception {
        HttpsServer s =
                HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        s.setHttpsConfigurator(
                new HttpsConfigurator(context) {
                    @Override
                    public void configure(HttpsParameters params) {
                        // through SSLParameters: HttpsParameters.setNeedClientAuth alone is undone
                        // by the server's own setWantClientAuth(false)
                        SSLParameters p = getSSLContext().getDefaultSSLParameters();
                        p.setNeedClientAuth(needClientAuth);
                        params.setSSLParameters(p);
                    }
                });
        byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        s.createContext(
                "/",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        s.start();
        return s;
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        mutual.stop(0);
    }

    private static String url(HttpsServer s) {
        return "https://127.0.0.1:" + s.getAddress().getPort() + "/health";
    }

    @Test
    void cacertTrustsTheServerAndEveryRequestIsAnswered() throws Exception {
        Path json = dir.resolve("cacert.json");
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load",
                        url(server),
                        "-c",
                        "4",
                        "-n",
                        "500",
                        "--cacert",
                        certs.serverCa().toString(),
                        "--json",
                        json.toString(),
                        "-q");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("500 requests in").doesNotContain("Errors:");
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("errors").get("tls").asLong()).isZero();
    }

    @Test
    void insecureAcceptsTheSelfSignedCertificate() {
        CliTestSupport.Outcome o =
                CliTestSupport.run("load", url(server), "-c", "2", "-n", "200", "-k", "-q");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("200 requests in");
    }

    @Test
    void withoutTrustTheHandshakeFailsAsTlsAndTheRunCannotRun() {
        CliTestSupport.Outcome o =
                CliTestSupport.run("load", url(server), "-c", "2", "-d", "20s", "-q");
        assertThat(o.exitCode()).as(o.out()).isEqualTo(4);
        assertThat(o.err())
                .startsWith("gonogo load: could not run: target unreachable: TLS handshake failed");
        assertThat(o.out()).contains("Errors: tls 2");
    }

    @Test
    void certAndKeyOpenMutualTlsAndWithoutThemEveryRequestIsATlsError() {
        CliTestSupport.Outcome with =
                CliTestSupport.run(
                        "load",
                        url(mutual),
                        "-c",
                        "2",
                        "-n",
                        "200",
                        "--cacert",
                        certs.serverCa().toString(),
                        "--cert",
                        certs.clientCert().toString(),
                        "--key",
                        certs.clientKey().toString(),
                        "--server-name",
                        "localhost",
                        "-q");
        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(with.out()).contains("200 requests in").doesNotContain("Errors:");

        long start = System.nanoTime();
        CliTestSupport.Outcome without =
                CliTestSupport.run(
                        "load",
                        url(mutual),
                        "-c",
                        "2",
                        "-d",
                        "20s",
                        "--timeout",
                        "1s",
                        "--cacert",
                        certs.serverCa().toString(),
                        "-q");
        assertThat(without.out()).containsPattern("Errors: tls \\d+");
        assertThat(without.out()).doesNotContainPattern("Errors: .*(connect|reset|timeout)");
        assertThat((System.nanoTime() - start) / 1_000_000)
                .as("the run ends long before its 20 s")
                .isLessThan(10_000);
    }

    @Test
    void aBadFileIsExitTwoNamingTheOptionAndTheFile() throws Exception {
        Path missing = dir.resolve("missing.pem");
        CliTestSupport.Outcome o =
                CliTestSupport.run("load", url(server), "--cacert", missing.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err().strip())
                .isEqualTo("gonogo load: --cacert " + missing + ": no such file");

        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        o =
                CliTestSupport.run(
                        "load",
                        url(server),
                        "--cert",
                        certs.clientCert().toString(),
                        "--key",
                        notPem.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .startsWith("gonogo load: --key " + notPem + ": ")
                .contains("PRIVATE KEY");
        assertThat(o.err().lines()).hasSize(1);

        o = CliTestSupport.run("load", url(server), "--cert", certs.clientCert().toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("--cert needs --key");
    }

    @Test
    void tlsOptionsOnAnHttpTargetAreABadArgument() {
        CliTestSupport.Outcome o = CliTestSupport.run("load", "http://127.0.0.1:9/", "-k");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("are for https:// targets");
        o = CliTestSupport.run("load", "grpc://127.0.0.1:9", "-m", "a.B/C", "--cacert", "x.pem");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("is plaintext grpc://");
    }
}
