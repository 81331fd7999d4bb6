package io.gonogo.runners.load;

import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Command-line entry point that runs one closed-model load and prints a wrk-style summary.
 *
 * <p>Usage: {@code LoadMain URL -c CONNECTIONS -n REQUESTS [--warmup N] [--timeout-ms MS]}.
 * The summary ends with a {@code Requests/sec:} line (answered requests per second of the
 * measured window), as {@code bench/loadgen.sh} expects. The exit status is 0 for a complete
 * run, 1 for a run that aborted, 2 for bad arguments.
 */
public final class LoadMain {

    private LoadMain() {
    }

    /**
     * Parses the arguments, runs the load and prints its summary to standard output.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String url = null;
        int connections = 10;
        long requests = 10_000;
        long warmup = 0;
        long timeoutMillis = 10_000;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-c":
                        connections = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "-n":
                        requests = Long.parseLong(value(args, ++i, a));
                        break;
                    case "--warmup":
                        warmup = Long.parseLong(value(args, ++i, a));
                        break;
                    case "--timeout-ms":
                        timeoutMillis = Long.parseLong(value(args, ++i, a));
                        break;
                    case "-h":
                    case "--help":
                        out.println(usage());
                        return 0;
                    default:
                        if (a.startsWith("-") || url != null) {
                            throw new IllegalArgumentException("unexpected argument '" + a + "'");
                        }
                        url = a;
                }
            }
            if (url == null) {
                throw new IllegalArgumentException("the target URL is missing");
            }
            LoadRunner runner = LoadRunner.builder()
                    .target(URI.create(url))
                    .concurrency(connections)
                    .requests(requests)
                    .warmupRequests(warmup)
                    .requestTimeout(java.time.Duration.ofMillis(timeoutMillis))
                    .build();
            out.printf(Locale.ROOT, "Running closed-model load @ %s%n  %d connections, %d requests (+%d warm-up)%n",
                    url, connections, requests, warmup);
            LoadResult r = runner.run();
            print(r, out);
            return r.aborted() ? 1 : 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(usage());
            return 2;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static String usage() {
        return "usage: LoadMain URL -c CONNECTIONS -n REQUESTS [--warmup N] [--timeout-ms MS]";
    }

    static void print(LoadResult r, PrintStream out) {
        Histogram h = r.latencyMicros();
        out.printf(Locale.ROOT, "  Latency     p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s)%n",
                us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
                us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()), us((long) h.getMean()));
        Histogram c = r.connectTimeMicros();
        if (c.getTotalCount() > 0) {
            out.printf(Locale.ROOT, "  Connect     p50 %s  max %s  (%d connections opened)%n",
                    us(c.getValueAtPercentile(50)), us(c.getMaxValue()), r.connectionsOpened());
        }
        double seconds = r.measuredWindow().toNanos() / 1e9;
        out.printf(Locale.ROOT, "  %d requests attempted, %d answered, %d succeeded (%.2f%%) in %.2fs%n",
                r.attempted(), r.answered(), r.succeeded(), r.successRatePercent(), seconds);
        if (r.totalErrors() > 0) {
            StringBuilder sb = new StringBuilder("  Errors:");
            r.errors().forEach((kind, count) -> {
                if (count > 0) {
                    sb.append(' ').append(kind.label()).append(' ').append(count);
                }
            });
            out.println(sb);
        }
        r.abortReason().ifPresent(reason -> out.println("  Aborted: " + reason));
        out.printf(Locale.ROOT, "Requests/sec: %.2f%n", r.throughputPerSecond());
    }

    private static String us(long micros) {
        if (micros < 1000) {
            return micros + "us";
        }
        if (micros < 1_000_000) {
            return String.format(Locale.ROOT, "%.2fms", micros / 1000.0);
        }
        return String.format(Locale.ROOT, "%.2fs", micros / 1e6);
    }
}
