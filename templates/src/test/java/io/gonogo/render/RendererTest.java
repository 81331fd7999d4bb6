package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.Condition;
import io.gonogo.core.Decision;
import io.gonogo.core.Distribution;
import io.gonogo.core.Environment;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.Outcome;
import io.gonogo.core.Profile;
import io.gonogo.core.Quality;
import io.gonogo.core.Quantity;
import io.gonogo.core.Reason;
import io.gonogo.core.Release;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import io.gonogo.core.Verdict;
import io.gonogo.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RendererTest {
    private final Renderer renderer = Renderer.builder().environment(Map.of()).build();

    private String render(Decision decision, EvidenceSet evidence) {
        return renderer.goNoGoMarkdown(decision, evidence);
    }

    private static String line(String md, String prefix) {
        return md.lines()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no line starts with '" + prefix + "' in:\n" + md));
    }

    /** The cells of a table row, split at unescaped pipes. */
    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '|' && row.charAt(i - 1) != '\\') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    @Test
    void countsANotExecutedScenarioUnderNotExecutedAndNeverAsPassed() {
        String md = render(Fixtures.decision(), Fixtures.evidence());
        assertThat(line(md, "| Category |"))
                .isEqualTo("| Category | Planned | Executed | Passed | Failed | Not executed |");
        assertThat(cells(line(md, "| load |"))).containsExactly("load", "3", "2", "2", "0", "1");
        assertThat(cells(line(md, "| other |")))
                .as("a skipped test is not executed either")
                .containsExactly("other", "2", "1", "1", "0", "1");
        assertThat(cells(line(md, "| load | decisions-10k |")))
                .containsExactly("load", "decisions-10k", "NOT EXECUTED", "—", Fixtures.NOT_RUN);
    }

    @Test
    void neverCountsContainersAndCountsAbortedAsFailed() {
        EvidenceSet evidence =
                withOutcomes(
                        List.of(
                                new TestOutcome(
                                        "[engine:gonogo]/[suite:chaos]",
                                        "chaos",
                                        "chaos",
                                        "",
                                        true,
                                        TestStatus.SUCCESSFUL,
                                        10,
                                        ""),
                                new TestOutcome(
                                        "c1",
                                        "kill-server",
                                        "chaos",
                                        "kill-server",
                                        false,
                                        TestStatus.ABORTED,
                                        5,
                                        "no docker"),
                                new TestOutcome(
                                        "c2",
                                        "latency",
                                        "chaos",
                                        "latency",
                                        false,
                                        TestStatus.NOT_EXECUTED,
                                        0,
                                        ""),
                                new TestOutcome(
                                        "c3",
                                        "partition",
                                        "chaos",
                                        "partition",
                                        false,
                                        TestStatus.SUCCESSFUL,
                                        7,
                                        "")));
        String md = render(bare(Outcome.NO_GO), evidence);
        assertThat(cells(line(md, "| chaos |"))).containsExactly("chaos", "3", "2", "1", "1", "1");
        assertThat(md)
                .contains("- Tests: 3 planned, 2 executed, 1 passed, 1 failed, 1 not executed.")
                .contains("No load, memory or benchmark tests are in this run.")
                .doesNotContain("| total |");
    }

    @Test
    void showsADashAndTheReasonForATargetNotMeasured() {
        String md = render(Fixtures.decision(), Fixtures.evidence());
        assertThat(cells(line(md, "| p99 latency, 10k decisions (p99-10k) |")))
                .containsExactly(
                        "p99 latency, 10k decisions (p99-10k)",
                        "latency p99 where scenario=decisions-10k",
                        "< 40ms",
                        "—",
                        "—",
                        "NOT MEASURED",
                        "yes");
        assertThat(md)
                .contains(
                        "- p99-10k (NOT MEASURED): scenario load/decisions-10k was not executed: "
                                + Fixtures.NOT_RUN
                                + ". Expected from: `"
                                + Fixtures.DECISIONS
                                + "`.");
    }

    @Test
    void escapesUserTextSoItCannotBreakTablesOrHeadings() {
        Release release = new Release("# API | v2", "beta", "", "ops | sre");
        TargetVerdict v =
                Fixtures.verdict(
                        "p99|x",
                        "p99 | tail",
                        "latency",
                        Map.of("scenario", "a|b"),
                        "p99",
                        "< 10ms",
                        null,
                        null,
                        true,
                        Verdict.NOT_MEASURED,
                        null,
                        null,
                        0,
                        List.of(),
                        "filter matched nothing | really\nnothing");
        Decision decision =
                Fixtures.withKinds(
                        new Decision(
                                Decision.SCHEMA_VERSION,
                                Outcome.GO_WITH_CONDITIONS,
                                release,
                                Fixtures.RUN,
                                Profile.QUICK,
                                Fixtures.AS_OF,
                                List.of(v),
                                List.of(),
                                List.of(
                                        new Condition(
                                                "c|1",
                                                "s",
                                                "fix | it",
                                                "ops | sre",
                                                LocalDate.parse("2026-04-01"))),
                                List.of(),
                                List.of(),
                                List.of()));
        EvidenceSet evidence =
                withOutcomes(
                        List.of(
                                new TestOutcome(
                                        "t",
                                        "shows a | b",
                                        "Suite|X",
                                        "",
                                        false,
                                        TestStatus.FAILED,
                                        12,
                                        "expected 200 | got 503\nat line 2")));

        String md = render(decision, evidence);

        assertThat(md).startsWith("# Go/No-Go: # API \\| v2\n");
        assertThat(md).contains("- Owner: ops \\| sre\n");
        assertThat(cells(line(md, "| p99 \\| tail")))
                .hasSize(7)
                .startsWith("p99 \\| tail (p99\\|x)", "latency p99 where scenario=a\\|b");
        assertThat(cells(line(md, "| c\\|1 |")))
                .containsExactly("c\\|1", "fix \\| it", "ops \\| sre", "2026-04-01");
        assertThat(cells(line(md, "| Suite\\|X |")))
                .containsExactly(
                        "Suite\\|X",
                        "shows a \\| b",
                        "FAILED",
                        "12ms",
                        "expected 200 \\| got 503 at line 2");
        assertThat(md)
                .contains("- p99\\|x (NOT MEASURED): filter matched nothing \\| really nothing.");
    }

    @Test
    void escapesABlockStartAtTheBeginningOfAListItem() {
        Decision decision =
                bare(
                        Outcome.NO_GO,
                        List.of(new Reason(Reason.Kind.BLOCKER, "x", "# not a heading")),
                        List.of());
        String md = render(decision, Fixtures.emptyEvidence());
        assertThat(md).contains("\n- \\# not a heading.\n").doesNotContain("\n- # not");
    }

    @Test
    void writesTheTenFilesAndLeavesNoTemporaryFiles(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("reports/nested");
        List<Path> files = renderer.render(Fixtures.decision(), Fixtures.evidence(), out);

        assertThat(files.subList(0, 10))
                .containsExactly(
                        out.resolve("go-no-go.md"),
                        out.resolve("go-no-go.html"),
                        out.resolve("comparison-matrix.md"),
                        out.resolve("comparison-matrix.html"),
                        out.resolve("progress-report.md"),
                        out.resolve("progress-report.html"),
                        out.resolve("decision.json"),
                        out.resolve("evidence.json"),
                        out.resolve("junit.xml"),
                        out.resolve("summary.md"));
        assertThat(files.subList(10, files.size()))
                .containsExactlyElementsOf(
                        renderer.charts(Fixtures.decision(), Fixtures.evidence()).keySet().stream()
                                .map(c -> out.resolve("charts").resolve(c))
                                .toList());
        try (Stream<Path> listing = Files.list(out)) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "go-no-go.md",
                            "go-no-go.html",
                            "comparison-matrix.md",
                            "comparison-matrix.html",
                            "progress-report.md",
                            "progress-report.html",
                            "decision.json",
                            "evidence.json",
                            "junit.xml",
                            "summary.md",
                            "charts");
        }
        assertThat(Files.readString(out.resolve("comparison-matrix.md"), StandardCharsets.UTF_8))
                .isEqualTo(
                        renderer.comparisonMatrixMarkdown(
                                Fixtures.decision(), Fixtures.evidence()));
        assertThat(Files.readString(out.resolve("comparison-matrix.html"), StandardCharsets.UTF_8))
                .isEqualTo(renderer.comparisonMatrixHtml(Fixtures.decision(), Fixtures.evidence()));
        assertThat(Files.readString(out.resolve("go-no-go.html"), StandardCharsets.UTF_8))
                .isEqualTo(renderer.goNoGoHtml(Fixtures.decision(), Fixtures.evidence()));
        assertThat(Files.readString(out.resolve("junit.xml"), StandardCharsets.UTF_8))
                .isEqualTo(renderer.junitXml(Fixtures.decision()));
        assertThat(Files.readString(out.resolve("go-no-go.md"), StandardCharsets.UTF_8))
                .isEqualTo(render(Fixtures.decision(), Fixtures.evidence()));
        assertThat(Files.readString(out.resolve("decision.json")))
                .isEqualTo(Json.write(Fixtures.decision()));
        // evidence.json: one measurement per line (Json.writeLines), the same data as the indented
        // form
        assertThat(Json.readEvidence(out.resolve("evidence.json"))).isEqualTo(Fixtures.evidence());
        assertThat(Files.readString(out.resolve("evidence.json")))
                .isNotEqualTo(Json.write(Fixtures.evidence()))
                .contains("\n{\"metric\":");
    }

    @Test
    void rendersTheSameDocumentFromTheJsonFilesItWrote(@TempDir Path tmp) throws IOException {
        renderer.render(Fixtures.decision(), Fixtures.evidence(), tmp);
        Decision decision = Json.readDecision(tmp.resolve("decision.json"));
        EvidenceSet evidence = Json.readEvidence(tmp.resolve("evidence.json"));
        assertThat(render(decision, evidence))
                .isEqualTo(Files.readString(tmp.resolve("go-no-go.md")));
    }

    @Test
    void readsLoadFiguresFromTheHistogramNotFromTheStoredSummary() {
        Histogram h = Fixtures.healthLatencies();
        Distribution honest = Distribution.of(h);
        Map<String, Double> wrong =
                Map.of("p50", 1.0, "p90", 1.0, "p95", 1.0, "p99", 1.0, "p99.9", 1.0, "p99.99", 1.0);
        Distribution tampered = new Distribution(honest.histogram(), 3, 0, 0, 0, wrong);

        String md = render(Fixtures.decision(), Fixtures.evidence(tampered));

        assertThat(md).isEqualTo(render(Fixtures.decision(), Fixtures.evidence()));
        assertThat(cells(line(md, "| health-1k ")))
                .containsExactly(
                        "health-1k (transport=http)",
                        Numbers.grouped(h.getTotalCount()),
                        "2731/s",
                        "100%",
                        ms(h.getMinValue()),
                        ms(h.getMean()),
                        ms(h.getValueAtPercentile(50)),
                        ms(h.getValueAtPercentile(95)),
                        ms(h.getValueAtPercentile(99)),
                        ms(h.getValueAtPercentile(99.9)),
                        ms(h.getMaxValue()),
                        io.gonogo.render.internal.Formats.duration(
                                Math.round(h.getTotalCount() / 2731.4 * 1000)));
    }

    @Test
    void theP99OfTheLoadTableEqualsTheAchievedValueOfItsTarget() {
        String md = render(Fixtures.decision(), Fixtures.evidence());
        String achieved = cells(line(md, "| p99 latency, 1k users (p99-1k) |")).get(3);
        assertThat(achieved).isEqualTo(cells(line(md, "| health-1k ")).get(8) + "ms");
        String achieved5k = cells(line(md, "| p99 latency, 5k sessions (p99-5k) |")).get(3);
        assertThat(achieved5k).isEqualTo(cells(line(md, "| sessions-5k ")).get(8) + "ms");
    }

    @Test
    void listsTheQualityFlagsOfLoadFiguresAndVerdicts() {
        Measurement latency =
                new Measurement(
                        "latency",
                        Map.of("suite", "load", "scenario", "mix", "operation", "approve"),
                        Unit.MICROSECONDS,
                        Distribution.of(Fixtures.healthLatencies()),
                        Set.of(Quality.WARM_UP_INCLUDED, Quality.GENERATOR_BOUND),
                        Source.UNATTRIBUTED);
        Measurement throughput =
                Measurement.of(
                        "throughput",
                        Map.of("suite", "load", "scenario", "mix"),
                        Unit.PER_SECOND,
                        new Scalar(1500));
        EvidenceSet evidence =
                new EvidenceSet(
                        EvidenceSet.SCHEMA_VERSION,
                        Fixtures.RUN,
                        Fixtures.environment(),
                        List.of(latency, throughput),
                        List.of());
        TargetVerdict v =
                new TargetVerdict(
                        "p99-mix",
                        null,
                        "latency",
                        Map.of(),
                        "p99",
                        io.gonogo.core.Criterion.parse("< 10ms"),
                        null,
                        null,
                        true,
                        Verdict.INCONCLUSIVE,
                        new Quantity(3, Unit.MILLISECONDS),
                        -70.0,
                        10_000,
                        Set.of(Quality.PARTIAL, Quality.LOW_SAMPLES),
                        List.of(),
                        "p99 3ms would pass, but the run ended early");
        Decision decision =
                Fixtures.withKinds(
                        new Decision(
                                Decision.SCHEMA_VERSION,
                                Outcome.GO_WITH_CONDITIONS,
                                Fixtures.RELEASE,
                                Fixtures.RUN,
                                Profile.QUICK,
                                Fixtures.AS_OF,
                                List.of(v),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of()));

        String md = render(decision, evidence);

        assertThat(md)
                .contains(
                        "\n"
                                + "Quality flags:\n\n"
                                + "- mix (operation=approve): GENERATOR BOUND, WARM UP INCLUDED.\n")
                .contains(
                        "- p99-mix (INCONCLUSIVE): p99 3ms would pass, but the run ended early."
                                + " Flags: LOW SAMPLES, PARTIAL.\n");
        assertThat(cells(line(md, "| mix ")).get(2))
                .as("the scenario's only throughput, without the operation label")
                .isEqualTo("1500/s");
        assertThat(cells(line(md, "| mix ")).get(3))
                .as("no success rate was measured")
                .isEqualTo("—");
    }

    @Test
    void leavesAThroughputOutRatherThanGuessWhichRowItBelongsTo() {
        Map<String, String> scenario = Map.of("suite", "load", "scenario", "mix");
        List<Measurement> ms = new ArrayList<>();
        for (String op : List.of("approve", "reject")) {
            Map<String, String> labels = new java.util.TreeMap<>(scenario);
            labels.put("operation", op);
            ms.add(
                    Measurement.of(
                            "latency",
                            labels,
                            Unit.MICROSECONDS,
                            Distribution.of(Fixtures.healthLatencies())));
        }
        ms.add(Measurement.of("throughput", scenario, Unit.PER_SECOND, new Scalar(1500)));
        EvidenceSet evidence =
                new EvidenceSet(
                        EvidenceSet.SCHEMA_VERSION,
                        Fixtures.RUN,
                        Fixtures.environment(),
                        ms,
                        List.of());
        String md = render(bare(Outcome.GO), evidence);
        assertThat(cells(line(md, "| mix (operation=approve) ")).get(2)).isEqualTo("—");
        assertThat(cells(line(md, "| mix (operation=reject) ")).get(2)).isEqualTo("—");
    }

    @Test
    void marksOnlyPercentilesReadFromTooFewSamples() {
        String md = render(Fixtures.decision(), Fixtures.evidence());
        List<String> sessions = cells(line(md, "| sessions-5k "));
        assertThat(sessions.get(1)).isEqualTo("1,000");
        assertThat(sessions.get(9)).as("p99.9 of 1,000 samples").endsWith("†");
        assertThat(sessions.subList(0, 9)).noneMatch(c -> c.contains("†"));
        assertThat(cells(line(md, "| health-1k ")))
                .as("10,000 samples are enough for p99.9")
                .noneMatch(c -> c.contains("†"));
        assertThat(md).contains("\n† Low sample: fewer samples than this percentile needs");
    }

    @Test
    void saysPlainlyWhenASectionHasNothingToShow() {
        Environment env =
                new Environment(
                        "", null, null, 0, 0, "", Fixtures.STARTED, Fixtures.ENDED, Profile.FULL);
        EvidenceSet evidence =
                new EvidenceSet(
                        EvidenceSet.SCHEMA_VERSION, Fixtures.RUN, env, List.of(), List.of());
        Decision decision =
                Fixtures.withKinds(
                        new Decision(
                                Decision.SCHEMA_VERSION,
                                Outcome.GO,
                                new Release("Bare", "", "", ""),
                                Fixtures.RUN,
                                Profile.FULL,
                                Fixtures.AS_OF,
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of()));
        String md = render(decision, evidence);
        assertThat(md)
                .startsWith(
                        "# Go/No-Go: Bare\n\n- Profile: full\n- Run id: "
                                + Fixtures.RUN
                                + "\n"
                                + "- Decided as of: 2026-03-19T18:00:00Z\n\n"
                                + "## Executive summary\n")
                .contains(
                        "**Decision: GO**\n\n"
                                + "The release may ship: no blocker and no condition stands against"
                                + " it.")
                .contains("- Targets: none declared.\n- Tests: none recorded.\n")
                .contains(
                        "## Test execution summary\n\n"
                                + "No tests are recorded in this run's evidence.\n")
                .contains("## Performance vs targets\n\nNo targets are declared.\n")
                .contains(
                        "## Load scenarios\n\nNo load scenario recorded a latency distribution.\n")
                .contains(
                        "### Conditions for proceeding\n\nNo conditions apply to this decision.\n")
                .contains("### Rationale\n\nThe decision records no reasons.\n")
                .contains(
                        "## Memory and resource findings\n\n"
                                + "No memory scenario is recorded in this run's evidence")
                .contains(
                        "## Chaos findings\n\nNo chaos scenario is recorded in this run's evidence")
                .contains("| (to be signed) | (date of signing) |")
                .contains("No attached evidence file is referenced by this run's measurements.")
                .contains(
                        "| Git commit (working directory) | unknown |",
                        "| Service under test | unknown |",
                        "| gonogo version | unknown |",
                        "| CPUs | unknown |",
                        "| Profile | full |")
                .doesNotContain("Blockers:", "Phase:", "Release date:", "Owner:", "†");
    }

    @Test
    void listsTheConditionsInTheSummaryOfAGoWithConditions() {
        Condition c =
                new Condition(
                        "target.p99-5k",
                        "target.p99-5k",
                        "Bring p99 within < 15ms",
                        "Dana",
                        LocalDate.parse("2026-04-02"));
        Decision decision =
                bare(
                        Outcome.GO_WITH_CONDITIONS,
                        List.of(
                                new Reason(
                                        Reason.Kind.CONDITION,
                                        "target.p99-5k",
                                        "target p99-5k ACCEPTABLE")),
                        List.of(c));
        String md = render(decision, Fixtures.emptyEvidence());
        assertThat(md)
                .contains(
                        "**Decision: GO WITH CONDITIONS**\n\n"
                            + "The release may ship only under 1 written condition, each with an"
                            + " owner and a due date; no blocker stands against it.\n\n"
                            + "Conditions:\n\n"
                            + "- Bring p99 within < 15ms. Owner: Dana, due 2026-04-02.\n");
        assertThat(cells(line(md, "| target.p99-5k |")))
                .containsExactly("target.p99-5k", "Bring p99 within < 15ms", "Dana", "2026-04-02");
    }

    @Test
    void quotesAtMostFiveMeasuredTargetsInTheSummary() {
        List<TargetVerdict> verdicts = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            verdicts.add(
                    Fixtures.verdict(
                            "t" + i,
                            "t" + i,
                            "throughput",
                            Map.of(),
                            "",
                            ">= 10/s",
                            null,
                            null,
                            true,
                            Verdict.MET,
                            new Quantity(10 + i, Unit.PER_SECOND),
                            10.0 * i,
                            1,
                            List.of(),
                            "ok"));
        }
        Decision decision =
                Fixtures.withKinds(
                        new Decision(
                                Decision.SCHEMA_VERSION,
                                Outcome.GO,
                                Fixtures.RELEASE,
                                Fixtures.RUN,
                                Profile.QUICK,
                                Fixtures.AS_OF,
                                verdicts,
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of()));
        String md = render(decision, Fixtures.emptyEvidence());
        assertThat(md)
                .contains(
                        "- t5: 15/s against >= 10/s (+50.0%), MET.\n"
                                + "- 2 more measured targets are listed under Performance vs"
                                + " targets.\n")
                .doesNotContain("- t6:");
    }

    @Test
    void refusesEvidenceFromAnotherRun() {
        EvidenceSet other =
                new EvidenceSet(
                        EvidenceSet.SCHEMA_VERSION,
                        "run-other",
                        Fixtures.environment(),
                        List.of(),
                        List.of());
        assertThatThrownBy(() -> render(Fixtures.decision(), other))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("run '" + Fixtures.RUN + "'")
                .hasMessageContaining("run 'run-other'");
    }

    @Test
    void isSafeToUseFromSeveralThreads() throws Exception {
        String expected = render(Fixtures.decision(), Fixtures.evidence());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> render(Fixtures.decision(), Fixtures.evidence())));
            }
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String ms(double micros) {
        return Numbers.short4(micros / 1000.0);
    }

    private static Decision bare(Outcome outcome) {
        return bare(outcome, List.of(), List.of());
    }

    private static Decision bare(
            Outcome outcome, List<Reason> reasons, List<Condition> conditions) {
        return Fixtures.bareDecision(outcome, reasons, conditions);
    }

    private static EvidenceSet withOutcomes(List<TestOutcome> outcomes) {
        return new EvidenceSet(
                EvidenceSet.SCHEMA_VERSION,
                Fixtures.RUN,
                Fixtures.environment(),
                List.of(),
                outcomes);
    }

    @Test
    void saysSoWhenNoRiskOrChecklistItemIsDeclared() {
        String md =
                renderer.goNoGoMarkdown(
                        Fixtures.bareDecision(Outcome.GO, List.of(), List.of()),
                        Fixtures.emptyEvidence());
        assertThat(md)
                .contains("## Risk analysis\n\nNo risks are declared or derived.\n")
                .contains("## Readiness checklist\n\nNo checklist items are declared.\n")
                .doesNotContain("### High");
    }

    @Test
    void placesRisksAndTheChecklistAfterPerformanceVsTargets() {
        String md = renderer.goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence());
        assertThat(md.indexOf("## Performance vs targets"))
                .isLessThan(md.indexOf("## Risk analysis"));
        assertThat(md.indexOf("## Risk analysis")).isLessThan(md.indexOf("## Readiness checklist"));
        assertThat(md.indexOf("## Readiness checklist"))
                .isLessThan(md.indexOf("## Load scenarios"));
        assertThat(md)
                .contains("Score: 3/5 items done; 2 open.")
                .contains(
                        "| legacy-auth | legacy tokens rejected after the upgrade | high | high |"
                                + " dual-accept both token formats | Dana Ortiz | closed, does not"
                                + " count |");
    }

    @Test
    void listsAnEmptyLevelOfRisksAsNone() {
        Decision d = Fixtures.decision();
        Decision onlyLow =
                Fixtures.withKinds(
                        new Decision(
                                d.schemaVersion(),
                                d.outcome(),
                                d.release(),
                                d.runId(),
                                d.profile(),
                                d.asOf(),
                                d.verdicts(),
                                d.risks().stream()
                                        .filter(r -> r.level() == io.gonogo.core.RiskLevel.LOW)
                                        .toList(),
                                d.conditions(),
                                d.checklist(),
                                d.waivers(),
                                d.reasons()));
        String md = renderer.goNoGoMarkdown(onlyLow, Fixtures.evidence());
        assertThat(md)
                .contains("### High\n\nNo high risks.\n")
                .contains("### Medium\n\nNo medium risks.\n");
    }

    @Test
    void aChaosScenarioWithoutADurabilityCheckSaysSoOnceInsteadOfTwoMissingFigures() {
        EvidenceSet all = Fixtures.evidence();
        List<Measurement> withoutWrites =
                all.measurements().stream()
                        .filter(m -> !m.metric().startsWith("acknowledged_writes_"))
                        .toList();
        EvidenceSet evidence =
                new EvidenceSet(
                        all.schemaVersion(),
                        all.runId(),
                        all.environment(),
                        withoutWrites,
                        all.outcomes());
        String md = renderer.goNoGoMarkdown(Fixtures.decision(), evidence);
        assertThat(md)
                .contains(
                        "| Acknowledged writes | not checked in this scenario (kill and restart"
                                + " faults check them, or `durability: true`) |")
                .doesNotContain("| Acknowledged writes checked |")
                .doesNotContain("| Acknowledged writes missing |");
        assertThat(renderer.goNoGoMarkdown(Fixtures.decision(), all))
                .contains("| Acknowledged writes checked | 2,400 |")
                .doesNotContain("not checked in this scenario");
    }
}
