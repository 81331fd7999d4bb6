package io.gonogo.runners.memory.internal;

import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.Unit;
import io.gonogo.runners.memory.Sampler;
import io.gonogo.runners.spi.ScenarioContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A JFR recording for one scenario, with the {@code profile} settings and old-object sampling with
 * paths to GC roots: of the service through its DiagnosticCommand MBean ({@code jfrStart}, {@code
 * jfrStop} with a file name) when the scenario samples it over JMX, else of this process (the load
 * engine). At the end it attaches {@code recording.jfr}, {@code jfr-summary.txt} and {@code
 * flamegraph.svg} and publishes {@code jfr_hot_method} (%), {@code jfr_alloc_site} (B), {@code
 * jfr_contention} (ms), {@code jfr_park} (ms) and, when a leak is suspected, {@code jfr_old_object}
 * (count), each with labels naming the entry and its {@code rank}.
 */
final class JfrProfiler {
    private static final String NAME = "gonogo-memory";
    private static final int TOP = 5;

    private final ScenarioContext context;
    private final MBeanServerConnection service;
    private final Recording self;
    private final String target;

    private JfrProfiler(
            ScenarioContext context, MBeanServerConnection service, Recording self, String target) {
        this.context = context;
        this.service = service;
        this.self = self;
        this.target = target;
    }

    static JfrProfiler start(Sampler sampler, ScenarioContext context) throws Exception {
        if (sampler instanceof JmxSampler jmx) {
            MBeanServerConnection mbs = jmx.connection();
            dcmd(mbs, "jfrStart", "name=" + NAME, "settings=profile", "path-to-gc-roots=true");
            context.progress("JFR recording of the service started (settings=profile)");
            return new JfrProfiler(context, mbs, null, "service");
        }
        Recording r = new Recording(Configuration.getConfiguration("profile"));
        r.setName(NAME);
        r.enable("jdk.OldObjectSample").with("cutoff", "infinity").withStackTrace();
        r.start();
        context.progress(
                "JFR recording of the load engine started (the service is not a local JVM)");
        return new JfrProfiler(context, null, r, "load-engine");
    }

    private static String dcmd(MBeanServerConnection mbs, String op, String... args)
            throws Exception {
        Object r =
                mbs.invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        op,
                        new Object[] {args},
                        new String[] {String[].class.getName()});
        return String.valueOf(r);
    }

    void stopAndPublish(boolean leakSuspected, Map<String, String> labels) throws Exception {
        Path file = context.outputDirectory().resolve("recording.jfr").toAbsolutePath();
        Files.deleteIfExists(file);
        if (service != null) {
            dcmd(service, "jfrStop", "name=" + NAME, "filename=" + file);
        } else {
            self.stop();
            self.dump(file);
            self.close();
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("the JFR recording was not written to " + file);
        }
        context.attach(file);
        JfrSummary s = JfrSummary.read(file, TOP);
        Path text = context.outputDirectory().resolve("jfr-summary.txt");
        Files.writeString(
                text, "recording of the " + target + "\n\n" + s.text(), StandardCharsets.UTF_8);
        context.attach(text);
        Path svg = context.outputDirectory().resolve("flamegraph.svg");
        Files.writeString(
                svg,
                FlameGraph.svg(
                        s.stacks,
                        "CPU samples of the " + target + " (" + s.executionSamples + " samples)"),
                StandardCharsets.UTF_8);
        context.attach(svg);
        Map<String, String> base = new java.util.TreeMap<>(labels);
        base.put("profiled", target);
        publish(s.hotMethods, "jfr_hot_method", "method", Unit.PERCENT, base);
        publish(s.allocationSites, "jfr_alloc_site", "site", Unit.BYTES, base);
        publish(s.contention, "jfr_contention", "monitor", Unit.MILLISECONDS, base);
        publish(s.parks, "jfr_park", "site", Unit.MILLISECONDS, base);
        if (leakSuspected) {
            publish(s.oldObjects, "jfr_old_object", "type", Unit.COUNT, base);
        }
        StringBuilder top = new StringBuilder();
        for (int i = 0; i < Math.min(3, s.hotMethods.size()); i++) {
            JfrSummary.Entry e = s.hotMethods.get(i);
            top.append(i == 0 ? "" : ", ")
                    .append(e.name())
                    .append(String.format(Locale.ROOT, " %.1f%%", e.value()));
        }
        context.progress("JFR: " + s.executionSamples + " execution samples; hot methods: " + top);
    }

    private void publish(
            java.util.List<JfrSummary.Entry> entries,
            String metric,
            String key,
            Unit unit,
            Map<String, String> base) {
        int rank = 1;
        for (JfrSummary.Entry e : entries) {
            context.publish(
                    new Measurement(
                            metric,
                            JfrSummary.labels(base, key, e.name(), rank++),
                            unit,
                            new Scalar(e.value()),
                            Set.of(),
                            Source.UNATTRIBUTED));
        }
    }
}
