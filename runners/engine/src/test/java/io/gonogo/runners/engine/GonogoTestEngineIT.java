package io.gonogo.runners.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import io.gonogo.core.ExecutionException;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Profile;
import io.gonogo.core.Scalar;
import io.gonogo.core.config.TargetsParser;
import io.gonogo.core.json.Json;
import io.gonogo.runners.engine.fixture.TinyService;
import io.gonogo.runners.engine.probe.ProbeSuiteKind;
import io.gonogo.runners.spi.SuiteKind;
import io.gonogo.runners.spi.SutProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

class GonogoTestEngineIT {

    @TempDir Path dir;

    private Path targets(String sut, String scenarios) throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: engine test}
                sut: %s
                suites:
                  probe:
                    scenarios:
                %s
                """
                        .formatted(sut, scenarios.indent(6)));
        return f;
    }

    private static EngineExecutionResults run(Path targets) {
        return EngineTestKit.engine(EngineSettings.ENGINE_ID)
                .configurationParameter(EngineSettings.TARGETS, targets.toString())
                .configurationParameter(EngineSettings.PROGRESS, "false")
                .selectors(selectUniqueId("[engine:gonogo]"))
                .execute();
    }

    private static List<Measurement> measurements(EngineExecutionResults results, String scenario) {
        return results.allEvents()
                .reportingEntryPublished()
                .filter(
                        e ->
                                e.getTestDescriptor()
                                        .getUniqueId()
                                        .toString()
                                        .endsWith("[scenario:" + scenario + "]"))
                .map(
                        e ->
                                e.getRequiredPayload(ReportEntry.class)
                                        .getKeyValuePairs()
                                        .get(GonogoTestEngine.MEASUREMENT_ENTRY))
                .map(json -> Json.readMeasurement(json, "test"))
                .toList();
    }

    private static double value(EngineExecutionResults results, String scenario) {
        List<Measurement> ms = measurements(results, scenario);
        assertThat(ms).hasSize(1);
        return ((Scalar) ms.get(0).value()).value();
    }

    @Test
    void discoversOneContainerPerSuiteAndOneTestPerScenario() throws IOException {
        Path f =
                targets(
                        "{url: \"http://127.0.0.1:1\"}",
                        """
                        - {id: a, value: 1}
                        - {id: b, value: 2}
                        """);
        TestDescriptor root =
                EngineTestKit.engine(EngineSettings.ENGINE_ID)
                        .configurationParameter(EngineSettings.TARGETS, f.toString())
                        .selectors(selectUniqueId("[engine:gonogo]"))
                        .discover()
                        .getEngineDescriptor();
        assertThat(root.getChildren()).hasSize(1);
        TestDescriptor suite = root.getChildren().iterator().next();
        assertThat(suite.getUniqueId().toString()).isEqualTo("[engine:gonogo]/[suite:probe]");
        assertThat(suite.isContainer()).isTrue();
        assertThat(suite.getChildren())
                .extracting(d -> d.getUniqueId().toString())
                .containsExactly(
                        "[engine:gonogo]/[suite:probe]/[scenario:a]",
                        "[engine:gonogo]/[suite:probe]/[scenario:b]");
        assertThat(suite.getChildren()).allMatch(TestDescriptor::isTest);
    }

    @Test
    void selectingOneScenarioByUniqueIdDiscoversOnlyThatScenario() throws IOException {
        Path f =
                targets(
                        "{url: \"http://127.0.0.1:1\"}",
                        """
                        - {id: a, value: 1}
                        - {id: b, value: 2}
                        """);
        TestDescriptor root =
                EngineTestKit.engine(EngineSettings.ENGINE_ID)
                        .configurationParameter(EngineSettings.TARGETS, f.toString())
                        .selectors(selectUniqueId("[engine:gonogo]/[suite:probe]/[scenario:b]"))
                        .discover()
                        .getEngineDescriptor();
        assertThat(root.getDescendants())
                .filteredOn(TestDescriptor::isTest)
                .extracting(d -> d.getUniqueId().toString())
                .containsExactly("[engine:gonogo]/[suite:probe]/[scenario:b]");
    }

    @Test
    void discoversNothingWithoutATargetsFile() {
        TestDescriptor root =
                EngineTestKit.engine(EngineSettings.ENGINE_ID)
                        .selectors(selectUniqueId("[engine:gonogo]"))
                        .discover()
                        .getEngineDescriptor();
        assertThat(root.getChildren()).isEmpty();
    }

    @Test
    void runsEachScenarioWithTheSettingsItsKindPlannedAndLabelsItsFigures() throws IOException {
        Path f =
                targets(
                        "{url: \"http://127.0.0.1:1\"}",
                        """
                        - {id: a, value: 3}
                        - {id: b, value: 5, fail: true}
                        """);
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        assertThat(value(results, "a")).isEqualTo(3);
        assertThat(value(results, "b")).isEqualTo(5);
        assertThat(measurements(results, "a").get(0).labels())
                .containsEntry("suite", "probe")
                .containsEntry("scenario", "a");
        Throwable why =
                results.testEvents()
                        .failed()
                        .list()
                        .get(0)
                        .getRequiredPayload(TestExecutionResult.class)
                        .getThrowable()
                        .orElseThrow();
        assertThat(why).hasMessage("probe asked to fail");
    }

    @Test
    void anEngineGivenAPlanRunsItWithoutReadingTheTargetsFileAgain() throws IOException {
        Path f =
                targets(
                        "{url: \"http://127.0.0.1:1\"}",
                        """
                        - {id: a, value: 3}
                        - {id: b, value: 4, profiles: {full: {value: 40}}}
                        """);
        SuitePlan plan =
                SuitePlanner.withServiceLoader().plan(TargetsParser.parse(f), Profile.FULL);
        Files.delete(f);
        EngineExecutionResults results =
                EngineTestKit.engine(new GonogoTestEngine(plan, false))
                        // a parameter naming another file is ignored: the plan is what runs
                        .configurationParameter(
                                EngineSettings.TARGETS, dir.resolve("absent.yaml").toString())
                        .selectors(selectUniqueId("[engine:gonogo]"))
                        .execute();
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(value(results, "a")).isEqualTo(3);
        assertThat(value(results, "b")).isEqualTo(40);
    }

    @Test
    void theTargetsParameterIsReadWhenTheEngineHasNoPlan() throws IOException {
        Path absent = dir.resolve("absent.yaml");
        assertThatThrownBy(
                        () ->
                                EngineTestKit.engine(new GonogoTestEngine())
                                        .configurationParameter(
                                                EngineSettings.TARGETS, absent.toString())
                                        .selectors(selectUniqueId("[engine:gonogo]"))
                                        .discover())
                .hasStackTraceContaining("absent.yaml");
    }

    @Test
    void profileParameterSelectsTheOverlay() throws IOException {
        Path f =
                targets(
                        "{url: \"http://127.0.0.1:1\"}",
                        "- {id: a, value: 1, profiles: {full: {value: 99}}}");
        EngineExecutionResults results =
                EngineTestKit.engine(EngineSettings.ENGINE_ID)
                        .configurationParameter(EngineSettings.TARGETS, f.toString())
                        .configurationParameter(EngineSettings.PROFILE, "full")
                        .configurationParameter(EngineSettings.PROGRESS, "false")
                        .selectors(selectUniqueId("[engine:gonogo]"))
                        .execute();
        assertThat(value(results, "a")).isEqualTo(99);
    }

    @Test
    void aKindRegisteredInCodePlansNextToNone() throws IOException {
        Path f = targets("{url: \"http://127.0.0.1:1\"}", "- {id: a, value: 7}");
        SuitePlanner planner =
                SuitePlanner.of(
                        List.of(new ProbeSuiteKind()),
                        List.copyOf(SuitePlanner.withServiceLoader().providers().values()));
        SuitePlan plan = planner.plan(TargetsParser.parse(f), Profile.QUICK);
        assertThat(plan.specs()).hasSize(1);
        assertThat(plan.specs().get(0).settings()).isEqualTo(new ProbeSuiteKind.Settings(7, false));
        assertThat(plan.planned().get(0).qualifiedId()).isEqualTo("probe/a");
    }

    @Test
    void twoKindsWithOneKeyAreAnErrorNamingBoth() {
        List<SuiteKind<?>> kinds = List.of(new ProbeSuiteKind(), new ProbeSuiteKind());
        List<SutProvider> none = List.of();
        assertThatThrownBy(() -> SuitePlanner.of(kinds, none))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("'probe'")
                .hasMessageContaining(ProbeSuiteKind.class.getName());
    }

    @Test
    void embeddedServiceStartsAsAChildJvmAndIsStoppedAfterTheRun() throws IOException {
        Path f = targets("embedded", "- {id: child, value: 1}");
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(
                        results.allEvents()
                                .reportingEntryPublished()
                                .map(
                                        e ->
                                                e.getRequiredPayload(ReportEntry.class)
                                                        .getKeyValuePairs())
                                .filter(kv -> kv.containsKey(GonogoTestEngine.SUT_ENTRY))
                                .map(kv -> kv.get(GonogoTestEngine.SUT_ENTRY)))
                .singleElement()
                .asString()
                .contains("pid");
        assertThat(
                        ProcessHandle.current()
                                .children()
                                .filter(
                                        p ->
                                                p.info()
                                                        .commandLine()
                                                        .orElse("")
                                                        .contains("GovernanceServerMain"))
                                .filter(ProcessHandle::isAlive))
                .isEmpty();
    }

    private static List<Path> rootFiles(EngineExecutionResults results) {
        return results.allEvents()
                .fileEntryPublished()
                .filter(
                        e ->
                                e.getTestDescriptor()
                                        .getUniqueId()
                                        .toString()
                                        .equals("[engine:gonogo]"))
                .map(e -> e.getRequiredPayload(FileEntry.class).getPath())
                .toList();
    }

    @Test
    void aCommandServiceRunsTheScenariosAndItsOutputIsAFileOfTheRun() throws IOException {
        Path f =
                targets(
                        "{command: {command: "
                                + TinyService.yamlCommand("--port", "${port:http}")
                                + ", ports: [http], ready: {http: /health}}}",
                        "- {id: a, value: 1}");
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(
                        results.allEvents()
                                .reportingEntryPublished()
                                .map(
                                        e ->
                                                e.getRequiredPayload(ReportEntry.class)
                                                        .getKeyValuePairs())
                                .filter(kv -> kv.containsKey(GonogoTestEngine.SUT_ENTRY))
                                .map(kv -> kv.get(GonogoTestEngine.SUT_ENTRY)))
                .singleElement()
                .asString()
                .startsWith("command '")
                .contains(TinyService.class.getName());
        assertThat(rootFiles(results))
                .singleElement()
                .satisfies(p -> assertThat(p.getFileName().toString()).isEqualTo("sut.log"));
        results.containerEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));
    }

    @Test
    void aCommandServiceThatCannotStartFailsEverySuiteWithItsLastLinesAndRunsNoScenario()
            throws IOException {
        Path f =
                targets(
                        "{command: {command: "
                                + TinyService.yamlCommand(
                                        "--say", "missing app.conf", "--exit", "2")
                                + ", ports: [http]}}",
                        "- {id: a, value: 1}\n- {id: b, value: 2}");
        EngineExecutionResults results = run(f);
        results.testEvents().assertStatistics(s -> s.started(0));
        assertThat(
                        results.containerEvents()
                                .failed()
                                .map(
                                        e ->
                                                e.getRequiredPayload(TestExecutionResult.class)
                                                        .getThrowable()
                                                        .orElseThrow()
                                                        .getMessage())
                                .toList())
                .hasSize(2)
                .allSatisfy(
                        m ->
                                assertThat(m)
                                        .startsWith("the service under test could not be started: ")
                                        .contains("exited with code 2 before it was ready")
                                        .contains("missing app.conf"));
        assertThat(rootFiles(results))
                .singleElement()
                .satisfies(p -> assertThat(p).content().contains("missing app.conf"));
    }

    @Test
    void unknownScenarioKeyIsReportedWithLineAndColumn() throws IOException {
        Path f =
                targets(
                        "embedded",
                        """
                        - id: a
                          value: 10
                          valeu: 5
                        """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(f), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f + ":8:9: unknown key 'valeu'");
    }

    @Test
    void unknownSuiteKindIsAnError() throws IOException {
        Path f = dir.resolve("t.yaml");
        Files.writeString(
                f,
                """
                release: {name: x}
                sut: embedded
                suites:
                  prob: {scenarios: []}
                """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(f), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown suite kind 'prob'")
                .hasMessageContaining("probe");
    }
}
