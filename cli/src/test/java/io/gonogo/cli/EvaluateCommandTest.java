package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.ExitCode;
import io.gonogo.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gonogo evaluate}, in-process, on the Surefire reports the collectors module keeps (written
 * by Surefire).
 */
class EvaluateCommandTest {
    private static final Path JUNIT =
            Path.of("../collectors/src/test/resources/importers/junit-xml");
    private static final Path CART = JUNIT.resolve("TEST-com.example.shop.CartTest.xml");
    private static final Path CHECKOUT = JUNIT.resolve("TEST-com.example.shop.CheckoutTest.xml");

    /** A Surefire report whose tests all passed or were skipped (the imports example's). */
    private static final Path PASSING =
            Path.of("../examples/imports/results/TEST-com.example.shop.CartTest.xml");

    @TempDir Path dir;

    private Path targets(String body) throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(f, "release: {name: evaluate test, owner: qa}\n" + body);
        return f;
    }

    @Test
    void aFailedTestInAnImportedReportIsANoGoNamingTheTest() throws IOException {
        Path f =
                targets(
                        """
                        targets:
                          - {id: no-failures, metric: tests, where: {status: failed}, aggregate: sum, pass: "<= 0"}
                        """);
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "evaluate",
                        "--targets",
                        f.toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        "--results",
                        CHECKOUT.toString());
        assertThat(o.exitCode()).as(o.err()).isEqualTo(ExitCode.NO_GO);
        assertThat(o.out())
                .contains("DECISION: NO-GO")
                .contains(
                        "BLOCKER   required scenario results/TEST-com.example.shop.CheckoutTest"
                                + " failed: 1 of 2 tests");
        assertThat(o.err())
                .contains(
                        "gonogo: results/TEST-com.example.shop.CheckoutTest failed: 1 of 2 tests in"
                                + " "
                                + CHECKOUT
                                + " failed: CheckoutTest.refusesAnExpiredCard:"
                                + " java.lang.IllegalStateException: payment gateway unreachable");
        assertThat(dir.resolve("out/go-no-go.md")).content().contains("refusesAnExpiredCard");
        assertThat(Json.readEvidence(dir.resolve("out/evidence.json")).outcomes())
                .anyMatch(t -> t.displayName().equals("CheckoutTest.paysByCard"));
    }

    @Test
    void aDamagedFileIsNamedWithItsPositionAndTheOtherFileStillCounts() throws IOException {
        Path damaged = dir.resolve("TEST-damaged.xml");
        String text = Files.readString(CART);
        Files.writeString(damaged, text.substring(0, text.length() / 2));
        Path f =
                targets(
                        """
                        targets:
                          - {id: cart-passed, metric: tests, where: {scenario: TEST-com.example.shop.CartTest, status: successful}, pass: ">= 3"}
                        """);
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "evaluate",
                        "-q",
                        "--targets",
                        f.toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        "--results",
                        damaged.toString(),
                        PASSING.toString());
        assertThat(o.exitCode()).isEqualTo(ExitCode.NO_GO);
        assertThat(o.out())
                .contains("MET           cart-passed")
                .containsPattern(
                        "results/TEST-damaged failed: "
                                + java.util.regex.Pattern.quote(damaged.toString())
                                + ":\\d+:\\d+: not well-formed XML");
        assertThat(o.err()).isEmpty();
    }

    @Test
    void anAsOfBeforeTheRunIsRefusedAndALaterOneIsInTheHeaderAndTheDecision() throws IOException {
        Path f =
                targets(
                        """
                        targets:
                          - {id: no-failures, metric: tests, where: {status: failed}, aggregate: sum, pass: "<= 0"}
                        """);
        CliTestSupport.Outcome early =
                CliTestSupport.run(
                        "evaluate",
                        "--targets",
                        f.toString(),
                        "--out",
                        dir.resolve("early").toString(),
                        "--results",
                        CHECKOUT.toString(),
                        "--as-of",
                        "2020-01-01T00:00:00Z");
        assertThat(early.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(early.err())
                .startsWith("gonogo: --as-of 2020-01-01T00:00:00Z: the instant is before this run")
                .contains("revive expired waivers");
        assertThat(dir.resolve("early")).doesNotExist();

        CliTestSupport.Outcome later =
                CliTestSupport.run(
                        "evaluate",
                        "--targets",
                        f.toString(),
                        "--out",
                        dir.resolve("later").toString(),
                        "--results",
                        CHECKOUT.toString(),
                        "--as-of",
                        "2099-01-01T00:00:00Z");
        assertThat(later.exitCode()).as(later.err()).isEqualTo(ExitCode.NO_GO);
        assertThat(dir.resolve("later/go-no-go.md"))
                .content()
                .containsPattern(
                        "- Decided as of: 2099-01-01T00:00:00Z, given with --as-of \\(the evidence"
                                + " ends 20\\d\\d-\\d\\d-\\d\\dT[0-9:]+Z\\)\n");
        var decision = Json.readDecision(dir.resolve("later/decision.json"));
        assertThat(decision.asOf()).isEqualTo(java.time.Instant.parse("2099-01-01T00:00:00Z"));
        assertThat(decision.plan().overrides())
                .anySatisfy(
                        o ->
                                assertThat(o)
                                        .startsWith(
                                                "--as-of 2099-01-01T00:00:00Z (the evidence ends"
                                                        + " "));
    }

    @Test
    void nothingToEvaluateIsAUsageError() throws IOException {
        Path f = targets("targets: []\n");
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "evaluate",
                        "--targets",
                        f.toString(),
                        "--out",
                        dir.resolve("out").toString());
        assertThat(o.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(o.err().strip())
                .isEqualTo(
                        "gonogo: --results: nothing to evaluate: "
                                + f
                                + " declares no 'results' and no --results path was given");
    }

    @Test
    void anUnknownFormatInTheFileIsAnErrorAtItsLine() throws IOException {
        Path f = targets("results:\n  - {path: x.json, format: loadrunner}\n");
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "evaluate",
                        "--targets",
                        f.toString(),
                        "--out",
                        dir.resolve("out").toString());
        assertThat(o.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(o.err())
                .startsWith(
                        "gonogo: "
                                + f
                                + ":3:5: unknown results format 'loadrunner'; expected one of: jmh,"
                                + " junit-xml, open-test-reporting, k6, gatling, jmeter, hdr-log");
    }

    @Test
    void aFileResultsEntryIsImportedAndCheckListsItAsAProducer() throws IOException {
        Files.copy(CART, dir.resolve("cart.xml"));
        Path f =
                targets(
                        """
                        results:
                          - {path: cart.xml, id: unit, labels: {team: shop}}
                        targets:
                          - {id: ran, metric: tests, where: {scenario: unit, status: successful, team: shop}, pass: ">= 2"}
                        """);
        CliTestSupport.Outcome check = CliTestSupport.run("check", "--targets", f.toString());
        assertThat(check.exitCode()).isZero();
        assertThat(check.out())
                .contains("results/unit")
                .contains("ran: ")
                .contains("from results/unit");
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "evaluate",
                        "-q",
                        "--targets",
                        f.toString(),
                        "--out",
                        dir.resolve("out").toString());
        // CartTest.xml holds a failed test: the entry fails, so its target is not measured and the
        // release blocked
        assertThat(o.exitCode()).isEqualTo(ExitCode.NO_GO);
        assertThat(o.out())
                .contains("NOT MEASURED")
                .contains("1 of 4 tests in cart.xml failed: CartTest.appliesTheDiscount");
    }

    @Test
    void setChangesAResultsEntryBeforeItIsReadAndAnUnknownPathExitsTwo() throws IOException {
        Path f = targets("results:\n  - {path: x.json, format: loadrunner}\n");
        CliTestSupport.Outcome fixed =
                CliTestSupport.run(
                        "evaluate",
                        "-q",
                        "--targets",
                        f.toString(),
                        "--set",
                        "results[0].format=junit-xml",
                        "--set",
                        "results[0].path=" + PASSING.toAbsolutePath(),
                        "--out",
                        dir.resolve("out").toString());
        assertThat(fixed.err()).isEmpty();
        assertThat(fixed.exitCode()).isEqualTo(ExitCode.GO);
        assertThat(Files.readString(dir.resolve("out").resolve("go-no-go.md")))
                .contains(
                        "| Command-line overrides | --set results\\[0\\].format=junit-xml; --set"
                                + " results\\[0\\].path=");

        CliTestSupport.Outcome unknown =
                CliTestSupport.run(
                        "evaluate", "--targets", f.toString(), "--set", "results[1].path=y.json");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(unknown.err())
                .startsWith("gonogo: --set results[1].path=y.json: the targets file")
                .contains("has no 'results[1]'");
    }
}
