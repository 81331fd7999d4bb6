package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gonogo.core.Outcome;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Verdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chaos scenario against a service that does not recover fails its hypothesis, its critical chaos
 * target is MISSED and the decision is NO-GO, end to end through the library facade.
 */
class ChaosDecisionIT {
    @TempDir Path dir;

    /**
     * A service that answers 200 until it has heard nothing for over a second (a lease that lapsed
     * during a network partition and is never renewed), and 503 ever after.
     */
    private static HttpServer neverRecovers() throws Exception {
        HttpServer s =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicLong last = new AtomicLong();
        AtomicBoolean broken = new AtomicBoolean();
        s.createContext(
                "/health",
                ex -> {
                    boolean lost;
                    // one lock: of two requests arriving together after the silence, the second
                    // must not
                    // read the lease before the first has found it lapsed (it once answered 200
                    // that way)
                    synchronized (last) {
                        long now = System.nanoTime();
                        long before = last.getAndSet(now);
                        if (before != 0 && now - before > 1_000_000_000L) {
                            broken.set(true);
                        }
                        lost = broken.get();
                    }
                    byte[] body =
                            (lost ? "{\"status\":\"lease lost\"}" : "{\"status\":\"ok\"}")
                                    .getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(lost ? 503 : 200, body.length);
                    ex.getResponseBody().write(body);
                    ex.close();
                });
        s.setExecutor(Executors.newFixedThreadPool(4));
        s.start();
        return s;
    }

    @Test
    void aServiceThatDoesNotRecoverMakesItsCriticalChaosTargetMissedAndTheDecisionNoGo()
            throws Exception {
        HttpServer service = neverRecovers();
        try {
            Path targets = dir.resolve("targets.yaml");
            Files.writeString(
                    targets,
                    """
                    release: {name: chaos no-go}
                    sut: {url: "http://127.0.0.1:%d"}
                    suites:
                      chaos:
                        scenarios:
                          - id: partition
                            operation: health
                            concurrency: 2
                            timeout: 500ms
                            duration: 5s
                            fault: {kind: blackhole}
                            at: 2s
                            for: 2s
                            hypothesis:
                              steady-state: {success_rate: ">= 99%%"}
                              recovery: "<= 2s"
                    """
                            .formatted(service.getAddress().getPort()));
            RunResult r =
                    Gonogo.run(
                            RunOptions.builder(targets)
                                    .out(dir.resolve("reports"))
                                    .quiet()
                                    .build());
            TestOutcome scenario =
                    r.evidence().outcomes().stream()
                            .filter(o -> !o.container())
                            .findFirst()
                            .orElseThrow();
            assertThat(scenario.status()).isEqualTo(TestStatus.FAILED);
            assertThat(scenario.message()).contains("recovery").contains("after success_rate = 0%");
            TargetVerdict recovery =
                    r.decision().verdicts().stream()
                            .filter(v -> v.target().equals("chaos.partition.recovery"))
                            .findFirst()
                            .orElseThrow();
            assertThat(recovery.critical()).isTrue();
            assertThat(recovery.verdict()).as(recovery.reason()).isEqualTo(Verdict.MISSED);
            TargetVerdict after =
                    r.decision().verdicts().stream()
                            .filter(v -> v.target().equals("chaos.partition.after-success-rate"))
                            .findFirst()
                            .orElseThrow();
            assertThat(after.verdict()).isEqualTo(Verdict.MISSED);
            TargetVerdict before =
                    r.decision().verdicts().stream()
                            .filter(v -> v.target().equals("chaos.partition.before-success-rate"))
                            .findFirst()
                            .orElseThrow();
            // the before phase held, but a failed scenario vouches for no pass: its figures may be
            // partial
            assertThat(before.verdict()).as(before.reason()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(before.reason())
                    .startsWith("scenario failed: ")
                    .contains("chaos/partition")
                    .contains("vouch for no pass")
                    .contains("measured: ");
            assertThat(r.decision().outcome()).isEqualTo(Outcome.NO_GO);
            assertThat(r.exitCode()).isEqualTo(1);
        } finally {
            service.stop(0);
        }
    }
}
