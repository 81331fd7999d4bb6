package io.gonogo.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.gonogo.core.Decision;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.Outcome;
import io.gonogo.core.Scalar;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Verdict;
import io.gonogo.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The nginx-https example as its README paragraph runs it: nginx (Debian's {@code nginx-light}),
 * which nobody here wrote, started by gonogo itself ({@code sut: command}) with a certificate this
 * test makes, load over HTTPS in both models, nginx's memory from /proc, and network latency
 * through the fault proxy relaying TLS. The requests gonogo counts are checked against nginx's own
 * access log, path by path.
 *
 * <p>Needs nginx and openssl: without them the tests are skipped, unless {@code
 * GONOGO_REQUIRE_NGINX=1} (CI sets it after installing them), when they fail.
 */
@GovernanceRun.During(GovernanceRun.Window.AFTER_THE_RUN)
class NginxHttpsExampleIT {
    private static final Path EXAMPLE = Path.of("nginx-https", "targets.yaml");
    private static final Path CERTS = Path.of("target", "nginx-https-certs").toAbsolutePath();
    private static final Duration TIMEOUT = Duration.ofSeconds(240);

    @BeforeAll
    static void nginxAndOpensslAreThere() throws Exception {
        boolean present =
                sh("command -v openssl >/dev/null && (command -v nginx || test -x /usr/sbin/nginx)")
                        == 0;
        if (!present && "1".equals(System.getenv("GONOGO_REQUIRE_NGINX"))) {
            fail("nginx or openssl is missing, and GONOGO_REQUIRE_NGINX=1 requires them");
        }
        Assumptions.assumeTrue(present, "nginx or openssl is missing");
    }

    @Test
    void nginxOverHttpsIsGatedWithEveryRequestCountedByBothSides() throws Exception {
        Path certs = certificates("ok");
        Path out = Path.of("target", "nginx-https-run");
        ExampleRun.Result r =
                ExampleRun.run(
                        EXAMPLE, out, Map.of("NGINX_CERTS", certs.toString()), List.of(), TIMEOUT);
        Decision decision = Json.readDecision(out.resolve("decision.json"));
        EvidenceSet evidence = Json.readEvidence(out.resolve("evidence.json"));
        assertThat(decision.outcome())
                .as("%s%n%s", r.out(), r.err())
                .isIn(Outcome.GO, Outcome.GO_WITH_CONDITIONS);
        assertThat(r.exitCode()).isZero();
        assertThat(evidence.outcomes())
                .filteredOn(o -> !o.container())
                .extracting(TestOutcome::scenario, TestOutcome::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("page-closed", TestStatus.SUCCESSFUL),
                        org.assertj.core.groups.Tuple.tuple("page-open", TestStatus.SUCCESSFUL),
                        org.assertj.core.groups.Tuple.tuple("page-memory", TestStatus.SUCCESSFUL),
                        org.assertj.core.groups.Tuple.tuple("tls-latency", TestStatus.SUCCESSFUL));

        // what gonogo counted against what nginx served: measured requests plus warm-up
        List<String> served = accessLog(certs);
        assertThat(scalar(evidence, "requests", "page-closed")).isEqualTo(20_000);
        assertThat(count(served, "/closed")).isEqualTo(20_000 + 2_000);
        assertThat(count(served, "/open"))
                .isEqualTo((long) scalar(evidence, "requests", "page-open") + 2_000);
        assertThat(evidence.measurements())
                .filteredOn(m -> m.metric().equals("errors"))
                .filteredOn(m -> "tls".equals(m.labels().get("kind")))
                .isNotEmpty()
                .allMatch(m -> ((Scalar) m.value()).value() == 0);

        assertThat(evidence.measurements())
                .filteredOn(m -> m.metric().equals("rss"))
                .isNotEmpty()
                .allMatch(m -> "proc".equals(m.labels().get("source")));
        assertThat(evidence.measurements())
                .anyMatch(
                        m ->
                                m.metric().equals("recovery_time")
                                        && "tls-latency".equals(m.labels().get("scenario")));
        assertThat(Files.readString(out.resolve("evidence/sut.log")))
                .contains("start worker process");
        assertThat(r.err()).contains("(TLS, relayed as TCP)");
        assertNoNginxLeftFrom(certs);
    }

    @Test
    void aWrongCertificateAuthorityIsCountedAsTlsErrorsAndMeasuresNothing() throws Exception {
        Path certs = certificates("served");
        Path other = certificates("other");
        Path out = Path.of("target", "nginx-https-wrong-ca");
        ExampleRun.Result r =
                ExampleRun.run(
                        EXAMPLE,
                        out,
                        Map.of("NGINX_CERTS", certs.toString()),
                        List.of(
                                "--select",
                                "load/page-closed",
                                "--set",
                                "sut.command.url.tls.ca=" + other.resolve("ca.pem"),
                                "--set",
                                "suites.load.scenarios[page-closed].warmup=0"),
                        TIMEOUT);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(60));
        Decision decision = Json.readDecision(out.resolve("decision.json"));
        EvidenceSet evidence = Json.readEvidence(out.resolve("evidence.json"));
        assertThat(decision.outcome()).isEqualTo(Outcome.NO_GO);
        assertThat(decision.verdicts())
                .filteredOn(v -> v.target().startsWith("closed-"))
                .extracting(TargetVerdict::verdict)
                .containsOnly(Verdict.NOT_MEASURED);
        double tls =
                evidence.measurements().stream()
                        .filter(m -> m.metric().equals("errors"))
                        .filter(m -> "tls".equals(m.labels().get("kind")))
                        .mapToDouble(m -> ((Scalar) m.value()).value())
                        .sum();
        assertThat(tls).isGreaterThan(0);
        assertThat(Files.readString(out.resolve("go-no-go.md"))).contains("TLS handshake failed");
        assertThat(accessLog(certs)).isEmpty();
        assertNoNginxLeftFrom(certs);
    }

    /** A fresh folder of certificates made by the example's own script. */
    private static Path certificates(String name) throws Exception {
        Path dir = CERTS.resolve(name);
        ExampleRun.deleteRecursively(dir);
        assertThat(sh("sh nginx-https/make-certs.sh " + dir)).isZero();
        assertThat(dir.resolve("ca.pem")).exists();
        return dir;
    }

    /** The request lines nginx logged: nginx.sh logs into CERTS/nginx-PORT/access.log. */
    private static List<String> accessLog(Path certs) throws IOException {
        try (Stream<Path> dirs = Files.list(certs)) {
            List<Path> logs = dirs.map(d -> d.resolve("access.log")).filter(Files::exists).toList();
            assertThat(logs).hasSizeLessThanOrEqualTo(1);
            return logs.isEmpty() ? List.of() : Files.readAllLines(logs.get(0));
        }
    }

    private static long count(List<String> log, String path) {
        return log.stream().filter(l -> l.contains("\"GET " + path + " HTTP/1.1\" 200")).count();
    }

    private static double scalar(EvidenceSet evidence, String metric, String scenario) {
        return evidence.measurements().stream()
                .filter(m -> m.metric().equals(metric))
                .filter(m -> scenario.equals(m.labels().get("scenario")))
                .map(Measurement::value)
                .map(v -> ((Scalar) v).value())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " of " + scenario));
    }

    /** No process left whose command line names this run's certificate folder (nginx's). */
    private static void assertNoNginxLeftFrom(Path certs) {
        assertThat(
                        ProcessHandle.allProcesses()
                                .filter(ProcessHandle::isAlive)
                                .filter(
                                        p ->
                                                p.info()
                                                        .commandLine()
                                                        .orElse("")
                                                        .contains(certs.toString())))
                .as("processes still running from %s", certs)
                .isEmpty();
    }

    private static int sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
