package io.gonogo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link LabelMap} behaves as the sorted, unmodifiable TreeMap it replaced. */
class LabelMapTest {

    @Test
    void answersAsATreeMapOverRandomLabelSets() {
        SplittableRandom random = new SplittableRandom(3);
        String[] keys = {
            "suite",
            "scenario",
            "operation",
            "transport",
            "trial",
            "shard",
            "kind",
            "model",
            "phase"
        };
        for (int round = 0; round < 500; round++) {
            Map<String, String> given = new LinkedHashMap<>();
            int n = random.nextInt(keys.length + 1);
            for (int i = 0; i < n; i++) {
                // new String: lookups must not depend on the keys being the same instances
                given.put(new String(keys[random.nextInt(keys.length)]), "v" + random.nextInt(4));
            }
            TreeMap<String, String> tree = new TreeMap<>(given);
            LabelMap labels = LabelMap.of(given);

            assertThat(labels).isEqualTo(tree);
            assertThat(tree).isEqualTo(labels);
            assertThat(labels.hashCode()).isEqualTo(tree.hashCode());
            assertThat(new ArrayList<>(labels.keySet())).containsExactlyElementsOf(tree.keySet());
            assertThat(new ArrayList<>(labels.values())).containsExactlyElementsOf(tree.values());
            assertThat(labels.toString()).isEqualTo(tree.toString());
            for (String k : keys) {
                assertThat(labels.get(k)).as(k).isEqualTo(tree.get(k));
                assertThat(labels.containsKey(k)).as(k).isEqualTo(tree.containsKey(k));
            }
            List<String> seen = new ArrayList<>();
            labels.forEach((k, v) -> seen.add(k + "=" + v));
            assertThat(seen)
                    .containsExactlyElementsOf(
                            tree.entrySet().stream().map(Object::toString).toList());

            Map<String, String> without = new TreeMap<>(tree);
            without.keySet().removeAll(Set.of("trial", "shard"));
            assertThat(labels.without(Set.of("trial", "shard")))
                    .isEqualTo(without)
                    .hasSameHashCodeAs(without);
        }
    }

    @Test
    void equalLabelSetsAreEqualKeysWhateverTheirOrigin() {
        LabelMap a = LabelMap.of(Map.of("suite", "load", "scenario", "s1"));
        LabelMap b = LabelMap.of(new HashMap<>(Map.of("scenario", "s1", "suite", "load")));
        LabelMap c = LabelMap.of(Map.of("suite", "load", "scenario", "s2"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(LabelMap.of(a)).isSameAs(a);
        assertThat(a.without(Set.of("trial"))).isSameAs(a);
        assertThat(a.without(Set.of("suite", "scenario"))).isEmpty();
        Map<Map<String, String>, Integer> byLabels = new HashMap<>();
        byLabels.put(a, 1);
        assertThat(byLabels.get(b)).isEqualTo(1);
        assertThat(byLabels.get(new TreeMap<>(Map.of("suite", "load", "scenario", "s1"))))
                .isEqualTo(1);
    }

    @Test
    void refusesChangesAndNulls() {
        LabelMap labels = LabelMap.of(Map.of("suite", "load"));
        assertThatThrownBy(() -> labels.put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> labels.remove("suite"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> labels.entrySet().iterator().remove())
                .isInstanceOf(RuntimeException.class);
        Map<String, String> withNull = new HashMap<>();
        withNull.put("suite", null);
        assertThatThrownBy(() -> LabelMap.of(withNull))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("suite");
    }

    @Test
    void measurementsHoldTheirLabelsAsALabelMap() {
        Measurement m =
                Measurement.of(
                        "latency",
                        Map.of("suite", "load", "scenario", "s"),
                        Unit.MICROSECONDS,
                        new Scalar(1));
        assertThat(m.labels())
                .isInstanceOf(LabelMap.class)
                .containsExactly(Map.entry("scenario", "s"), Map.entry("suite", "load"));
        assertThat(m.withLabels(Map.of("trial", "1")).labels())
                .containsKeys("scenario", "suite", "trial");
    }
}
