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
 * directly and through a fault-free proxy, in alternating rounds of the same run, and prints
 * both medians and their ratio. A benchmark, not a test (see {@code runners/chaos/bench/proxy-ratio.sh}).
 *
 * <p>Usage: {@code ProxyBench HOST:PORT [seconds=5] [connections=50] [rounds=3] [request=/health] [http|tcp] [ioThreads=1]}.
 * The request is a path ({@code GET}), or a method, a space and a path, and for {@code POST} a JSON
 * body after another space: {@code "POST /sessions {\"operator\":\"bench\"}"} measures the proxy on
 * the governance service's session writes rather than on its cheapest answer (with the operator
 * token given as {@code -Dgonogo.bench.token=T}).
 */
public final class ProxyBench {
    private ProxyBench() {
    }

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
        byte[] body = request.length > 2 ? request[2].getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
        boolean http = args.length <= 5 || !args[5].equals("tcp");
        int ioThreads = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        List<Double> direct = new ArrayList<>();
        List<Double> proxied = new ArrayList<>();
        try (FaultProxy proxy = FaultProxy.builder().upstream(service).http(http).ioThreads(ioThreads).build()) {
            int port = proxy.start();
            URI d = URI.create("http://" + hp[0] + ":" + hp[1] + path);
            URI p = URI.create("http://127.0.0.1:" + port + path);
            run(d, seconds, conns, method, body); // warm both paths (and the service) as long as a round
            run(p, seconds, conns, method, body);
            for (int i = 1; i <= rounds; i++) {
                long gen0 = THREADS.getCurrentThreadCpuTime();
                LoadResult a = run(d, seconds, conns, method, body);
                long gen1 = THREADS.getCurrentThreadCpuTime();
                long proxy1 = proxyCpuNanos();
                LoadResult b = run(p, seconds, conns, method, body);
                long gen2 = THREADS.getCurrentThreadCpuTime();
                long proxy2 = proxyCpuNanos();
                direct.add(a.throughputPerSecond());
                proxied.add(b.throughputPerSecond());
                double na = Math.max(1, a.attempted());
                double nb = Math.max(1, b.attempted());
                System.out.printf(Locale.ROOT, "round %d: direct %.0f req/s (%d errors), through the proxy %.0f req/s"
                        + " (%d errors); CPU per request: generator %.1f us direct, %.1f us proxied; proxy %.1f us%n",
                        i, a.throughputPerSecond(), a.totalErrors(), b.throughputPerSecond(), b.totalErrors(),
                        (gen1 - gen0) / 1e3 / na, (gen2 - gen1) / 1e3 / nb, (proxy2 - proxy1) / 1e3 / nb);
            }
        }
        double md = median(direct);
        double mp = median(proxied);
        System.out.printf(Locale.ROOT, "median: direct %.0f req/s, through the proxy %.0f req/s, ratio %.3f%n", md, mp,
                mp / md);
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time of the proxy's event-loop threads so far (the load engine runs on the calling thread). */
    private static long proxyCpuNanos() {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(ProxyCore.THREAD_PREFIX)) {
                sum += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    private static LoadResult run(URI target, int seconds, int conns, String method, byte[] body) {
        LoadRunner.Builder b = LoadRunner.builder().target(target).method(method).duration(Duration.ofSeconds(seconds))
                .concurrency(conns).requestTimeout(Duration.ofSeconds(5));
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
