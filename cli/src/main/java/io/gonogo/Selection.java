package io.gonogo;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.PlannedScenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a plan a partial run executes ({@code --select SUITE} or {@code --select
 * SUITE/SCENARIO}, repeatable); every scenario when nothing is selected. A scenario left out is
 * still planned: its outcome is NOT SELECTED and its targets are NOT MEASURED, so a partial run can
 * never decide better than the whole one.
 */
final class Selection {
    private final List<String> selects;

    private Selection(List<String> selects) {
        this.selects = List.copyOf(selects);
    }

    /**
     * The selection {@code selects} of {@code plan}.
     *
     * @throws InvalidInputException naming the {@code --select} that names no suite or scenario of
     *     the plan, with the ones that exist
     */
    static Selection of(List<String> selects, List<PlannedScenario> plan) {
        for (String s : selects) {
            if (plan.stream().noneMatch(p -> matches(s, p))) {
                throw InvalidInputException.of(
                        "--select " + s,
                        "names no suite or scenario of the plan; expected SUITE or SUITE/SCENARIO,"
                                + " one of: "
                                + existing(plan));
            }
        }
        return new Selection(selects);
    }

    private static boolean matches(String select, PlannedScenario p) {
        return select.equals(p.suite()) || select.equals(p.qualifiedId());
    }

    /** The suites of the plan, each with its scenarios: {@code load (load/a, load/b)}. */
    private static String existing(List<PlannedScenario> plan) {
        if (plan.isEmpty()) {
            return "none (the targets file declares no suites)";
        }
        Map<String, List<String>> bySuite = new LinkedHashMap<>();
        for (PlannedScenario p : plan) {
            bySuite.computeIfAbsent(p.suite(), k -> new ArrayList<>()).add(p.qualifiedId());
        }
        List<String> out = new ArrayList<>();
        bySuite.forEach((suite, ids) -> out.add(suite + " (" + String.join(", ", ids) + ")"));
        return String.join(", ", out);
    }

    /** Whether every scenario runs. */
    boolean all() {
        return selects.isEmpty();
    }

    /** Whether scenario {@code p} runs. */
    boolean selected(PlannedScenario p) {
        return all() || selects.stream().anyMatch(s -> matches(s, p));
    }

    /** Why a scenario left out did not run, as its NOT SELECTED outcome says. */
    String why() {
        return "the run was limited to " + String.join(", ", echo());
    }

    /** The selection as the documents echo it: {@code --select load/health-1k}. */
    List<String> echo() {
        return selects.stream().map(s -> "--select " + s).toList();
    }
}
