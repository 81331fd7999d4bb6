package io.gonogo.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The targets file's {@code plan} section: the sprint whose progress the progress report shows,
 * with its tasks, their deliverables and the evidence that proves them. Immutable.
 *
 * @param title the sprint's name, {@code ""} when not given
 * @param objective what the sprint sets out to show, {@code ""} when not given
 * @param tasks the tasks, in file order
 * @param nextSteps what comes after the sprint, in file order
 */
public record PlanSpec(String title, String objective, List<Task> tasks, List<String> nextSteps) {

    /** No plan: the targets file has no {@code plan} section. */
    public static final PlanSpec NONE = new PlanSpec("", "", List.of(), List.of());

    /**
     * Checks for nulls and copies the lists.
     *
     * @param title the sprint's name, {@code ""} when not given
     * @param objective what the sprint sets out to show, {@code ""} when not given
     * @param tasks the tasks, in file order
     * @param nextSteps what comes after the sprint, in file order
     */
    public PlanSpec {
        title = Objects.requireNonNullElse(title, "");
        objective = Objects.requireNonNullElse(objective, "");
        tasks = List.copyOf(tasks);
        nextSteps = List.copyOf(nextSteps);
    }

    /**
     * Whether this is {@link #NONE} or otherwise holds no task.
     *
     * @return true when the plan has no task
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** How a task's author says it stands. */
    public enum Status {
        /** Not started. */
        PENDING,
        /** Started, not finished. */
        IN_PROGRESS,
        /** Finished, by the author's word (its {@code done-when}, if any, must still hold). */
        DONE;

        /**
         * The status as the targets file spells it: {@code pending}, {@code in-progress}, {@code
         * done}.
         *
         * @return the spelling, lower case with {@code -} for {@code _}
         */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One task of the sprint.
     *
     * @param id unique id
     * @param title what the task delivers
     * @param status how its author says it stands; absent when only its evidence decides
     * @param deliverables files or folders it delivers, relative to the targets file's folder
     * @param suites the suite kinds whose tests prove it
     * @param doneWhen the evidence that makes it done, when the file binds it to evidence
     */
    public record Task(
            String id,
            String title,
            Optional<Status> status,
            List<String> deliverables,
            List<String> suites,
            Optional<DoneWhen> doneWhen) {

        /**
         * Checks for nulls and copies the lists.
         *
         * @param id unique id
         * @param title what the task delivers
         * @param status how its author says it stands; absent when only its evidence decides
         * @param deliverables files or folders it delivers, relative to the targets file's folder
         * @param suites the suite kinds whose tests prove it
         * @param doneWhen the evidence that makes it done, when the file binds it to evidence
         */
        public Task {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(doneWhen, "doneWhen");
            deliverables = List.copyOf(deliverables);
            suites = List.copyOf(suites);
        }
    }

    /**
     * The evidence that makes a task done: {@code suite <kind> executed}, {@code suite <kind>
     * passed} or {@code target <id> met}.
     *
     * @param kind what it is bound to
     * @param subject the suite kind or the target id
     * @param text the condition as the file writes it
     */
    public record DoneWhen(Kind kind, String subject, String text) {

        /**
         * Checks for nulls.
         *
         * @param kind what it is bound to
         * @param subject the suite kind or the target id
         * @param text the condition as the file writes it
         */
        public DoneWhen {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(text, "text");
        }

        /** What a {@code done-when} is bound to. */
        public enum Kind {
            /**
             * {@code suite <kind> executed}: every planned scenario of the suite ran to an end,
             * passed or failed.
             */
            SUITE_EXECUTED,
            /** {@code suite <kind> passed}: every planned scenario of the suite passed. */
            SUITE_PASSED,
            /** {@code target <id> met}: the target is MET or EXCEEDED. */
            TARGET_MET
        }
    }
}
