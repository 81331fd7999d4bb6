package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Decision;
import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.Outcome;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Verdict;
import io.gonogo.core.json.Json;
import io.gonogo.server.GovernanceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline through the JUnit Platform launcher, against a real governance server. */
class GonogoRunIT {

    @TempDir Path dir;

    private GovernanceServer server;

    @BeforeEach
    void startServer() {
        server = GovernanceServer.builder().httpPort(0).build();
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private Path targets(String scenarios, String targets) throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: pipeline test, owner: qa}
                sut: {url: "%s"}
                suites:
                  load:
                    scenarios:
                %s
                targets:
                %s
                """
                        .formatted(server.httpBaseUri(), scenarios.indent(6), targets.indent(2)));
        return f;
    }

    private RunResult run(Path targets) {
        return Gonogo.run(RunOptions.builder(targets).out(dir.resolve("reports")).quiet().build());
    }

    private static TargetVerdict verdict(Decision d, String id) {
        return d.verdicts().stream().filter(v -> v.target().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void anImpossibleP99TargetGivesNoGoAndTheReportSaysWhichAndWhy() throws IOException {
        Path f =
                targets(
                        "- {id: health-small, requests: 2000, concurrency: 4, warmup: 200}",
                        """
                        - {id: p99-impossible, metric: latency, where: {scenario: health-small}, aggregate: p99, pass: "< 1us"}
                        - {id: ok-rate, metric: success_rate, aggregate: min, pass: ">= 99%"}
                        """);
        RunResult r = run(f);

        assertThat(r.decision().outcome()).isEqualTo(Outcome.NO_GO);
        assertThat(r.exitCode()).isEqualTo(1);
        TargetVerdict v = verdict(r.decision(), "p99-impossible");
        assertThat(v.verdict()).isEqualTo(Verdict.MISSED);
        assertThat(v.samples()).isEqualTo(2000);
        String md = Files.readString(dir.resolve("reports/go-no-go.md"));
        assertThat(md)
                .contains("**Decision: NO-GO**")
                .contains("critical target p99-impossible (p99-impossible) MISSED")
                .contains("misses < 1us");
        assertThat(Json.readDecision(dir.resolve("reports/decision.json")).outcome())
                .isEqualTo(Outcome.NO_GO);
    }

    @Test
    void aRunImportsItsResultsEntriesAfterTheSuitesAndJudgesBoth() throws IOException {
        Files.copy(
                Path.of("../examples/imports/results/TEST-com.example.shop.CartTest.xml"),
                dir.resolve("cart.xml"));
        // the GC bounds lifted: the server under test shares this JVM, and its collections on a
        // loaded machine are not what this test is about (GeneratorWatchTest judges them)
        Path f =
                targets(
                        "- {id: health-small, requests: 500, concurrency: 2, warmup: 50,"
                                + " generator-bounds: {gc-pause-share: 100%, gc-pause: 1h}}",
                        """
                        - {id: p50, metric: latency, where: {suite: load}, aggregate: p50, pass: "< 10s"}
                        - {id: unit, metric: tests, where: {scenario: cart, status: failed}, pass: "<= 0"}
                        """);
        Files.writeString(f, Files.readString(f) + "results:\n  - {path: cart.xml, id: cart}\n");
        RunResult r = run(f);
        assertThat(verdict(r.decision(), "p50").verdict()).isEqualTo(Verdict.MET);
        assertThat(verdict(r.decision(), "unit").verdict()).isEqualTo(Verdict.MET);
        assertThat(verdict(r.decision(), "unit").sources()).containsExactly("cart.xml");
        assertThat(r.evidence().outcomes())
                .anyMatch(
                        o ->
                                o.suite().equals("results")
                                        && o.scenario().equals("cart")
                                        && o.status() == TestStatus.SUCCESSFUL);
        assertThat(r.evidence().outcomes())
                .anyMatch(o -> o.suite().equals("load") && o.scenario().equals("health-small"));
        assertThat(r.decision().outcome()).isEqualTo(Outcome.GO);
    }

    @Test
    void aTargetOnAMetricNoSuiteProducesIsNotMeasuredAndBlocksWhenCritical() throws IOException {
        Path f =
                targets(
                        "- {id: h, requests: 300, concurrency: 2}",
                        """
                        - {id: heap, metric: heap_growth, aggregate: max, pass: "< 3x"}
                        - {id: memory-p99, metric: latency, where: {suite: memory}, aggregate: p99, pass: "< 10ms"}
                        """);
        RunResult r = run(f);

        assertThat(r.decision().outcome()).isEqualTo(Outcome.NO_GO);
        TargetVerdict heap = verdict(r.decision(), "heap");
        assertThat(heap.verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(heap.reason()).contains("scenario load/h published no 'heap_growth'");
        TargetVerdict memory = verdict(r.decision(), "memory-p99");
        assertThat(memory.verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(memory.reason()).contains("no scenario in the plan produces 'latency'");
        assertThat(Files.readString(dir.resolve("reports/go-no-go.md"))).contains("NOT MEASURED");
    }

    @Test
    void aNonCriticalTargetNotMeasuredGivesGoWithConditionsAndStrictExitsThree()
            throws IOException {
        Path f =
                targets(
                        "- {id: h, requests: 300, concurrency: 2}",
                        """
                        - {id: rate, metric: success_rate, aggregate: min, pass: ">= 50%"}
                        - {id: heap, metric: heap_growth, aggregate: max, pass: "< 3x", critical: false}
                        """);
        RunResult lenient = run(f);
        assertThat(lenient.decision().outcome()).isEqualTo(Outcome.GO_WITH_CONDITIONS);
        assertThat(lenient.exitCode()).isZero();
        // the heap target's condition; on a busy machine the 300-request run can also be flagged
        // generator-bound, which adds a condition on the rate target (the policy working, not this
        // test's point)
        assertThat(lenient.decision().conditions())
                .filteredOn(
                        c ->
                                !(c.subject().equals("target.rate")
                                        && c.text().contains("load generator, not the service")))
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo("target.heap");
                            assertThat(c.owner()).isEqualTo("qa");
                        });

        RunResult strict =
                Gonogo.run(
                        RunOptions.builder(f)
                                .out(dir.resolve("strict"))
                                .quiet()
                                .strict(true)
                                .build());
        assertThat(strict.exitCode()).isEqualTo(3);
    }

    @Test
    void stoppingTheServerMidScenarioFailsTheScenarioAndGivesNoGo() throws IOException {
        Path f =
                targets(
                        "- {id: doomed, requests: 5000000, concurrency: 4, warmup: 0, timeout: 2s}",
                        """
                        - {id: p99, metric: latency, where: {scenario: doomed}, aggregate: p99, pass: "< 1s"}
                        """);
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        try {
            killer.schedule(server::stop, 700, TimeUnit.MILLISECONDS);
            RunResult r = run(f);
            assertThat(r.evidence().scenarioOutcome("load", "doomed"))
                    .get()
                    .satisfies(o -> assertThat(o.status()).isEqualTo(TestStatus.FAILED));
            assertThat(r.decision().outcome()).isEqualTo(Outcome.NO_GO);
            assertThat(verdict(r.decision(), "p99").verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(verdict(r.decision(), "p99").reason())
                    .contains("scenario load/doomed failed");
        } finally {
            killer.shutdownNow();
        }
    }

    @Test
    void reportFiguresAreThoseOfTheAttachedHistogramLogsAndCountsEqualConfiguredRequests()
            throws IOException {
        Path f =
                targets(
                        """
                        - {id: one, requests: 1500, concurrency: 3, warmup: 100}
                        - {id: two, requests: 2500, concurrency: 6, warmup: 100}
                        """,
                        """
                        - {id: p99-one, metric: latency, where: {scenario: one}, aggregate: p99, pass: "< 1s"}
                        """);
        RunResult r = run(f);
        Path reports = dir.resolve("reports");
        String md = Files.readString(reports.resolve("go-no-go.md"));
        EvidenceSet evidence = Json.readEvidence(reports.resolve("evidence.json"));
        Map<String, Long> configured = Map.of("one", 1500L, "two", 2500L);
        for (Measurement m : evidence.measurements()) {
            if (!m.metric().equals("latency")) {
                continue;
            }
            String scenario = m.labels().get("scenario");
            assertThat(((Distribution) m.value()).count()).isEqualTo(configured.get(scenario));
            Path log = reports.resolve(m.source().file());
            assertThat(log).exists();
            // an interval log (1 s intervals per engine thread): adding its intervals gives the
            // run's histogram
            Histogram fromLog = new Histogram(3);
            HistogramLogReader reader = new HistogramLogReader(log.toFile());
            for (var h = reader.nextIntervalHistogram();
                    h != null;
                    h = reader.nextIntervalHistogram()) {
                fromLog.add((Histogram) h);
            }
            assertThat(fromLog.getTotalCount()).isEqualTo(configured.get(scenario));
            String p50 = Numbers.short4(fromLog.getValueAtPercentile(50) / 1000.0);
            String p99 = Numbers.short4(fromLog.getValueAtPercentile(99) / 1000.0);
            String row =
                    md.lines()
                            .filter(l -> l.startsWith("| " + scenario + " "))
                            .findFirst()
                            .orElseThrow();
            assertThat(row).contains("| " + p50 + " |").contains("| " + p99 + " |");
        }
        assertThat(server.handledRequests()).isEqualTo(1500 + 100 + 2500 + 100);
        assertThat(evidence.environment().serviceUnderTest())
                .contains(server.httpBaseUri().toString());
        assertThat(md).contains("| Service under test | service at " + server.httpBaseUri());
        assertThat(md)
                .contains(
                        "| "
                                + Numbers.show(
                                        verdict(r.decision(), "p99-one").achieved().orElseThrow())
                                + " |");
    }

    @Test
    void risksAndChecklistOfTheTargetsFileReachTheDecision() throws IOException {
        Files.writeString(dir.resolve("runbook.md"), "# Runbook\n");
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: risky, owner: qa}
                sut: {url: "%s"}
                suites:
                  load:
                    scenarios:
                      - {id: h, requests: 300, concurrency: 2}
                targets:
                  - {id: rate, metric: success_rate, aggregate: min, pass: ">= 50%%"}
                risks:
                  - {id: pool, title: pool exhausted, probability: high, impact: high, when: target rate MISSED}
                  - {id: outage, title: region outage, probability: high, impact: high}
                checklist:
                  - {id: runbook, title: Runbook written, evidence: file runbook.md exists}
                  - {id: missing, title: Postmortem template, evidence: file postmortem.md exists}
                """
                        .formatted(server.httpBaseUri()));
        RunResult r = run(f);
        assertThat(r.decision().outcome()).isEqualTo(Outcome.NO_GO);
        assertThat(r.decision().reasons())
                .anySatisfy(reason -> assertThat(reason.text()).contains("outage"));
        assertThat(r.decision().checklist())
                .extracting(i -> i.id() + "=" + i.done())
                .containsExactly("runbook=true", "missing=false");
        String md = Files.readString(dir.resolve("reports/go-no-go.md"));
        assertThat(md)
                .contains("## Risk analysis")
                .contains("## Readiness checklist")
                .contains("1/2");
    }

    @Test
    void theCommandLinePrintsAOneScreenSummaryAndTheExitCode() throws IOException {
        Path f =
                targets(
                        "- {id: h, requests: 500, concurrency: 2}",
                        """
                        - {id: rate, metric: success_rate, aggregate: min, pass: ">= 50%"}
                        """);
        io.gonogo.cli.CliRunner.Outcome o =
                io.gonogo.cli.CliRunner.run(
                        "--targets", f.toString(), "--out", dir.resolve("cli").toString(), "-q");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("DECISION: GO").contains("rate").contains("exit code 0");
        assertThat(o.out().lines().count()).isLessThan(40);
        // charts are counted, not listed one by one: with a chart per scenario the line would fill
        // the screen
        String reports =
                o.out().lines().filter(l -> l.startsWith("reports in ")).findFirst().orElseThrow();
        assertThat(reports)
                .contains("go-no-go.md")
                .doesNotContain(".svg")
                .containsPattern("and \\d+ charts? in charts/");
        assertThat(reports.length()).isLessThan(400);
        assertThat(dir.resolve("cli/go-no-go.md")).exists();
        assertThat(dir.resolve("cli/decision.json")).exists();
    }
}
