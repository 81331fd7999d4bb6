package io.gonogo.core;

import io.gonogo.core.config.PlanSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What the run set out to do, as the documents show it: every planned scenario with its final
 * status, the sprint plan of the progress report with its deliverables as counted when the decision
 * was made, and who signs the go/no-go document. Stored in {@code decision.json}, so every document
 * is a function of {@code decision.json} and {@code evidence.json} alone.
 *
 * @param declared whether a plan was declared at all; when not, documents count the tests the
 *     evidence records instead of planned scenarios
 * @param scenarios every planned scenario, in plan order, with how it ended
 * @param sprint the targets file's sprint plan; {@link PlanSpec#NONE} when there is none
 * @param approvers who signs the go/no-go document besides the release owner, in order
 * @param deliverables the sprint plan's deliverables, counted when the decision was made
 * @param kinds what each suite kind of the plan declares about itself (section title, metrics)
 * @param overrides what the command line changed in the targets file or the plan, as given, such as
 *     {@code --set suites.load.scenarios[0].duration=30s} or {@code --select load/health-1k}
 *     (secret values masked); empty when nothing was
 * @param shards how the load figures were gathered by several load generator shards and merged;
 *     null for a run on one generator
 */
public record RunPlan(
        boolean declared,
        List<PlannedOutcome> scenarios,
        PlanSpec sprint,
        List<String> approvers,
        List<Deliverable> deliverables,
        List<SuiteKindInfo> kinds,
        List<String> overrides,
        @com.fasterxml.jackson.annotation.JsonInclude(
                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                ShardedRun shards) {

    /** No plan known: the decision was made without one, or read from a file that predates it. */
    public static final RunPlan UNKNOWN =
            new RunPlan(false, List.of(), PlanSpec.NONE, List.of(), List.of(), List.of());

    /**
     * A plan run as the targets file says, without command-line overrides.
     *
     * @param declared whether a plan was declared at all; when not, documents count the tests the
     *     evidence records instead of planned scenarios
     * @param scenarios every planned scenario, in plan order, with how it ended
     * @param sprint the targets file's sprint plan; {@link PlanSpec#NONE} when there is none
     * @param approvers who signs the go/no-go document besides the release owner, in order
     * @param deliverables the sprint plan's deliverables, counted when the decision was made
     * @param kinds what each suite kind of the plan declares about itself (section title, metrics)
     */
    public RunPlan(
            boolean declared,
            List<PlannedOutcome> scenarios,
            PlanSpec sprint,
            List<String> approvers,
            List<Deliverable> deliverables,
            List<SuiteKindInfo> kinds) {
        this(declared, scenarios, sprint, approvers, deliverables, kinds, List.of());
    }

    /**
     * A plan run on one load generator.
     *
     * @param declared whether a plan was declared at all; when not, documents count the tests the
     *     evidence records instead of planned scenarios
     * @param scenarios every planned scenario, in plan order, with how it ended
     * @param sprint the targets file's sprint plan; {@link PlanSpec#NONE} when there is none
     * @param approvers who signs the go/no-go document besides the release owner, in order
     * @param deliverables the sprint plan's deliverables, counted when the decision was made
     * @param kinds what each suite kind of the plan declares about itself (section title, metrics)
     * @param overrides what the command line changed in the targets file or the plan, as given,
     *     such as {@code --set suites.load.scenarios[0].duration=30s} or {@code --select
     *     load/health-1k} (secret values masked); empty when nothing was
     */
    public RunPlan(
            boolean declared,
            List<PlannedOutcome> scenarios,
            PlanSpec sprint,
            List<String> approvers,
            List<Deliverable> deliverables,
            List<SuiteKindInfo> kinds,
            List<String> overrides) {
        this(declared, scenarios, sprint, approvers, deliverables, kinds, overrides, null);
    }

    /**
     * Checks and copies.
     *
     * @param declared whether a plan was declared at all; when not, documents count the tests the
     *     evidence records instead of planned scenarios
     * @param scenarios every planned scenario, in plan order, with how it ended
     * @param sprint the targets file's sprint plan; {@link PlanSpec#NONE} when there is none
     * @param approvers who signs the go/no-go document besides the release owner, in order
     * @param deliverables the sprint plan's deliverables, counted when the decision was made
     * @param kinds what each suite kind of the plan declares about itself (section title, metrics)
     * @param overrides what the command line changed in the targets file or the plan, as given,
     *     such as {@code --set suites.load.scenarios[0].duration=30s} or {@code --select
     *     load/health-1k} (secret values masked); empty when nothing was
     * @param shards how the load figures were gathered by several load generator shards and merged;
     *     null for a run on one generator
     */
    @com.fasterxml.jackson.annotation.JsonCreator
    public RunPlan {
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
        scenarios = List.copyOf(scenarios);
        sprint = Objects.requireNonNullElse(sprint, PlanSpec.NONE);
        approvers = List.copyOf(approvers);
        deliverables = List.copyOf(deliverables);
    }

    /**
     * The planned scenarios alone, in plan order.
     *
     * @return the scenarios without their outcomes, unmodifiable
     */
    public List<PlannedScenario> plannedScenarios() {
        return scenarios.stream().map(PlannedOutcome::scenario).toList();
    }

    /**
     * What the kind {@code id} declares about itself, if the plan has it.
     *
     * @param id the suite kind, such as {@code load}
     * @return the kind's declaration, or empty when the plan has no such kind or was made without
     *     kinds
     */
    public java.util.Optional<SuiteKindInfo> kind(String id) {
        return kinds.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /**
     * The deliverable counted for {@code path} as the plan writes it, if it was counted.
     *
     * @param path the deliverable's path as the sprint plan writes it
     * @return what was found for it, or empty when it was not counted
     */
    public java.util.Optional<Deliverable> deliverable(String path) {
        return deliverables.stream().filter(d -> d.path().equals(path)).findFirst();
    }

    /**
     * One deliverable of the sprint plan as found on disk when the decision was made.
     *
     * @param path the path as the plan writes it, relative to the targets file's folder
     * @param found whether it existed
     * @param folder whether it was a folder
     * @param files regular files it holds (1 for a file, 0 when missing)
     * @param lines non-blank lines in those files
     */
    public record Deliverable(String path, boolean found, boolean folder, long files, long lines) {

        /**
         * Checks.
         *
         * @param path the path as the plan writes it, relative to the targets file's folder
         * @param found whether it existed
         * @param folder whether it was a folder
         * @param files regular files it holds (1 for a file, 0 when missing)
         * @param lines non-blank lines in those files
         */
        public Deliverable {
            Objects.requireNonNull(path, "path");
            if (files < 0 || lines < 0) {
                throw new IllegalArgumentException("counts must not be negative: " + path);
            }
        }

        /**
         * Counts {@code path} under {@code baseDir}: files and non-blank lines of a file, or of
         * every regular file under a folder.
         *
         * @param baseDir the folder {@code path} is relative to, the targets file's
         * @param path the deliverable as the plan writes it
         * @return the count; a missing or unreadable path counts as not found, with no files and no
         *     lines
         */
        public static Deliverable count(Path baseDir, String path) {
            Path p = baseDir.resolve(path).normalize();
            try {
                if (Files.isRegularFile(p)) {
                    return new Deliverable(path, true, false, 1, lines(p));
                }
                if (Files.isDirectory(p)) {
                    long files = 0;
                    long lines = 0;
                    try (Stream<Path> walk = Files.walk(p)) {
                        for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                            files++;
                            lines += lines(f);
                        }
                    }
                    return new Deliverable(path, true, true, files, lines);
                }
            } catch (IOException | UncheckedIOException e) {
                // unreadable counts as missing: a deliverable nobody can read is not delivered
            }
            return new Deliverable(path, false, false, 0, 0);
        }

        /**
         * Every deliverable of {@code sprint}'s tasks, once each, counted under {@code baseDir}.
         *
         * @param sprint the sprint plan, {@link PlanSpec#NONE} for none
         * @param baseDir the folder the deliverables' paths are relative to
         * @return the deliverables in the plan's order, unmodifiable; empty without a plan
         */
        public static List<Deliverable> countAll(PlanSpec sprint, Path baseDir) {
            List<Deliverable> all = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (PlanSpec.Task t : sprint.tasks()) {
                for (String d : t.deliverables()) {
                    if (seen.add(d)) {
                        all.add(count(baseDir, d));
                    }
                }
            }
            return List.copyOf(all);
        }

        /** Non-blank lines, counted on bytes so that a file in any encoding counts. */
        private static long lines(Path f) throws IOException {
            long n = 0;
            boolean blank = true;
            for (byte b : Files.readAllBytes(f)) {
                if (b == '\n') {
                    n += blank ? 0 : 1;
                    blank = true;
                } else if (b != ' ' && b != '\t' && b != '\r') {
                    blank = false;
                }
            }
            return n + (blank ? 0 : 1);
        }
    }
}
