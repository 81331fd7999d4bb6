package io.gonogo.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.DecisionEngine;
import io.gonogo.core.EvidenceFixtures;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.Unit;
import io.gonogo.core.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * The structured form ({@code aggregate: p99} with {@code pass: < 15ms}) and the compact form
 * ({@code pass: p(99) < 15ms}) give identical verdicts on one shared table of cases, {@code
 * criterion-forms.psv}.
 */
class CriterionFormsTest {
    private static final PlannedScenario S = EvidenceFixtures.scenario("s");
    private static final Map<String, Unit> UNITS =
            Map.of(
                    "latency",
                    Unit.MICROSECONDS,
                    "success_rate",
                    Unit.PERCENT,
                    "throughput",
                    Unit.PER_SECOND,
                    "errors",
                    Unit.COUNT);

    private static Target parse(String metric, String aggregate, String pass) {
        String yaml =
                """
                release: {name: forms}
                sut: embedded
                suites: {load: {}}
                targets:
                  - id: t
                    metric: %s
                    where: {scenario: s}
                %s    pass: "%s"
                """
                        .formatted(
                                metric,
                                aggregate.equals("-") ? "" : "    aggregate: " + aggregate + "\n",
                                pass);
        return TargetsParser.parse(Path.of("forms.yaml"), yaml).targets().get(0);
    }

    private static EvidenceSet evidence(String metric, String values) {
        List<Measurement> ms = new ArrayList<>();
        if (metric.equals("latency")) {
            Histogram h = new Histogram(3);
            for (String part : values.split(",")) {
                String[] vc = part.split("x");
                h.recordValueWithCount(Long.parseLong(vc[0]), Long.parseLong(vc[1]));
            }
            ms.add(EvidenceFixtures.latency(S, h));
            // no request timed out: a percentile needs the count
            ms.add(EvidenceFixtures.noTimeouts(S));
        } else {
            for (String v : values.split(",")) {
                ms.add(
                        EvidenceFixtures.scalar(
                                S, metric, UNITS.get(metric), Double.parseDouble(v)));
            }
            if (metric.equals("throughput")) {
                // the answered requests the rates count: measured over several seconds
                ms.add(EvidenceFixtures.latency(S, EvidenceFixtures.histogram(1000, 10_000)));
            }
        }
        // enough attempts for any success-rate rule
        ms.add(EvidenceFixtures.scalar(S, "requests", Unit.COUNT, 1_000_000));
        return EvidenceFixtures.evidence(ms, List.of(EvidenceFixtures.passed(S)));
    }

    private static TargetVerdict judge(Target t, EvidenceSet e) {
        return DecisionEngine.builder()
                .build()
                .decide(List.of(t), List.of(S), e, EvidenceFixtures.AS_OF)
                .verdicts()
                .get(0);
    }

    @ParameterizedTest(name = "{0} {1}: ''{2} {3}'' and ''{4}'' are {5}")
    @CsvFileSource(resources = "/criterion-forms.psv", delimiter = '|')
    void bothFormsGiveTheSameVerdict(
            String metric,
            String values,
            String aggregate,
            String structured,
            String compact,
            Verdict expected) {
        EvidenceSet e = evidence(metric, values);
        Target s = parse(metric, aggregate, structured);
        Target c = parse(metric, "-", compact);
        if (!aggregate.equals("-")) {
            assertThat(c.aggregate()).isEqualTo(s.aggregate());
        }
        TargetVerdict vs = judge(s, e);
        TargetVerdict vc = judge(c, e);
        assertThat(vs.verdict()).as("structured: " + vs.reason()).isEqualTo(expected);
        assertThat(vc.verdict()).as("compact: " + vc.reason()).isEqualTo(expected);
        assertThat(vc.achieved()).isEqualTo(vs.achieved());
    }

    @Test
    void theCompactFormSetsTheAggregation() {
        assertThat(parse("latency", "-", "p(99) < 15ms").aggregate())
                .contains(Aggregation.parse("p99"));
        assertThat(parse("latency", "-", "avg < 5ms").aggregate())
                .contains(new Aggregation(Aggregation.Kind.MEAN, 0));
        assertThat(parse("latency", "-", "med < 5ms").aggregate())
                .contains(Aggregation.parse("p50"));
        assertThat(parse("success_rate", "-", "rate > 99.9%").aggregate()).isEmpty();
        assertThat(parse("success_rate", "-", "rate > 0.999").pass().text()).isEqualTo("> 99.9%");
        assertThat(parse("latency", "p99", "p(99) < 15ms").aggregate())
                .contains(Aggregation.parse("p99"));
    }

    @Test
    void rejectsAnAggregationGivenTwiceDifferently() {
        assertThatThrownBy(() -> parse("latency", "p95", "p(99) < 15ms"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "forms.yaml:9:11: 'pass' names the aggregation p99 but 'aggregate' is p95");
    }

    @Test
    void rejectsRateOnAMetricThatIsNotAShare() {
        assertThatThrownBy(() -> parse("throughput", "-", "rate > 99%"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'pass' uses rate, but 'throughput' is not a share");
        assertThatThrownBy(() -> parse("success_rate", "-", "rate > 5ms"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rate takes a share");
    }
}
