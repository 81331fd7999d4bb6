package io.gonogo.render.internal;

import io.gonogo.core.BaselineRef;
import io.gonogo.core.Change;
import io.gonogo.core.Decision;
import io.gonogo.core.Numbers;
import io.gonogo.core.Regression;
import io.gonogo.core.Waiver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of the go/no-go view model that issue 5's rules add: waivers, and (with a baseline)
 * regressions and what changed since the last decision. Each section's model is empty when the
 * decision has nothing of its kind, and its template then prints nothing, so documents of runs
 * without waivers or a baseline keep their shape.
 */
final class RulesView {
    private RulesView() {}

    /** The entries {@link GoNoGoView#of} adds to its model. */
    static Map<String, Object> of(Decision decision) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("waivers", waivers(decision.waivers()));
        m.put("baseline", baseline(decision));
        return m;
    }

    private static Map<String, Object> baseline(Decision d) {
        BaselineRef b = d.baseline();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("given", b.given());
        m.put(
                "text",
                Markdown.text(
                        b.id()
                                + (b.outcome().isEmpty()
                                        ? ""
                                        : " (" + b.outcome().replace('_', ' ') + ")")
                                + ", "
                                + b.why()));
        m.put("hasDecision", b.kind().equals("decision"));
        m.put("hasEvidence", b.evidence());
        m.put("band", Numbers.short4(Regression.DEFAULT_BAND_PERCENT));
        List<Map<String, String>> changes = new ArrayList<>();
        for (Change c : d.changes()) {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("kind", c.kind().name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT));
            r.put("subject", Markdown.text(c.subject()));
            r.put("before", Markdown.text(c.before()));
            r.put("after", Markdown.text(c.after()));
            r.put("text", Markdown.text(c.text()));
            changes.add(r);
        }
        m.put("changes", changes);
        List<Map<String, String>> regressions = new ArrayList<>();
        for (Regression g : d.regressions()) {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("metric", Markdown.text(g.metric()));
            r.put(
                    "labels",
                    Markdown.text(
                            g.labels().entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .collect(java.util.stream.Collectors.joining(", "))));
            r.put("figure", Markdown.text(g.figure()));
            r.put("baseline", Markdown.text(Numbers.show(g.baseline())));
            r.put("current", Markdown.text(Numbers.show(g.current())));
            r.put("change", Markdown.text(Numbers.signedPercent(g.changePercent())));
            r.put("direction", g.direction().id());
            r.put("noise", Markdown.text(g.noise()));
            regressions.add(r);
        }
        m.put("regressions", regressions);
        return m;
    }

    private static Map<String, Object> waivers(List<Waiver> waivers) {
        List<Map<String, String>> inForce = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (Waiver w : waivers) {
            if (w.inForce()) {
                Map<String, String> r = new LinkedHashMap<>();
                r.put("id", Markdown.text(w.id()));
                r.put("subject", Markdown.text(w.subject()));
                r.put("justification", Markdown.text(w.justification()));
                r.put("approver", Markdown.text(w.approver()));
                r.put("expires", w.expires().toString());
                r.put("effect", Markdown.text(w.effect()));
                inForce.add(r);
            } else {
                expired.add(
                        Markdown.text(
                                "Waiver "
                                        + w.id()
                                        + " of "
                                        + w.subject()
                                        + " (approved by "
                                        + w.approver()
                                        + ") expired on "
                                        + w.expires()
                                        + "; it no longer applies."));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("any", !waivers.isEmpty());
        m.put("inForce", inForce);
        m.put("expired", expired);
        return m;
    }
}
