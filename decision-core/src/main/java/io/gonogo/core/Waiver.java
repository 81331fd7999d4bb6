package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A waiver of a target or a risk, with who approved it, until when, whether it was in force on the
 * decision's date and what it changed. A waiver never turns a verdict into a pass: it turns a
 * blocker into a written condition due on its expiry date.
 *
 * @param id unique id
 * @param about the waived target or risk, written {@code subject} in {@code decision.json}
 * @param justification why it is acceptable
 * @param approver who accepted it
 * @param expires the last day it applies
 * @param inForce whether it applied on the decision's date (false once expired)
 * @param effect what it changed, in one sentence (or why it changed nothing)
 */
public record Waiver(
        String id,
        @JsonProperty("subject") Subject about,
        String justification,
        String approver,
        LocalDate expires,
        boolean inForce,
        String effect) {

    /**
     * Checks for nulls.
     *
     * @param id unique id
     * @param about the waived target or risk, written {@code subject} in {@code decision.json}
     * @param justification why it is acceptable
     * @param approver who accepted it
     * @param expires the last day it applies
     * @param inForce whether it applied on the decision's date (false once expired)
     * @param effect what it changed, in one sentence (or why it changed nothing)
     */
    @JsonCreator
    public Waiver {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(about, "about");
        Objects.requireNonNull(expires, "expires");
        justification = Objects.requireNonNullElse(justification, "");
        approver = Objects.requireNonNullElse(approver, "");
        effect = Objects.requireNonNullElse(effect, "");
    }

    /**
     * A waiver of the subject written {@code subject}, e.g. {@code target.p99-5k}.
     *
     * @param id unique id
     * @param subject the waived target or risk's text: {@code target.<id>} or {@code risk.<id>}
     * @param justification why it is acceptable
     * @param approver who accepted it
     * @param expires the last day it applies
     * @param inForce whether it applied on the decision's date (false once expired)
     * @param effect what it changed, in one sentence (or why it changed nothing)
     */
    public Waiver(
            String id,
            String subject,
            String justification,
            String approver,
            LocalDate expires,
            boolean inForce,
            String effect) {
        this(id, Subject.parse(subject), justification, approver, expires, inForce, effect);
    }

    /**
     * A waiver in force whose effect is not yet known.
     *
     * @param id unique id
     * @param subject the waived target or risk's text: {@code target.<id>} or {@code risk.<id>}
     * @param justification why it is acceptable
     * @param approver who accepted it
     * @param expires the last day it applies
     */
    public Waiver(
            String id, String subject, String justification, String approver, LocalDate expires) {
        this(id, subject, justification, approver, expires, true, "");
    }

    /**
     * The waived target or risk, as written: {@code target.<id>} or {@code risk.<id>}.
     *
     * @return {@link #about()}'s text, as {@code decision.json} stores it
     */
    public String subject() {
        return about.text();
    }
}
