package io.gonogo.render.internal;

import io.gonogo.core.BaselineRef;
import io.gonogo.core.Change;
import io.gonogo.core.Decision;
import io.gonogo.core.Numbers;
import io.gonogo.core.Regression;
import io.gonogo.core.Waiver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The sections of the go/no-go view model that the release rules add: waivers, and (with a
 * baseline) regressions and what changed since the last decision. Each section is empty when the
 * decision has nothing of its kind, and its template then prints nothing, so documents of runs
 * without waivers or a baseline keep their shape.
 */
final class RulesView {
    private RulesView() {}

    /**
     * The "Waivers" section.
     *
     * @param any whether the targets file declares any waiver (the section is printed at all)
     * @param inForce the waivers in force
     * @param expired a sentence per expired waiver
     */
    public record Waivers(boolean any, List<WaiverRow> inForce, List<String> expired) {
        /** Copies the lists. */
        public Waivers {
            inForce = List.copyOf(inForce);
            expired = List.copyOf(expired);
        }
    }

    /** A waiver in force, a row of the waivers table. */
    public record WaiverRow(
            String id,
            String subject,
            String justification,
            String approver,
            String expires,
            String effect) {}

    /**
     * The "Since the baseline" and "Regressions" sections.
     *
     * @param given whether the decision had a baseline (the sections are printed at all)
     * @param text which baseline, and why it was chosen
     * @param hasDecision whether the baseline has a decision to compare with
     * @param hasEvidence whether the baseline has evidence to compare with
     * @param band the noise band used without an interval, in percent
     * @param changes what changed since the baseline's decision
     * @param regressions the figures that moved beyond their noise
     */
    public record Baseline(
            boolean given,
            String text,
            boolean hasDecision,
            boolean hasEvidence,
            String band,
            List<ChangeRow> changes,
            List<RegressionRow> regressions) {
        /** Copies the lists. */
        public Baseline {
            changes = List.copyOf(changes);
            regressions = List.copyOf(regressions);
        }
    }

    /** A change since the baseline's decision, a row of its table. */
    public record ChangeRow(
            String kind, String subject, String before, String after, String text) {}

    /** A figure that moved beyond its noise, a row of the regressions table. */
    public record RegressionRow(
            String metric,
            String labels,
            String figure,
            String baseline,
            String current,
            String change,
            String direction,
            String noise) {}

    /** The baseline sections of {@code d}. */
    static Baseline baseline(Decision d) {
        BaselineRef b = d.baseline();
        String text =
                Markdown.text(
                        b.id()
                                + (b.outcome().isEmpty()
                                        ? ""
                                        : " (" + b.outcome().replace('_', ' ') + ")")
                                + ", "
                                + b.why());
        List<ChangeRow> changes = new ArrayList<>();
        for (Change c : d.changes()) {
            changes.add(
                    new ChangeRow(
                            c.kind().name().replace('_', ' ').toLowerCase(Locale.ROOT),
                            Markdown.text(c.subject()),
                            Markdown.text(c.before()),
                            Markdown.text(c.after()),
                            Markdown.text(c.text())));
        }
        List<RegressionRow> regressions = new ArrayList<>();
        for (Regression g : d.regressions()) {
            regressions.add(
                    new RegressionRow(
                            Markdown.text(g.metric()),
                            Markdown.text(
                                    g.labels().entrySet().stream()
                                            .map(e -> e.getKey() + "=" + e.getValue())
                                            .collect(Collectors.joining(", "))),
                            Markdown.text(g.figure()),
                            Markdown.text(Numbers.show(g.baseline())),
                            Markdown.text(Numbers.show(g.current())),
                            Markdown.text(Numbers.signedPercent(g.changePercent())),
                            g.direction(),
                            Markdown.text(g.noise())));
        }
        return new Baseline(
                b.given(),
                text,
                b.kind().equals("decision"),
                b.evidence(),
                Numbers.short4(Regression.DEFAULT_BAND_PERCENT),
                changes,
                regressions);
    }

    /** The waivers section of {@code waivers}. */
    static Waivers waivers(List<Waiver> waivers) {
        List<WaiverRow> inForce = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (Waiver w : waivers) {
            if (w.inForce()) {
                inForce.add(
                        new WaiverRow(
                                Markdown.text(w.id()),
                                Markdown.text(w.subject()),
                                Markdown.text(w.justification()),
                                Markdown.text(w.approver()),
                                w.expires().toString(),
                                Markdown.text(w.effect())));
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
        return new Waivers(!waivers.isEmpty(), inForce, expired);
    }
}
