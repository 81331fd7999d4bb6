package io.gonogo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

/** {@link Distribution#addTo} merges exactly as adding the decoded histogram does. */
class DistributionAddToTest {

    private static List<long[]> recorded(Histogram h) {
        List<long[]> out = new ArrayList<>();
        for (HistogramIterationValue v : h.recordedValues()) {
            out.add(new long[] {v.getValueIteratedTo(), v.getCountAtValueIteratedTo()});
        }
        return out;
    }

    private static void assertSame(Histogram viaAddTo, Histogram viaDecode) {
        assertThat(viaAddTo.getTotalCount()).isEqualTo(viaDecode.getTotalCount());
        assertThat(recorded(viaAddTo)).containsExactlyElementsOf(recorded(viaDecode));
        if (viaDecode.getTotalCount() > 0) {
            assertThat(viaAddTo.getMinValue()).isEqualTo(viaDecode.getMinValue());
            assertThat(viaAddTo.getMaxValue()).isEqualTo(viaDecode.getMaxValue());
            assertThat(viaAddTo.getMean()).isEqualTo(viaDecode.getMean());
            for (double p : new double[] {0, 50, 90, 99, 99.9, 99.99, 100}) {
                assertThat(viaAddTo.getValueAtPercentile(p))
                        .as("p%s", p)
                        .isEqualTo(viaDecode.getValueAtPercentile(p));
            }
        }
    }

    @Test
    void mergesLikeDecodeAndAddOverManyShapes() {
        SplittableRandom random = new SplittableRandom(7);
        long[][] shapes = {
            {1, 60_000_000}, {1, 3_600_000_000L}, {1000, 10_000_000_000L}, {1, 2}, {7, 1_000_000}
        };
        for (int digits = 0; digits <= 5; digits++) {
            for (long[] shape : shapes) {
                Histogram viaAddTo = new Histogram(3);
                Histogram viaDecode = new Histogram(3);
                for (int part = 0; part < 4; part++) {
                    Histogram h = new Histogram(shape[0], Math.max(shape[1], 2 * shape[0]), digits);
                    int n = part == 3 ? 0 : 1 + random.nextInt(3_000);
                    for (int i = 0; i < n; i++) {
                        long v =
                                part == 1
                                        ? random.nextLong(shape[1])
                                        : random.nextLong(Math.min(shape[1], 5_000));
                        h.recordValueWithCount(v, 1 + random.nextInt(part == 2 ? 1_000_000 : 3));
                    }
                    Distribution d = Distribution.of(h);
                    d.addTo(viaAddTo);
                    viaDecode.add(d.decode());
                }
                assertSame(viaAddTo, viaDecode);
            }
        }
    }

    @Test
    void decodeCompactAnswersAsDecodeDoes() {
        SplittableRandom random = new SplittableRandom(9);
        long[][] shapes = {{1, 60_000_000}, {1000, 10_000_000_000L}, {7, 1_000_000}, {1, 2}};
        for (int digits = 0; digits <= 5; digits++) {
            for (long[] shape : shapes) {
                Histogram h = new Histogram(shape[0], Math.max(shape[1], 2 * shape[0]), digits);
                int n = digits == 2 ? 0 : 1 + random.nextInt(2_000);
                for (int i = 0; i < n; i++) {
                    h.recordValueWithCount(
                            random.nextLong(Math.max(shape[1] / (1 + random.nextInt(1000)), 1)),
                            1 + random.nextInt(3));
                }
                Distribution d = Distribution.of(h);
                Histogram compact = d.decodeCompact();
                Histogram full = d.decode();
                assertThat(compact.getLowestDiscernibleValue())
                        .isEqualTo(full.getLowestDiscernibleValue());
                assertThat(compact.getNumberOfSignificantValueDigits())
                        .isEqualTo(full.getNumberOfSignificantValueDigits());
                assertSame(compact, full);
            }
        }
    }

    @Test
    void countsAboveOneBytePerLebGroupAndHugeCountsSurvive() {
        Histogram h = new Histogram(1, 60_000_000, 3);
        h.recordValueWithCount(1, Long.MAX_VALUE / 4);
        h.recordValueWithCount(59_000_000, 1L << 40);
        h.recordValueWithCount(1234, 300);
        Distribution d = Distribution.of(h);
        Histogram viaAddTo = new Histogram(3);
        d.addTo(viaAddTo);
        Histogram viaDecode = new Histogram(3);
        viaDecode.add(d.decode());
        assertSame(viaAddTo, viaDecode);
    }

    @Test
    void anotherEncodingIsLeftToDecodeWhichRejectsIt() {
        Histogram h = new Histogram(1, 1_000_000, 2);
        h.recordValue(42);
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoByteBuffer(buffer);
        String base64 = Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
        Distribution d = new Distribution(base64, 1, 42, 42, 42, Map.of());
        String decodeSays = catchThrowable(d::decode).getMessage();
        Histogram into = new Histogram(3);
        assertThatThrownBy(() -> d.addTo(into))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(decodeSays);
        assertThat(into.getTotalCount()).isZero();
    }

    @Test
    void aCorruptHistogramSaysSo() {
        Histogram h = new Histogram(1, 60_000_000, 3);
        for (int i = 1; i < 500; i++) {
            h.recordValue(i * 37L);
        }
        String full = Distribution.of(h).histogram();
        Distribution cut =
                new Distribution(full.substring(0, full.length() / 2), 499, 0, 0, 0, Map.of());
        assertThatThrownBy(() -> cut.addTo(new Histogram(3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void aCorruptHistogramSaysSoEveryTime() {
        Histogram h = new Histogram(1, 60_000_000, 3);
        h.recordValue(5);
        String full = Distribution.of(h).histogram();
        Distribution cut =
                new Distribution(full.substring(0, full.length() / 2), 1, 0, 0, 0, Map.of());
        for (int i = 0; i < 2; i++) { // what was read is kept, a failure is not
            assertThatThrownBy(() -> cut.addTo(new Histogram(3)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("corrupt");
        }
    }

    @Test
    void oneInstanceMergedAgainAndOnManyThreadsGivesTheSameSamples() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        Histogram h = new Histogram(1, 60_000_000, 3);
        for (int i = 0; i < 5_000; i++) {
            h.recordValue(1 + random.nextLong(2_000_000));
        }
        Distribution d =
                new Distribution(
                        Distribution.of(h).histogram(), h.getTotalCount(), 0, 0, 0, Map.of());
        Histogram expected = new Histogram(3);
        expected.add(d.decode());
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Histogram>> merges = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                merges.add(
                        pool.submit(
                                () -> {
                                    Histogram into = new Histogram(3);
                                    d.addTo(into);
                                    d.addTo(into);
                                    return into;
                                }));
            }
            expected.add(d.decode());
            for (java.util.concurrent.Future<Histogram> f : merges) {
                assertSame(f.get(), expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertSame(d.decodeCompact(), d.decode());
    }

    @Test
    void equalsAndHashCodeOverItsSixFieldsAsARecordWould() {
        Histogram h = new Histogram(1, 1_000, 2);
        h.recordValue(7);
        Distribution a = Distribution.of(h);
        Distribution b =
                new Distribution(
                        a.histogram(), a.count(), a.min(), a.max(), a.mean(), a.percentiles());
        a.addTo(new Histogram(3)); // reading the samples does not change what it equals
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a)
                .isNotEqualTo(
                        new Distribution(
                                a.histogram(),
                                a.count() + 1,
                                a.min(),
                                a.max(),
                                a.mean(),
                                a.percentiles()));
        assertThat(a)
                .isNotEqualTo(
                        new Distribution(
                                a.histogram(),
                                a.count(),
                                a.min(),
                                a.max(),
                                a.mean() + 1,
                                a.percentiles()));
        assertThat(a.toString())
                .startsWith("Distribution[histogram=" + a.histogram() + ", count=1,");
    }
}
