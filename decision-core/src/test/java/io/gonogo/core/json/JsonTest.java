package io.gonogo.core.json;

import static io.gonogo.core.EvidenceFixtures.AS_OF;
import static io.gonogo.core.EvidenceFixtures.evidence;
import static io.gonogo.core.EvidenceFixtures.histogram;
import static io.gonogo.core.EvidenceFixtures.latency;
import static io.gonogo.core.EvidenceFixtures.measurement;
import static io.gonogo.core.EvidenceFixtures.noTimeouts;
import static io.gonogo.core.EvidenceFixtures.optionalScenario;
import static io.gonogo.core.EvidenceFixtures.outcome;
import static io.gonogo.core.EvidenceFixtures.passed;
import static io.gonogo.core.EvidenceFixtures.plus;
import static io.gonogo.core.EvidenceFixtures.scalar;
import static io.gonogo.core.EvidenceFixtures.scenario;
import static io.gonogo.core.EvidenceFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.Criterion;
import io.gonogo.core.Decision;
import io.gonogo.core.DecisionEngine;
import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Interval;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Outcome;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.Quality;
import io.gonogo.core.Quantity;
import io.gonogo.core.Release;
import io.gonogo.core.Series;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import io.gonogo.core.Verdict;
import io.gonogo.core.config.Policy;
import io.gonogo.core.config.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @TempDir Path dir;

    private static final PlannedScenario HEALTH = scenario("health-1k");
    private static final PlannedScenario SUBMIT = scenario("submit-5k");
    private static final PlannedScenario WATCH = optionalScenario("watch-100");
    private static final List<PlannedScenario> PLAN = List.of(HEALTH, SUBMIT, WATCH);

    private static final List<Target> TARGETS =
            List.of(
                    target("p50-health", "latency", "p50", "< 2ms")
                            .where(Map.of("scenario", "health-1k"))
                            .build(),
                    target("p99-submit", "latency", "p99", "< 1.6ms")
                            .acceptable(Criterion.parse("< 2.04ms"))
                            .where(Map.of("scenario", "submit-5k"))
                            .title("P99 of submit at 5K")
                            .build(),
                    target("rps-health", "throughput", null, ">= 5000 req/s")
                            .where(Map.of("scenario", "health-1k"))
                            .build(),
                    target("ok-submit", "success_rate", null, ">= 99.9%")
                            .where(Map.of("scenario", "submit-5k"))
                            .critical(false)
                            .build(),
                    target("watch-p99", "latency", "p99", "< 50ms")
                            .where(Map.of("scenario", "watch-100"))
                            .critical(false)
                            .build(),
                    target("p999-health", "latency", "p99.9", "< 2ms")
                            .where(Map.of("scenario", "health-1k"))
                            .stretch(Criterion.parse("< 1ms"))
                            .build());

    private static EvidenceSet richEvidence() {
        Measurement healthLatency =
                latency(HEALTH, plus(histogram(800, 4000), 1500, 40), Quality.GENERATOR_BOUND);
        Measurement submitLatency = latency(SUBMIT, histogram(2000, 3000));
        Measurement heap =
                measurement(
                        SUBMIT,
                        "heap_used",
                        Unit.MEBIBYTES,
                        new Series(
                                List.of(
                                        new Series.Point(1_741_000_000_000L, 212.5),
                                        new Series.Point(1_741_000_001_000L, 230))));
        return evidence(
                Profile.QUICK,
                List.of(
                        healthLatency,
                        submitLatency,
                        scalar(HEALTH, "throughput", Unit.PER_SECOND, 4870.25),
                        scalar(SUBMIT, "success_rate", Unit.PERCENT, 99.95),
                        heap,
                        scalar(SUBMIT, "requests", Unit.COUNT, 20_000),
                        noTimeouts(HEALTH),
                        noTimeouts(SUBMIT)),
                List.of(
                        new TestOutcome(
                                "[engine:gonogo]/[suite:load]",
                                "load",
                                "load",
                                "",
                                true,
                                TestStatus.SUCCESSFUL,
                                9000,
                                ""),
                        passed(HEALTH),
                        outcome(SUBMIT, TestStatus.SUCCESSFUL, ""),
                        outcome(WATCH, TestStatus.NOT_EXECUTED, "the suite was filtered out")));
    }

    private static Decision richDecision() {
        DecisionEngine engine =
                DecisionEngine.builder()
                        .release(new Release("governance 1.4", "beta", "2025-03-14", "Dana Ortiz"))
                        .policy(new Policy(Profile.FULL, "QA lead", 14))
                        .build();
        return engine.decide(TARGETS, PLAN, richEvidence(), AS_OF);
    }

    @Test
    void theRichDecisionCoversEveryKindOfVerdict() {
        Decision d = richDecision();
        assertThat(d.verdicts())
                .extracting(TargetVerdict::verdict)
                .contains(
                        Verdict.ACCEPTABLE,
                        Verdict.INCONCLUSIVE,
                        Verdict.MISSED,
                        Verdict.NOT_MEASURED,
                        Verdict.MET);
        assertThat(d.outcome()).isEqualTo(Outcome.NO_GO);
        assertThat(d.conditions()).isNotEmpty();
    }

    @Test
    void aDecisionRoundTripsThroughAFile() throws IOException {
        Decision decision = richDecision();
        Path file = dir.resolve("decision.json");
        Json.write(decision, file);

        Decision read = Json.readDecision(file);

        assertThat(read).isEqualTo(decision);
        assertThat(read.verdicts()).hasSameSizeAs(decision.verdicts());
        for (int i = 0; i < decision.verdicts().size(); i++) {
            assertThat(Json.write(read.verdicts().get(i)))
                    .isEqualTo(Json.write(decision.verdicts().get(i)));
        }
        assertThat(Json.write(read)).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void evidenceWrittenOneItemPerLineReadsBackEqualAndKeepsEachMeasurementOnItsLine()
            throws IOException {
        EvidenceSet evidence = richEvidence();
        Path file = dir.resolve("evidence.json");
        io.gonogo.core.AtomicFiles.write(
                file, out -> Json.writeLines(evidence, out)); // as the renderer does

        assertThat(Json.readEvidence(file)).isEqualTo(evidence);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        // every measurement and every outcome is one line of its own, opening with its first field
        assertThat(lines.stream().filter(l -> l.startsWith("{\"metric\":")).count())
                .isEqualTo(evidence.measurements().size());
        assertThat(
                        lines.stream()
                                .filter(l -> l.startsWith("{\"") && l.contains("\"status\":"))
                                .count())
                .isEqualTo(evidence.outcomes().size());
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotStartWith(" "));
        assertThat(Files.size(file))
                .isLessThan(Json.write(evidence).getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void theFastMeasurementWriterWritesWhatJacksonWritesFieldForField() throws IOException {
        // every kind of value, quality flags, an interval, a source with and without a file, a
        // label map that is not sorted and one with special characters
        EvidenceSet rich = richEvidence();
        List<Measurement> ms = new java.util.ArrayList<>(rich.measurements());
        ms.add(
                rich.measurements()
                        .get(0)
                        .withInterval(Interval.of(-1.5, 2.25e9, 0.95, "jmh-score-error"))
                        .withSource(
                                new io.gonogo.core.Source(
                                        "run-1",
                                        "2",
                                        "[engine:gonogo]/[x]",
                                        "evidence/x/latency.hlog")));
        ms.add(
                new Measurement(
                        "errors",
                        new java.util.HashMap<>(
                                Map.of(
                                        "z",
                                        "\"quoted\"\n",
                                        "a",
                                        "ü 1/2",
                                        "kind",
                                        "grpc_UNAVAILABLE")),
                        Unit.COUNT,
                        new io.gonogo.core.Scalar(1e-7),
                        EnumSet.allOf(Quality.class),
                        null));
        ms.add(
                new Measurement(
                        "heap_slope",
                        Map.of(),
                        Unit.KIBIBYTES,
                        new io.gonogo.core.Scalar(-0.0),
                        Set.of(),
                        io.gonogo.core.Source.UNATTRIBUTED,
                        Interval.of(0, 0, 0.5, "")));
        EvidenceSet evidence =
                new EvidenceSet(
                        rich.schemaVersion(),
                        rich.runId(),
                        rich.environment(),
                        ms,
                        rich.outcomes());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Json.writeLines(evidence, out);
        List<String> lines =
                out.toString(StandardCharsets.UTF_8)
                        .lines()
                        .filter(l -> l.startsWith("{\"metric\":"))
                        .map(l -> l.endsWith(",") ? l.substring(0, l.length() - 1) : l)
                        .toList();

        assertThat(lines).containsExactlyElementsOf(ms.stream().map(Json::measurement).toList());
        assertThat(Json.readEvidence(writeTo(dir.resolve("e.json"), out.toByteArray())))
                .isEqualTo(evidence);
    }

    private static Path writeTo(Path file, byte[] bytes) throws IOException {
        return Files.write(file, bytes);
    }

    @Test
    void anEvidenceSetRoundTripsThroughAFile() {
        EvidenceSet evidence = richEvidence();
        Path file = dir.resolve("evidence.json");
        Json.write(evidence, file);

        EvidenceSet read = Json.readEvidence(file);

        assertThat(read).isEqualTo(evidence);
        Distribution d = (Distribution) read.measurements().get(0).value();
        assertThat(d.decode().getTotalCount()).isEqualTo(4040);
        assertThat(d.decode().getValueAtPercentile(99.5)).isEqualTo(1500);
    }

    @Test
    void spellsEnumsAsInJava() throws IOException {
        Path file = dir.resolve("decision.json");
        Json.write(richDecision(), file);
        String text = Files.readString(file, StandardCharsets.UTF_8);

        assertThat(text)
                .containsPattern("\"outcome\"\\s*:\\s*\"NO_GO\"")
                .containsPattern("\"verdict\"\\s*:\\s*\"NOT_MEASURED\"")
                .containsPattern("\"verdict\"\\s*:\\s*\"ACCEPTABLE\"")
                .containsPattern("\"profile\"\\s*:\\s*\"QUICK\"")
                .containsPattern("\"kind\"\\s*:\\s*\"BLOCKER\"")
                .containsPattern("\"schemaVersion\"\\s*:\\s*3")
                .contains("\"2025-03-03T10:15:00Z\"")
                .doesNotContainPattern(
                        "\"(outcome|verdict|profile|kind)\"\\s*:\\s*\"[^\"]*[ -][^\"]*\"");
        String evidence = Json.write(richEvidence());
        assertThat(evidence)
                .containsPattern("\"status\"\\s*:\\s*\"NOT_EXECUTED\"")
                .containsPattern("\"unit\"\\s*:\\s*\"MICROSECONDS\"")
                .contains("\"GENERATOR_BOUND\"");
    }

    @Test
    void theSameInputGivesByteIdenticalOutput() throws IOException {
        Path first = dir.resolve("a/decision.json");
        Path second = dir.resolve("b/decision.json");
        Json.write(richDecision(), first);
        Json.write(richDecision(), second);
        assertThat(Files.mismatch(first, second)).isEqualTo(-1L);

        Path e1 = dir.resolve("a/evidence.json");
        Path e2 = dir.resolve("b/evidence.json");
        Json.write(richEvidence(), e1);
        Json.write(Json.readEvidence(e1), e2);
        assertThat(Files.mismatch(e1, e2)).isEqualTo(-1L);
    }

    @Test
    void verdictQualityIsWrittenInDeclarationOrderWhateverTheJvm() {
        // Set.copyOf iterates in an order salted per JVM, which would make decision.json differ
        // between two runs on the same evidence; the declaration order keeps it stable.
        TargetVerdict v =
                new TargetVerdict(
                        "t",
                        "t",
                        "latency",
                        Map.of(),
                        "p99",
                        Criterion.parse("< 2ms"),
                        null,
                        null,
                        true,
                        Verdict.INCONCLUSIVE,
                        new Quantity(1, Unit.MILLISECONDS),
                        -50.0,
                        10,
                        Set.of(Quality.PARTIAL, Quality.GENERATOR_BOUND, Quality.LOW_SAMPLES),
                        List.of(),
                        "few samples");
        assertThat(v.quality())
                .containsExactly(Quality.LOW_SAMPLES, Quality.GENERATOR_BOUND, Quality.PARTIAL);
        assertThat(Json.write(v).replaceAll("\\s+", ""))
                .contains("\"quality\":[\"LOW_SAMPLES\",\"GENERATOR_BOUND\",\"PARTIAL\"]");
    }

    @Test
    void aMeasurementIsOneLineOfJsonThatReadsBack() {
        for (Measurement m : richEvidence().measurements()) {
            String json = Json.measurement(m);
            assertThat(json)
                    .doesNotContain("\n")
                    .doesNotContain("\r")
                    .startsWith("{")
                    .endsWith("}");
            assertThat(Json.readMeasurement(json, "report entry")).isEqualTo(m);
        }
    }

    @Test
    void anIntervalIsWrittenWhenPresentAndLeftOutWhenNone() {
        Measurement plain = richEvidence().measurements().get(2);
        assertThat(plain.interval()).isEqualTo(Interval.NONE);
        assertThat(Json.measurement(plain)).doesNotContain("interval");

        Measurement withInterval =
                plain.withInterval(Interval.of(1.5, 2.5, 0.99, "jmh-score-error"));
        String json = Json.measurement(withInterval);
        assertThat(json)
                .contains(
                        "\"interval\":{\"low\":1.5,\"high\":2.5,\"confidence\":0.99,\"method\":\"jmh-score-error\"}");
        assertThat(Json.readMeasurement(json, "entry")).isEqualTo(withInterval);
        assertThat(Json.readMeasurement(json, "entry").interval().contains(2.0)).isTrue();
    }

    @Test
    void anIntervalRejectsBoundsOutOfOrderAndAConfidenceOutsideZeroAndOne() {
        assertThatThrownBy(() -> Interval.of(3, 2, 0.95, "t"))
                .hasMessageContaining("above its high");
        assertThatThrownBy(() -> Interval.of(1, 2, 95, "t"))
                .hasMessageContaining("confidence must lie in (0, 1)");
        assertThatThrownBy(() -> Interval.of(Double.NaN, 2, 0.95, "t"))
                .hasMessageContaining("finite");
    }

    @Test
    void aMeasurementNamesItsValueType() {
        assertThat(Json.measurement(richEvidence().measurements().get(0)))
                .contains("\"type\":\"distribution\"");
        assertThat(Json.measurement(richEvidence().measurements().get(2)))
                .contains("\"type\":\"scalar\"");
        assertThat(Json.measurement(richEvidence().measurements().get(4)))
                .contains("\"type\":\"series\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "{",
                "[1, 2, 3]",
                "42",
                "{}",
                "{\"metric\":\"latency\"}",
                "{\"metric\":\"latency\",\"labels\":{},\"unit\":\"PARSECS\",\"value\":{\"type\":\"scalar\",\"value\":1}}",
                "{\"metric\":\"latency\",\"labels\":{},\"unit\":\"MICROSECONDS\",\"value\":{\"type\":\"guess\",\"value\":1}}",
                "{\"metric\":\"latency\",\"labels\":{},\"unit\":\"MICROSECONDS\",\"value\":{\"type\":\"scalar\",\"value\":1},\"colour\":\"red\"}",
                "{\"metric\":\"\",\"labels\":{},\"unit\":\"MICROSECONDS\",\"value\":{\"type\":\"scalar\",\"value\":1}}",
            })
    void readingAGarbageMeasurementIsInvalidInputNamingWhere(String json) {
        assertThatThrownBy(() -> Json.readMeasurement(json, "[engine:gonogo]/[suite:load] entry 3"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(
                        "[engine:gonogo]/[suite:load] entry 3: not a valid gonogo measurement");
    }

    @Test
    void readingTheJsonNullIsInvalidInputNotANullMeasurement() {
        assertThatThrownBy(() -> Json.readMeasurement("null", "entry"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aDistributionWhoseHistogramIsNotAnEncodedHistogramIsInvalidInput() {
        String json =
                "{\"metric\":\"latency\",\"labels\":{},\"unit\":\"MICROSECONDS\",\"value\":"
                    + "{\"type\":\"distribution\",\"histogram\":\"bm90IGEgaGlzdG9ncmFt\",\"count\":1,\"min\":1,"
                    + "\"max\":1,\"mean\":1,\"percentiles\":{}}}";
        assertThatThrownBy(() -> Json.readMeasurement(json, "entry"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("entry: not a valid gonogo measurement");
    }

    @Test
    void aGarbageDecisionFileIsInvalidInputWithItsLineAndColumn() throws IOException {
        Path file = dir.resolve("decision.json");
        Files.writeString(file, "{\n  \"schemaVersion\": 1,\n  \"outcome\": \"MAYBE\"\n}\n");
        assertThatThrownBy(() -> Json.readDecision(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ":3:");

        Path evidence = dir.resolve("evidence.json");
        Files.writeString(evidence, "garbage");
        assertThatThrownBy(() -> Json.readEvidence(evidence))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(evidence.toString())
                .hasMessageContaining("not a valid gonogo evidence set");
    }

    @Test
    void writesAtomicallyLeavingNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("out/decision.json");
        Json.write(richDecision(), file);
        Json.write(richDecision(), file);
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("decision.json");
        }
    }

    @Test
    void qualityFlagsOfAMeasurementKeepDeclarationOrder() {
        Measurement m = latency(HEALTH, histogram(1, 1), Quality.PARTIAL, Quality.LOW_SAMPLES);
        assertThat(m.quality()).isEqualTo(EnumSet.of(Quality.LOW_SAMPLES, Quality.PARTIAL));
        assertThat(Json.measurement(m)).contains("\"quality\":[\"LOW_SAMPLES\",\"PARTIAL\"]");
    }
}
