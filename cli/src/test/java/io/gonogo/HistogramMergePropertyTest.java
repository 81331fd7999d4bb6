package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.Distribution;
import io.gonogo.core.InvalidInputException;
import io.gonogo.runners.spi.RunShard;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Merging shards is exact: for random latency sets split across 1..16 shards in random ways, the
 * merged histogram equals one histogram of all values, and closed-model shares add up to the whole.
 */
class HistogramMergePropertyTest {

    private static final int CASES = 1_000;
    private static final long HIGHEST = 60_000_000L;

    @Test
    void mergedShardHistogramsEqualOneHistogramOfAllValues() {
        SplittableRandom random = new SplittableRandom(20_261_122L);
        for (int c = 0; c < CASES; c++) {
            int shards = 1 + random.nextInt(16);
            int values = random.nextInt(5_000);
            Histogram whole = new Histogram(1, HIGHEST, 3);
            List<Histogram> parts = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                parts.add(new Histogram(1, HIGHEST, 3));
            }
            // a skewed split: some shards get most values, some none
            double[] weights = new double[shards];
            double sum = 0;
            for (int s = 0; s < shards; s++) {
                weights[s] = random.nextInt(4) == 0 ? 0 : Math.pow(random.nextDouble(), 3);
                sum += weights[s];
            }
            for (int v = 0; v < values; v++) {
                long latency = latency(random);
                whole.recordValue(latency);
                int s = pick(random, weights, sum);
                parts.get(s).recordValue(latency);
            }
            List<String> labels = new ArrayList<>();
            List<Distribution> ds = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                labels.add(s + "/" + shards);
                ds.add(Distribution.of(parts.get(s)));
            }
            Distribution merged = HistogramMerge.merge("latency", labels, ds);
            Distribution expected = Distribution.of(whole);
            String where = "case " + c + ": " + values + " values over " + shards + " shards";
            assertThat(merged.count()).as(where).isEqualTo(whole.getTotalCount());
            assertThat(merged.min()).as(where).isEqualTo(expected.min());
            assertThat(merged.max()).as(where).isEqualTo(expected.max());
            assertThat(merged.mean()).as(where).isEqualTo(expected.mean());
            assertThat(merged.percentiles()).as(where).isEqualTo(expected.percentiles());
            Histogram decoded = merged.decode();
            for (double p = 0; p <= 100; p += 0.5) {
                assertThat(decoded.getValueAtPercentile(p))
                        .as(where + ", p" + p)
                        .isEqualTo(whole.getValueAtPercentile(p));
            }
            assertThat(decoded.getValueAtPercentile(99.99))
                    .as(where)
                    .isEqualTo(whole.getValueAtPercentile(99.99));
            assertThat(decoded).as(where).isEqualTo(whole);
        }
    }

    @Test
    void closedModelSharesAlwaysAddUpToTheWhole() {
        SplittableRandom random = new SplittableRandom(7L);
        for (int c = 0; c < CASES * 10; c++) {
            int shards = 1 + random.nextInt(16);
            long total = random.nextInt(4) == 0 ? random.nextInt(40) : random.nextLong(1L << 40);
            long sum = 0;
            long least = Long.MAX_VALUE;
            long most = 0;
            for (int i = 0; i < shards; i++) {
                long share = new RunShard(i, shards).share(total);
                sum += share;
                least = Math.min(least, share);
                most = Math.max(most, share);
            }
            assertThat(sum).as("%d over %d shards", total, shards).isEqualTo(total);
            assertThat(most - least)
                    .as("near-equal shares of %d over %d", total, shards)
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aShardWhoseHistogramHasAnotherRangeIsAnErrorNamingIt() {
        Histogram a = new Histogram(1, HIGHEST, 3);
        Histogram b = new Histogram(1, 1_000_000L, 2);
        a.recordValue(10);
        b.recordValue(10);
        assertThatThrownBy(
                        () ->
                                HistogramMerge.merge(
                                        "latency",
                                        List.of("0/2", "1/2"),
                                        List.of(Distribution.of(a), Distribution.of(b))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shard 1/2")
                .hasMessageContaining("2 significant digits");
    }

    /** Mostly around a millisecond, with a long tail up to seconds. */
    private static long latency(SplittableRandom random) {
        double u = random.nextDouble();
        if (u < 0.9) {
            return 200 + random.nextInt(2_000);
        }
        if (u < 0.999) {
            return 2_000 + random.nextInt(200_000);
        }
        return 1 + random.nextLong(HIGHEST);
    }

    private static int pick(SplittableRandom random, double[] weights, double sum) {
        if (sum == 0) {
            return random.nextInt(weights.length);
        }
        double x = random.nextDouble() * sum;
        for (int s = 0; s < weights.length; s++) {
            x -= weights[s];
            if (x < 0 && weights[s] > 0) {
                return s;
            }
        }
        for (int s = weights.length - 1; s >= 0; s--) {
            if (weights[s] > 0) {
                return s;
            }
        }
        return 0;
    }
}
