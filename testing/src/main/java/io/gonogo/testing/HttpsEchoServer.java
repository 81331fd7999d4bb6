package io.gonogo.testing;

import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An extension starting, before a test class, the JDK's HTTPS server on 127.0.0.1 answering {@code
 * /echo} with {@link TestHttpsServer#echoId()}, presenting a certificate made for the names given,
 * and stopping it after the class; it also makes an unrelated certificate to trust by mistake.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final HttpsEchoServer https = new HttpsEchoServer("ip:127.0.0.1,dns:sut.gonogo.test");
 *
 * @Test
 * void trusted() {
 *     client(https.base(), TlsSettings.trusting(https.ca()));
 * }
 * }</pre>
 */
public final class HttpsEchoServer implements BeforeAllCallback, AfterAllCallback {
    private final String san;
    private Path dir;
    private HttpsServer server;
    private Path ca;
    private Path otherCa;

    /**
     * A server whose certificate ({@code CN=server}) has the subject alternative names {@code san},
     * such as {@code ip:127.0.0.1,dns:localhost}.
     */
    public HttpsEchoServer(String san) {
        this.san = san;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("gonogo-https-echo");
        TestCertificates.Pair cert = TestCertificates.make(dir, "server", san);
        ca = cert.cert();
        otherCa = TestCertificates.make(dir, "other", "ip:127.0.0.1").cert();
        server =
                TestHttpsServer.start(
                        cert.serverContext(), Map.of("/echo", TestHttpsServer.echoId()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.stop(0);
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /** {@code https://127.0.0.1:PORT} of the running server. */
    public URI base() {
        return TestHttpsServer.base(server);
    }

    /** The server's certificate in PEM, the CA a client trusts. */
    public Path ca() {
        return ca;
    }

    /** A certificate ({@code CN=other}, for {@code 127.0.0.1}) that signed nothing here, in PEM. */
    public Path otherCa() {
        return otherCa;
    }
}
