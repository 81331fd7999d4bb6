package io.gonogo.core;

import java.time.LocalDate;
import java.util.Objects;

/**
 * An accepted exception for a target or a risk, with who approved it and until when.
 *
 * @param id unique id
 * @param subject the waived target or risk
 * @param justification why it is acceptable
 * @param approver who accepted it
 * @param expires the last day it applies
 */
public record Waiver(String id, String subject, String justification, String approver, LocalDate expires) {

    /** Checks for nulls. */
    public Waiver {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(expires, "expires");
    }
}
