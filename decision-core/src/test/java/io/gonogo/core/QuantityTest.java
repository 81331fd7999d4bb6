package io.gonogo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest(name = "''{0}'' is {1} {2}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    5ns        | 5       | NANOSECONDS
                    250us      | 250     | MICROSECONDS
                    10ms       | 10      | MILLISECONDS
                    1.5s       | 1.5     | SECONDS
                    2min       | 2       | MINUTES
                    1h         | 1       | HOURS
                    5000/s     | 5000    | PER_SECOND
                    5000req/s  | 5000    | PER_SECOND
                    120ops/s   | 120     | PER_SECOND
                    99.9%      | 99.9    | PERCENT
                    1.25x      | 1.25    | RATIO
                    512B       | 512     | BYTES
                    64KB       | 64      | KILOBYTES
                    50MB       | 50      | MEGABYTES
                    2GB        | 2       | GIGABYTES
                    4KiB       | 4       | KIBIBYTES
                    256MiB     | 256     | MEBIBYTES
                    1GiB       | 1       | GIBIBYTES
                    42         | 42      | COUNT
                    0          | 0       | COUNT
                    """)
    void parsesEveryUnit(String text, double value, Unit unit) {
        assertThat(Quantity.parse(text)).isEqualTo(new Quantity(value, unit));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10 ms", "10ms", " 10 ms ", "5000 req/s", "99.9 %", "50 MB"})
    void allowsOneOptionalSpaceBetweenNumberAndUnit(String text) {
        assertThat(Quantity.parse(text).unit()).isNotEqualTo(Unit.COUNT);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "5 mss",
                "5,000/s",
                "1e3ms",
                "1e3",
                "10  ms",
                "ms",
                "",
                ".5ms",
                "5.ms",
                "5 m s",
                "10MS",
                "5_000/s",
                "NaNms",
                "Infinity"
            })
    void rejectsWhatIsNotANumberAndAUnit(String text) {
        assertThatThrownBy(() -> Quantity.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected");
    }

    @Test
    void namesTheBadUnitAndListsTheAcceptedOnes() {
        assertThatThrownBy(() -> Quantity.parse("5 mss"))
                .hasMessageStartingWith("'mss' in '5 mss' is not a unit")
                .hasMessageContaining("ns us ms s min h");
    }

    @Test
    void saysThatThousandsSeparatorsAreNotAllowed() {
        assertThatThrownBy(() -> Quantity.parse("5,000/s"))
                .hasMessageContaining("'5,000/s' uses a thousands separator");
        assertThatThrownBy(() -> Quantity.parse("10  ms"))
                .hasMessageContaining("no thousands separators");
    }

    @Test
    void convertsBetweenUnitsOfOneDimension() {
        assertThat(Quantity.parse("1ms").to(Unit.MICROSECONDS))
                .isEqualTo(new Quantity(1000, Unit.MICROSECONDS));
        assertThat(Quantity.parse("1MiB").valueIn(Unit.BYTES)).isEqualTo(1_048_576.0);
        assertThat(Quantity.parse("1GB").valueIn(Unit.BYTES)).isEqualTo(1e9);
        assertThat(Quantity.parse("1.5s").valueIn(Unit.MILLISECONDS)).isEqualTo(1500.0);
        assertThatThrownBy(() -> Quantity.parse("1ms").to(Unit.PER_SECOND))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10ms", "99.9%", "5000/s", "0.25x", "512MiB", "42", "-3ms", "0.001s"})
    void writesACanonicalTextThatParsesBack(String text) {
        Quantity q = Quantity.parse(text);
        assertThat(q.text()).isEqualTo(text);
        assertThat(Quantity.parse(q.text())).isEqualTo(q);
    }

    @Test
    void writesNoExponentNorTrailingZeros() {
        assertThat(new Quantity(1e-7, Unit.SECONDS).text()).isEqualTo("0.0000001s");
        assertThat(new Quantity(2.50, Unit.MILLISECONDS).text()).isEqualTo("2.5ms");
        assertThat(new Quantity(1e9, Unit.BYTES).text()).isEqualTo("1000000000B");
    }

    @Test
    void refusesNonFiniteValues() {
        assertThatThrownBy(() -> new Quantity(Double.NaN, Unit.MILLISECONDS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Quantity(Double.POSITIVE_INFINITY, Unit.BYTES))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
