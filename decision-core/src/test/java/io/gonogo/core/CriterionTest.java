package io.gonogo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CriterionTest {

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    < 10ms        | LT | 10   | MILLISECONDS
                    <10ms         | LT | 10   | MILLISECONDS
                    <= 10 ms      | LE | 10   | MILLISECONDS
                    > 5000/s      | GT | 5000 | PER_SECOND
                    >= 5000 req/s | GE | 5000 | PER_SECOND
                    >=99.9%       | GE | 99.9 | PERCENT
                    <= 50MB       | LE | 50   | MEGABYTES
                    < 3           | LT | 3    | COUNT
                    """)
    void parsesOperatorAndQuantity(String text, Relation relation, double value, Unit unit) {
        assertThat(Criterion.parse(text))
                .isEqualTo(new Criterion(relation, new Quantity(value, unit)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"10ms", "= 10ms", "== 10ms", "=< 10ms", "<", "", "less than 10ms", "!= 5/s"})
    void rejectsAMissingOrUnknownOperator(String text) {
        assertThatThrownBy(() -> Criterion.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected an operator (<, <=, >, >=)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"< 5 mss", "< 1e3ms"})
    void rejectsAQuantityThatDoesNotParse(String text) {
        assertThatThrownBy(() -> Criterion.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a unit");
    }

    @Test
    void rejectsAThousandsSeparatorSayingSo() {
        assertThatThrownBy(() -> Criterion.parse("< 5,000/s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "uses a thousands separator; expected the number without one");
    }

    @Test
    void strictBelowFailsAtExactlyTheThresholdInAnyUnit() {
        Criterion c = Criterion.parse("< 10ms");
        assertThat(c.holds(10, Unit.MILLISECONDS)).isFalse();
        assertThat(c.holds(10_000, Unit.MICROSECONDS)).isFalse();
        assertThat(c.holds(10_000_000, Unit.NANOSECONDS)).isFalse();
        assertThat(c.holds(0.01, Unit.SECONDS)).isFalse();
        assertThat(c.holds(9_999, Unit.MICROSECONDS)).isTrue();
        assertThat(c.holds(9.999, Unit.MILLISECONDS)).isTrue();
    }

    @Test
    void inclusiveBelowHoldsAtExactlyTheThreshold() {
        Criterion c = Criterion.parse("<= 10ms");
        assertThat(c.holds(10, Unit.MILLISECONDS)).isTrue();
        assertThat(c.holds(10_000, Unit.MICROSECONDS)).isTrue();
        assertThat(c.holds(10_001, Unit.MICROSECONDS)).isFalse();
    }

    @Test
    void strictAboveFailsAtExactlyTheThreshold() {
        Criterion c = Criterion.parse("> 5000/s");
        assertThat(c.holds(5000, Unit.PER_SECOND)).isFalse();
        assertThat(c.holds(5000.001, Unit.PER_SECOND)).isTrue();
        assertThat(c.holds(4999, Unit.PER_SECOND)).isFalse();
    }

    @Test
    void inclusiveAboveHoldsAtExactlyTheThreshold() {
        Criterion c = Criterion.parse(">= 99.9%");
        assertThat(c.holds(99.9, Unit.PERCENT)).isTrue();
        assertThat(c.holds(99.89, Unit.PERCENT)).isFalse();
        assertThat(Criterion.parse(">= 5000 req/s").holds(5000, Unit.PER_SECOND)).isTrue();
    }

    @Test
    void comparesAcrossUnitsOfOneDimension() {
        assertThat(Criterion.parse("< 10ms").holds(9_999, Unit.MICROSECONDS)).isTrue();
        assertThat(Criterion.parse("< 1s").holds(999, Unit.MILLISECONDS)).isTrue();
        assertThat(Criterion.parse("< 1s").holds(1_000_000, Unit.MICROSECONDS)).isFalse();
        assertThat(Criterion.parse("<= 1MiB").holds(1_048_576, Unit.BYTES)).isTrue();
        assertThat(Criterion.parse("<= 1MB").holds(1_048_576, Unit.BYTES)).isFalse();
        assertThat(Criterion.parse("< 2min").holds(119, Unit.SECONDS)).isTrue();
        assertThat(Criterion.parse("< 1h").holds(60, Unit.MINUTES)).isFalse();
    }

    @Test
    void refusesToCompareAcrossDimensions() {
        assertThatThrownBy(() -> Criterion.parse("< 10ms").holds(5, Unit.PER_SECOND))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"< 10ms", "<= 2.5s", "> 5000/s", ">= 99.9%", "< 512MiB"})
    void writesTheCriterionAsItParsesBack(String text) {
        assertThat(Criterion.parse(text).text()).isEqualTo(text);
        assertThat(Criterion.parse(Criterion.parse(text).text())).isEqualTo(Criterion.parse(text));
    }

    @Test
    void knowsWhichDirectionIsBetter() {
        assertThat(Relation.LT.lowerIsBetter()).isTrue();
        assertThat(Relation.LE.lowerIsBetter()).isTrue();
        assertThat(Relation.GT.lowerIsBetter()).isFalse();
        assertThat(Relation.GE.lowerIsBetter()).isFalse();
    }
}
