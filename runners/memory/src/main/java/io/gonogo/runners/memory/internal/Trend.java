package io.gonogo.runners.memory.internal;

import io.gonogo.runners.memory.Gauge;
import io.gonogo.runners.memory.Sample;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The verdict figures of a memory scenario, computed from its observations (warm-up excluded).
 *
 * <p>The slope is the ordinary-least-squares slope of live heap after GC against completed measured
 * operations, in bytes per 1,000 operations, with its two-sided 95% confidence interval
 * (commons-math3 {@link SimpleRegression}, Student's t with n - 2 degrees of freedom); it needs at
 * least three samples for an interval. Growth figures compare the last sample of the workload with
 * the first (the baseline, taken when the measured part began); residuals compare the last sample
 * of the linger with the same baseline. The GC reclaim rate is the share of the heap allocated
 * during the workload that collections freed (see {@link #gcReclaim()}).
 */
final class Trend {
    /** The smallest number of samples for which a slope has an interval at all. */
    static final int MIN_FOR_INTERVAL = 3;

    /**
     * The slope and its interval, in bytes per 1,000 operations.
     *
     * @param slope the point estimate
     * @param low the interval's low bound ({@code NaN} without an interval)
     * @param high the interval's high bound ({@code NaN} without an interval)
     * @param samples samples used
     */
    record Slope(double slope, double low, double high, int samples) {
        boolean hasInterval() {
            return !Double.isNaN(low);
        }
    }

    private final List<Observation> during;
    private final List<Observation> linger;

    Trend(List<Observation> all) {
        this.during = all.stream().filter(o -> o.phase() == Observation.Phase.DURING).toList();
        this.linger = all.stream().filter(o -> o.phase() == Observation.Phase.LINGER).toList();
    }

    /** Samples of the measured workload. */
    int duringSamples() {
        return during.size();
    }

    /** Samples of the workload that carry live heap. */
    int heapSamples() {
        return (int)
                during.stream().filter(o -> o.sample().get(Gauge.HEAP_LIVE).isPresent()).count();
    }

    /**
     * The live-heap slope against operations; empty below two samples or when operations did not
     * advance.
     */
    java.util.Optional<Slope> heapSlope() {
        SimpleRegression r = new SimpleRegression(true);
        int n = 0;
        for (Observation o : during) {
            OptionalDouble live = o.sample().get(Gauge.HEAP_LIVE);
            if (live.isPresent()) {
                r.addData(o.operations() / 1000.0, live.getAsDouble());
                n++;
            }
        }
        if (n < 2) {
            return java.util.Optional.empty();
        }
        double slope = r.getSlope();
        if (!Double.isFinite(slope)) {
            return java.util.Optional.empty();
        }
        if (n < MIN_FOR_INTERVAL) {
            return java.util.Optional.of(new Slope(slope, Double.NaN, Double.NaN, n));
        }
        double half = r.getSlopeConfidenceInterval(0.05);
        if (!Double.isFinite(half)) {
            // a perfect fit: the interval collapses onto the slope
            half = 0;
        }
        return java.util.Optional.of(new Slope(slope, slope - half, slope + half, n));
    }

    /** Last over first live heap of the workload. */
    OptionalDouble heapGrowth() {
        OptionalDouble first = first(Gauge.HEAP_LIVE);
        OptionalDouble last = last(during, Gauge.HEAP_LIVE);
        if (first.isEmpty() || last.isEmpty() || first.getAsDouble() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(last.getAsDouble() / first.getAsDouble());
    }

    /** Last minus first value of {@code g} during the workload. */
    OptionalDouble growth(Gauge g) {
        OptionalDouble first = first(g);
        OptionalDouble last = last(during, g);
        return first.isEmpty() || last.isEmpty()
                ? OptionalDouble.empty()
                : OptionalDouble.of(last.getAsDouble() - first.getAsDouble());
    }

    /** Last value of {@code g} in the linger minus the workload's baseline. */
    OptionalDouble residual(Gauge g) {
        OptionalDouble first = first(g);
        OptionalDouble last = last(linger, g);
        return first.isEmpty() || last.isEmpty()
                ? OptionalDouble.empty()
                : OptionalDouble.of(last.getAsDouble() - first.getAsDouble());
    }

    /** The baseline (first workload sample) of {@code g}. */
    OptionalDouble baseline(Gauge g) {
        return first(g);
    }

    /**
     * The GC reclaim rate in percent: of the heap allocated during the workload, the share that
     * collections freed, {@code 100 * (1 - max(0, live growth) / allocated)}. Allocation comes from
     * the service's allocation counter when the source has one (summed increases between samples),
     * else from the samples as the sum of {@code used(i) - live(i-1)} (a lower bound: collections
     * between samples hide some allocation).
     */
    OptionalDouble gcReclaim() {
        OptionalDouble growth = growth(Gauge.HEAP_LIVE);
        if (growth.isEmpty()) {
            return OptionalDouble.empty();
        }
        double allocated = 0;
        boolean counted = false;
        OptionalDouble previous = OptionalDouble.empty();
        for (Observation o : during) {
            OptionalDouble a = o.sample().get(Gauge.ALLOCATED);
            if (a.isPresent()) {
                if (previous.isPresent()) {
                    // threads that ended take their counts with them: a drop is not negative
                    // allocation
                    allocated += Math.max(0, a.getAsDouble() - previous.getAsDouble());
                    counted = true;
                }
                previous = a;
            }
        }
        if (!counted) {
            OptionalDouble previousLive = OptionalDouble.empty();
            for (Observation o : during) {
                OptionalDouble used = o.sample().get(Gauge.HEAP_USED);
                if (previousLive.isPresent() && used.isPresent()) {
                    allocated += Math.max(0, used.getAsDouble() - previousLive.getAsDouble());
                }
                OptionalDouble live = o.sample().get(Gauge.HEAP_LIVE);
                if (live.isPresent()) {
                    previousLive = live;
                }
            }
        }
        if (allocated <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(100.0 * (1 - Math.max(0, growth.getAsDouble()) / allocated));
    }

    private OptionalDouble first(Gauge g) {
        for (Observation o : during) {
            OptionalDouble v = o.sample().get(g);
            if (v.isPresent()) {
                return v;
            }
        }
        return OptionalDouble.empty();
    }

    private static OptionalDouble last(List<Observation> list, Gauge g) {
        for (int i = list.size() - 1; i >= 0; i--) {
            Sample s = list.get(i).sample();
            OptionalDouble v = s.get(g);
            if (v.isPresent()) {
                return v;
            }
        }
        return OptionalDouble.empty();
    }
}
