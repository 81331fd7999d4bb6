package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * What a reason, condition, waiver or change is about: a target, a scenario, a risk, a piece of
 * evidence, or one of the decision's parts as a whole. Written as one string, as in {@code
 * decision.json}: {@code target.<id>}, {@code scenario.<suite>.<id>}, {@code risk.<id>}, {@code
 * evidence.<n>}, {@code suite.<kind>}, or a single word such as {@code policy}.
 *
 * <pre>{@code
 * Subject s = Subject.parse("target.p99-5k");
 * s.kind();  // TARGET
 * s.id();    // "p99-5k"
 * s.text();  // "target.p99-5k"
 * }</pre>
 *
 * @param kind what kind of thing it is about
 * @param id which one: the target or risk id, {@code <suite>.<id>} for a scenario, the number of a
 *     piece of evidence, the suite kind; empty for a part as a whole; the text as written for
 *     {@link Kind#OTHER}
 */
public record Subject(Kind kind, String id) {

    /** The kinds of subject, each with how its text begins. */
    public enum Kind {
        /** A target: {@code target.<id>}. */
        TARGET("target."),
        /** A planned scenario: {@code scenario.<suite>.<id>}. */
        SCENARIO("scenario."),
        /** A risk, declared or derived: {@code risk.<id>}. */
        RISK("risk."),
        /** A piece of evidence that could not be read, numbered from 1: {@code evidence.<n>}. */
        EVIDENCE("evidence."),
        /** A suite: {@code suite.<kind>}. */
        SUITE("suite."),
        /** The targets as a whole: {@code targets}. */
        TARGETS("targets"),
        /** The readiness checklist: {@code checklist}. */
        CHECKLIST("checklist"),
        /** The policy: {@code policy}. */
        POLICY("policy"),
        /** The comparison with the baseline: {@code baseline}. */
        BASELINE("baseline"),
        /** The decision's outcome: {@code decision}. */
        DECISION("decision"),
        /** Anything else, kept as written. */
        OTHER("");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /**
         * Whether a subject of this kind names one thing by an id after its prefix.
         *
         * @return true for a target, scenario, risk, piece of evidence or suite; false for a part
         *     as a whole and for {@link #OTHER}
         */
        public boolean hasId() {
            return prefix.endsWith(".");
        }

        /**
         * How the text of a subject of this kind begins, e.g. {@code target.}.
         *
         * @return the prefix, ending in '.' when an id follows; the whole text for a part as a
         *     whole; empty for {@link #OTHER}
         */
        public String prefix() {
            return prefix;
        }
    }

    /**
     * Checks that {@code id} fits {@code kind}: present when the kind {@linkplain Kind#hasId() has
     * one}, empty otherwise (any text for {@link Kind#OTHER}).
     *
     * @param kind what kind of thing it is about
     * @param id which one: the target or risk id, {@code <suite>.<id>} for a scenario, the number
     *     of a piece of evidence, the suite kind; empty for a part as a whole; the text as written
     *     for {@link Kind#OTHER}
     * @throws IllegalArgumentException when the id is missing or should not be there
     */
    public Subject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (kind.hasId() == id.isEmpty() && kind != Kind.OTHER) {
            throw new IllegalArgumentException(
                    kind.hasId()
                            ? "a subject of kind " + kind + " needs an id"
                            : "a subject of kind " + kind + " has no id, was '" + id + "'");
        }
    }

    /**
     * Target {@code id}.
     *
     * @param id the target's id in the targets file, such as {@code p99-5k}
     * @return the subject written {@code target.<id>}
     */
    public static Subject target(String id) {
        return new Subject(Kind.TARGET, id);
    }

    /**
     * The planned scenario {@code id} of suite {@code suite}.
     *
     * @param suite the suite's key, such as {@code load}
     * @param id the scenario's id within the suite, such as {@code health-1k}
     * @return the subject written {@code scenario.<suite>.<id>}
     */
    public static Subject scenario(String suite, String id) {
        return new Subject(Kind.SCENARIO, suite + "." + id);
    }

    /**
     * Risk {@code id}.
     *
     * @param id the risk's id, declared or derived
     * @return the subject written {@code risk.<id>}
     */
    public static Subject risk(String id) {
        return new Subject(Kind.RISK, id);
    }

    /**
     * The {@code n}th piece of evidence that could not be read, from 1.
     *
     * @param n the number of the piece, from 1 in the order the collector reported them
     * @return the subject written {@code evidence.<n>}
     */
    public static Subject evidence(int n) {
        return new Subject(Kind.EVIDENCE, Integer.toString(n));
    }

    /**
     * A part of the decision as a whole, such as {@link Kind#POLICY}.
     *
     * @param kind a kind without an id
     * @return the subject written as the kind's word, such as {@code policy}
     * @throws IllegalArgumentException when the kind needs an id
     */
    public static Subject of(Kind kind) {
        return new Subject(kind, "");
    }

    /**
     * The subject written {@code text}; a text of no known form is kept as {@link Kind#OTHER}.
     *
     * @param text the subject as written in {@code decision.json}, such as {@code target.p99-5k}
     * @return the subject, whose {@link #text()} is {@code text} again
     */
    @JsonCreator
    public static Subject parse(String text) {
        Objects.requireNonNull(text, "text");
        for (Kind k : Kind.values()) {
            if (k == Kind.OTHER) {
                continue;
            }
            if (k.hasId()
                    ? text.startsWith(k.prefix) && text.length() > k.prefix.length()
                    : text.equals(k.prefix)) {
                return new Subject(k, text.substring(k.prefix.length()));
            }
        }
        return new Subject(Kind.OTHER, text);
    }

    /**
     * The subject as written in reasons and {@code decision.json}, e.g. {@code target.p99-5k}.
     *
     * @return the kind's prefix followed by the id, which {@link #parse} reads back
     */
    @JsonValue
    public String text() {
        return kind == Kind.OTHER ? id : kind.hasId() ? kind.prefix + id : kind.prefix;
    }

    /**
     * {@link #text()}.
     *
     * @return the subject as written
     */
    @Override
    public String toString() {
        return text();
    }
}
