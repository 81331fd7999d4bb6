package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

/**
 * The baseline a decision was compared with, as {@code decision.json} records it, or why it had
 * none ({@link #none}).
 *
 * @param given whether a baseline was used
 * @param id the baseline's run id; empty when none was given
 * @param file the file it was read from, as named; empty when none was given
 * @param kind {@code decision} (a decision.json, with or without its evidence.json beside it) or
 *     {@code evidence} (an evidence.json alone); empty when none was given
 * @param evidence whether the baseline's evidence was available (its metrics were compared)
 * @param outcome the baseline decision's outcome, e.g. {@code GO}; empty without a decision
 * @param why how it was chosen (a file named by --baseline or the targets file, the last GO of a
 *     history folder) or why there is none
 */
public record BaselineRef(
        boolean given,
        String id,
        String file,
        String kind,
        boolean evidence,
        String outcome,
        String why) {

    /**
     * Checks for nulls.
     *
     * @param given whether a baseline was used
     * @param id the baseline's run id; empty when none was given
     * @param file the file it was read from, as named; empty when none was given
     * @param kind {@code decision} (a decision.json, with or without its evidence.json beside it)
     *     or {@code evidence} (an evidence.json alone); empty when none was given
     * @param evidence whether the baseline's evidence was available (its metrics were compared)
     * @param outcome the baseline decision's outcome, e.g. {@code GO}; empty without a decision
     * @param why how it was chosen (a file named by --baseline or the targets file, the last GO of
     *     a history folder) or why there is none
     */
    @JsonCreator
    public BaselineRef {
        id = Objects.requireNonNullElse(id, "");
        file = Objects.requireNonNullElse(file, "");
        kind = Objects.requireNonNullElse(kind, "");
        outcome = Objects.requireNonNullElse(outcome, "");
        why = Objects.requireNonNullElse(why, "");
    }

    /**
     * No baseline, for the reason {@code why}.
     *
     * @param why why there is none, in one sentence for the documents
     * @return a reference that records no baseline and says why
     */
    public static BaselineRef none(String why) {
        return new BaselineRef(false, "", "", "", false, "", why);
    }

    /** The default: no baseline given. */
    public static final BaselineRef NONE =
            none("no baseline given (--baseline FILE, or baseline: in the targets file)");
}
