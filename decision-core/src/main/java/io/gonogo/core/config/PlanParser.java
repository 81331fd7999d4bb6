package io.gonogo.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the targets file's {@code plan} section into a {@link PlanSpec}.
 *
 * <pre>
 * plan:
 *   title: Sprint 1, performance and load    # optional
 *   objective: text                          # optional
 *   tasks:                                   # list, required
 *     - id: load-suite                       # required, unique
 *       title: Load testing suite            # required
 *       status: pending|in-progress|done     # optional when done-when is given
 *       deliverables: [path, ...]            # files or folders, relative to the targets file
 *       suites: [load]                       # suite kinds whose tests prove the task
 *       done-when: suite load executed       # or: suite load passed | target p99-1k met
 *   next-steps: [text, ...]                  # optional
 * </pre>
 */
final class PlanParser {
    private PlanParser() {}

    static PlanSpec plan(ConfigNode node, Set<String> targetIds, Set<String> suiteKinds) {
        ConfigNode.Mapping m =
                node.asMapping("'plan'").accept("title", "objective", "tasks", "next-steps");
        m.finish();
        List<PlanSpec.Task> tasks = new ArrayList<>();
        Map<String, ConfigNode> ids = new HashMap<>();
        ConfigNode tasksNode = m.node("tasks");
        for (ConfigNode item : tasksNode.asList("'plan.tasks'")) {
            PlanSpec.Task t = task(item, targetIds, suiteKinds);
            ConfigNode previous = ids.putIfAbsent(t.id(), item);
            if (previous != null) {
                throw item.error(
                        "duplicate task id '"
                                + t.id()
                                + "'; first declared at line "
                                + previous.line()
                                + "; ids must be unique");
            }
            tasks.add(t);
        }
        if (tasks.isEmpty()) {
            throw tasksNode.error(
                    "'plan.tasks' is empty; expected at least one task with an id and a title");
        }
        List<String> next =
                m.find("next-steps").map(n -> strings(n, "'next-steps'")).orElse(List.of());
        return new PlanSpec(m.string("title", ""), m.string("objective", ""), tasks, next);
    }

    private static PlanSpec.Task task(
            ConfigNode item, Set<String> targetIds, Set<String> suiteKinds) {
        ConfigNode.Mapping m =
                item.asMapping("a task")
                        .accept("id", "title", "status", "deliverables", "suites", "done-when");
        m.finish();
        String id = m.node("id").asId("task id");
        String title = m.string("title");
        Optional<PlanSpec.Status> status =
                m.find("status")
                        .map(
                                n -> {
                                    String text = n.asScalarText("'status'");
                                    for (PlanSpec.Status s : PlanSpec.Status.values()) {
                                        if (s.id().equals(text)) {
                                            return s;
                                        }
                                    }
                                    throw n.error(
                                            "unknown task status '"
                                                    + text
                                                    + "'; expected pending, in-progress or done");
                                });
        List<String> deliverables =
                m.find("deliverables").map(n -> strings(n, "'deliverables'")).orElse(List.of());
        for (ConfigNode d :
                m.find("deliverables").map(n -> n.asList("'deliverables'")).orElse(List.of())) {
            String path = d.asString("a deliverable");
            try {
                java.nio.file.Path p = java.nio.file.Path.of(path);
                if (p.isAbsolute()) {
                    throw d.error(
                            "deliverable '"
                                    + path
                                    + "' is an absolute path; expected a path relative to"
                                    + " the targets file's folder");
                }
            } catch (java.nio.file.InvalidPathException e) {
                throw d.error("'" + path + "' is not a usable file name: " + e.getReason());
            }
        }
        List<String> suites = new ArrayList<>();
        for (ConfigNode s : m.find("suites").map(n -> n.asList("'suites'")).orElse(List.of())) {
            String kind = s.asScalarText("a suite kind");
            if (!suiteKinds.contains(kind)) {
                throw s.error(
                        "task '"
                                + id
                                + "' names suite '"
                                + kind
                                + "', which 'suites' does not declare"
                                + (suiteKinds.isEmpty()
                                        ? ""
                                        : "; declared: " + String.join(", ", suiteKinds)));
            }
            suites.add(kind);
        }
        Optional<PlanSpec.DoneWhen> doneWhen =
                m.find("done-when").map(n -> doneWhen(n, targetIds, suiteKinds));
        if (status.isEmpty() && doneWhen.isEmpty()) {
            throw item.error(
                    "task '"
                            + id
                            + "' has neither 'status' nor 'done-when'; expected 'status: pending',"
                            + " 'status: in-progress', 'status: done' or 'done-when: suite <kind>"
                            + " executed'");
        }
        return new PlanSpec.Task(id, title, status, deliverables, suites, doneWhen);
    }

    private static PlanSpec.DoneWhen doneWhen(
            ConfigNode n, Set<String> targetIds, Set<String> suiteKinds) {
        String text = n.asString("'done-when'").strip();
        String[] w = text.split("\\s+");
        if (w.length == 3
                && w[0].equals("suite")
                && (w[2].equals("executed") || w[2].equals("passed"))) {
            if (!suiteKinds.contains(w[1])) {
                throw n.error(
                        "'done-when' names suite '"
                                + w[1]
                                + "', which 'suites' does not declare"
                                + (suiteKinds.isEmpty()
                                        ? ""
                                        : "; declared: " + String.join(", ", suiteKinds)));
            }
            return new PlanSpec.DoneWhen(
                    w[2].equals("executed")
                            ? PlanSpec.DoneWhen.Kind.SUITE_EXECUTED
                            : PlanSpec.DoneWhen.Kind.SUITE_PASSED,
                    w[1],
                    text);
        }
        if (w.length == 3 && w[0].equals("target") && w[2].equals("met")) {
            boolean generated =
                    w[1].contains(".") && suiteKinds.contains(w[1].substring(0, w[1].indexOf('.')));
            if (!targetIds.contains(w[1]) && !generated) {
                throw n.error(
                        "'done-when' names target '"
                                + w[1]
                                + "', which the targets file does not declare"
                                + (targetIds.isEmpty()
                                        ? ""
                                        : "; declared: "
                                                + String.join(", ", new TreeSet<>(targetIds))));
            }
            return new PlanSpec.DoneWhen(PlanSpec.DoneWhen.Kind.TARGET_MET, w[1], text);
        }
        throw n.error(
                "'done-when' is '"
                        + text
                        + "'; expected 'suite <kind> executed', 'suite <kind> passed'"
                        + " or 'target <id> met'");
    }

    private static List<String> strings(ConfigNode n, String what) {
        List<String> out = new ArrayList<>();
        for (ConfigNode item : n.asList(what)) {
            String s = item.asString("an entry of " + what).strip();
            if (s.isEmpty()) {
                throw item.error("an entry of " + what + " is blank; expected text");
            }
            out.add(s);
        }
        return out;
    }
}
