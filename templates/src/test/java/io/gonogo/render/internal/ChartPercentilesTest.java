package io.gonogo.render.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * {@link Charts#valuesAtPercentiles} and {@link Charts#mean} give what {@link Histogram} gives, bit
 * for bit.
 */
class ChartPercentilesTest {

    @Test
    void onePassMatchesThePerPercentileScan() {
        SplittableRandom random = new SplittableRandom(3);
        double[] ps = new double[1 + 61 * 5 + 2];
        int k = 0;
        ps[k++] = 0;
        for (int i = 0; i <= 60; i++) {
            for (int j = 0; j < 5; j++) {
                ps[k++] = 100 * (1 - Math.pow(0.5, i) * (1 - j / 5.0 * 0.5));
            }
        }
        ps[k++] = 100;
        ps[k] = 50; // out of order: asked of the histogram itself
        for (int round = 0; round < 300; round++) {
            Histogram h =
                    round % 7 == 0
                            ? new Histogram(1000, 1L << 40, 2)
                            : new Histogram(1 + random.nextInt(3));
            h.setAutoResize(true);
            int n = round % 50 == 0 ? 0 : 1 + random.nextInt(round % 3 == 0 ? 5 : 20_000);
            long range = 1L << (4 + random.nextInt(30));
            for (int i = 0; i < n; i++) {
                h.recordValueWithCount(
                        random.nextLong(range), 1 + (round % 5 == 0 ? random.nextInt(1_000) : 0));
            }
            long[] got = Charts.valuesAtPercentiles(h, ps);
            for (int i = 0; i < ps.length; i++) {
                assertThat(got[i])
                        .as("round %d, p%s", round, ps[i])
                        .isEqualTo(h.getValueAtPercentile(ps[i]));
            }
            assertThat(Charts.mean(h)).as("round %d mean", round).isEqualTo(h.getMean());
        }
    }
}
