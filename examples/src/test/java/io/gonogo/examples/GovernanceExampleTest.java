package io.gonogo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.CheckReport;
import io.gonogo.Gonogo;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The governance example's plan, as {@code gonogo check} reads it: which scenarios a run executes
 * and which targets they feed. The run itself is {@link GovernanceRun}, asserted on by {@link
 * GovernanceExampleIT}.
 */
class GovernanceExampleTest {
    private static final Path EXAMPLE = Path.of("governance/targets.yaml");

    @Test
    void everyExampleTargetsFileIsValidInBothProfiles(@org.junit.jupiter.api.io.TempDir Path certs)
            throws IOException {
        // the nginx-https example trusts the CA in ${env:NGINX_CERTS}, read when it is checked
        java.nio.file.Files.copy(
                io.gonogo.testing.TestCertificates.make(certs, "server", "ip:127.0.0.1").cert(),
                certs.resolve("ca.pem"));
        java.util.Map<String, String> env = java.util.Map.of("NGINX_CERTS", certs.toString());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("."))) {
            files =
                    walk.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                            .filter(p -> !p.startsWith("./target"))
                            // its files take their producers from the Maven build they gate (the
                            // plugin adds its Surefire reports and JMH result): the plugin's own
                            // tests and invoker builds check them
                            .filter(p -> !p.startsWith("./maven-gate"))
                            // Kubernetes manifests; the targets file inside their ConfigMap is
                            // checked by the CLI's K8sExampleTest
                            .filter(p -> !p.startsWith("./kubernetes"))
                            .toList();
        }
        assertThat(files).contains(Path.of("./governance/targets.yaml"));
        for (Path f : files) {
            for (Profile p : Profile.values()) {
                CheckReport report =
                        Gonogo.check(
                                io.gonogo.RunOptions.builder(f)
                                        .profile(p)
                                        .environment(env)
                                        .build());
                assertThat(report.scenarios()).as(f.toString()).isNotEmpty();
                assertThat(report.targets())
                        .as(f + ": every target has a producer in the plan")
                        .allSatisfy(t -> assertThat(t.producers()).isNotEmpty());
            }
        }
    }

    @Test
    void governanceExamplePlansTheSeedsLoadScenarios() {
        List<PlannedScenario> plan =
                Gonogo.check(EXAMPLE, Optional.of(Profile.QUICK)).scenarios().stream()
                        .filter(s -> s.suite().equals("load"))
                        .toList();
        assertThat(plan)
                .extracting(PlannedScenario::id)
                .containsExactly(
                        "health-1k",
                        "health-5k",
                        "health-10k",
                        "create-session-1k",
                        "list-decisions-5k",
                        "get-metrics-10k",
                        "sustained-1000",
                        "mixed-5k",
                        "grpc-health-1k",
                        "grpc-health-5k",
                        "grpc-health-10k",
                        "grpc-create-session-1k",
                        "grpc-list-decisions-5k",
                        "grpc-get-metrics-10k",
                        "grpc-sustained-1000");
        assertThat(plan)
                .filteredOn(s -> s.id().endsWith("sustained-1000"))
                .allMatch(s -> s.labels().get("model").equals("open"));
        assertThat(plan)
                .filteredOn(s -> !s.id().endsWith("sustained-1000"))
                .allMatch(s -> s.labels().get("model").equals("closed"));
        assertThat(plan)
                .filteredOn(s -> s.id().equals("mixed-5k"))
                .allMatch(s -> s.labels().get("operation").equals("mixed"));
        assertThat(plan)
                .filteredOn(s -> s.id().startsWith("grpc-"))
                .allMatch(s -> s.labels().get("transport").equals("grpc"))
                .hasSize(7);
        assertThat(Gonogo.check(EXAMPLE, Optional.of(Profile.FULL)).scenarios())
                .hasSameSizeAs(Gonogo.check(EXAMPLE, Optional.of(Profile.QUICK)).scenarios());
    }

    @Test
    void governanceExamplePlansTheSeedsSixChaosScenariosAndThreeOverGrpcWithTheirHypotheses() {
        var report = Gonogo.check(EXAMPLE, Optional.of(Profile.QUICK));
        assertThat(report.scenarios())
                .filteredOn(s -> s.suite().equals("chaos"))
                .extracting(PlannedScenario::id)
                .containsExactly(
                        "network-latency",
                        "server-failure",
                        "connection-drop-recovery",
                        "partial-degradation",
                        "timeouts",
                        "high-error-rate",
                        "grpc-network-latency",
                        "grpc-connection-drop-recovery",
                        "grpc-partial-degradation");
        assertThat(report.scenarios())
                .filteredOn(s -> s.suite().equals("chaos") && s.id().startsWith("grpc-"))
                .allMatch(s -> s.labels().get("transport").equals("grpc"));
        assertThat(report.targets())
                .extracting(t -> t.target().id())
                .contains(
                        "chaos.server-failure.recovery",
                        "chaos.server-failure.writes-missing",
                        "chaos.partial-degradation.during-error-rate",
                        "chaos.network-latency.after-p99",
                        "chaos.grpc-partial-degradation.during-error-rate");
    }
}
