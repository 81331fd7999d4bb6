package io.gonogo.runners.chaos.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.runners.chaos.Fault;
import io.gonogo.runners.chaos.FaultInjectors;
import io.gonogo.runners.chaos.FaultProxy;
import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.TlsSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault proxy in front of a real HTTPS service on loopback, as a chaos scenario sets it up for
 * a TLS target: no framing (the bytes are opaque), the workload's endpoint through the proxy keeps
 * the service's name for SNI and certificate verification, and the connection-level faults act on
 * the TLS connections.
 */
class TlsFaultProxyIT {
    @TempDir static Path dir;

    /** One service for the class: making its certificate with keytool takes seconds. */
    private static TlsTestServer service;

    private FaultProxy proxy;

    /** The service as a chaos scenario sees it: by name, trusting its certificate. */
    private SutEndpoint original;

    /** Where the workload reaches it through the proxy. */
    private SutEndpoint proxied;

    @BeforeAll
    static void startService() throws Exception {
        service = new TlsTestServer(dir);
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @BeforeEach
    void startProxy() throws Exception {
        original =
                new SutEndpoint(
                        URI.create("https://" + TlsTestServer.NAME + ":" + service.port()),
                        "",
                        "",
                        service.trust(),
                        false);
        proxy =
                FaultProxy.builder()
                        .upstream(new InetSocketAddress("127.0.0.1", service.port()))
                        .protocol(ChaosRun.protocol(false, original.httpTls()))
                        .build();
        proxied = ProxiedEndpoint.through(original, false, proxy.start());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private TlsTestServer.Client client(int readTimeoutMillis) throws IOException {
        return new TlsTestServer.Client(
                proxied.httpBase().getHost(),
                proxied.httpBase().getPort(),
                proxied.tls(),
                readTimeoutMillis);
    }

    private Fault fault(String kind, Map<String, String> settings) {
        return FaultInjectors.standard().create(kind, settings);
    }

    @Test
    void theHandshakeAndTheRequestsPassThroughUnchangedUnderTheServicesName() throws Exception {
        assertThat(proxied.httpBase().toString()).startsWith("https://127.0.0.1:");
        assertThat(proxied.tls().serverName()).contains(TlsTestServer.NAME);
        byte[] body = new byte[200_000];
        new Random(7).nextBytes(body);
        try (TlsTestServer.Client c = client(10_000)) {
            assertThat(c.get("/hello").text()).isEqualTo("hello over tls");
            for (int i = 0; i < 5; i++) { // keep-alive: one TLS session, several requests
                TlsTestServer.Response echo = c.post("/echo", body);
                assertThat(echo.status()).isEqualTo(200);
                assertThat(echo.body()).isEqualTo(body);
            }
        }
        assertThat(proxy.stats().accepted()).isEqualTo(1);
        assertThat(proxy.stats().answered()).isZero();
    }

    @Test
    void withoutTheServicesNameTheCertificateIsRightlyRefused() {
        // the certificate names localhost only: verifying the proxy's 127.0.0.1 must fail, which
        // is why the proxied endpoint keeps the name
        TlsSettings byAddress = service.trust();
        assertThatThrownBy(
                        () ->
                                new TlsTestServer.Client(
                                                "127.0.0.1",
                                                proxied.httpBase().getPort(),
                                                byAddress,
                                                5_000)
                                        .close())
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void latencyDelaysEachResponseOnAnEstablishedTlsConnection() throws Exception {
        try (TlsTestServer.Client c = client(10_000)) {
            assertThat(c.get("/hello").status()).isEqualTo(200);
            proxy.add(fault("latency", Map.of("latency", "200ms")));
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                TlsTestServer.Response r = c.get("/hello");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(r.text()).isEqualTo("hello over tls");
                assertThat(ms).as("request %d", i).isGreaterThanOrEqualTo(200);
            }
        }
    }

    @Test
    void bandwidthPacesTheResponse() throws Exception {
        int n = 64 * 1024;
        try (TlsTestServer.Client c = client(30_000)) {
            assertThat(c.get("/hello").status()).isEqualTo(200);
            proxy.add(fault("bandwidth", Map.of("rate", "32KB/s")));
            long t0 = System.nanoTime();
            TlsTestServer.Response r = c.get("/big?n=" + n);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.body()).isEqualTo(TlsTestServer.pattern(n));
            // 64 KiB (plus TLS records' overhead) at 32 KB/s: about 2 s
            assertThat(ms).isGreaterThanOrEqualTo(1_800);
        }
    }

    @Test
    void resetBreaksTheTlsConnectionAndIsCounted() throws Exception {
        try (TlsTestServer.Client c = client(10_000)) {
            assertThat(c.get("/hello").status()).isEqualTo(200);
            proxy.add(fault("reset", Map.of()));
            assertThatThrownBy(() -> c.get("/hello")).isInstanceOf(IOException.class);
        }
        assertThat(proxy.stats().resets()).isEqualTo(1);
    }

    @Test
    void blackholeSwallowsTheRequestSoTheClientTimesOut() throws Exception {
        try (TlsTestServer.Client c = client(1_000)) {
            assertThat(c.get("/hello").status()).isEqualTo(200);
            proxy.add(fault("blackhole", Map.of()));
            assertThatThrownBy(() -> c.get("/hello")).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(proxy.stats().blackholedBytes()).isPositive();
    }

    @Test
    void droppedConnectionsNeverHandshakeAndTheNextOnesDoOnceTheFaultIsGone() throws Exception {
        Fault drop = proxy.add(fault("drop-connections", Map.of()));
        assertThatThrownBy(() -> client(5_000).close()).isInstanceOf(IOException.class);
        assertThat(proxy.stats().dropped()).isEqualTo(1);
        proxy.remove(drop);
        try (TlsTestServer.Client c = client(10_000)) {
            assertThat(c.get("/hello").text()).isEqualTo("hello over tls");
        }
    }

    /**
     * The TLS relay is the plaintext pass-through: Netty's pooled buffers carry the bytes, so the
     * proxy's event loop allocates per read, not per byte, with or without a chunk fault. Measured
     * as the heap the proxy's threads allocate while 32 MiB of TLS records flow through them.
     */
    @Test
    void theRelayAllocatesNoHeapPerByteRelayed() throws Exception {
        int n = 4 * 1024 * 1024;
        byte[] expected = TlsTestServer.pattern(n);
        try (TlsTestServer.Client c = client(30_000)) {
            for (int i = 0; i < 2; i++) { // warm: pools, JIT
                assertThat(c.get("/big?n=" + n).body()).isEqualTo(expected);
            }
            double plain = allocatedPerByte(c, n, expected);
            proxy.add(fault("latency", Map.of("latency", "1ms")));
            double delayed = allocatedPerByte(c, n, expected);
            // per read, not per byte: measured about 0.003 and 0.005 heap bytes per relayed byte;
            // an allocation per byte would be 1 or more
            assertThat(plain).as("heap bytes per relayed byte, no fault").isLessThan(0.02);
            assertThat(delayed).as("heap bytes per relayed byte, latency").isLessThan(0.02);
        }
    }

    private static double allocatedPerByte(TlsTestServer.Client c, int n, byte[] expected)
            throws IOException {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean)
                        java.lang.management.ManagementFactory.getThreadMXBean();
        long[] ids =
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith(ProxyCore.THREAD_PREFIX))
                        .mapToLong(Thread::getId)
                        .toArray();
        assertThat(ids).isNotEmpty();
        long before = sum(mx.getThreadAllocatedBytes(ids));
        int rounds = 8;
        for (int i = 0; i < rounds; i++) {
            assertThat(c.get("/big?n=" + n).body()).isEqualTo(expected);
        }
        long allocated = sum(mx.getThreadAllocatedBytes(ids)) - before;
        return allocated / ((double) rounds * n);
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += Math.max(0, v);
        }
        return s;
    }

    /**
     * When the plan could not know the scheme (a service whose URL is known only once it runs), the
     * run refuses a request-level fault on the TLS service with the check's reason: NOT EXECUTED,
     * having measured nothing.
     */
    @Test
    void aRequestFaultMetOnlyAtRunTimeMakesTheScenarioNotExecutedWithTheReason() {
        ChaosSuiteKind kind = new ChaosSuiteKind();
        io.gonogo.core.config.ConfigNode section =
                io.gonogo.core.config.ConfigNode.read(
                                "t.yaml",
                                """
                                chaos:
                                  scenarios:
                                    - id: errors
                                      fault: {kind: http-error, share: 30%}
                                      at: 1s
                                      for: 1s
                                      duration: 3s
                                """)
                        .asMapping("root")
                        .accept("chaos")
                        .node("chaos");
        var spec = kind.plan(section, io.gonogo.core.Profile.QUICK).get(0);
        java.util.List<io.gonogo.core.Measurement> published = new java.util.ArrayList<>();
        io.gonogo.runners.spi.ScenarioContext context =
                new io.gonogo.runners.spi.ScenarioContext() {
                    @Override
                    public SutEndpoint sut() {
                        return original;
                    }

                    @Override
                    public void publish(io.gonogo.core.Measurement m) {
                        published.add(m);
                    }

                    @Override
                    public Path outputDirectory() {
                        return dir;
                    }

                    @Override
                    public void attach(Path file) {}

                    @Override
                    public void progress(String line) {}
                };
        assertThatThrownBy(() -> kind.run(spec, context))
                .isInstanceOf(io.gonogo.core.NotExecutedException.class)
                .hasMessageContaining("fault kind 'http-error' acts on single HTTP requests")
                .hasMessageContaining("(at http=https://localhost:" + service.port() + ")")
                .hasMessageContaining("the fault proxy cannot see inside TLS");
        assertThat(published).isEmpty();
    }
}
