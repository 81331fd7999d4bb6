package io.gonogo.render.internal;

import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the views of one render look up in an evidence set, built once: its measurements by {@code
 * suite} label and its latency distributions merged per label set ({@link Latencies}). A large run
 * holds 100,000 measurements; each section used to scan them all for its suite.
 */
final class EvidenceIndex {
    private final Map<String, List<Measurement>> bySuite;
    private final Latencies latencies;

    private EvidenceIndex(Map<String, List<Measurement>> bySuite, Latencies latencies) {
        this.bySuite = bySuite;
        this.latencies = latencies;
    }

    /** Indexes {@code evidence} in one pass (and merges its latency distributions). */
    static EvidenceIndex of(EvidenceSet evidence) {
        Map<String, List<Measurement>> bySuite = new HashMap<>();
        List<Measurement> latencies = new ArrayList<>();
        for (Measurement m : evidence.measurements()) {
            String suite = m.labels().get("suite");
            if (suite != null) {
                bySuite.computeIfAbsent(suite, k -> new ArrayList<>()).add(m);
            }
            if (Latencies.isLatency(m)) {
                latencies.add(m);
            }
        }
        return new EvidenceIndex(bySuite, Latencies.of(latencies));
    }

    /** The measurements labelled {@code suite}, in evidence order. */
    List<Measurement> suite(String suite) {
        return bySuite.getOrDefault(suite, List.of());
    }

    /** The latency distributions, merged per label set but for trial and shard. */
    Latencies latencies() {
        return latencies;
    }
}
