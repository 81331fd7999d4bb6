package io.gonogo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.HdrHistogram.Histogram;

/**
 * A distribution of samples: the encoded HdrHistogram that recorded every sample, and the summary
 * figures read from it.
 *
 * <p>{@code histogram} is the base64 of HdrHistogram's compressed encoding, the same form its
 * interval logs use; it is the source of truth: merging adds histograms, never averages
 * percentiles. The summary is for readers of the JSON.
 *
 * <p>An immutable value with the equality of a record over its six fields. It is a class rather
 * than a record for one reason: the samples read from the encoding are kept after their first use,
 * so that the decision and every document of one run, which merge the same distributions again and
 * again, base64-decode and inflate each only once (20,000 distributions in a large run; decoding
 * was half of each merge). Readers of the same instance on several threads may decode it twice,
 * never see it half-read.
 */
@JsonPropertyOrder({"histogram", "count", "min", "max", "mean", "percentiles"})
public final class Distribution implements MeasuredValue {

    /** The percentiles every distribution summarises. */
    public static final double[] SUMMARY_PERCENTILES = {50, 90, 95, 99, 99.9, 99.99};

    private final String histogram;
    private final long count;
    private final double min;
    private final double max;
    private final double mean;
    private final Map<String, Double> percentiles;

    /**
     * The recorded values read from {@link #histogram}, on first use; {@link Counts#OTHER} for
     * encodings left to {@link #decode()}.
     */
    private volatile Counts counts;

    /**
     * A distribution; copies the map.
     *
     * @param histogram base64 of the compressed histogram
     * @param count number of samples
     * @param min smallest sample
     * @param max largest sample
     * @param mean arithmetic mean
     * @param percentiles value at p50, p90, p95, p99, p99.9 and p99.99 (keys as written)
     * @throws IllegalArgumentException when {@code count} is negative
     */
    @JsonCreator
    public Distribution(
            @JsonProperty("histogram") String histogram,
            @JsonProperty("count") long count,
            @JsonProperty("min") double min,
            @JsonProperty("max") double max,
            @JsonProperty("mean") double mean,
            @JsonProperty("percentiles") Map<String, Double> percentiles) {
        this.histogram = Objects.requireNonNull(histogram, "histogram");
        // sorted (p50 < p90 < ... < p99.99 as text too), so JSON writes it in order without sorting
        // it again
        this.percentiles =
                java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(percentiles));
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        this.count = count;
        this.min = min;
        this.max = max;
        this.mean = mean;
    }

    /**
     * Base64 of HdrHistogram's compressed encoding of every sample.
     *
     * @return the encoding, the distribution's source of truth
     */
    @JsonProperty("histogram")
    public String histogram() {
        return histogram;
    }

    /**
     * Number of samples.
     *
     * @return the count of recorded samples, 0 for an empty distribution
     */
    @JsonProperty("count")
    public long count() {
        return count;
    }

    /**
     * Smallest sample.
     *
     * @return the smallest sample in its measurement's unit (microseconds for latency), 0 when
     *     empty
     */
    @JsonProperty("min")
    public double min() {
        return min;
    }

    /**
     * Largest sample.
     *
     * @return the largest sample in its measurement's unit, 0 when empty
     */
    @JsonProperty("max")
    public double max() {
        return max;
    }

    /**
     * Arithmetic mean.
     *
     * @return the mean of the samples in its measurement's unit, 0 when empty
     */
    @JsonProperty("mean")
    public double mean() {
        return mean;
    }

    /**
     * Value at p50, p90, p95, p99, p99.9 and p99.99 (keys as written, sorted).
     *
     * @return the summary percentiles keyed as {@link #percentileKey} writes them, such as {@code
     *     p99.9}; unmodifiable
     */
    @JsonProperty("percentiles")
    public Map<String, Double> percentiles() {
        return percentiles;
    }

    @Override
    public boolean equals(Object o) {
        return o == this
                || o instanceof Distribution d
                        && count == d.count
                        && Double.compare(min, d.min) == 0
                        && Double.compare(max, d.max) == 0
                        && Double.compare(mean, d.mean) == 0
                        && histogram.equals(d.histogram)
                        && percentiles.equals(d.percentiles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(histogram, count, min, max, mean, percentiles);
    }

    @Override
    public String toString() {
        return "Distribution[histogram="
                + histogram
                + ", count="
                + count
                + ", min="
                + min
                + ", max="
                + max
                + ", mean="
                + mean
                + ", percentiles="
                + percentiles
                + "]";
    }

    /**
     * Encodes {@code h} and summarises it.
     *
     * @param h the histogram that recorded every sample, in the unit the measurement will carry
     * @return the distribution with its {@link #SUMMARY_PERCENTILES}; all summary figures 0 when
     *     {@code h} is empty
     */
    public static Distribution of(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        Map<String, Double> pcts = new LinkedHashMap<>();
        for (double p : SUMMARY_PERCENTILES) {
            pcts.put(
                    percentileKey(p),
                    h.getTotalCount() == 0 ? 0.0 : (double) h.getValueAtPercentile(p));
        }
        long n = h.getTotalCount();
        return new Distribution(
                Base64.getEncoder().encodeToString(bytes),
                n,
                n == 0 ? 0 : h.getMinValue(),
                n == 0 ? 0 : h.getMaxValue(),
                n == 0 ? 0 : h.getMean(),
                pcts);
    }

    /**
     * Decodes the histogram.
     *
     * @return a new histogram over the encoding's whole trackable range; see {@link
     *     #decodeCompact()} for a smaller one
     * @throws IllegalStateException when the histogram is corrupt
     */
    public Histogram decode() {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(histogram)), 0);
        } catch (DataFormatException | RuntimeException e) {
            // a cut-short buffer surfaces as BufferUnderflow or ArrayIndexOutOfBounds from
            // HdrHistogram
            throw new IllegalStateException(
                    "the histogram of this distribution is corrupt: " + e.getMessage(), e);
        }
    }

    /**
     * HdrHistogram's cookie (word-size bits masked) of a compressed V2 encoding, and of the V2
     * payload inside it.
     */
    private static final int V2_COMPRESSED_COOKIE = 0x1c849304;

    private static final int V2_COOKIE = 0x1c849303;
    private static final int V2_HEADER_BYTES = 40;
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

    /**
     * Adds this distribution's samples to {@code into}, as {@code into.add(decode())} would, but
     * reads the encoding straight into {@code into} instead of first building a histogram over the
     * whole trackable range (for a 60 s range at 3 digits that is a 139 KB counts array per
     * distribution): merging thousands of distributions is then proportional to their samples.
     * Encodings other than HdrHistogram's compressed V2 (the one {@link #of} writes) go through
     * {@link #decode()}.
     *
     * @param into the histogram to add to, such as the merge of a scenario's shards
     * @throws IllegalStateException when the histogram is corrupt
     * @throws ArrayIndexOutOfBoundsException when {@code into} cannot hold a sample and does not
     *     auto-resize
     */
    public void addTo(Histogram into) {
        Counts c = counts();
        if (c == Counts.OTHER) {
            into.add(decode());
            return;
        }
        c.recordInto(into);
    }

    /**
     * The histogram, with the encoding's lowest discernible value and precision but sized to the
     * values it holds rather than to the whole trackable range (and auto-resizing): its counts,
     * percentiles, mean and extremes are those of {@link #decode()}, at a fraction of the memory
     * when a wide range was declared.
     *
     * @return a new auto-resizing histogram holding every sample
     * @throws IllegalStateException when the histogram is corrupt
     */
    public Histogram decodeCompact() {
        Counts c = counts();
        if (c == Counts.OTHER) {
            return decode();
        }
        Histogram h = new Histogram(c.lowest, 2 * c.lowest, c.digits);
        h.setAutoResize(true);
        c.recordInto(h);
        return h;
    }

    /** The recorded values and their counts, read from the encoding on first use and kept. */
    private Counts counts() {
        Counts c = counts;
        if (c == null) {
            c = readCounts();
            counts = c;
        }
        return c;
    }

    /**
     * What a compressed V2 encoding records: each recorded value (the lowest of its bucket, as
     * HdrHistogram's decoding gives it) ascending, with its count, and the encoding's parameters.
     */
    private record Counts(int digits, long lowest, long[] values, long[] counts) {
        /** Stands for an encoding that {@link #addTo} leaves to {@link #decode()}. */
        static final Counts OTHER = new Counts(0, 1, new long[0], new long[0]);

        /**
         * Records every count at its value; the highest first, as {@link Histogram#add} does, so
         * that an auto-resizing histogram grows once.
         */
        void recordInto(Histogram into) {
            int n = values.length;
            if (n == 0) {
                return;
            }
            into.recordValueWithCount(values[n - 1], counts[n - 1]);
            for (int i = 0; i < n - 1; i++) {
                into.recordValueWithCount(values[i], counts[i]);
            }
        }
    }

    /**
     * Every non-zero count of a V2 payload and its value, with the same index arithmetic as
     * HdrHistogram's for these parameters.
     */
    private static Counts read(int digits, long lowest, ByteBuffer payload) {
        long largestWithUnitResolution = 2 * (long) Math.pow(10, digits);
        int unitMagnitude = (int) (Math.log(lowest) / Math.log(2));
        int subBucketCountMagnitude =
                (int) Math.ceil(Math.log(largestWithUnitResolution) / Math.log(2));
        int halfMagnitude = (subBucketCountMagnitude > 1 ? subBucketCountMagnitude : 1) - 1;
        int halfCount = 1 << halfMagnitude;
        long[] values = new long[64];
        long[] counts = new long[64];
        int n = 0;
        try {
            int index = 0;
            while (payload.hasRemaining()) {
                long count = zigZagLong(payload);
                if (count < 0) {
                    index += (int) -count;
                    continue;
                }
                if (count > 0) {
                    if (n == values.length) {
                        values = Arrays.copyOf(values, 2 * n);
                        counts = Arrays.copyOf(counts, 2 * n);
                    }
                    values[n] = valueAt(index, halfMagnitude, halfCount, unitMagnitude);
                    counts[n] = count;
                    n++;
                }
                index++;
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalStateException(
                    "the histogram of this distribution is corrupt: " + e, e);
        }
        return new Counts(digits, lowest, Arrays.copyOf(values, n), Arrays.copyOf(counts, n));
    }

    /**
     * HdrHistogram's value of counts-array index {@code index} (the lowest value of its bucket).
     */
    private static long valueAt(int index, int halfMagnitude, int halfCount, int unitMagnitude) {
        int bucket = (index >> halfMagnitude) - 1;
        int subBucket = (index & (halfCount - 1)) + halfCount;
        if (bucket < 0) {
            subBucket -= halfCount;
            bucket = 0;
        }
        return (long) subBucket << (bucket + unitMagnitude);
    }

    /**
     * The samples of a compressed V2 encoding; {@link Counts#OTHER} for any other encoding (left to
     * {@link #decode()}).
     */
    private Counts readCounts() {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(histogram));
            if ((buffer.getInt() & ~0xf0) != V2_COMPRESSED_COOKIE) {
                return Counts.OTHER;
            }
            int compressedLength = buffer.getInt();
            Inflater inflater = INFLATER.get();
            inflater.reset();
            inflater.setInput(buffer.array(), buffer.position(), compressedLength);
            byte[] header = new byte[V2_HEADER_BYTES];
            if (inflater.inflate(header) < V2_HEADER_BYTES) {
                throw new IllegalStateException(
                        "the histogram of this distribution is corrupt: short header");
            }
            ByteBuffer h = ByteBuffer.wrap(header);
            int cookie = h.getInt();
            int payloadLength = h.getInt();
            int normalizingIndexOffset = h.getInt();
            int digits = h.getInt();
            long lowest = h.getLong();
            if ((cookie & ~0xf0) != V2_COOKIE
                    || normalizingIndexOffset != 0
                    || payloadLength < 0
                    || digits < 0
                    || digits > 5
                    || lowest < 1) {
                return Counts.OTHER;
            }
            byte[] counts = new byte[payloadLength];
            if (inflater.inflate(counts) < payloadLength) {
                throw new IllegalStateException(
                        "the histogram of this distribution is corrupt: short payload");
            }
            return read(digits, lowest, ByteBuffer.wrap(counts));
        } catch (DataFormatException | RuntimeException e) {
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException(
                    "the histogram of this distribution is corrupt: " + e.getMessage(), e);
        }
    }

    /** One ZigZag LEB128 long (at most 9 bytes), as HdrHistogram's V2 encoding writes counts. */
    private static long zigZagLong(ByteBuffer b) {
        long v = b.get();
        long value = v & 0x7F;
        for (int shift = 7; shift <= 49 && (v & 0x80) != 0; shift += 7) {
            v = b.get();
            value |= (v & 0x7F) << shift;
            if (shift == 49 && (v & 0x80) != 0) {
                v = b.get();
                value |= v << 56;
                break;
            }
        }
        return (value >>> 1) ^ -(value & 1);
    }

    /**
     * The key of percentile {@code p} in {@link #percentiles()}: {@code p99}, {@code p99.9}.
     *
     * @param p the percentile, from 0 to 100, such as {@code 99.9}
     * @return {@code p} followed by the number without trailing zeros
     */
    public static String percentileKey(double p) {
        return "p" + Quantity.plain(p);
    }

    @Override
    public long sampleCount() {
        return count;
    }
}
