package io.gonogo.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code plan} section (the progress report's sprint) and {@code reports.approvers}. */
class PlanParsingTest {

    private static final Path FILE = Path.of("config", "targets.yaml");

    private static TargetsFile parse(String rest) {
        return TargetsParser.parse(
                FILE,
                """
                release: {name: governance 1.4}
                sut: embedded
                suites: {load: {}, chaos: {}}
                targets:
                  - {id: p99-5k, metric: latency, aggregate: p99, pass: "< 15ms"}
                """
                        + rest);
    }

    @Test
    void readsEveryKeyOfThePlan() {
        PlanSpec plan =
                parse(
                                """
                                plan:
                                  title: Sprint 1
                                  objective: show the service holds its load
                                  tasks:
                                    - id: load
                                      title: Load testing suite
                                      status: done
                                      deliverables: [runners/load/src, README.md]
                                      suites: [load]
                                      done-when: target p99-5k met
                                    - {id: chaos, title: Chaos suite, done-when: suite chaos executed}
                                    - {id: gc, title: GC tuning, status: in-progress}
                                    - {id: tls, title: TLS, status: pending, done-when: suite load passed}
                                  next-steps: [Run the full profile]
                                """)
                        .plan();
        assertThat(plan.title()).isEqualTo("Sprint 1");
        assertThat(plan.objective()).isEqualTo("show the service holds its load");
        assertThat(plan.nextSteps()).containsExactly("Run the full profile");
        PlanSpec.Task load = plan.tasks().get(0);
        assertThat(load.status()).contains(PlanSpec.Status.DONE);
        assertThat(load.deliverables()).containsExactly("runners/load/src", "README.md");
        assertThat(load.suites()).containsExactly("load");
        assertThat(load.doneWhen())
                .contains(
                        new PlanSpec.DoneWhen(
                                PlanSpec.DoneWhen.Kind.TARGET_MET, "p99-5k", "target p99-5k met"));
        assertThat(plan.tasks().get(1).status()).isEmpty();
        assertThat(plan.tasks().get(1).doneWhen().orElseThrow().kind())
                .isEqualTo(PlanSpec.DoneWhen.Kind.SUITE_EXECUTED);
        assertThat(plan.tasks().get(2).status()).contains(PlanSpec.Status.IN_PROGRESS);
        assertThat(plan.tasks().get(3).doneWhen().orElseThrow().kind())
                .isEqualTo(PlanSpec.DoneWhen.Kind.SUITE_PASSED);
    }

    @Test
    void aFileWithoutPlanHasNone() {
        TargetsFile f = parse("");
        assertThat(f.plan()).isEqualTo(PlanSpec.NONE);
        assertThat(f.plan().isEmpty()).isTrue();
        assertThat(f.approvers()).isEmpty();
    }

    @Test
    void readsTheApproversOfTheReports() {
        assertThat(
                        parse(
                                        "reports: {out: out, approvers: [Dana Ortiz (release"
                                                + " manager), Sam Lee]}")
                                .approvers())
                .containsExactly("Dana Ortiz (release manager)", "Sam Lee");
    }

    @Test
    void aGeneratedTargetMayProveATask() {
        assertThat(
                        parse(
                                        """
                                        plan:
                                          tasks: [{id: c, title: chaos, done-when: target chaos.kill.recovery met}]
                                        """)
                                .plan()
                                .tasks()
                                .get(0)
                                .doneWhen()
                                .orElseThrow()
                                .subject())
                .isEqualTo("chaos.kill.recovery");
    }

    @Test
    void rejectsMistakesWithLineAndColumn() {
        for (List<String> c :
                List.of(
                        List.of(
                                "plan: {tasks: [{id: a, title: A, status: finished}]}",
                                "finished",
                                "unknown task status 'finished'"),
                        List.of(
                                "plan: {tasks: [{id: a, title: A}]}",
                                "{id: a",
                                "has neither 'status' nor 'done-when'"),
                        List.of(
                                "plan: {tasks: [{id: a, title: A, done-when: suite memory"
                                        + " executed}]}",
                                "suite memory",
                                "names suite 'memory', which 'suites' does not declare"),
                        List.of(
                                "plan: {tasks: [{id: a, title: A, done-when: target p99-9k met}]}",
                                "target p99",
                                "names target 'p99-9k'"),
                        List.of(
                                "plan: {tasks: [{id: a, title: A, done-when: when it feels"
                                        + " right}]}",
                                "when it",
                                "expected 'suite <kind> executed'"),
                        List.of(
                                "plan: {tasks: [{id: a, title: A, status: done}, {id: a, title: B,"
                                        + " status: done}]}",
                                "{id: a, title: B",
                                "duplicate task id 'a'"),
                        List.of(
                                "plan: {tasks: [{id: a, title: A, status: done, owner: me}]}",
                                "owner",
                                "owner"),
                        List.of("plan: {tasks: []}", "[]", "'plan.tasks' is empty"),
                        List.of(
                                "plan: {tasks: [{id: a, title: A, status: done, deliverables:"
                                        + " [/etc/passwd]}]}",
                                "/etc",
                                "absolute path"),
                        List.of("reports: {approvers: ['  ']}", "'  '", "an approver is blank"))) {
            assertThatThrownBy(() -> parse(c.get(0)))
                    .as(c.get(0))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(
                            "targets.yaml:6:" + (c.get(0).indexOf(c.get(1)) + 1) + ":")
                    .hasMessageContaining(c.get(2));
        }
    }

    @Test
    void theTargetsFileReferencesPlanExampleParses() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(Path.of("../docs/targets-file.md"));
        int at = readme.indexOf("## The sprint plan and the approvers");
        assertThat(at).as("the section of docs/targets-file.md").isPositive();
        int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        TargetsFile f =
                TargetsParser.parse(
                        FILE,
                        """
                        release: {name: governance 1.4}
                        sut: embedded
                        suites: {load: {}}
                        targets:
                          - {id: p99-1k, metric: latency, aggregate: p99, pass: "< 10ms"}
                        """
                                + yaml);
        assertThat(f.plan().tasks())
                .extracting(PlanSpec.Task::id)
                .containsExactly("load-engine", "latency-at-1k");
        assertThat(f.approvers()).containsExactly("Dana Ortiz (engineering manager)");
    }
}
