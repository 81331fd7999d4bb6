package io.gonogo.examples.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.CheckReport;
import io.gonogo.Gonogo;
import io.gonogo.RunOptions;
import io.gonogo.RunResult;
import io.gonogo.cli.Main;
import io.gonogo.core.Distribution;
import io.gonogo.core.ExitCode;
import io.gonogo.core.Measurement;
import io.gonogo.core.Outcome;
import io.gonogo.core.Profile;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Verdict;
import io.gonogo.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The imports example: a release gated on a JMH JSON and a Surefire report, with no suite run. */
class ImportsExampleTest {
    private static final Path EXAMPLE = Path.of("imports/targets.yaml");

    @TempDir Path dir;

    private static TargetVerdict verdict(RunResult r, String id) {
        return r.decision().verdicts().stream()
                .filter(v -> v.target().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theExampleDecidesFromItsTwoFilesAndRendersTheDocuments() throws IOException {
        RunResult r =
                Gonogo.evaluate(
                        RunOptions.builder(EXAMPLE).out(dir.resolve("reports")).quiet().build());

        // the committed files' own figures: 3 tests passed, 1 skipped, none failed; JMH figures far
        // from the bounds
        assertThat(verdict(r, "no-failed-unit-test").verdict()).isEqualTo(Verdict.MET);
        assertThat(verdict(r, "unit-tests-ran").achieved().orElseThrow().value()).isEqualTo(3.0);
        assertThat(verdict(r, "receipt-alloc").verdict()).isEqualTo(Verdict.MET);
        assertThat(verdict(r, "receipt-alloc").sources())
                .containsExactly("results/jmh-result.json");
        assertThat(verdict(r, "receipt-p99").verdict()).isEqualTo(Verdict.MET);
        // the throughput's JMH interval is wide on the machine that measured it: judged, never
        // unmeasured
        assertThat(verdict(r, "receipt-throughput").verdict())
                .isIn(Verdict.MET, Verdict.INCONCLUSIVE);
        assertThat(r.decision().outcome()).isNotEqualTo(Outcome.NO_GO);
        assertThat(r.exitCode()).isEqualTo(ExitCode.of(r.decision().outcome(), false));

        // the p99 is the rebuilt histogram's, recomputed here from the evidence
        Measurement sample =
                r.evidence().measurements().stream()
                        .filter(m -> m.metric().equals("sample_time"))
                        .findFirst()
                        .orElseThrow();
        double p99ms = ((Distribution) sample.value()).decode().getValueAtPercentile(99) / 1e6;
        assertThat(
                        verdict(r, "receipt-p99")
                                .achieved()
                                .orElseThrow()
                                .valueIn(io.gonogo.core.Unit.MILLISECONDS))
                .isCloseTo(p99ms, org.assertj.core.api.Assertions.within(1e-9));

        // the imported tests are in the evidence, the skipped one as skipped
        assertThat(r.evidence().outcomes())
                .filteredOn(o -> o.testId().startsWith("[results:unit-tests]/"))
                .extracting(o -> o.status())
                .containsExactlyInAnyOrder(
                        TestStatus.SUCCESSFUL,
                        TestStatus.SUCCESSFUL,
                        TestStatus.SUCCESSFUL,
                        TestStatus.SKIPPED);

        Path reports = dir.resolve("reports");
        String md = Files.readString(reports.resolve("go-no-go.md"));
        assertThat(md)
                .contains("shop 2.4 (imported results)")
                .contains("receipt-p99")
                .contains("no-failed-unit-test")
                .contains("acceptsADiscountCode");
        assertThat(reports.resolve("go-no-go.html")).exists();
        assertThat(reports.resolve("junit.xml")).exists();
        assertThat(Json.readDecision(reports.resolve("decision.json")).outcome())
                .isEqualTo(r.decision().outcome());
        assertThat(Json.readEvidence(reports.resolve("evidence.json")).measurements())
                .hasSize(r.evidence().measurements().size());
    }

    @Test
    void aFailedTestInTheReportBlocksTheRelease() throws IOException {
        Path copy = copyExample();
        Path report = copy.resolve("results/TEST-com.example.shop.CartTest.xml");
        Files.writeString(
                report,
                Files.readString(report)
                        .replace(
                                "<testcase name=\"appliesTheDiscount\""
                                    + " classname=\"com.example.shop.CartTest\" time=\"0.119\"/>",
                                "<testcase name=\"appliesTheDiscount\""
                                    + " classname=\"com.example.shop.CartTest\""
                                    + " time=\"0.119\"><failure message=\"expected: &lt;90&gt; but"
                                    + " was: &lt;85&gt;\" type=\"AssertionFailedError\"/>"
                                    + "</testcase>"));
        RunResult r =
                Gonogo.evaluate(
                        RunOptions.builder(copy.resolve("targets.yaml"))
                                .out(dir.resolve("out"))
                                .quiet()
                                .build());
        assertThat(r.decision().outcome()).isEqualTo(Outcome.NO_GO);
        assertThat(r.exitCode()).isEqualTo(ExitCode.NO_GO);
        assertThat(verdict(r, "no-failed-unit-test").verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(r.decision().reasons())
                .anyMatch(
                        reason ->
                                reason.text()
                                        .contains(
                                                "required scenario results/unit-tests failed: 1 of"
                                                    + " 4 tests in"
                                                    + " results/TEST-com.example.shop.CartTest.xml"
                                                    + " failed: CartTest.appliesTheDiscount"));
    }

    @Test
    void aMissingOrDamagedFileIsNotMeasuredNeverPassedAndTheOtherFileStillCounts()
            throws IOException {
        Path copy = copyExample();
        Path jmh = copy.resolve("results/jmh-result.json");
        String text = Files.readString(jmh);
        Files.writeString(jmh, text.substring(0, text.length() / 3));
        RunResult r =
                Gonogo.evaluate(
                        RunOptions.builder(copy.resolve("targets.yaml"))
                                .out(dir.resolve("out"))
                                .quiet()
                                .build());
        assertThat(r.decision().outcome()).isEqualTo(Outcome.NO_GO);
        for (String id : List.of("receipt-throughput", "receipt-p99", "receipt-alloc")) {
            assertThat(verdict(r, id).verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(verdict(r, id).reason())
                    .contains("results/jmh-result.json:")
                    .contains("not valid JSON");
        }
        assertThat(verdict(r, "no-failed-unit-test").verdict()).isEqualTo(Verdict.MET);

        Files.delete(jmh);
        RunResult gone =
                Gonogo.evaluate(
                        RunOptions.builder(copy.resolve("targets.yaml"))
                                .out(dir.resolve("out"))
                                .quiet()
                                .build());
        assertThat(verdict(gone, "receipt-p99").verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(verdict(gone, "receipt-p99").reason())
                .contains("was not executed")
                .contains("the declared result file does not exist");
    }

    @Test
    void aFreshJmhRunOfTheBenchmarkIsJudgedToo() throws Exception {
        Path copy = copyExample();
        ReceiptResults.write(copy.resolve("results/jmh-result.json"), 0, 3);
        RunResult r =
                Gonogo.evaluate(
                        RunOptions.builder(copy.resolve("targets.yaml"))
                                .out(dir.resolve("out"))
                                .quiet()
                                .build());
        assertThat(r.decision().verdicts())
                .hasSize(5)
                .noneMatch(v -> v.verdict() == Verdict.NOT_MEASURED);
        assertThat(r.evidence().measurements())
                .anyMatch(
                        m ->
                                m.metric().equals("sample_time")
                                        && ((Distribution) m.value()).count() > 1000);
    }

    @Test
    void theCommandLineEvaluatesTheExampleAndAcceptsMoreResultsPaths() throws IOException {
        Cli o =
                cli(
                        "evaluate",
                        "--targets",
                        EXAMPLE.toString(),
                        "--out",
                        dir.resolve("cli").toString(),
                        "--results",
                        "imports/results/TEST-com.example.shop.CartTest.xml");
        assertThat(o.exitCode()).as(o.err()).isIn(ExitCode.GO);
        assertThat(o.out()).contains("DECISION: GO").contains("scenarios: 3 planned, 3 passed");
        assertThat(o.err())
                .contains("gonogo: results/receipt-bench imported: imported ")
                .contains("gonogo: results/TEST-com.example.shop.CartTest imported")
                .doesNotContain("Exception");
    }

    @Test
    void checkListsTheResultsEntriesAsProducers() {
        CheckReport report = Gonogo.check(EXAMPLE, Optional.of(Profile.QUICK));
        assertThat(report.scenarios())
                .extracting(s -> s.qualifiedId())
                .containsExactly("results/receipt-bench", "results/unit-tests");
        assertThat(report.targets()).allSatisfy(t -> assertThat(t.producers()).hasSize(1));
    }

    @Test
    void aResultsPathThatDoesNotExistIsAnErrorExitingTwo() {
        Cli o =
                cli(
                        "evaluate",
                        "--targets",
                        EXAMPLE.toString(),
                        "--out",
                        dir.resolve("cli").toString(),
                        "--results",
                        "imports/results/nope.json");
        assertThat(o.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(o.err().strip())
                .isEqualTo(
                        "gonogo: --results: 'imports/results/nope.json' does not exist;"
                                + " expected a result file or a folder of them");
    }

    record Cli(int exitCode, String out, String err) {}

    /** The command line, in-process, with its output captured. */
    private static Cli cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code =
                Main.execute(
                        args,
                        new java.io.PrintWriter(out, true),
                        new java.io.PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    private Path copyExample() throws IOException {
        Path copy = dir.resolve("example");
        try (Stream<Path> walk = Files.walk(Path.of("imports"))) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = copy.resolve(Path.of("imports").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }
}
