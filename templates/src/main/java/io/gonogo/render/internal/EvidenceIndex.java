package io.gonogo.render.internal;

import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.SuiteKindInfo.Presentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the views of one render look up in an evidence set, built once: its measurements by {@code
 * suite} label and its latency distributions merged per label set ({@link Latencies}), with the
 * suite kinds the decision declares. A large run holds 100,000 measurements; each section used to
 * scan them all for its suite.
 */
final class EvidenceIndex {
    private final Map<String, List<Measurement>> bySuite;
    private final List<String> suites;
    private final Latencies latencies;
    private final List<Latencies.Merged> requestLatencies;
    private final Kinds kinds;

    private EvidenceIndex(
            Map<String, List<Measurement>> bySuite,
            List<String> suites,
            Latencies latencies,
            Kinds kinds) {
        this.bySuite = bySuite;
        this.suites = suites;
        this.latencies = latencies;
        this.requestLatencies = latencies.ofSuites(kinds.ids(Presentation.REQUEST_LOAD));
        this.kinds = kinds;
    }

    /**
     * Indexes {@code evidence} in one pass (and merges its latency distributions), for the sections
     * of {@code kinds}.
     */
    static EvidenceIndex of(EvidenceSet evidence, Kinds kinds) {
        List<String> suites = new ArrayList<>();
        Map<String, List<Measurement>> bySuite = new HashMap<>();
        List<Measurement> latencies = new ArrayList<>();
        for (Measurement m : evidence.measurements()) {
            String suite = m.labels().get("suite");
            if (suite != null) {
                bySuite.computeIfAbsent(
                                suite,
                                k -> {
                                    suites.add(k);
                                    return new ArrayList<>();
                                })
                        .add(m);
            }
            if (Latencies.isLatency(m)) {
                latencies.add(m);
            }
        }
        return new EvidenceIndex(bySuite, List.copyOf(suites), Latencies.of(latencies), kinds);
    }

    /** The suite kinds declared for this render. */
    Kinds kinds() {
        return kinds;
    }

    /** Every {@code suite} label of the measurements, in the order the evidence first names it. */
    List<String> suites() {
        return suites;
    }

    /**
     * The measurements of the kinds declaring {@code presentation}, kind by kind in the plan's
     * order, each kind's in evidence order.
     */
    List<Measurement> presenting(Presentation presentation) {
        List<String> ids = kinds.ids(presentation);
        if (ids.size() == 1) {
            return suite(ids.get(0));
        }
        List<Measurement> all = new ArrayList<>();
        ids.forEach(id -> all.addAll(suite(id)));
        return all;
    }

    /**
     * The latency distributions of the scenarios of the kinds declaring {@link
     * Presentation#REQUEST_LOAD}, merged per label set.
     */
    List<Latencies.Merged> requestLatencies() {
        return requestLatencies;
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
