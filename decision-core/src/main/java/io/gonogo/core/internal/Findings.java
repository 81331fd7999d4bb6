package io.gonogo.core.internal;

import io.gonogo.core.Condition;
import io.gonogo.core.Reason;
import io.gonogo.core.Risk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the rules of one decision found: blockers, conditions and notes in the order the rules add
 * them, the risks listed, and the written conditions a rule words itself. Not thread-safe; one per
 * decision.
 */
public final class Findings {
    private final List<Reason> blockers = new ArrayList<>();
    private final List<Reason> conditions = new ArrayList<>();
    private final List<Reason> notes = new ArrayList<>();
    private final Map<String, Condition> worded = new HashMap<>();
    private final List<Risk> risks = new ArrayList<>();

    /** Adds a reason that forces NO-GO. */
    void block(String subject, String text) {
        blockers.add(new Reason(Reason.Kind.BLOCKER, subject, text));
    }

    /** Adds a reason that allows at best GO WITH CONDITIONS. */
    void condition(String subject, String text) {
        conditions.add(new Reason(Reason.Kind.CONDITION, subject, text));
    }

    /** Adds a condition whose written form {@code worded} the rule gives itself. */
    void condition(String subject, String text, Condition written) {
        condition(subject, text);
        worded.put(subject, written);
    }

    /** Adds a note, which does not change the outcome. */
    void note(String subject, String text) {
        notes.add(new Reason(Reason.Kind.NOTE, subject, text));
    }

    /** Adds notes, which do not change the outcome. */
    void notes(List<Reason> more) {
        notes.addAll(more);
    }

    /** Lists a risk. */
    void risk(Risk r) {
        risks.add(r);
    }

    /** The blockers, in the order they were found. */
    public List<Reason> blockers() {
        return List.copyOf(blockers);
    }

    /** The conditions, in the order they were found. */
    public List<Reason> conditions() {
        return List.copyOf(conditions);
    }

    /** The notes, in the order they were found. */
    public List<Reason> notes() {
        return List.copyOf(notes);
    }

    /** The written condition a rule worded itself for {@code subject}, if it did. */
    Optional<Condition> worded(String subject) {
        return Optional.ofNullable(worded.get(subject));
    }

    /** Every risk listed: declared ones first, then derived ones. */
    public List<Risk> risks() {
        return List.copyOf(risks);
    }

    /** Blockers, then conditions, then notes: the reasons a decision lists. */
    public List<Reason> reasons() {
        List<Reason> all = new ArrayList<>(blockers);
        all.addAll(conditions);
        all.addAll(notes);
        return all;
    }
}
