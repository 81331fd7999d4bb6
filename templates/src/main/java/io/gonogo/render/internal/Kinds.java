package io.gonogo.render.internal;

import io.gonogo.core.Decision;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.SuiteKindInfo.Presentation;
import java.util.List;
import java.util.Optional;

/**
 * The suite kinds of one render, as the decision's plan declares them: which kinds each section
 * presents, by their declared {@link Presentation}, so that the documents name no kind. A decision
 * that declares no kind (made by hand, or read from a file written before kinds were declared)
 * presents every suite with {@link Presentation#METRICS_TABLE METRICS_TABLE}. Immutable.
 */
public final class Kinds {
    /** No kind declared: every suite is shown as a table of its metrics. */
    public static final Kinds NONE = new Kinds(List.of());

    /** The category of tests of no declared kind (hand-written tests, JUnit containers). */
    static final String OTHER = "other";

    private final List<SuiteKindInfo> all;

    private Kinds(List<SuiteKindInfo> all) {
        this.all = List.copyOf(all);
    }

    /** The kinds {@code decision}'s plan declares. */
    public static Kinds of(Decision decision) {
        return of(decision.plan().kinds());
    }

    /** The kinds {@code declared}, in their order. */
    public static Kinds of(List<SuiteKindInfo> declared) {
        return declared.isEmpty() ? NONE : new Kinds(declared);
    }

    /** Every declared kind, in the plan's order. */
    List<SuiteKindInfo> all() {
        return all;
    }

    /** The ids of the kinds declaring {@code presentation}, in the plan's order. */
    List<String> ids(Presentation presentation) {
        return all.stream()
                .filter(k -> k.presentation() == presentation)
                .map(SuiteKindInfo::id)
                .toList();
    }

    /** Whether {@code suite} is a kind that declares {@code presentation}. */
    boolean presents(String suite, Presentation presentation) {
        return info(suite).map(k -> k.presentation() == presentation).orElse(false);
    }

    /** What the kind {@code id} declares, if it is declared. */
    Optional<SuiteKindInfo> info(String id) {
        for (SuiteKindInfo k : all) {
            if (k.id().equals(id)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code suite} is a declared kind. */
    boolean declared(String suite) {
        return info(suite).isPresent();
    }

    /** The ids of every declared kind, in the plan's order. */
    List<String> ids() {
        return all.stream().map(SuiteKindInfo::id).toList();
    }
}
