package io.gonogo;

import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.config.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Gonogo#check} found: the scenarios a run would execute and, for each target, the
 * planned scenarios expected to produce its figure.
 *
 * @param file the targets file
 * @param profile the profile the scenarios are listed for (both profiles were validated)
 * @param scenarios the scenarios, in execution order
 * @param targets each target with its expected producers
 * @param notSelected the scenarios a {@code --select} leaves out: planned, NOT SELECTED when run
 */
public record CheckReport(
        Path file,
        Profile profile,
        List<PlannedScenario> scenarios,
        List<TargetPlan> targets,
        List<PlannedScenario> notSelected) {

    /**
     * A report of a plan run whole: no scenario left out by a selection.
     *
     * @param file the targets file checked
     * @param profile the profile the scenarios are listed for
     * @param scenarios the planned scenarios
     * @param targets every target with the scenarios that may measure it
     */
    public CheckReport(
            Path file, Profile profile, List<PlannedScenario> scenarios, List<TargetPlan> targets) {
        this(file, profile, scenarios, targets, List.of());
    }

    /**
     * One target and the planned scenarios whose figures it will use.
     *
     * @param target the target
     * @param producers the planned scenarios its filter may match; empty means it will be NOT
     *     MEASURED
     */
    public record TargetPlan(Target target, List<PlannedScenario> producers) {

        /**
         * Copies the list.
         *
         * @param target the target
         * @param producers the planned scenarios its filter may match
         */
        public TargetPlan {
            Objects.requireNonNull(target, "target");
            producers = List.copyOf(producers);
        }

        /**
         * The target in plain words, e.g. {@code p99 of latency where {scenario=a} must be < 10ms}.
         *
         * @return one line naming the figure, where it is taken and what it must meet
         */
        public String explanation() {
            StringBuilder sb = new StringBuilder();
            sb.append(target.aggregate().map(a -> a.text() + " of ").orElse("worst "))
                    .append(target.metric());
            if (!target.where().isEmpty()) {
                sb.append(" where ").append(target.where());
            }
            sb.append(" must be ").append(target.pass());
            if (target.pass().isRelative()) {
                sb.append(" (against the baseline's same figure")
                        .append(
                                target.pass().absolutePart().isPresent()
                                        ? "; both parts must hold"
                                        : "")
                        .append("; NOT MEASURED without a baseline)");
            }
            target.acceptable().ifPresent(a -> sb.append(" (acceptable ").append(a).append(")"));
            target.stretch().ifPresent(s -> sb.append(" (stretch ").append(s).append(")"));
            sb.append(target.critical() ? "; critical" : "; not critical");
            if (producers.isEmpty()) {
                sb.append(
                                "; WARNING: no scenario in the plan produces it, so it will be NOT"
                                        + " MEASURED")
                        .append(target.critical() ? " and block the release" : "");
            } else {
                sb.append("; from ")
                        .append(
                                String.join(
                                        ", ",
                                        producers.stream()
                                                .map(PlannedScenario::qualifiedId)
                                                .toList()));
            }
            return sb.toString();
        }
    }

    /**
     * Copies the lists.
     *
     * @param file the targets file checked
     * @param profile the profile the scenarios are listed for
     * @param scenarios the planned scenarios
     * @param targets every target with the scenarios that may measure it
     * @param notSelected the planned scenarios a selection leaves out
     */
    public CheckReport {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(profile, "profile");
        scenarios = List.copyOf(scenarios);
        targets = List.copyOf(targets);
        notSelected = List.copyOf(notSelected);
    }
}
