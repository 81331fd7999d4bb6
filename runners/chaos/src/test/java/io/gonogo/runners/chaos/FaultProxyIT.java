package io.gonogo.runners.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.LoadRunner;
import io.gonogo.server.GovernanceServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each built-in fault has its effect on real traffic from the load engine through the proxy to a
 * real governance server on loopback, and traffic returns to normal when the fault is removed.
 */
class FaultProxyIT {
    private static GovernanceServer server;
    private FaultProxy proxy;
    private final FaultInjectors faults = FaultInjectors.standard();

    @BeforeAll
    static void startServer() {
        server = GovernanceServer.builder().host("127.0.0.1").httpPort(0).build();
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void startProxy() throws InterruptedException {
        proxy =
                FaultProxy.builder()
                        .upstream(new InetSocketAddress("127.0.0.1", server.httpPort()))
                        .seed(42)
                        .build();
        proxy.start();
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private LoadResult load(long requests, int concurrency, Duration timeout) {
        return LoadRunner.builder()
                .target(URI.create("http://127.0.0.1:" + proxy.port() + "/health"))
                .requests(requests)
                .concurrency(concurrency)
                .requestTimeout(timeout)
                .maxDuration(Duration.ofSeconds(60))
                .build()
                .run();
    }

    private static double p50Millis(LoadResult r) {
        return r.latencyMicros().getValueAtPercentile(50) / 1000.0;
    }

    @Test
    void injectedLatencyRaisesMeasuredLatencyByThatAmountAndEndsWhenRemoved() {
        LoadResult before = load(200, 4, Duration.ofSeconds(5));
        assertThat(before.succeeded()).isEqualTo(200);
        Fault latency =
                proxy.add(
                        faults.create(
                                "latency", Map.of("latency", "100ms", "direction", "downstream")));
        LoadResult during = load(40, 4, Duration.ofSeconds(5));
        proxy.remove(latency);
        LoadResult after = load(200, 4, Duration.ofSeconds(5));
        assertThat(during.succeeded()).isEqualTo(40);
        // stated tolerance: the added 100 ms is a floor for every response, and the median rises by
        // 100 ms within 0.9x..2x (noise of a shared machine on top of the unfaulted median)
        assertThat(during.latencyMicros().getMinValue() / 1000.0).isGreaterThanOrEqualTo(99.0);
        double added = p50Millis(during) - p50Millis(before);
        assertThat(added).isBetween(90.0, 200.0);
        assertThat(p50Millis(after)).isLessThan(p50Millis(before) + 50);
        assertThat(after.latencyMicros().getValueAtPercentile(90) / 1000.0)
                .isLessThan(p50Millis(before) + 50);
    }

    @Test
    void latencyJitterSpreadsLatencyWithinItsBounds() {
        proxy.add(faults.create("latency", Map.of("latency", "60ms", "jitter", "40ms")));
        LoadResult r = load(60, 4, Duration.ofSeconds(5));
        assertThat(r.succeeded()).isEqualTo(60);
        assertThat(r.latencyMicros().getMinValue() / 1000.0).isGreaterThanOrEqualTo(19.0);
        assertThat(r.latencyMicros().getMaxValue() - r.latencyMicros().getMinValue())
                .isGreaterThan(20_000);
    }

    @Test
    void blackholeMakesEveryRequestTimeOutAndTrafficRecoversWhenRemoved() {
        Fault hole = proxy.add(faults.create("blackhole", Map.of()));
        LoadResult during = load(6, 2, Duration.ofMillis(300));
        assertThat(during.errorCount(ErrorKind.TIMEOUT))
                .isEqualTo(during.attempted())
                .isGreaterThan(0);
        assertThat(during.succeeded()).isZero();
        assertThat(proxy.stats().blackholedBytes()).isPositive();
        proxy.remove(hole);
        LoadResult after = load(100, 2, Duration.ofMillis(2000));
        assertThat(after.succeeded()).isEqualTo(100);
    }

    @Test
    void resetMakesRequestsFailWithResetsAndTrafficRecoversWhenRemoved() {
        Fault reset = proxy.add(faults.create("reset", Map.of()));
        LoadResult during = load(50, 2, Duration.ofSeconds(2));
        assertThat(during.succeeded()).isZero();
        assertThat(during.errorCount(ErrorKind.RESET)).isEqualTo(during.attempted()).isPositive();
        assertThat(proxy.stats().resets()).isGreaterThanOrEqualTo(during.attempted());
        proxy.remove(reset);
        assertThat(load(100, 2, Duration.ofSeconds(2)).succeeded()).isEqualTo(100);
    }

    @Test
    void thirtyPercentHttpErrorsGiveAboutThirtyPercentErrorsThatNeverReachTheService() {
        long served = server.handledRequests();
        proxy.add(faults.create("http-error", Map.of("share", "30%")));
        int n = 2000;
        LoadResult r = load(n, 4, Duration.ofSeconds(5));
        assertThat(r.attempted()).isEqualTo(n);
        // binomial(2000, 0.3): mean 600, standard deviation 20.5; the band is +/- 4 standard
        // deviations
        assertThat(r.errorCount(ErrorKind.HTTP_5XX)).isBetween(518L, 682L);
        assertThat(r.succeeded() + r.errorCount(ErrorKind.HTTP_5XX)).isEqualTo(n);
        assertThat(proxy.stats().answered()).isEqualTo(r.errorCount(ErrorKind.HTTP_5XX));
        assertThat(server.handledRequests() - served).isEqualTo(r.succeeded());
        proxy.clear();
        assertThat(load(300, 4, Duration.ofSeconds(5)).succeeded()).isEqualTo(300);
    }

    @Test
    void droppedConnectionsNeverReachTheServiceAndTrafficRecoversWhenRemoved() {
        Fault drop = proxy.add(faults.create("drop-connections", Map.of("share", "100%")));
        LoadResult during = load(20, 2, Duration.ofSeconds(2));
        assertThat(during.succeeded()).isZero();
        assertThat(proxy.stats().dropped()).isPositive();
        proxy.remove(drop);
        assertThat(load(100, 2, Duration.ofSeconds(2)).succeeded()).isEqualTo(100);
    }

    @Test
    void httpErrorAnswersPipelinedChunkedAndSizedRequestsInOrderOnOneKeepAliveConnection()
            throws Exception {
        proxy.add(faults.create("http-error", Map.of("share", "100%", "status", "502")));
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(5000);
            String requests =
                    "POST /decisions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "5\r\nhello\r\n0\r\n\r\n"
                            + "POST /sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcd"
                            + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
            OutputStream out = s.getOutputStream();
            for (byte b : requests.getBytes(StandardCharsets.US_ASCII)) {
                out.write(b); // one byte at a time: framing must survive any split
                out.flush();
            }
            String got = readResponses(s.getInputStream(), 3);
            assertThat(got.split("HTTP/1.1 502", -1)).hasSize(4);
        }
        assertThat(proxy.stats().answered()).isEqualTo(3);
    }

    @Test
    void answeredAndForwardedRequestsKeepTheirOrderOnOneConnection() throws Exception {
        long served = server.handledRequests();
        proxy.add(faults.create("http-error", Map.of("share", "50%")));
        int n = 40;
        StringBuilder req = new StringBuilder();
        for (int i = 0; i < n; i++) {
            req.append("GET /health?i=").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
            String got = readResponses(s.getInputStream(), n);
            long errors = got.split("HTTP/1.1 503", -1).length - 1;
            long ok = got.split("HTTP/1.1 200", -1).length - 1;
            assertThat(errors + ok).isEqualTo(n);
            assertThat(errors).isEqualTo(proxy.stats().answered()).isBetween(5L, 35L);
            assertThat(server.handledRequests() - served).isEqualTo(ok);
        }
    }

    /** Reads {@code n} complete Content-Length-framed responses. */
    private static String readResponses(InputStream in, int n) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < n; i++) {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new AssertionError("connection closed after " + i + " responses: " + all);
                }
                head.append((char) c);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            all.append(head);
            all.append(new String(in.readNBytes(length), StandardCharsets.ISO_8859_1));
        }
        return all.toString();
    }

    @Test
    void bandwidthLimitPacesBytesAndKeepsThemIntact() throws Exception {
        byte[] payload = new byte[40_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        try (ServerSocket upstream =
                        new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
                FaultProxy tcp =
                        FaultProxy.builder()
                                .http(false)
                                .upstream(
                                        new InetSocketAddress("127.0.0.1", upstream.getLocalPort()))
                                .build()) {
            tcp.start();
            tcp.add(faults.create("bandwidth", Map.of("rate", "100KB/s")));
            Thread t = serveOnce(upstream, payload);
            try (Socket s = new Socket("127.0.0.1", tcp.port())) {
                s.setSoTimeout(10_000);
                long start = System.nanoTime();
                byte[] got = s.getInputStream().readAllBytes();
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(got).isEqualTo(payload);
                // 40 KB at 100 KB/s: 0.4 s at least (the pace is a ceiling); generous upper bound
                assertThat(seconds).isBetween(0.35, 4.0);
            }
            t.join(5000);
        }
    }

    @Test
    void slowCloseHoldsBackTheServicesClose() throws Exception {
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        try (ServerSocket upstream =
                        new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
                FaultProxy tcp =
                        FaultProxy.builder()
                                .http(false)
                                .upstream(
                                        new InetSocketAddress("127.0.0.1", upstream.getLocalPort()))
                                .build()) {
            tcp.start();
            tcp.add(faults.create("slow-close", Map.of("delay", "400ms")));
            java.util.concurrent.atomic.AtomicLong closing =
                    new java.util.concurrent.atomic.AtomicLong();
            Thread t = serveOnce(upstream, hello, closing);
            try (Socket s = new Socket("127.0.0.1", tcp.port())) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                assertThat(in.readNBytes(5)).isEqualTo(hello);
                assertThat(in.read()).isEqualTo(-1);
                // from just before the service closed: a late wake-up of this thread can only add
                assertThat((System.nanoTime() - closing.get()) / 1e6).isGreaterThanOrEqualTo(395.0);
            }
            t.join(5000);
        }
    }

    private static Thread serveOnce(ServerSocket upstream, byte[] payload) {
        return serveOnce(upstream, payload, new java.util.concurrent.atomic.AtomicLong());
    }

    /**
     * Serves the payload once, then closes, noting in {@code closing} the time just before the
     * close.
     */
    private static Thread serveOnce(
            ServerSocket upstream, byte[] payload, java.util.concurrent.atomic.AtomicLong closing) {
        Thread t =
                new Thread(
                        () -> {
                            try (Socket c = upstream.accept()) {
                                c.getOutputStream().write(payload);
                                c.getOutputStream().flush();
                                closing.set(System.nanoTime());
                            } catch (Exception e) {
                                // the test's assertions report the effect
                            }
                        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void newConnectionsFollowARePointedUpstream() throws Exception {
        try (GovernanceServer other =
                GovernanceServer.builder().host("127.0.0.1").httpPort(0).build()) {
            other.start();
            long before = other.handledRequests();
            proxy.upstream(new InetSocketAddress("127.0.0.1", other.httpPort()));
            assertThat(load(20, 1, Duration.ofSeconds(5)).succeeded()).isEqualTo(20);
            assertThat(other.handledRequests() - before).isEqualTo(20);
        }
    }

    @Test
    void unknownKindsAndSettingsAreRejectedWithWhatIsExpected() {
        assertThatThrownBy(() -> faults.create("lag", Map.of()))
                .hasMessageContaining("unknown fault kind 'lag'")
                .hasMessageContaining("latency");
        assertThatThrownBy(
                        () -> faults.create("latency", Map.of("latency", "100ms", "jiter", "1ms")))
                .hasMessageContaining("no setting 'jiter'")
                .hasMessageContaining("jitter");
        assertThatThrownBy(() -> faults.create("http-error", Map.of("share", "130%")))
                .hasMessageContaining("'share' is '130%'");
        assertThatThrownBy(
                        () ->
                                FaultInjectors.standard()
                                        .register(
                                                new FaultInjector() {
                                                    @Override
                                                    public String kind() {
                                                        return "latency";
                                                    }

                                                    @Override
                                                    public java.util.Set<String> settings() {
                                                        return java.util.Set.of();
                                                    }

                                                    @Override
                                                    public Fault create(
                                                            Map<String, String> settings) {
                                                        throw new UnsupportedOperationException();
                                                    }
                                                }))
                .hasMessageContaining("registered twice");
    }
}
