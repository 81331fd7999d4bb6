package io.gonogo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gonogo.server.grpc.v1.Decision;
import io.gonogo.server.grpc.v1.GovernanceGrpc;
import io.gonogo.server.grpc.v1.WatchPendingDecisionsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server under abuse: 1,000 idle connections and 10,000 watchers at once. It keeps answering
 * {@code /health} about as fast as before, accepts watchers up to its bound and refuses the rest
 * with 503 / RESOURCE_EXHAUSTED, and once the clients are gone its threads and file descriptors are
 * back where they were.
 *
 * <p>Server and clients share this JVM, so the descriptor count covers both ends of every socket:
 * the watchers are mostly gRPC streams over a few connections, with a few hundred SSE connections.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AbuseIT {

    static final String TOKEN = "t0k3n";
    static final int IDLE_CONNECTIONS = 1_000;
    static final int MAX_WATCHERS = 1_000;
    static final int SSE_BEFORE = 100;
    static final int SSE_AFTER = 100;
    static final int GRPC_CHANNELS = 4;
    static final int GRPC_WATCHERS = 10_000 - SSE_BEFORE - SSE_AFTER;

    /** The probe's p99 under abuse may be this many times the baseline's, or this floor. */
    static final int P99_FACTOR = 5;

    static final long P99_FLOOR_MICROS = 50_000;

    private static final String GET_HEALTH = "GET /health HTTP/1.1\r\nHost: probe\r\n\r\n";
    private static final String GET_STREAM = "GET /decisions/stream HTTP/1.1\r\nHost: w\r\n\r\n";

    @Test
    void idleConnectionsAndTenThousandWatchersLeaveHealthFastAndNothingBehind() throws Exception {
        assumeTrue(
                openFileLimit() >= 4_096,
                "needs 4,096 open files (ulimit -n), has " + openFileLimit());
        try (GovernanceServer server =
                GovernanceServer.builder()
                        .httpPort(0)
                        .grpcPort(0)
                        .operatorToken(TOKEN)
                        .maxWatchers(MAX_WATCHERS)
                        .build()) {
            server.start();
            warmUp(server);
            long baselineFds = settled(AbuseIT::openFds);
            int baselineThreads = (int) settled(AbuseIT::liveThreads);
            java.util.Set<String> baselineThreadNames = threadNames();

            try (Probe probe = new Probe(server.httpPort())) {
                long[] baseline = probe.measure(2_000);

                probe.startInBackground();
                List<Socket> idle = new ArrayList<>();
                List<RawHttpConnection> sse = new ArrayList<>();
                List<ManagedChannel> channels = new ArrayList<>();
                Watchers grpc = new Watchers();
                int sseAccepted = 0;
                int sseRefused = 0;
                try {
                    for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                        Socket s = new Socket();
                        s.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 10_000);
                        idle.add(s);
                    }
                    int idleOpened = probe.mark();
                    probe.keepGoingFor(1_000);
                    int idleHeld = probe.mark();
                    for (int i = 0; i < SSE_BEFORE; i++) {
                        sseAccepted += watchOverSse(server, sse) ? 1 : 0;
                    }
                    for (int i = 0; i < GRPC_CHANNELS; i++) {
                        channels.add(
                                ManagedChannelBuilder.forTarget(server.grpcAddress())
                                        .usePlaintext()
                                        .build());
                    }
                    for (int i = 0; i < GRPC_WATCHERS; i++) {
                        GovernanceGrpc.newStub(channels.get(i % GRPC_CHANNELS))
                                .watchPendingDecisions(
                                        WatchPendingDecisionsRequest.getDefaultInstance(),
                                        grpc.newObserver());
                    }
                    int grpcExpectedRefused = GRPC_WATCHERS - (MAX_WATCHERS - SSE_BEFORE);
                    await(() -> grpc.refused.get() >= grpcExpectedRefused, 30);
                    for (int i = 0; i < SSE_AFTER; i++) {
                        sseRefused += watchOverSse(server, sse) ? 0 : 1;
                    }

                    // one decision reaches every accepted watcher
                    try (RawHttpConnection c = new RawHttpConnection(server.httpPort())) {
                        String body = "{\"title\":\"abuse\",\"riskLevel\":\"LOW\"}";
                        c.send(
                                "POST /decisions HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer "
                                        + TOKEN
                                        + "\r\nContent-Type: application/json\r\nContent-Length: "
                                        + body.length()
                                        + "\r\n\r\n"
                                        + body);
                        assertThat(c.read().status()).isEqualTo(201);
                    }
                    int sseEvents = 0;
                    for (RawHttpConnection c : sse.subList(0, sseAccepted)) {
                        sseEvents += readsAnEvent(c) ? 1 : 0;
                    }
                    await(() -> grpc.events.get() >= MAX_WATCHERS - SSE_BEFORE, 20);
                    probe.keepGoingFor(1_000);

                    long[] probes = probe.stopInBackground();
                    long[] underAbuse = sorted(probes, 0, probes.length);
                    long baselineP99 = p99(baseline);
                    long abuseP99 = p99(underAbuse);
                    System.out.printf(
                            Locale.ROOT,
                            "health p99: baseline %d us over %d probes, under abuse %d us over %d"
                                    + " probes (max %d us): opening %d idle connections %d us,"
                                    + " holding them %d us, with the watchers %d us%n",
                            baselineP99,
                            baseline.length,
                            abuseP99,
                            underAbuse.length,
                            underAbuse[underAbuse.length - 1],
                            IDLE_CONNECTIONS,
                            p99(sorted(probes, 0, idleOpened)),
                            p99(sorted(probes, idleOpened, idleHeld)),
                            p99(sorted(probes, idleHeld, probes.length)));
                    System.out.printf(
                            Locale.ROOT,
                            "watchers accepted %d (sse %d, grpc %d),"
                                    + " refused %d (sse 503 %d, grpc RESOURCE_EXHAUSTED %d)%n",
                            sseAccepted + grpc.events.get(),
                            sseAccepted,
                            grpc.events.get(),
                            sseRefused + grpc.refused.get(),
                            sseRefused,
                            grpc.refused.get());

                    assertThat(grpc.otherErrors).as("gRPC watches failed otherwise").isEmpty();
                    assertThat(sseAccepted).isEqualTo(SSE_BEFORE);
                    assertThat(sseRefused).isEqualTo(SSE_AFTER);
                    assertThat(sseEvents).isEqualTo(SSE_BEFORE);
                    assertThat(grpc.events.get()).isEqualTo(MAX_WATCHERS - SSE_BEFORE);
                    assertThat(grpc.refused.get()).isEqualTo(grpcExpectedRefused);
                    assertThat(sseAccepted + grpc.events.get() + sseRefused + grpc.refused.get())
                            .as("every watcher answered, accepted or refused")
                            .isEqualTo(10_000);
                    assertThat(underAbuse.length).as("probes under abuse").isGreaterThan(200);
                    assertThat(abuseP99)
                            .as("health p99 under abuse (baseline %d us)", baselineP99)
                            .isLessThanOrEqualTo(
                                    Math.max(P99_FACTOR * baselineP99, P99_FLOOR_MICROS));
                    // a new connection is still accepted and answered at once
                    try (RawHttpConnection fresh = new RawHttpConnection(server.httpPort())) {
                        long start = System.nanoTime();
                        fresh.send(GET_HEALTH);
                        assertThat(fresh.read().status()).isEqualTo(200);
                        assertThat(System.nanoTime() - start)
                                .isLessThan(TimeUnit.MILLISECONDS.toNanos(1_000));
                    }
                } finally {
                    probe.stopInBackground();
                    for (Socket s : idle) {
                        s.close();
                    }
                    for (RawHttpConnection c : sse) {
                        c.close();
                    }
                    for (ManagedChannel ch : channels) {
                        ch.shutdownNow();
                    }
                    for (ManagedChannel ch : channels) {
                        ch.awaitTermination(10, TimeUnit.SECONDS);
                    }
                }

                // the server lets go of all of it: only the probe's connection is left
                String[] gauges = new String[1];
                boolean released =
                        awaitQuietly(
                                () -> {
                                    gauges[0] = probe.prometheusGauges();
                                    return gauges[0].contains("gonogo_server_watchers 0.0")
                                            && gauges[0].contains(
                                                    "gonogo_server_http_connections 1.0");
                                },
                                10);
                assertThat(released).as("server gauges after close: %s", gauges[0]).isTrue();
            }
            long[] after = new long[2];
            boolean backToBaseline =
                    awaitQuietly(
                            () -> {
                                after[0] = openFds();
                                after[1] = liveThreads();
                                return after[0] <= baselineFds + 5 && after[1] <= baselineThreads;
                            },
                            15);
            System.out.printf(
                    Locale.ROOT,
                    "open fds: baseline %d, after %d; live threads: baseline %d, after %d%n",
                    baselineFds,
                    after[0],
                    baselineThreads,
                    after[1]);
            java.util.Set<String> newThreads = threadNames();
            newThreads.removeAll(baselineThreadNames);
            assertThat(backToBaseline)
                    .as(
                            "fds %d (baseline %d) and threads %d (baseline %d, new: %s) back to"
                                    + " baseline",
                            after[0], baselineFds, after[1], baselineThreads, newThreads)
                    .isTrue();
        }
    }

    /** Loads the classes and opens the jars each path needs, so the baseline already has them. */
    private static void warmUp(GovernanceServer server) throws Exception {
        try (RawHttpConnection c = new RawHttpConnection(server.httpPort())) {
            for (int i = 0; i < 5_000; i++) {
                c.send(GET_HEALTH);
                c.read();
            }
            // the server's workers start on demand: let each one start now
            String metrics = "GET /metrics/governance HTTP/1.1\r\nHost: w\r\n\r\n";
            for (int i = 0; i < 8; i++) {
                c.send(metrics.repeat(8));
                for (int j = 0; j < 8; j++) {
                    c.read();
                }
            }
        }
        List<RawHttpConnection> sse = new ArrayList<>();
        try {
            assertThat(watchOverSse(server, sse)).isTrue();
        } finally {
            for (RawHttpConnection c : sse) {
                c.close();
            }
        }
        ManagedChannel channel =
                ManagedChannelBuilder.forTarget(server.grpcAddress()).usePlaintext().build();
        try {
            Watchers w = new Watchers();
            GovernanceGrpc.newStub(channel)
                    .watchPendingDecisions(
                            WatchPendingDecisionsRequest.getDefaultInstance(), w.newObserver());
            GovernanceGrpc.newBlockingStub(channel)
                    .health(io.gonogo.server.grpc.v1.HealthRequest.getDefaultInstance());
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Opens an SSE watch; true if it is streaming, false if refused with a 503 saying why. */
    private static boolean watchOverSse(GovernanceServer server, List<RawHttpConnection> opened)
            throws IOException {
        RawHttpConnection c = new RawHttpConnection(server.httpPort());
        opened.add(c);
        c.send(GET_STREAM);
        RawHttpConnection.Response head = c.readHead();
        if (head.status() == 200) {
            assertThat(head.header("content-type")).startsWith("text/event-stream");
            return true;
        }
        assertThat(head.status()).isEqualTo(503);
        String body =
                new String(
                        c.readBytes(Integer.parseInt(head.header("content-length"))),
                        java.nio.charset.StandardCharsets.UTF_8);
        assertThat(body).contains("\"error\":\"overloaded\"").contains("too many watchers");
        return false;
    }

    private static boolean readsAnEvent(RawHttpConnection c) throws IOException {
        for (String line = c.readLine(); line != null; line = c.readLine()) {
            if (line.startsWith("event: pending")) {
                return true;
            }
        }
        return false;
    }

    /** Counts what the gRPC watchers see. */
    private static final class Watchers {
        final AtomicInteger events = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final List<Status> otherErrors = java.util.Collections.synchronizedList(new ArrayList<>());

        StreamObserver<Decision> newObserver() {
            AtomicBoolean seen = new AtomicBoolean();
            return new StreamObserver<>() {
                @Override
                public void onNext(Decision d) {
                    if (seen.compareAndSet(false, true)) {
                        events.incrementAndGet();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    Status s = Status.fromThrowable(t);
                    if (s.getCode() == Status.Code.RESOURCE_EXHAUSTED
                            && String.valueOf(s.getDescription()).contains("too many watchers")) {
                        refused.incrementAndGet();
                    } else if (s.getCode() != Status.Code.CANCELLED
                            && s.getCode() != Status.Code.UNAVAILABLE) {
                        otherErrors.add(s);
                    }
                }

                @Override
                public void onCompleted() {}
            };
        }
    }

    /** Sends GET /health over one keep-alive connection, one at a time, timing each. */
    private static final class Probe implements AutoCloseable {
        private final RawHttpConnection connection;
        private final int port;
        private final List<Long> latencies = new ArrayList<>();
        private volatile boolean running;
        private Thread thread;
        private volatile Throwable failure;

        Probe(int port) throws IOException {
            this.port = port;
            this.connection = new RawHttpConnection(port);
        }

        /** Times {@code n} probes in the calling thread; returns their latencies in micros. */
        long[] measure(int n) throws IOException, InterruptedException {
            long[] micros = new long[n];
            for (int i = 0; i < n; i++) {
                micros[i] = once();
                Thread.sleep(0, 500_000);
            }
            Arrays.sort(micros);
            return micros;
        }

        private long once() throws IOException {
            long start = System.nanoTime();
            connection.send(GET_HEALTH);
            RawHttpConnection.Response r = connection.read();
            long micros = (System.nanoTime() - start) / 1_000;
            if (r.status() != 200) {
                throw new IOException("health answered " + r.statusLine());
            }
            return micros;
        }

        void startInBackground() {
            running = true;
            thread =
                    new Thread(
                            () -> {
                                try {
                                    while (running) {
                                        long micros = once();
                                        synchronized (latencies) {
                                            latencies.add(micros);
                                        }
                                        Thread.sleep(1);
                                    }
                                } catch (Throwable t) {
                                    failure = t;
                                }
                            },
                            "health-probe");
            thread.setDaemon(true);
            thread.start();
        }

        void keepGoingFor(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }

        /** Returns how many probes the background probe has timed so far. */
        int mark() {
            synchronized (latencies) {
                return latencies.size();
            }
        }

        /** Stops the background probe; returns its latencies in micros, in order. */
        long[] stopInBackground() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join(10_000);
                thread = null;
            }
            assertThat(failure).as("the probe failed").isNull();
            synchronized (latencies) {
                return latencies.stream().mapToLong(Long::longValue).toArray();
            }
        }

        /**
         * The server's connection and watcher gauges, read from /prometheus on the probe's own
         * connection.
         */
        String prometheusGauges() {
            try {
                connection.send("GET /prometheus HTTP/1.1\r\nHost: probe\r\n\r\n");
                RawHttpConnection.Response r = connection.read();
                return String.join(
                        "\n",
                        r.body()
                                .lines()
                                .filter(
                                        l ->
                                                l.startsWith("gonogo_server_watchers ")
                                                        || l.startsWith(
                                                                "gonogo_server_http_connections "))
                                .toList());
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            connection.close();
        }
    }

    private static long[] sorted(long[] values, int from, int to) {
        long[] part = Arrays.copyOfRange(values, from, Math.max(from + 1, to));
        Arrays.sort(part);
        return part;
    }

    private static long p99(long[] sorted) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)];
    }

    private static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.Set<String> threadNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName());
        }
        return names;
    }

    private static long liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the test does not run
        }
        return 0;
    }

    /** Waits until {@code value} has not changed for half a second (at most 5 s); returns it. */
    private static long settled(java.util.function.LongSupplier value) throws InterruptedException {
        long last = value.getAsLong();
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            long now = value.getAsLong();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(500)) {
                break;
            }
        }
        return last;
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        assertThat(awaitQuietly(condition, seconds))
                .as("condition met within %d s", seconds)
                .isTrue();
    }

    private static boolean awaitQuietly(BooleanSupplier condition, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
