package io.gonogo.runners.memory.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a JFR recording says, read with {@code jdk.jfr.consumer}: hot methods (top frames of {@code
 * jdk.ExecutionSample}, share of samples), allocation sites (top frames of {@code
 * jdk.ObjectAllocationSample}, summed weight in bytes), monitor contention ({@code
 * jdk.JavaMonitorEnter}, summed duration per monitor class), thread parking ({@code
 * jdk.ThreadPark}, summed duration per calling frame) and surviving old objects ({@code
 * jdk.OldObjectSample}, count per type, with the allocation stack of the first of each type), plus
 * the collapsed execution stacks for the flame graph.
 */
final class JfrSummary {
    /** One ranked entry: a name, its figure, and (for old objects) an allocation stack. */
    record Entry(String name, double value, List<String> stack) {}

    final List<Entry> hotMethods;
    final List<Entry> allocationSites;
    final List<Entry> contention;
    final List<Entry> parks;
    final List<Entry> oldObjects;
    final Map<List<String>, Long> stacks;
    final long executionSamples;

    private JfrSummary(
            List<Entry> hot,
            List<Entry> alloc,
            List<Entry> contention,
            List<Entry> parks,
            List<Entry> old,
            Map<List<String>, Long> stacks,
            long executionSamples) {
        this.hotMethods = hot;
        this.allocationSites = alloc;
        this.contention = contention;
        this.parks = parks;
        this.oldObjects = old;
        this.stacks = stacks;
        this.executionSamples = executionSamples;
    }

    static JfrSummary read(Path recording, int top) throws IOException {
        Map<String, Double> hot = new HashMap<>();
        Map<String, Double> alloc = new HashMap<>();
        Map<String, Double> monitors = new HashMap<>();
        Map<String, Double> parks = new HashMap<>();
        Map<String, Double> old = new HashMap<>();
        Map<String, List<String>> oldStacks = new HashMap<>();
        Map<List<String>, Long> stacks = new HashMap<>();
        long samples = 0;
        try (RecordingFile f = new RecordingFile(recording)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                String type = e.getEventType().getName();
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        if (executionSample(e, hot, stacks)) {
                            samples++;
                        }
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        RecordedStackTrace st = e.getStackTrace();
                        String site =
                                st == null || st.getFrames().isEmpty() ? "(no stack)" : site(st);
                        alloc.merge(site, (double) e.getLong("weight"), Double::sum);
                    }
                    case "jdk.JavaMonitorEnter" -> {
                        RecordedClass c = e.getClass("monitorClass");
                        monitors.merge(
                                c == null ? "(unknown)" : c.getName(),
                                millis(e.getDuration()),
                                Double::sum);
                    }
                    case "jdk.ThreadPark" -> {
                        RecordedStackTrace st = e.getStackTrace();
                        String where = st == null ? "(no stack)" : caller(st);
                        parks.merge(where, millis(e.getDuration()), Double::sum);
                    }
                    case "jdk.OldObjectSample" -> oldObject(e, old, oldStacks);
                    default -> {
                        // other events are not summarised
                    }
                }
            }
        }
        long total = samples;
        List<Entry> hotList =
                rank(hot, top, Map.of()).stream()
                        .map(
                                x ->
                                        new Entry(
                                                x.name(),
                                                100.0 * x.value() / Math.max(1, total),
                                                List.of()))
                        .toList();
        return new JfrSummary(
                hotList,
                rank(alloc, top, Map.of()),
                rank(monitors, top, Map.of()),
                rank(parks, top, Map.of()),
                rank(old, top, oldStacks),
                stacks,
                samples);
    }

    /**
     * Counts one execution sample: its top frame as a hot method, its stack root first; false for a
     * sample without a stack.
     */
    private static boolean executionSample(
            RecordedEvent e, Map<String, Double> hot, Map<List<String>, Long> stacks) {
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
            return false;
        }
        hot.merge(method(st.getFrames().get(0)), 1.0, Double::sum);
        List<String> rootFirst = new ArrayList<>();
        List<RecordedFrame> frames = st.getFrames();
        for (int i = frames.size() - 1; i >= 0; i--) {
            rootFirst.add(method(frames.get(i)));
        }
        stacks.merge(List.copyOf(rootFirst), 1L, Long::sum);
        return true;
    }

    /** Counts one old-object sample by class, keeping the first 8 frames of its first stack. */
    private static void oldObject(
            RecordedEvent e, Map<String, Double> old, Map<String, List<String>> oldStacks) {
        RecordedObject object = e.getValue("object");
        RecordedClass c = object == null ? null : object.getClass("type");
        String name = c == null ? "(unknown)" : c.getName();
        old.merge(name, 1.0, Double::sum);
        RecordedStackTrace st = e.getStackTrace();
        if (st != null && !oldStacks.containsKey(name)) {
            List<String> frames = new ArrayList<>();
            for (RecordedFrame fr : st.getFrames()) {
                if (frames.size() >= 8) {
                    break;
                }
                frames.add(method(fr) + ":" + fr.getLineNumber());
            }
            oldStacks.put(name, frames);
        }
    }

    private static List<Entry> rank(
            Map<String, Double> m, int top, Map<String, List<String>> stacks) {
        return m.entrySet().stream()
                .sorted(
                        Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue)
                                .reversed()
                                .thenComparing(Map.Entry::getKey))
                .limit(top)
                .map(
                        e ->
                                new Entry(
                                        e.getKey(),
                                        e.getValue(),
                                        stacks.getOrDefault(e.getKey(), List.of())))
                .toList();
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    static String method(RecordedFrame f) {
        if (f.getMethod() == null) {
            return "(unknown)";
        }
        RecordedClass c = f.getMethod().getType();
        return (c == null ? "?" : c.getName()) + "." + f.getMethod().getName();
    }

    /**
     * The allocating frame: the first frame outside java.*, jdk.* and sun.*, else the top frame.
     */
    private static String site(RecordedStackTrace st) {
        for (RecordedFrame f : st.getFrames()) {
            String m = method(f);
            if (!(m.startsWith("java.") || m.startsWith("jdk.") || m.startsWith("sun."))) {
                return m + ":" + f.getLineNumber();
            }
        }
        RecordedFrame f = st.getFrames().get(0);
        return method(f) + ":" + f.getLineNumber();
    }

    /** Who parked: the first frame outside the park and lock machinery. */
    private static String caller(RecordedStackTrace st) {
        for (RecordedFrame f : st.getFrames()) {
            String m = method(f);
            if (!(m.startsWith("jdk.internal.misc.Unsafe")
                    || m.startsWith("java.util.concurrent.locks.")
                    || m.startsWith("java.util.concurrent.SynchronousQueue")
                    || m.startsWith("java.util.concurrent.LinkedTransferQueue"))) {
                return m;
            }
        }
        return st.getFrames().isEmpty() ? "(no stack)" : method(st.getFrames().get(0));
    }

    /** A readable text summary (attached next to the recording). */
    String text() {
        StringBuilder b = new StringBuilder();
        b.append("JFR summary (")
                .append(executionSamples)
                .append(" execution samples)\n\nHot methods (share of samples)\n");
        hotMethods.forEach(
                e ->
                        b.append(
                                String.format(
                                        java.util.Locale.ROOT,
                                        "  %6.2f%%  %s%n",
                                        e.value(),
                                        e.name())));
        b.append("\nAllocation sites (sampled bytes)\n");
        allocationSites.forEach(
                e ->
                        b.append(
                                String.format(
                                        java.util.Locale.ROOT,
                                        "  %,14.0f  %s%n",
                                        e.value(),
                                        e.name())));
        b.append("\nMonitor contention (ms blocked)\n");
        contention.forEach(
                e ->
                        b.append(
                                String.format(
                                        java.util.Locale.ROOT,
                                        "  %10.1f  %s%n",
                                        e.value(),
                                        e.name())));
        b.append("\nThread parking (ms parked)\n");
        parks.forEach(
                e ->
                        b.append(
                                String.format(
                                        java.util.Locale.ROOT,
                                        "  %10.1f  %s%n",
                                        e.value(),
                                        e.name())));
        b.append("\nSurviving old objects (samples)\n");
        for (Entry e : oldObjects) {
            b.append(String.format(java.util.Locale.ROOT, "  %6.0f  %s%n", e.value(), e.name()));
            e.stack().forEach(f -> b.append("            at ").append(f).append('\n'));
        }
        return b.toString();
    }

    /**
     * Labels-to-value pairs are built by the caller; this keeps insertion order for determinism.
     */
    static Map<String, String> labels(
            Map<String, String> base, String key, String value, int rank) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(key, value);
        m.put("rank", Integer.toString(rank));
        return m;
    }
}
