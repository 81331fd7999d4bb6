package io.gonogo.core;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A distribution of samples: the encoded HdrHistogram that recorded every sample, and the summary
 * figures read from it.
 *
 * <p>{@code histogram} is the base64 of HdrHistogram's compressed encoding, the same form its
 * interval logs use; it is the source of truth: merging adds histograms, never averages
 * percentiles. The summary is for readers of the JSON.
 *
 * @param histogram base64 of the compressed histogram
 * @param count number of samples
 * @param min smallest sample
 * @param max largest sample
 * @param mean arithmetic mean
 * @param percentiles value at p50, p90, p95, p99, p99.9 and p99.99 (keys as written)
 */
public record Distribution(
        String histogram, long count, double min, double max, double mean,
        Map<String, Double> percentiles) implements MeasuredValue {

    /** The percentiles every distribution summarises. */
    public static final double[] SUMMARY_PERCENTILES = {50, 90, 95, 99, 99.9, 99.99};

    /** Copies the map. */
    public Distribution {
        Objects.requireNonNull(histogram, "histogram");
        percentiles = Map.copyOf(percentiles);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
    }

    /** Encodes {@code h} and summarises it. */
    public static Distribution of(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        Map<String, Double> pcts = new LinkedHashMap<>();
        for (double p : SUMMARY_PERCENTILES) {
            pcts.put(percentileKey(p), h.getTotalCount() == 0 ? 0.0 : (double) h.getValueAtPercentile(p));
        }
        long n = h.getTotalCount();
        return new Distribution(Base64.getEncoder().encodeToString(bytes), n,
                n == 0 ? 0 : h.getMinValue(), n == 0 ? 0 : h.getMaxValue(), n == 0 ? 0 : h.getMean(), pcts);
    }

    /** Decodes the histogram. */
    public Histogram decode() {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(histogram)), 0);
        } catch (DataFormatException | RuntimeException e) {
            // a cut-short buffer surfaces as BufferUnderflow or ArrayIndexOutOfBounds from HdrHistogram
            throw new IllegalStateException("the histogram of this distribution is corrupt: " + e.getMessage(), e);
        }
    }

    /** The key of percentile {@code p} in {@link #percentiles()}: {@code p99}, {@code p99.9}. */
    public static String percentileKey(double p) {
        return "p" + Quantity.plain(p);
    }

    @Override
    public long sampleCount() {
        return count;
    }
}
