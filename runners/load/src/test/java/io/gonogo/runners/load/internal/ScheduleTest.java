package io.gonogo.runners.load.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void a_constant_rate_spaces_requests_evenly() {
        Schedule s = new Schedule(0, 200, 200, 2 * SECOND);

        assertThat(s.measured()).isEqualTo(400);
        for (long i = 0; i < 400; i += 37) {
            assertThat(s.offsetNanos(i)).isCloseTo(i * 5_000_000L, within(2L));
        }
    }

    @Test
    void a_rising_ramp_follows_the_integral_of_a_linear_rate() {
        // 100/s to 300/s over 2 s: arrivals by t are 100 t + 50 t^2, 400 in all
        Schedule s = new Schedule(0, 100, 300, 2 * SECOND);

        assertThat(s.measured()).isEqualTo(400);
        assertThat(s.offsetNanos(0)).isZero();
        assertThat(s.offsetNanos(150))
                .as("100*1 + 50*1 = 150 arrivals after 1 s")
                .isCloseTo(SECOND, within(1_000L));
        assertThat(s.offsetNanos(399)).isLessThan(2 * SECOND);
        double startGap = (s.offsetNanos(1) - s.offsetNanos(0)) / 1e9;
        double endGap = (s.offsetNanos(399) - s.offsetNanos(398)) / 1e9;
        assertThat(startGap).as("about 1/100 s at the start").isCloseTo(0.01, within(0.0002));
        assertThat(endGap).as("about 1/300 s at the end").isCloseTo(1 / 300.0, within(0.0001));
        for (long i = 1; i < 400; i++) {
            assertThat(s.offsetNanos(i)).isGreaterThan(s.offsetNanos(i - 1));
        }
        // the rate over each tenth of the run is the ramp's rate at its middle
        for (int k = 0; k < 10; k++) {
            double from = k * 0.2;
            double to = from + 0.2;
            long count = 0;
            for (long i = 0; i < 400; i++) {
                double t = s.offsetNanos(i) / 1e9;
                if (t >= from && t < to) {
                    count++;
                }
            }
            double expected = (100 * to + 50 * to * to) - (100 * from + 50 * from * from);
            assertThat((double) count)
                    .as("requests in [%.1f, %.1f) s", from, to)
                    .isCloseTo(expected, within(1.01));
        }
    }

    @Test
    void a_falling_ramp_slows_down() {
        Schedule s = new Schedule(0, 300, 100, 2 * SECOND);

        assertThat(s.measured()).isEqualTo(400);
        assertThat(s.offsetNanos(250))
                .as("300*1 - 50*1 = 250 arrivals after 1 s")
                .isCloseTo(SECOND, within(1_000L));
        assertThat(s.offsetNanos(399)).isLessThan(2 * SECOND);
    }

    @Test
    void warm_up_leaves_at_the_starting_rate_before_the_ramp() {
        Schedule s = new Schedule(50, 100, 300, 2 * SECOND);

        assertThat(s.total()).isEqualTo(450);
        assertThat(s.offsetNanos(49)).isCloseTo(490_000_000L, within(2L));
        assertThat(s.offsetNanos(50)).isCloseTo(500_000_000L, within(2L));
        assertThat(s.offsetNanos(200)).isCloseTo(1_500_000_000L, within(1_000L));
    }
}
