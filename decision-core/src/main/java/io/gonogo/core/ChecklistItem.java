package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

/**
 * A readiness item and whether the evidence it is bound to holds.
 *
 * @param id unique id
 * @param title what must be ready
 * @param done whether its evidence holds; an item whose evidence is missing is open
 * @param evidence what the item was checked against, in words (e.g. {@code suite load passed})
 * @param found what the check found, in one sentence; may be empty
 */
public record ChecklistItem(String id, String title, boolean done, String evidence, String found) {

    /**
     * Checks for nulls.
     *
     * @param id unique id
     * @param title what must be ready
     * @param done whether its evidence holds; an item whose evidence is missing is open
     * @param evidence what the item was checked against, in words (e.g. {@code suite load passed})
     * @param found what the check found, in one sentence; may be empty
     */
    @JsonCreator
    public ChecklistItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(evidence, "evidence");
        found = Objects.requireNonNullElse(found, "");
    }

    /**
     * An item with nothing said about what was found.
     *
     * @param id unique id
     * @param title what must be ready
     * @param done whether its evidence holds; an item whose evidence is missing is open
     * @param evidence what the item was checked against, in words (e.g. {@code suite load passed})
     */
    public ChecklistItem(String id, String title, boolean done, String evidence) {
        this(id, title, done, evidence, "");
    }
}
