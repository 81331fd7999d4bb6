package io.gonogo.core;

import java.util.Objects;

/**
 * A readiness item and whether the evidence it is bound to holds.
 *
 * @param id unique id
 * @param title what must be ready
 * @param done whether its evidence holds
 * @param evidence what the item was checked against, in words
 */
public record ChecklistItem(String id, String title, boolean done, String evidence) {

    /** Checks for nulls. */
    public ChecklistItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(evidence, "evidence");
    }
}
