package io.gonogo.server.internal.governance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The server's Micrometer registry, scraped in the Prometheus text format.
 *
 * <p>Per operation and transport: {@code gonogo_server_requests_seconds} (a timer with a percentile
 * histogram, tags {@code operation}, {@code transport} and {@code outcome}); plus the standard JVM
 * and process metrics under Micrometer's names ({@code jvm_memory_used_bytes}, {@code
 * jvm_gc_live_data_size_bytes}, {@code jvm_gc_pause_seconds}, {@code jvm_threads_live_threads},
 * {@code process_files_open_files}, ...). Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {

    /** The name of the per-operation request timer. */
    public static final String REQUESTS = "gonogo.server.requests";

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter overloaded;

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        heapPressure.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        overloaded =
                Counter.builder("gonogo.server.overloaded")
                        .description("requests refused because too much work was in flight")
                        .register(registry);
    }

    /** Records one answered request. */
    public void record(String operation, String transport, String outcome, long nanos) {
        timer(operation, transport, outcome).record(nanos, TimeUnit.NANOSECONDS);
        if ("overloaded".equals(outcome)) {
            overloaded.increment();
        }
    }

    /**
     * Returns the request timer of one operation, transport and outcome, for a hot path to keep.
     */
    public Timer timer(String operation, String transport, String outcome) {
        String key = operation + '\0' + transport + '\0' + outcome;
        return timers.computeIfAbsent(
                key,
                k ->
                        Timer.builder(REQUESTS)
                                .description("time from a complete request to its answer")
                                .tag("operation", operation)
                                .tag("transport", transport)
                                .tag("outcome", outcome)
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(1).dividedBy(100))
                                .maximumExpectedValue(Duration.ofSeconds(30))
                                .register(registry));
    }

    /** Registers a gauge read from {@code obj}. */
    public <T> void gauge(String name, String description, T obj, ToDoubleFunction<T> f) {
        Gauge.builder(name, obj, f).description(description).register(registry);
    }

    /** Registers a monotonic counter read from {@code obj}. */
    public <T> void functionCounter(String name, String description, T obj, ToDoubleFunction<T> f) {
        FunctionCounter.builder(name, obj, f).description(description).register(registry);
    }

    /** Returns the Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        heapPressure.close();
        registry.close();
    }
}
