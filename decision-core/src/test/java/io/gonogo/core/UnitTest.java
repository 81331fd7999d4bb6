package io.gonogo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    ns    | NANOSECONDS
                    us    | MICROSECONDS
                    µs    | MICROSECONDS
                    ms    | MILLISECONDS
                    s     | SECONDS
                    min   | MINUTES
                    h     | HOURS
                    /s    | PER_SECOND
                    req/s | PER_SECOND
                    ops/s | PER_SECOND
                    %     | PERCENT
                    x     | RATIO
                    B     | BYTES
                    KB    | KILOBYTES
                    MB    | MEGABYTES
                    GB    | GIGABYTES
                    KiB   | KIBIBYTES
                    MiB   | MEBIBYTES
                    GiB   | GIBIBYTES
                    """)
    void findsEveryDocumentedSymbol(String symbol, Unit expected) {
        assertThat(Unit.fromSymbol(symbol)).contains(expected);
    }

    @Test
    void theEmptySymbolIsAPlainCount() {
        assertThat(Unit.fromSymbol("")).contains(Unit.COUNT);
        assertThat(Unit.COUNT.dimension()).isEqualTo(Unit.Dimension.COUNT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mss", "MS", "sec", "kb", "mb", "Kib", "/min", "e3ms", ",000/s", "5"})
    void doesNotRecogniseOtherSymbols(String symbol) {
        assertThat(Unit.fromSymbol(symbol)).isEmpty();
    }

    @Test
    void everyUnitReadsBackFromItsOwnSymbol() {
        for (Unit unit : Unit.values()) {
            assertThat(Unit.fromSymbol(unit.symbol())).as(unit.name()).contains(unit);
        }
    }

    @Test
    void convertsDurationsByPowersOfAThousandAndSixty() {
        assertThat(Unit.MILLISECONDS.convert(1, Unit.MICROSECONDS)).isEqualTo(1000.0);
        assertThat(Unit.MICROSECONDS.convert(1, Unit.NANOSECONDS)).isEqualTo(1000.0);
        assertThat(Unit.SECONDS.convert(1, Unit.MILLISECONDS)).isEqualTo(1000.0);
        assertThat(Unit.MINUTES.convert(1, Unit.SECONDS)).isEqualTo(60.0);
        assertThat(Unit.HOURS.convert(1, Unit.MINUTES)).isEqualTo(60.0);
        assertThat(Unit.MICROSECONDS.convert(9999, Unit.MILLISECONDS))
                .isCloseTo(9.999, within(1e-12));
        assertThat(Unit.MICROSECONDS.convert(10_000, Unit.MILLISECONDS)).isEqualTo(10.0);
    }

    @Test
    void convertsDecimalBytesByPowersOf1000AndBinaryBytesByPowersOf1024() {
        assertThat(Unit.KILOBYTES.convert(1, Unit.BYTES)).isEqualTo(1_000.0);
        assertThat(Unit.MEGABYTES.convert(1, Unit.BYTES)).isEqualTo(1_000_000.0);
        assertThat(Unit.GIGABYTES.convert(1, Unit.BYTES)).isEqualTo(1e9);
        assertThat(Unit.KIBIBYTES.convert(1, Unit.BYTES)).isEqualTo(1024.0);
        assertThat(Unit.MEBIBYTES.convert(1, Unit.BYTES)).isEqualTo(1_048_576.0);
        assertThat(Unit.GIBIBYTES.convert(1, Unit.BYTES)).isEqualTo(1_073_741_824.0);
        assertThat(Unit.MEBIBYTES.convert(1, Unit.KIBIBYTES)).isEqualTo(1024.0);
    }

    @Test
    void rateSpellingsAreOneUnit() {
        assertThat(Unit.fromSymbol("req/s"))
                .isEqualTo(Unit.fromSymbol("/s"))
                .isEqualTo(Unit.fromSymbol("ops/s"));
    }

    @Test
    void refusesToConvertBetweenDimensions() {
        assertThatThrownBy(() -> Unit.MILLISECONDS.convert(1, Unit.BYTES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ms")
                .hasMessageContaining("different dimensions");
        assertThatThrownBy(() -> Unit.PER_SECOND.convert(1, Unit.PERCENT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
