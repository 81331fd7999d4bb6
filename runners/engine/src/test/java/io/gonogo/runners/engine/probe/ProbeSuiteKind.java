package io.gonogo.runners.engine.probe;

import io.gonogo.core.Measurement;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.Unit;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.ScenarioSpec;
import io.gonogo.runners.spi.SuiteKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code suites.probe}: a suite kind for the engine's own tests; each scenario publishes its {@code
 * value} as the figure {@code value} and fails when {@code fail} is true.
 *
 * <pre>
 * suites:
 *   probe:
 *     scenarios:
 *       - {id: a, value: 3, fail: false, profiles: {full: {value: 9}}}
 * </pre>
 */
public final class ProbeSuiteKind implements SuiteKind<ProbeSuiteKind.Settings> {

    /**
     * A probe scenario's settings.
     *
     * @param value the figure it publishes
     * @param fail whether it fails after publishing
     */
    public record Settings(long value, boolean fail) {}

    @Override
    public String kind() {
        return "probe";
    }

    @Override
    public List<ScenarioSpec<Settings>> plan(ConfigNode section, Profile profile) {
        ConfigNode.Mapping suite = section.asMapping("'suites.probe'").accept("scenarios");
        suite.finish();
        List<ScenarioSpec<Settings>> specs = new ArrayList<>();
        for (ConfigNode item : suite.node("scenarios").asList("'scenarios'")) {
            ConfigNode.Mapping m =
                    item.asMapping("a probe scenario")
                            .withProfile(profile)
                            .accept("id", "value", "fail");
            m.finish();
            String id = m.node("id").asId("scenario id");
            long value = m.node("value").asLong("'value'", 0, 1_000_000);
            specs.add(
                    new ScenarioSpec<>(
                            new PlannedScenario("probe", id, false, Map.of()),
                            id + ": value " + value,
                            new Settings(value, m.bool("fail", false))));
        }
        return specs;
    }

    @Override
    public void run(ScenarioSpec<Settings> scenario, ScenarioContext context) {
        context.publish(
                new Measurement(
                        "value",
                        Map.of(),
                        Unit.COUNT,
                        new Scalar(scenario.settings().value()),
                        Set.of(),
                        Source.UNATTRIBUTED));
        if (scenario.settings().fail()) {
            throw new IllegalStateException("probe asked to fail");
        }
    }
}
