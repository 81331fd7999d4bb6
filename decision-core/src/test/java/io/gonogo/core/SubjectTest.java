package io.gonogo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.json.Json;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectTest {

    @ParameterizedTest(name = "{0} is {1} {2}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    target.p99-5k           | TARGET    | p99-5k
                    scenario.load.health-1k | SCENARIO  | load.health-1k
                    risk.target.p99         | RISK      | target.p99
                    evidence.2              | EVIDENCE  | 2
                    suite.chaos             | SUITE     | chaos
                    targets                 | TARGETS   | ''
                    checklist               | CHECKLIST | ''
                    policy                  | POLICY    | ''
                    baseline                | BASELINE  | ''
                    decision                | DECISION  | ''
                    target.                 | OTHER     | target.
                    release                 | OTHER     | release
                    """)
    void readsItsKindAndIdFromTheTextAndWritesTheSameText(
            String text, Subject.Kind kind, String id) {
        Subject s = Subject.parse(text);

        assertThat(s.kind()).isEqualTo(kind);
        assertThat(s.id()).isEqualTo(id);
        assertThat(s.text()).isEqualTo(text);
    }

    @Test
    void factoriesWriteThePrefixedForm() {
        assertThat(Subject.scenario("load", "health-1k").text())
                .isEqualTo("scenario.load.health-1k");
        assertThat(Subject.evidence(3)).isEqualTo(Subject.parse("evidence.3"));
        assertThat(Subject.of(Subject.Kind.POLICY).text()).isEqualTo("policy");
    }

    @Test
    void aKindWithAnIdNeedsOneAndAWholePartHasNone() {
        assertThatThrownBy(() -> Subject.target("")).hasMessageContaining("needs an id");
        assertThatThrownBy(() -> new Subject(Subject.Kind.POLICY, "x"))
                .hasMessageContaining("has no id");
    }

    @Test
    void aConditionWritesItsSubjectAsTheSameStringItsTextAndReadsItBack() {
        Condition c =
                new Condition(
                        "target.p99",
                        Subject.target("p99"),
                        "Fix p99.",
                        "Dana",
                        LocalDate.parse("2026-04-02"));

        String json = Json.write(c);

        assertThat(json)
                .isEqualTo(
                        """
                        {
                          "id" : "target.p99",
                          "subject" : "target.p99",
                          "text" : "Fix p99.",
                          "owner" : "Dana",
                          "due" : "2026-04-02"
                        }
                        """);
        assertThat(c.subject()).isEqualTo("target.p99");
    }
}
