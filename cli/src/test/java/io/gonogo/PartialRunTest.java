package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Outcome;
import io.gonogo.core.PlannedOutcome;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Verdict;
import io.gonogo.render.Renderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of part of a plan ({@code --select}) with values from the environment and the command line
 * ({@code --set}): the scenarios left out are NOT SELECTED, their targets NOT MEASURED, the
 * decision no better than the whole run's, and the documents say so and keep saying so when
 * rendered again from decision.json.
 */
class PartialRunTest {

    @TempDir Path dir;

    private Path targets() throws Exception {
        return Files.writeString(
                dir.resolve("targets.yaml"),
                """
                release: {name: queue service, owner: qa}
                sut: {url: "http://127.0.0.1:9"}
                suites:
                  queue:
                    scenarios:
                      - id: drain-1k
                        depth: 500
                        drained: ${env:DRAINED}
                      - {id: drain-2k, depth: 10, drained: 2000}
                targets:
                  - {id: shallow-1k, metric: queue_depth, where: {scenario: drain-1k}, \
                aggregate: max, pass: "<= 100"}
                  - {id: shallow-2k, metric: queue_depth, where: {scenario: drain-2k}, \
                aggregate: max, pass: "<= 100"}
                """);
    }

    private RunOptions.Builder options(Path targets, Path out) {
        return RunOptions.builder(targets)
                .out(out)
                .environment(Map.of("DRAINED", "1000"))
                .suiteKinds(List.of(new ToyKindIT.QueueKind()))
                .quiet();
    }

    @Test
    void scenariosLeftOutAreNotSelectedAndTheirTargetsNotMeasured() throws Exception {
        Path f = targets();
        RunResult whole =
                Gonogo.run(
                        options(f, dir.resolve("whole"))
                                .set("suites.queue.scenarios[drain-1k].depth=50")
                                .build());
        assertThat(whole.decision().outcome()).isEqualTo(Outcome.GO);

        Path out = dir.resolve("partial");
        RunResult partial =
                Gonogo.run(
                        options(f, out)
                                .set("suites.queue.scenarios[drain-1k].depth=50")
                                .select("queue/drain-1k")
                                .build());

        assertThat(partial.decision().plan().scenarios())
                .extracting(PlannedOutcome::id, PlannedOutcome::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("drain-1k", TestStatus.SUCCESSFUL),
                        org.assertj.core.groups.Tuple.tuple("drain-2k", TestStatus.NOT_SELECTED));
        assertThat(partial.decision().verdicts())
                .extracting(TargetVerdict::target, TargetVerdict::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("shallow-1k", Verdict.MET),
                        org.assertj.core.groups.Tuple.tuple("shallow-2k", Verdict.NOT_MEASURED));
        assertThat(partial.decision().verdicts().get(1).reason())
                .startsWith(
                        "not selected: scenario queue/drain-2k was not selected: the run was"
                                + " limited to --select queue/drain-1k");
        // less evidence never decides better: a required scenario left out blocks the release
        assertThat(partial.decision().outcome()).isEqualTo(Outcome.NO_GO);
        assertThat(partial.decision().plan().overrides())
                .containsExactly(
                        "--set suites.queue.scenarios[drain-1k].depth=50",
                        "--select queue/drain-1k");

        String md = Files.readString(out.resolve(Renderer.GO_NO_GO_MD));
        assertThat(md)
                .contains("| queue | drain-2k | NOT SELECTED |")
                .contains("| Not executed | Not selected |")
                .contains(
                        "| Command-line overrides | --set"
                                + " suites.queue.scenarios\\[drain-1k\\].depth=50; --select"
                                + " queue/drain-1k |");
        assertThat(Files.readString(out.resolve(Renderer.PROGRESS_REPORT_MD)))
                .contains("| Not executed | Not selected |")
                .contains("| queue | 2 | 1 | 1 | 0 | 0 | 1 |");

        // the documents are a function of decision.json and evidence.json: the same bytes again
        Path again = dir.resolve("again");
        List<Path> rendered = Renderer.builder().build().renderFrom(out, again);
        assertThat(rendered).isNotEmpty();
        for (Path file : rendered) {
            Path name = again.relativize(file);
            assertThat(Files.readAllBytes(file))
                    .as(name.toString())
                    .isEqualTo(Files.readAllBytes(out.resolve(name)));
        }
        assertThat(rendered)
                .extracting(again::relativize)
                .contains(
                        Path.of(Renderer.GO_NO_GO_MD),
                        Path.of(Renderer.PROGRESS_REPORT_MD),
                        Path.of("decision.json"));
    }

    @Test
    void aSelectThatNamesNothingIsAnErrorListingWhatExists() throws Exception {
        Path f = targets();
        assertThatThrownBy(
                        () ->
                                Gonogo.run(
                                        options(f, dir.resolve("x"))
                                                .select("queue/drain-9k")
                                                .build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "--select queue/drain-9k: names no suite or scenario of the plan; expected"
                                + " SUITE or SUITE/SCENARIO, one of: queue (queue/drain-1k,"
                                + " queue/drain-2k)");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void checkListsTheScenariosLeftOutAndRunsNothing() throws Exception {
        CheckReport report =
                Gonogo.check(options(targets(), dir.resolve("y")).select("queue").build());
        assertThat(report.notSelected()).isEmpty();
        CheckReport one =
                Gonogo.check(options(targets(), dir.resolve("y")).select("queue/drain-2k").build());
        assertThat(one.notSelected()).extracting(p -> p.id()).containsExactly("drain-1k");
        assertThat(dir.resolve("y")).doesNotExist();
    }
}
