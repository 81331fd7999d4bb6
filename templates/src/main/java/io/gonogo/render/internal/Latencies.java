package io.gonogo.render.internal;

import io.gonogo.core.Distribution;
import io.gonogo.core.Measurement;
import io.gonogo.core.Quality;
import io.gonogo.core.Unit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/**
 * The latency distributions of an evidence set, merged once per render: one {@link Merged} per
 * label set but for {@code trial} and {@code shard} (repeats of one run merge losslessly) and unit,
 * in evidence order. The load table, the latency and comparison charts and the comparison matrix
 * all read these instead of each decoding every trial's histogram again (100,000 measurements hold
 * 20,000 distributions).
 */
final class Latencies {
    /** The distributions of one label set (trial and shard left out) and unit, merged. */
    static final class Merged {
        final Map<String, String> labels;
        final Unit unit;
        private final Histogram histogram = new Histogram(3);
        final Set<Quality> quality = new TreeSet<>();

        /**
         * The label sets merged here (more than one, or labels with a trial or shard, when runs
         * repeat).
         */
        final Set<Map<String, String>> runs = new LinkedHashSet<>();

        final Set<String> trials = new TreeSet<>();
        final Set<String> shards = new TreeSet<>();

        private Merged(Map<String, String> labels, Unit unit) {
            this.labels = labels;
            this.unit = unit;
        }

        /**
         * Whether this stands for more than one run, or for a run labelled with its trial or shard.
         */
        boolean merged() {
            return runs.size() > 1 || !runs.iterator().next().equals(labels);
        }

        /** The merged samples, in {@link #unit}; callers must not change it. */
        Histogram histogram() {
            return histogram;
        }

        /** Adds the samples to {@code into}, whose values are in {@code intoUnit}. */
        void addTo(Histogram into, Unit intoUnit) {
            if (intoUnit == unit) {
                into.add(histogram);
                return;
            }
            histogram
                    .recordedValues()
                    .forEach(
                            v ->
                                    into.recordValueWithCount(
                                            Math.round(
                                                    unit.convert(v.getValueIteratedTo(), intoUnit)),
                                            v.getCountAtValueIteratedTo()));
        }
    }

    private record Key(Map<String, String> labels, Unit unit) {}

    private final List<Merged> all;

    private Latencies(List<Merged> all) {
        this.all = all;
    }

    /** Whether {@code m} is one of the latency distributions merged here. */
    static boolean isLatency(Measurement m) {
        return m.metric().equals("latency")
                && m.value() instanceof Distribution
                && m.unit().dimension() == Unit.Dimension.DURATION;
    }

    /** Merges the latency distributions among {@code measurements}, in their order. */
    static Latencies of(List<Measurement> measurements) {
        Map<Key, Merged> merged = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            if (isLatency(m) && m.value() instanceof Distribution d) {
                Merged e =
                        merged.computeIfAbsent(
                                new Key(Charts.withoutRepeats(m.labels()), m.unit()),
                                k -> new Merged(k.labels(), k.unit()));
                d.addTo(e.histogram);
                e.quality.addAll(m.quality());
                e.runs.add(m.labels());
                String trial = m.labels().get("trial");
                if (trial != null) {
                    e.trials.add(trial);
                }
                String shard = m.labels().get("shard");
                if (shard != null) {
                    e.shards.add(shard);
                }
            }
        }
        return new Latencies(Collections.unmodifiableList(new ArrayList<>(merged.values())));
    }

    /** Every merged distribution, in the order of the evidence. */
    List<Merged> all() {
        return all;
    }

    /** Those of the scenarios of {@code suites} (with a {@code scenario} label). */
    List<Merged> ofSuites(java.util.Collection<String> suites) {
        if (suites.isEmpty()) {
            return List.of();
        }
        return all.stream()
                .filter(
                        e ->
                                suites.contains(e.labels.get("suite"))
                                        && e.labels.containsKey("scenario"))
                .toList();
    }
}
