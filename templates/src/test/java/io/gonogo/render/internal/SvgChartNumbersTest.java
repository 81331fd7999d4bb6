package io.gonogo.render.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link SvgChart#n} prints coordinates exactly as the Formatter pattern it replaced did. */
class SvgChartNumbersTest {

    private static String formatter(double v) {
        double r = Math.round(v * 100) / 100.0;
        if (r == Math.rint(r)) {
            return Long.toString((long) r);
        }
        return String.format(Locale.ROOT, "%.2f", r).replaceAll("0+$", "");
    }

    @Test
    void coordinatesMatchTheFormatter() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            double scale = Math.pow(10, random.nextInt(-3, 15));
            double v = (random.nextDouble() - 0.3) * scale;
            assertThat(SvgChart.n(v)).as("%s", v).isEqualTo(formatter(v));
        }
        for (double v :
                new double[] {
                    0,
                    -0.0,
                    0.005,
                    0.015,
                    1.005,
                    -1.005,
                    2.675,
                    123.455,
                    0.1,
                    10.1,
                    99.99,
                    1e7 + 0.25,
                    -3.5,
                    Double.NaN
                }) {
            assertThat(SvgChart.n(v)).as("%s", v).isEqualTo(formatter(v));
        }
        assertThat(SvgChart.n(12.5)).isEqualTo("12.5");
        assertThat(SvgChart.n(3.14159)).isEqualTo("3.14");
    }
}
