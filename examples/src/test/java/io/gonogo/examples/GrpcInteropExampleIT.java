package io.gonogo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Decision;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.Outcome;
import io.gonogo.core.Scalar;
import io.gonogo.core.Series;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grpc-interop example as its README paragraph runs it: grpc-java's interop test server, which
 * nobody here wrote, started by gonogo as a JVM over TLS with grpc-java's test certificates
 * (verified under the name they carry), called by descriptor set since it offers no reflection; its
 * heap sampled over JMX with a JFR recording; SIGKILL of the server and its restart, timed. The
 * server's folder ({@code grpc-interop/target/server}) is laid out by the {@code
 * examples/grpc-interop} module, which the build makes before this one. When the build runs the
 * governance example too, this one runs after it: inside its memory suite the restarted server's
 * JVM started in 4 s instead of 1.4 s and the clients' reconnect back-off missed the recovery
 * bound.
 */
@GovernanceRun.During(GovernanceRun.Window.AFTER_THE_RUN)
class GrpcInteropExampleIT {
    private static final Path EXAMPLE = Path.of("grpc-interop", "targets.yaml");

    @Test
    void theInteropServerIsGatedOverTlsWithHeapFromJmxAndATimedRestart() throws Exception {
        assertThat(Path.of("grpc-interop", "target", "protoset", "interop.protoset"))
                .as("built by the examples/grpc-interop module: mvn verify from the root")
                .exists();
        Path out = Path.of("target", "grpc-interop-run");
        ExampleRun.Result r =
                ExampleRun.run(EXAMPLE, out, Map.of(), List.of(), Duration.ofSeconds(240));
        Decision decision = Json.readDecision(out.resolve("decision.json"));
        EvidenceSet evidence = Json.readEvidence(out.resolve("evidence.json"));
        assertThat(decision.outcome())
                .as("%s%n%s", r.out(), r.err())
                .isIn(Outcome.GO, Outcome.GO_WITH_CONDITIONS);
        assertThat(r.exitCode()).isZero();
        assertThat(evidence.outcomes())
                .filteredOn(o -> !o.container())
                .extracting(TestOutcome::status)
                .hasSize(4)
                .containsOnly(TestStatus.SUCCESSFUL);

        // every call of the load scenarios answered over TLS, none refused by the handshake (a
        // gRPC scenario publishes errors of kind tls only when there were some)
        for (String scenario : List.of("empty-call", "unary-call")) {
            assertThat(scalar(evidence, "requests", scenario))
                    .isEqualTo(scenario.equals("empty-call") ? 20_000 : 10_000);
            assertThat(scalar(evidence, "success_rate", scenario)).isEqualTo(100.0);
        }
        assertThat(evidence.measurements())
                .filteredOn(m -> m.metric().equals("errors"))
                .filteredOn(m -> "load".equals(m.labels().get("suite")))
                .filteredOn(m -> "tls".equals(m.labels().get("kind")))
                .allMatch(m -> ((Scalar) m.value()).value() == 0);

        // the server's heap over JMX, a series with a sample each 500 ms, and a JFR recording
        Measurement heap =
                evidence.measurements().stream()
                        .filter(m -> m.metric().equals("heap_used"))
                        .filter(m -> "unary-heap".equals(m.labels().get("scenario")))
                        .findFirst()
                        .orElseThrow();
        assertThat(heap.labels()).containsEntry("source", "jmx").containsEntry("transport", "grpc");
        assertThat(((Series) heap.value()).points()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(evidence.measurements()).anyMatch(m -> m.metric().equals("jfr_hot_method"));
        assertThat(out.resolve("evidence/unary-heap/recording.jfr")).exists();

        // SIGKILL, restart on the same port, recovery measured
        double recovery = scalar(evidence, "recovery_time", "server-kill");
        assertThat(recovery).isPositive().isLessThan(8_000);
        String log = Files.readString(out.resolve("evidence/sut.log"));
        assertThat(log.split("Server started on port", -1)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(r.err()).contains("(TLS, relayed as TCP)").contains("service started again");
    }

    private static double scalar(EvidenceSet evidence, String metric, String scenario) {
        return evidence.measurements().stream()
                .filter(m -> m.metric().equals(metric))
                .filter(m -> scenario.equals(m.labels().get("scenario")))
                .filter(m -> m.value() instanceof Scalar)
                .map(m -> ((Scalar) m.value()).value())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " of " + scenario));
    }
}
