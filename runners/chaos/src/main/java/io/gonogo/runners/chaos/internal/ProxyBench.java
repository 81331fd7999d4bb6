package io.gonogo.runners.chaos.internal;

import io.gonogo.runners.chaos.FaultProxy;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.LoadRunner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Measures the fault proxy's cost: the load engine's closed-model throughput against a service
 * directly and through a fault-free proxy, in alternating rounds of the same run, and prints both
 * medians and their ratio. A benchmark, not a test (see {@code
 * runners/chaos/bench/proxy-ratio.sh}).
 *
 * <p>Usage: {@code ProxyBench HOST:PORT [seconds=5] [connections=50] [rounds=3] [request=/health]
 * [http|tcp] [ioThreads=1]}. The request is a path ({@code GET}), or a method, a space and a path,
 * and for {@code POST} a JSON body after another space: {@code "POST /sessions
 * {\"operator\":\"bench\"}"} measures the proxy on the governance service's session writes rather
 * than on its cheapest answer (with the operator token given as {@code -Dgonogo.bench.token=T}).
 *
 * <p>With {@code -Dgonogo.bench.peer=HOST:PORT}, a reverse proxy already running in front of the
 * same service (the script starts nginx there when it is installed), each round also measures
 * throughput through that peer: what a mature C proxy keeps of direct throughput on the same
 * machine and run, beside what gonogo's proxy keeps.
 */
public final class ProxyBench {
    private ProxyBench() {}

    /** Runs the rounds and prints the figures. */
    public static void main(String[] args) throws Exception {
        String[] hp = args[0].split(":");
        InetSocketAddress service = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int conns = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String[] request = (args.length > 4 ? args[4] : "/health").split(" ", 3);
        String method = request.length > 1 ? request[0] : "GET";
        String path = request.length > 1 ? request[1] : request[0];
        byte[] body =
                request.length > 2
                        ? request[2].getBytes(java.nio.charset.StandardCharsets.UTF_8)
                        : null;
        boolean http = args.length <= 5 || !args[5].equals("tcp");
        int ioThreads = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        List<Double> direct = new ArrayList<>();
        List<Double> proxied = new ArrayList<>();
        List<Double> peered = new ArrayList<>();
        String peer = System.getProperty("gonogo.bench.peer", "");
        try (FaultProxy proxy =
                FaultProxy.builder().upstream(service).http(http).ioThreads(ioThreads).build()) {
            int port = proxy.start();
            URI d = URI.create("http://" + hp[0] + ":" + hp[1] + path);
            URI p = URI.create("http://127.0.0.1:" + port + path);
            run(
                    d, seconds, conns, method,
                    body); // warm both paths (and the service) as long as a round
            run(p, seconds, conns, method, body);
            URI q = peer.isEmpty() ? null : URI.create("http://" + peer + path);
            if (q != null) {
                run(q, seconds, conns, method, body);
            }
            for (int i = 1; i <= rounds; i++) {
                // odd rounds direct first, even rounds proxied first: a service that slows as it
                // fills
                // (the session table grows with every write) must not favour whichever path runs
                // first
                Leg a = null;
                Leg b = null;
                Leg c = null;
                for (int k = 0; k < 3; k++) {
                    int which = i % 2 == 1 ? k : 2 - k;
                    if (which == 0) {
                        a = leg(d, seconds, conns, method, body);
                    } else if (which == 1) {
                        b = leg(p, seconds, conns, method, body);
                    } else if (q != null) {
                        c = leg(q, seconds, conns, method, body);
                    }
                }
                direct.add(a.result.throughputPerSecond());
                proxied.add(b.result.throughputPerSecond());
                printRound(i, a, b);
                if (c != null) {
                    peered.add(c.result.throughputPerSecond());
                    System.out.printf(
                            Locale.ROOT,
                            "round %d: through the peer proxy %.0f req/s (%d errors)%n",
                            i,
                            c.result.throughputPerSecond(),
                            c.result.totalErrors());
                }
            }
        }
        printMedians(direct, proxied, peered);
    }

    private static void printRound(int i, Leg a, Leg b) {
        System.out.printf(
                Locale.ROOT,
                "round %d: direct %.0f req/s (%d errors), through the proxy %.0f req/s (%d"
                        + " errors); CPU per request: generator %.1f us direct, %.1f us"
                        + " proxied; proxy %.1f us (%.0f%% of it in the kernel)%n",
                i,
                a.result.throughputPerSecond(),
                a.result.totalErrors(),
                b.result.throughputPerSecond(),
                b.result.totalErrors(),
                a.generatorMicrosPerRequest(),
                b.generatorMicrosPerRequest(),
                b.proxyMicrosPerRequest(),
                100 * b.proxyKernelShare());
    }

    private static void printMedians(
            List<Double> direct, List<Double> proxied, List<Double> peered) {
        double md = median(direct);
        double mp = median(proxied);
        System.out.printf(
                Locale.ROOT,
                "median: direct %.0f req/s, through the proxy %.0f req/s, ratio %.3f%n",
                md,
                mp,
                mp / md);
        if (!peered.isEmpty()) {
            double mq = median(peered);
            System.out.printf(
                    Locale.ROOT,
                    "median: through the peer proxy %.0f req/s, ratio %.3f of direct;"
                            + " gonogo's proxy keeps %.3f of the peer's throughput%n",
                    mq,
                    mq / md,
                    mp / mq);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * CPU time (or only its user part) of the proxy's event-loop threads so far; the load engine
     * runs on the calling thread.
     */
    private static long proxyNanos(boolean userOnly) {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(ProxyCore.THREAD_PREFIX)) {
                sum +=
                        Math.max(
                                0,
                                userOnly
                                        ? THREADS.getThreadUserTime(t.getId())
                                        : THREADS.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    /** One measured leg: the load result and the CPU the generator and the proxy spent on it. */
    private record Leg(
            LoadResult result, long generatorNanos, long proxyNanos, long proxyUserNanos) {
        /** The share of the proxy's CPU time spent in the kernel (socket reads and writes). */
        double proxyKernelShare() {
            return proxyNanos == 0 ? 0 : 1 - (double) proxyUserNanos / proxyNanos;
        }

        double generatorMicrosPerRequest() {
            return generatorNanos / 1e3 / Math.max(1, result.attempted());
        }

        double proxyMicrosPerRequest() {
            return proxyNanos / 1e3 / Math.max(1, result.attempted());
        }
    }

    private static Leg leg(URI target, int seconds, int conns, String method, byte[] body) {
        long gen0 = THREADS.getCurrentThreadCpuTime();
        long proxy0 = proxyNanos(false);
        long user0 = proxyNanos(true);
        LoadResult r = run(target, seconds, conns, method, body);
        return new Leg(
                r,
                THREADS.getCurrentThreadCpuTime() - gen0,
                proxyNanos(false) - proxy0,
                proxyNanos(true) - user0);
    }

    private static LoadResult run(URI target, int seconds, int conns, String method, byte[] body) {
        LoadRunner.Builder b =
                LoadRunner.builder()
                        .target(target)
                        .method(method)
                        .duration(Duration.ofSeconds(seconds))
                        .concurrency(conns)
                        .requestTimeout(Duration.ofSeconds(5));
        if (body != null) {
            b.body(body, "application/json");
        }
        String token = System.getProperty("gonogo.bench.token", "");
        if (!token.isEmpty() && !method.equals("GET")) {
            b.header("Authorization", "Bearer " + token); // the governance service's operator token
        }
        return b.build().run();
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
