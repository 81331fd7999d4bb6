package io.gonogo.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import io.gonogo.Gonogo;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@link GovernanceSuite} under the JUnit Platform: the suite engine hands the example's targets
 * file to gonogo's engine, which discovers one test per planned scenario. Discovery only; the
 * scenarios themselves run, and must pass, in the build's one run of the example ({@link
 * GovernanceExampleIT#everyPlannedScenarioRanOnceAndPassed()}), through the same engine.
 */
class GovernanceSuiteTest {

    @Test
    void theSuiteClassDiscoversEveryScenarioOfTheExampleAsATestOfGonogosEngine() {
        TestPlan plan =
                LauncherFactory.create()
                        .discover(request().selectors(selectClass(GovernanceSuite.class)).build());
        List<TestIdentifier> tests =
                plan.getRoots().stream()
                        .flatMap(root -> plan.getDescendants(root).stream())
                        .filter(TestIdentifier::isTest)
                        .toList();
        assertThat(tests)
                .extracting(t -> t.getUniqueIdObject().getEngineId().orElseThrow())
                .containsOnly("junit-platform-suite");
        assertThat(tests)
                .extracting(t -> t.getUniqueIdObject().getSegments())
                .allSatisfy(
                        segments ->
                                assertThat(segments)
                                        .extracting(UniqueId.Segment::getType)
                                        .containsSubsequence(
                                                "suite", "engine", "suite", "scenario"))
                .allSatisfy(
                        segments ->
                                assertThat(segments.get(1).getValue())
                                        .isEqualTo(GovernanceSuite.class.getName()))
                .allSatisfy(segments -> assertThat(segments.get(2).getValue()).isEqualTo("gonogo"));
        assertThat(tests)
                .extracting(t -> qualifiedId(t.getUniqueIdObject()))
                .containsExactlyElementsOf(
                        Gonogo.check(GovernanceRun.EXAMPLE, Optional.of(Profile.QUICK))
                                .scenarios()
                                .stream()
                                .map(PlannedScenario::qualifiedId)
                                .toList());
    }

    /** {@code <suite>/<scenario>} from {@code .../[suite:load]/[scenario:health-1k]}. */
    private static String qualifiedId(UniqueId id) {
        List<UniqueId.Segment> s = id.getSegments();
        return s.get(s.size() - 2).getValue() + "/" + s.get(s.size() - 1).getValue();
    }
}
