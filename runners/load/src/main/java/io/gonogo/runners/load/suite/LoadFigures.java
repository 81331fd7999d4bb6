package io.gonogo.runners.load.suite;

import io.gonogo.core.Distribution;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.Unit;
import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.OperationResult;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.ScenarioSpec;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/** Publishing a load run's figures, shared by the HTTP and the gRPC scenarios. */
final class LoadFigures {
    private LoadFigures() {}

    /** The scenario's labels without {@code suite} and {@code scenario}, which the engine adds. */
    static Map<String, String> labels(ScenarioSpec<?> scenario) {
        Map<String, String> labels = new LinkedHashMap<>(scenario.planned().labels());
        labels.remove("suite");
        labels.remove("scenario");
        return labels;
    }

    /**
     * Publishes {@code latency} (attributed to the attached {@code hlog}), {@code connect_time}
     * when connections were timed, {@code throughput}, {@code success_rate} and {@code requests}.
     */
    static void publishTotals(
            ScenarioContext context,
            Map<String, String> labels,
            LoadResult r,
            Path hlog,
            Set<Quality> quality) {
        context.attach(hlog);
        context.publish(
                new Measurement(
                        "latency",
                        labels,
                        Unit.MICROSECONDS,
                        Distribution.of(r.latencyMicros()),
                        quality,
                        new Source("", "0", "", hlog.getFileName().toString())));
        Histogram connect = r.connectTimeMicros();
        if (connect.getTotalCount() > 0) {
            context.publish(
                    new Measurement(
                            "connect_time",
                            labels,
                            Unit.MICROSECONDS,
                            Distribution.of(connect),
                            quality,
                            Source.UNATTRIBUTED));
        }
        publish(context, "throughput", labels, Unit.PER_SECOND, r.throughputPerSecond(), quality);
        publish(context, "success_rate", labels, Unit.PERCENT, r.successRatePercent(), quality);
        publish(context, "requests", labels, Unit.COUNT, r.attempted(), quality);
    }

    /** PARTIAL when aborted, GENERATOR_BOUND (with a progress line saying why) when bound. */
    static Set<Quality> quality(LoadResult r, ScenarioContext context) {
        Set<Quality> quality = EnumSet.noneOf(Quality.class);
        if (r.aborted()) {
            quality.add(Quality.PARTIAL);
        }
        if (r.generatorBound()) {
            quality.add(Quality.GENERATOR_BOUND);
            context.progress(
                    "generator-bound, the figures may describe gonogo rather than the service: "
                            + String.join("; ", r.health().reasons()));
        }
        return Set.copyOf(quality);
    }

    /**
     * Publishes {@code generator_cpu_per_request}, what one request cost the generator's engine
     * threads in CPU time, labelled with the {@code client} that made the requests; nothing when
     * the client does not measure it.
     */
    static void publishGeneratorCost(
            ScenarioContext context,
            Map<String, String> labels,
            LoadResult r,
            String client,
            Set<Quality> quality) {
        double us = r.health().cpuMicrosPerRequest();
        if (us >= 0) {
            Map<String, String> withClient = new LinkedHashMap<>(labels);
            withClient.put("client", client);
            publish(
                    context,
                    "generator_cpu_per_request",
                    withClient,
                    Unit.MICROSECONDS,
                    us,
                    quality);
        }
    }

    /** Publishes {@code errors} of one kind, labelled {@code kind}. */
    static void publishErrors(
            ScenarioContext context,
            Map<String, String> labels,
            String kind,
            long count,
            Set<Quality> quality) {
        Map<String, String> withKind = new LinkedHashMap<>(labels);
        withKind.put("kind", kind);
        publish(context, "errors", withKind, Unit.COUNT, count, quality);
    }

    /** Publishes one scalar figure. */
    static void publish(
            ScenarioContext c,
            String metric,
            Map<String, String> labels,
            Unit unit,
            double value,
            Set<Quality> quality) {
        c.publish(
                new Measurement(
                        metric, labels, unit, new Scalar(value), quality, Source.UNATTRIBUTED));
    }

    /**
     * The summary progress line, e.g. {@code 1,000 requests in 1.20s: 833 req/s, p50 1.1ms p99
     * 4.2ms max 9ms, 100% ok}.
     */
    static String summary(LoadResult r, String requests, String perSecond) {
        Histogram latency = r.latencyMicros();
        return String.format(
                Locale.ROOT,
                "%,d %s in %.2fs: %,.0f %s, p50 %s p99 %s max %s, %s%% ok",
                r.attempted(),
                requests,
                r.measuredWindow().toNanos() / 1e9,
                r.throughputPerSecond(),
                perSecond,
                ms(latency, 50),
                ms(latency, 99),
                latency.getTotalCount() == 0
                        ? "-"
                        : Numbers.short4(latency.getMaxValue() / 1000.0) + "ms",
                Numbers.short4(r.successRatePercent()));
    }

    /** The percentile {@code p} of {@code h} in milliseconds, {@code -} when empty. */
    static String ms(Histogram h, double p) {
        return h.getTotalCount() == 0
                ? "-"
                : Numbers.short4(h.getValueAtPercentile(p) / 1000.0) + "ms";
    }

    /**
     * Fails the scenario when the run was aborted or when more than {@link
     * LoadSuiteKind#MAX_CONNECTION_ERROR_SHARE} of the requests lost the service.
     *
     * @param gone how the message says it, e.g. {@code " connects failed (refused or timed out) and
     *     %d connections were reset among %s requests"}: the connect count, the reset count and the
     *     attempted count, grouped
     */
    static void failWhenAbortedOrGone(LoadResult r, String gone) {
        if (r.abortReason().isPresent()) {
            throw new IllegalStateException("the load run was aborted: " + r.abortReason().get());
        }
        long lost = r.errorCount(ErrorKind.CONNECT) + r.errorCount(ErrorKind.RESET);
        if (lost > LoadSuiteKind.MAX_CONNECTION_ERROR_SHARE * r.attempted()) {
            throw new IllegalStateException(
                    "the service stopped answering: "
                            + String.format(
                                    Locale.ROOT,
                                    gone,
                                    r.errorCount(ErrorKind.CONNECT),
                                    r.errorCount(ErrorKind.RESET),
                                    Numbers.grouped(r.attempted()))
                            + ", more than "
                            + Numbers.short4(LoadSuiteKind.MAX_CONNECTION_ERROR_SHARE * 100)
                            + "%");
        }
    }

    /**
     * The figures of one operation of a mix, labelled with its name, with its errors by kind label,
     * and its progress line counting {@code noun} at {@code rate}.
     */
    static void publishOperation(
            ScenarioContext context,
            Map<String, String> labels,
            OperationResult op,
            Map<String, Long> errorsByKind,
            Set<Quality> quality,
            String noun,
            String rate) {
        Map<String, String> opLabels = new LinkedHashMap<>(labels);
        opLabels.put("operation", op.name());
        Histogram h = op.latencyMicros();
        context.publish(
                new Measurement(
                        "latency",
                        opLabels,
                        Unit.MICROSECONDS,
                        Distribution.of(h),
                        quality,
                        Source.UNATTRIBUTED));
        publish(
                context,
                "throughput",
                opLabels,
                Unit.PER_SECOND,
                op.throughputPerSecond(),
                quality);
        publish(context, "success_rate", opLabels, Unit.PERCENT, op.successRatePercent(), quality);
        publish(context, "requests", opLabels, Unit.COUNT, op.attempted(), quality);
        errorsByKind.forEach((kind, n) -> publishErrors(context, opLabels, kind, n, quality));
        context.progress(
                String.format(
                        Locale.ROOT,
                        "  %s: %,d " + noun + ", %,.0f " + rate + ", p50 %s p99 %s, %s%% ok%s",
                        op.name(),
                        op.attempted(),
                        op.throughputPerSecond(),
                        ms(h, 50),
                        ms(h, 99),
                        Numbers.short4(op.successRatePercent()),
                        errorList(errorsByKind)));
    }

    /** {@code ", errors: connect 3 grpc_UNAVAILABLE 2"}, or empty without errors. */
    static String errorList(Map<String, Long> byKind) {
        StringBuilder errors = new StringBuilder();
        byKind.forEach(
                (k, v) -> {
                    if (v > 0) {
                        errors.append(errors.length() == 0 ? ", errors: " : " ")
                                .append(k)
                                .append(' ')
                                .append(v);
                    }
                });
        return errors.toString();
    }
}
