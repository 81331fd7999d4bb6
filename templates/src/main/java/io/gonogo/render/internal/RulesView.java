package io.gonogo.render.internal;

import io.gonogo.core.Decision;
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
                expired.add(Markdown.text("Waiver " + w.id() + " of " + w.subject() + " (approved by " + w.approver()
                        + ") expired on " + w.expires() + "; it no longer applies."));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("any", !waivers.isEmpty());
        m.put("inForce", inForce);
        m.put("expired", expired);
        return m;
    }
}
