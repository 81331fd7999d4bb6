package io.gonogo.runners.load;

import io.gonogo.runners.load.internal.Durations;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Command-line entry point that runs one load and prints a wrk-style summary.
 *
 * <p>Usage: {@code LoadMain URL -c CONNECTIONS (-n REQUESTS | -d DURATION) [--rate PER_SECOND]
 * [--warmup N] [--timeout DURATION]}; durations are written as wrk does ({@code 500ms}, {@code 8s},
 * {@code 2m}, {@code 1h}). With {@code --rate} the run is open-model (constant arrival rate for
 * {@code -d}, latency from each request's intended send time), otherwise closed-model. The summary
 * ends with a {@code Requests/sec:} line (answered requests per second of the measured window), as
 * {@code bench/loadgen.sh} expects. The exit status is 0 for a complete run, 1 for a run that
 * aborted, 2 for bad arguments, which are reported in one line on standard error.
 */
public final class LoadMain {

    private static final Pattern DURATION =
            Pattern.compile("(\\d+)(ms|s|m|h|)", Pattern.CASE_INSENSITIVE);

    private LoadMain() {}

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
        boolean requestsSet = false;
        Duration duration = null;
        double rate = 0;
        boolean rateSet = false;
        long warmup = 0;
        long timeoutMillis = 10_000;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-c":
                        connections =
                                (int)
                                        number(
                                                a,
                                                value(args, ++i, a),
                                                Integer.MIN_VALUE,
                                                Integer.MAX_VALUE);
                        break;
                    case "-n":
                        requests = number(a, value(args, ++i, a), Long.MIN_VALUE, Long.MAX_VALUE);
                        requestsSet = true;
                        break;
                    case "-d":
                    case "--duration":
                        duration = duration(a, value(args, ++i, a));
                        break;
                    case "--rate":
                    case "-R":
                        rate = decimal(a, value(args, ++i, a));
                        rateSet = true;
                        break;
                    case "--warmup":
                        warmup = number(a, value(args, ++i, a), Long.MIN_VALUE, Long.MAX_VALUE);
                        break;
                    case "--timeout-ms":
                        timeoutMillis = number(a, value(args, ++i, a), 1, Long.MAX_VALUE);
                        break;
                    case "--timeout":
                        timeoutMillis = duration(a, value(args, ++i, a)).toMillis();
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
            if (requestsSet && duration != null) {
                throw new IllegalArgumentException(
                        "give either -n REQUESTS or -d DURATION, not both");
            }
            if (rateSet && duration == null) {
                throw new IllegalArgumentException("--rate needs -d DURATION");
            }
            URI target;
            try {
                target = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("malformed URL '" + url + "': " + e.getReason());
            }
            LoadRunner.Builder builder =
                    LoadRunner.builder()
                            .target(target)
                            .concurrency(connections)
                            .warmupRequests(warmup)
                            .requestTimeout(Duration.ofMillis(timeoutMillis));
            if (duration != null) {
                builder.duration(duration);
            } else {
                builder.requests(requests);
            }
            if (rateSet) {
                builder.rate(rate);
            }
            LoadRunner runner = builder.build();
            String amount = duration != null ? Durations.human(duration) : requests + " requests";
            if (rateSet) {
                out.printf(
                        Locale.ROOT,
                        "Running open-model load @ %s%n  %s at %s req/s over %d connections (+%d"
                                + " warm-up)%n",
                        url,
                        amount,
                        plain(rate),
                        connections,
                        warmup);
            } else {
                out.printf(
                        Locale.ROOT,
                        "Running closed-model load @ %s%n  %d connections, %s (+%d warm-up)%n",
                        url,
                        connections,
                        amount,
                        warmup);
            }
            LoadResult r = runner.run();
            print(r, out);
            return r.aborted() ? 1 : 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + " (run with --help for usage)");
            return 2;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static long number(String option, String text, long min, long max) {
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "option " + option + " needs a whole number, got '" + text + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(
                    "option " + option + " must be within " + min + ".." + max + ", got " + n);
        }
        return n;
    }

    private static double decimal(String option, String text) {
        try {
            double d = Double.parseDouble(text);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "option " + option + " needs a number, got '" + text + "'");
        }
    }

    /**
     * Parses a wrk-style duration: a whole number with a unit {@code ms}, {@code s}, {@code m} or
     * {@code h}, or without unit in seconds.
     */
    static Duration duration(String option, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "option "
                            + option
                            + " needs a duration such as 500ms, 8s, 2m"
                            + " or 1h, got '"
                            + text
                            + "'");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "option " + option + " duration is too long: '" + text + "'");
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        Duration d;
        try {
            switch (unit) {
                case "ms":
                    d = Duration.ofMillis(n);
                    break;
                case "m":
                    d = Duration.ofMinutes(n);
                    break;
                case "h":
                    d = Duration.ofHours(n);
                    break;
                default:
                    d = Duration.ofSeconds(n);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "option " + option + " duration is too long: '" + text + "'");
        }
        if (d.isZero()) {
            throw new IllegalArgumentException(
                    "option " + option + " must be > 0, got '" + text + "'");
        }
        return d;
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString((long) d)
                : Double.toString(d);
    }

    private static String usage() {
        return "usage: LoadMain URL -c CONNECTIONS (-n REQUESTS | -d DURATION) [--rate PER_SECOND]"
                + " [--warmup N] [--timeout DURATION]";
    }

    static void print(LoadResult r, PrintStream out) {
        Histogram h = r.latencyMicros();
        out.printf(
                Locale.ROOT,
                "  Latency     p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s)%n",
                us(h.getValueAtPercentile(50)),
                us(h.getValueAtPercentile(90)),
                us(h.getValueAtPercentile(99)),
                us(h.getValueAtPercentile(99.9)),
                us(h.getMaxValue()),
                us((long) h.getMean()));
        Histogram c = r.connectTimeMicros();
        if (c.getTotalCount() > 0) {
            out.printf(
                    Locale.ROOT,
                    "  Connect     p50 %s  max %s  (%d connections opened)%n",
                    us(c.getValueAtPercentile(50)),
                    us(c.getMaxValue()),
                    r.connectionsOpened());
        }
        if (r.model() == LoadModel.OPEN) {
            Histogram lag = r.sendLagMicros();
            out.printf(
                    Locale.ROOT,
                    "  Send lag    p50 %s  p99 %s  max %s  (how late the generator sent against"
                            + " its schedule)%n",
                    us(lag.getValueAtPercentile(50)),
                    us(lag.getValueAtPercentile(99)),
                    us(lag.getMaxValue()));
        }
        double seconds = r.measuredWindow().toNanos() / 1e9;
        out.printf(
                Locale.ROOT,
                "  %d requests attempted, %d answered, %d succeeded (%.2f%%) in %.2fs%n",
                r.attempted(),
                r.answered(),
                r.succeeded(),
                r.successRatePercent(),
                seconds);
        if (r.totalErrors() > 0) {
            StringBuilder sb = new StringBuilder("  Errors:");
            r.errors()
                    .forEach(
                            (kind, count) -> {
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
