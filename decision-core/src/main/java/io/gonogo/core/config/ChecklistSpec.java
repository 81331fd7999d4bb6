package io.gonogo.core.config;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A readiness item as the targets file's {@code checklist} declares it, bound to exactly one kind
 * of evidence. Immutable.
 *
 * @param id unique id
 * @param title what must be ready
 * @param binding the evidence that makes it done
 */
public record ChecklistSpec(String id, String title, Binding binding) {

    /**
     * Checks for nulls.
     *
     * @param id unique id
     * @param title what must be ready
     * @param binding the evidence that makes it done
     */
    public ChecklistSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(binding, "binding");
    }

    /** What a checklist item is bound to. */
    public enum Kind {
        /** {@code evidence: suite <kind> passed}: every planned scenario of the suite passed. */
        SUITE_PASSED,
        /** {@code evidence: target <id> met}: the target is MET or EXCEEDED. */
        TARGET_MET,
        /**
         * {@code evidence: file <path> exists}: a regular file, relative to the targets file's
         * folder.
         */
        FILE_EXISTS,
        /**
         * {@code attested-by: <name>}: done only with {@code attested-on: <date>}, not after the
         * decision.
         */
        ATTESTATION
    }

    /** The evidence of a checklist item. */
    public static final class Binding {
        private final Kind kind;
        private final String subject;
        private final Path file;
        private final LocalDate attestedOn;

        private Binding(Kind kind, String subject, Path file, LocalDate attestedOn) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.subject = Objects.requireNonNull(subject, "subject");
            this.file = file;
            this.attestedOn = attestedOn;
        }

        /**
         * Bound to every planned scenario of suite {@code kind} passing.
         *
         * @param kind the suite kind, such as {@code load}
         * @return the binding
         */
        public static Binding suitePassed(String kind) {
            return new Binding(Kind.SUITE_PASSED, kind, null, null);
        }

        /**
         * Bound to target {@code id} being MET or EXCEEDED.
         *
         * @param id the target's id
         * @return the binding
         */
        public static Binding targetMet(String id) {
            return new Binding(Kind.TARGET_MET, id, null, null);
        }

        /**
         * Bound to a file existing.
         *
         * @param written the path as the targets file writes it
         * @param resolved where it is looked for
         * @return the binding
         */
        public static Binding fileExists(String written, Path resolved) {
            return new Binding(
                    Kind.FILE_EXISTS, written, Objects.requireNonNull(resolved, "resolved"), null);
        }

        /**
         * Bound to {@code name}'s attestation; {@code on} is null when the file gives no date.
         *
         * @param name who attests, as written
         * @param on the date of the attestation, or null
         * @return the binding
         */
        public static Binding attestation(String name, LocalDate on) {
            return new Binding(Kind.ATTESTATION, name, null, on);
        }

        /**
         * What it is bound to.
         *
         * @return the kind of evidence
         */
        public Kind kind() {
            return kind;
        }

        /**
         * The suite kind, target id, file as written, or attesting person.
         *
         * @return the subject as the targets file writes it
         */
        public String subject() {
            return subject;
        }

        /**
         * Where a {@link Kind#FILE_EXISTS} file is looked for.
         *
         * @return the resolved path; empty for the other kinds
         */
        public Optional<Path> file() {
            return Optional.ofNullable(file);
        }

        /**
         * The date of an attestation, if given.
         *
         * @return the date; empty for the other kinds and an attestation without one
         */
        public Optional<LocalDate> attestedOn() {
            return Optional.ofNullable(attestedOn);
        }

        /**
         * The binding in words, as the targets file writes it.
         *
         * @return such as {@code suite load passed} or {@code attested by Jane on 2026-03-01}
         */
        public String text() {
            return switch (kind) {
                case SUITE_PASSED -> "suite " + subject + " passed";
                case TARGET_MET -> "target " + subject + " met";
                case FILE_EXISTS -> "file " + subject + " exists";
                case ATTESTATION ->
                        "attested by " + subject + (attestedOn == null ? "" : " on " + attestedOn);
            };
        }
    }
}
