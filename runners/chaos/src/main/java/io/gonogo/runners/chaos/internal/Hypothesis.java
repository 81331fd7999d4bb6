package io.gonogo.runners.chaos.internal;

import io.gonogo.core.Criterion;
import io.gonogo.core.Unit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A chaos scenario's steady-state hypothesis: checks per phase, a bound on the recovery time, and
 * whether acknowledged writes must survive.
 *
 * @param before checks on the phase before the fault
 * @param during checks on the phase from the fault's start until the service recovered
 * @param after checks on the phase after the service recovered
 * @param recovery bound on the recovery time, if any
 * @param critical whether the generated targets are critical
 */
record Hypothesis(
        List<Check> before,
        List<Check> during,
        List<Check> after,
        Optional<Criterion> recovery,
        boolean critical) {

    /**
     * One check: a figure of a phase (success_rate, error_rate, throughput, or a latency
     * percentile) and its criterion.
     */
    record Check(String figure, Criterion criterion) {
        /** Whether the figure is a latency percentile such as p99. */
        boolean percentile() {
            return figure.matches("p\\d+(\\.\\d+)?");
        }

        double percentileValue() {
            return Double.parseDouble(figure.substring(1));
        }

        /** The figure's value in the given phase/window stats, in the figure's unit. */
        double value(WindowStats s) {
            return switch (figure) {
                case "success_rate" -> s.successRate();
                case "error_rate" -> 100 - s.successRate();
                case "throughput" -> s.throughput();
                default -> s.latencyPercentileMicros(percentileValue());
            };
        }

        Unit unit() {
            return switch (figure) {
                case "success_rate", "error_rate" -> Unit.PERCENT;
                case "throughput" -> Unit.PER_SECOND;
                default -> Unit.MICROSECONDS;
            };
        }

        boolean holds(WindowStats s) {
            return criterion.holds(value(s), unit());
        }

        /** The value as text in the criterion's unit, e.g. {@code 12.3ms}. */
        String shown(WindowStats s) {
            double v = unit().convert(value(s), criterion.threshold().unit());
            return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+$", "")
                    + criterion.threshold().unit().symbol();
        }

        /**
         * Whether the check can be judged on a single window (throughput depends on the load
         * model).
         */
        boolean perWindow() {
            return !figure.equals("throughput");
        }
    }
}
