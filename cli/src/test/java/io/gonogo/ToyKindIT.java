package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Measurement;
import io.gonogo.core.MetricInfo;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.render.Renderer;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.ScenarioSpec;
import io.gonogo.runners.spi.SuiteKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suite kind that exists only in this test, registered in code: the whole pipeline plans and runs
 * it, and the go/no-go document, the progress report and the baseline comparison present it from
 * what it declares, with no edit anywhere else.
 */
class ToyKindIT {

    /** {@code suites.queue}: each scenario publishes its {@code depth} and how many it drained. */
    static final class QueueKind implements SuiteKind<QueueKind.Settings> {
        record Settings(long depth, long drained) {}

        @Override
        public String kind() {
            return "queue";
        }

        @Override
        public SuiteKindInfo info() {
            return new SuiteKindInfo(
                    "queue",
                    "Queue drain",
                    SuiteKindInfo.Presentation.METRICS_TABLE,
                    List.of(
                            new MetricInfo("queue_depth", MetricInfo.Better.LOWER, "Queue depth"),
                            new MetricInfo("drained", MetricInfo.Better.HIGHER, "Drained")));
        }

        @Override
        public List<ScenarioSpec<Settings>> plan(ConfigNode section, Profile profile) {
            ConfigNode.Mapping suite = section.asMapping("'suites.queue'").accept("scenarios");
            suite.finish();
            List<ScenarioSpec<Settings>> specs = new ArrayList<>();
            for (ConfigNode item : suite.node("scenarios").asList("'scenarios'")) {
                ConfigNode.Mapping m =
                        item.asMapping("a queue scenario").accept("id", "depth", "drained");
                m.finish();
                String id = m.node("id").asId("scenario id");
                specs.add(
                        new ScenarioSpec<>(
                                new PlannedScenario("queue", id, false, Map.of()),
                                id,
                                new Settings(
                                        m.node("depth").asLong("'depth'", 0, 1_000_000),
                                        m.node("drained").asLong("'drained'", 0, 1_000_000))));
            }
            return specs;
        }

        @Override
        public void run(ScenarioSpec<Settings> scenario, ScenarioContext context) {
            context.publish(figure("queue_depth", scenario.settings().depth()));
            context.publish(figure("drained", scenario.settings().drained()));
        }

        private static Measurement figure(String metric, long value) {
            return new Measurement(
                    metric, Map.of(), Unit.COUNT, new Scalar(value), Set.of(), Source.UNATTRIBUTED);
        }
    }

    @TempDir Path dir;

    private Path targets(long depth) throws Exception {
        Path f = dir.resolve("targets-" + depth + ".yaml");
        Files.writeString(
                f,
                """
                release: {name: queue service, owner: qa}
                sut: {url: "http://127.0.0.1:9"}
                suites:
                  queue:
                    scenarios:
                      - {id: drain-1k, depth: %d, drained: 1000}
                targets:
                  - {id: shallow, metric: queue_depth, where: {scenario: drain-1k}, \
                aggregate: max, pass: "<= 100"}
                """
                        .formatted(depth));
        return f;
    }

    private RunResult run(Path targets, Path out, Path... baseline) {
        RunOptions.Builder options =
                RunOptions.builder(targets).out(out).suiteKinds(List.of(new QueueKind())).quiet();
        for (Path b : baseline) {
            options.baseline(b);
        }
        return Gonogo.run(options.build());
    }

    @Test
    void aKindDeclaredInATestGetsItsSectionItsProgressRowAndItsBaselineDirection()
            throws Exception {
        Path before = dir.resolve("before");
        RunResult first = run(targets(10), before);
        assertThat(first.decision().plan().scenarios())
                .singleElement()
                .extracting(o -> o.status())
                .isEqualTo(TestStatus.SUCCESSFUL);

        Path after = dir.resolve("after");
        RunResult second = run(targets(40), after, before.resolve("decision.json"));

        String md = Files.readString(after.resolve(Renderer.GO_NO_GO_MD));
        assertThat(md).contains("Queue drain", "Queue depth", "Drained", "drain-1k");
        assertThat(Files.readString(after.resolve(Renderer.PROGRESS_REPORT_MD)))
                .contains("| queue |");
        assertThat(second.decision().plan().kind("queue")).isPresent();
        assertThat(second.decision().regressions())
                .filteredOn(r -> r.metric().equals("queue_depth"))
                .singleElement()
                .extracting(r -> r.direction().toString().toLowerCase(java.util.Locale.ROOT))
                .isEqualTo("worse");
        assertThat(second.decision().regressions())
                .filteredOn(r -> r.metric().equals("drained"))
                .isEmpty();
    }
}
