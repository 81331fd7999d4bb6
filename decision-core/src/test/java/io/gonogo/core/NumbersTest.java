package io.gonogo.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link Numbers#grouped} and {@link Quantity#text} read exactly as the Formatter patterns they
 * replace.
 */
class NumbersTest {

    @Test
    void groupedMatchesFormatterGrouping() {
        long[] values = {
            0,
            1,
            -1,
            12,
            999,
            -999,
            1000,
            -1000,
            12_345,
            123_456,
            -123_456,
            1_234_567,
            10_000,
            100_000_000,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            Long.MIN_VALUE + 1
        };
        for (long v : values) {
            assertThat(Numbers.grouped(v))
                    .as("%d", v)
                    .isEqualTo(String.format(Locale.ROOT, "%,d", v));
        }
        assertThat(Numbers.grouped(1_234_567)).isEqualTo("1,234,567");
    }

    @Test
    void wholeQuantitiesPrintWithoutDecimals() {
        assertThat(new Quantity(50, Unit.MILLISECONDS).text()).isEqualTo("50ms");
        assertThat(new Quantity(-3, Unit.COUNT).text())
                .isEqualTo(String.format(Locale.ROOT, "%d", -3L) + Unit.COUNT.symbol());
        assertThat(new Quantity(99.9, Unit.PERCENT).text()).isEqualTo("99.9%");
    }
}
