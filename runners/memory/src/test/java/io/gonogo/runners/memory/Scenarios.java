package io.gonogo.runners.memory;

import io.gonogo.core.Decision;
import io.gonogo.core.DecisionEngine;
import io.gonogo.core.Environment;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Profile;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.runners.memory.internal.MemorySuiteKind;
import io.gonogo.runners.spi.ScenarioSpec;
import io.gonogo.runners.spi.SutEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plans one memory scenario from YAML, runs it against a service and judges its generated targets.
 */
final class Scenarios {
    /** What a scenario run produced: its context, failure (if any) and verdicts by criterion. */
    record Run(
            RecordingContext context,
            Optional<Throwable> failure,
            Map<String, TargetVerdict> verdicts) {
        TargetVerdict verdict(String criterion) {
            return verdicts.entrySet().stream()
                    .filter(e -> e.getKey().endsWith("." + criterion))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new AssertionError(
                                            "no target for "
                                                    + criterion
                                                    + " in "
                                                    + verdicts.keySet()));
        }
    }

    private Scenarios() {}

    static ScenarioSpec plan(String scenarioYaml, Profile profile) {
        ConfigNode section =
                ConfigNode.read("memory.yaml", "scenarios:\n" + scenarioYaml.indent(2));
        return new MemorySuiteKind().plan(section, profile).get(0);
    }

    static Run run(String scenarioYaml, SutEndpoint sut, Optional<ProcessHandle> process, Path dir)
            throws Exception {
        ScenarioSpec spec = plan(scenarioYaml, Profile.QUICK);
        Path out = Files.createDirectories(dir.resolve(spec.planned().id()));
        RecordingContext ctx = new RecordingContext(sut, process, out, spec.planned().id());
        Instant start = Instant.now();
        Throwable failure = null;
        try {
            new MemorySuiteKind().run(spec, ctx);
        } catch (Exception e) {
            failure = e;
        }
        Instant end = Instant.now();
        TestOutcome outcome =
                new TestOutcome(
                        spec.planned().testId(),
                        spec.displayName(),
                        "memory",
                        spec.planned().id(),
                        false,
                        failure == null ? TestStatus.SUCCESSFUL : TestStatus.FAILED,
                        end.toEpochMilli() - start.toEpochMilli(),
                        failure == null ? "" : failure.getMessage());
        EvidenceSet evidence =
                new EvidenceSet(
                        EvidenceSet.SCHEMA_VERSION,
                        "test",
                        new Environment("test", "jvm", "os", 2, 1, "", start, end, Profile.QUICK),
                        ctx.measurements,
                        List.of(outcome));
        Decision d =
                DecisionEngine.builder()
                        .build()
                        .decide(spec.targets(), List.of(spec.planned()), evidence, end);
        return new Run(
                ctx,
                Optional.ofNullable(failure),
                d.verdicts().stream()
                        .collect(Collectors.toMap(TargetVerdict::target, Function.identity())));
    }
}
