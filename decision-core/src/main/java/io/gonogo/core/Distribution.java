package io.gonogo.core;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
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
        // sorted (p50 < p90 < ... < p99.99 as text too), so JSON writes it in order without sorting it again
        percentiles = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(percentiles));
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

    /** HdrHistogram's cookie (word-size bits masked) of a compressed V2 encoding, and of the V2 payload inside it. */
    private static final int V2_COMPRESSED_COOKIE = 0x1c849304;
    private static final int V2_COOKIE = 0x1c849303;
    private static final int V2_HEADER_BYTES = 40;
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

    /**
     * Adds this distribution's samples to {@code into}, as {@code into.add(decode())} would, but
     * reads the encoding straight into {@code into} instead of first building a histogram over
     * the whole trackable range (for a 60 s range at 3 digits that is a 139 KB counts array per
     * distribution): merging thousands of distributions is then proportional to their samples.
     * Encodings other than HdrHistogram's compressed V2 (the one {@link #of} writes) go through
     * {@link #decode()}.
     *
     * @throws IllegalStateException when the histogram is corrupt
     * @throws ArrayIndexOutOfBoundsException when {@code into} cannot hold a sample and does not auto-resize
     */
    public void addTo(Histogram into) {
        Encoded e = encoded();
        if (e == null) {
            into.add(decode());
            return;
        }
        e.recordInto(into);
    }

    /**
     * The histogram, with the encoding's lowest discernible value and precision but sized to the
     * values it holds rather than to the whole trackable range (and auto-resizing): its counts,
     * percentiles, mean and extremes are those of {@link #decode()}, at a fraction of the memory
     * when a wide range was declared.
     *
     * @throws IllegalStateException when the histogram is corrupt
     */
    public Histogram decodeCompact() {
        Encoded e = encoded();
        if (e == null) {
            return decode();
        }
        Histogram h = new Histogram(e.lowest, 2 * e.lowest, e.digits);
        h.setAutoResize(true);
        e.recordInto(h);
        return h;
    }

    /** A compressed V2 encoding's parameters and its counts, not yet read. */
    private record Encoded(int digits, long lowest, ByteBuffer payload) {
        /**
         * Records every count at its value, with the same index arithmetic as HdrHistogram's for
         * these parameters; the highest value first, as {@link Histogram#add} does, so that an
         * auto-resizing histogram grows once.
         */
        void recordInto(Histogram into) {
            long largestWithUnitResolution = 2 * (long) Math.pow(10, digits);
            int unitMagnitude = (int) (Math.log(lowest) / Math.log(2));
            int subBucketCountMagnitude = (int) Math.ceil(Math.log(largestWithUnitResolution) / Math.log(2));
            int halfMagnitude = (subBucketCountMagnitude > 1 ? subBucketCountMagnitude : 1) - 1;
            int halfCount = 1 << halfMagnitude;
            try {
                int lastIndex = -1;
                long lastCount = 0;
                int index = 0;
                for (ByteBuffer counts = payload.duplicate(); counts.hasRemaining(); ) {
                    long count = zigZagLong(counts);
                    if (count < 0) {
                        index += (int) -count;
                        continue;
                    }
                    if (count > 0) {
                        lastIndex = index;
                        lastCount = count;
                    }
                    index++;
                }
                if (lastIndex < 0) {
                    return;
                }
                into.recordValueWithCount(valueAt(lastIndex, halfMagnitude, halfCount, unitMagnitude), lastCount);
                index = 0;
                for (ByteBuffer counts = payload.duplicate(); counts.hasRemaining() && index < lastIndex; ) {
                    long count = zigZagLong(counts);
                    if (count < 0) {
                        index += (int) -count;
                        continue;
                    }
                    if (count > 0) {
                        into.recordValueWithCount(valueAt(index, halfMagnitude, halfCount, unitMagnitude), count);
                    }
                    index++;
                }
            } catch (BufferUnderflowException e) {
                throw new IllegalStateException("the histogram of this distribution is corrupt: " + e, e);
            }
        }

        /** HdrHistogram's value of counts-array index {@code index} (the lowest value of its bucket). */
        private static long valueAt(int index, int halfMagnitude, int halfCount, int unitMagnitude) {
            int bucket = (index >> halfMagnitude) - 1;
            int subBucket = (index & (halfCount - 1)) + halfCount;
            if (bucket < 0) {
                subBucket -= halfCount;
                bucket = 0;
            }
            return (long) subBucket << (bucket + unitMagnitude);
        }
    }

    /** The compressed V2 encoding read up to its counts; null for any other encoding (left to {@link #decode()}). */
    private Encoded encoded() {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(histogram));
            if ((buffer.getInt() & ~0xf0) != V2_COMPRESSED_COOKIE) {
                return null;
            }
            int compressedLength = buffer.getInt();
            Inflater inflater = INFLATER.get();
            inflater.reset();
            inflater.setInput(buffer.array(), buffer.position(), compressedLength);
            byte[] header = new byte[V2_HEADER_BYTES];
            if (inflater.inflate(header) < V2_HEADER_BYTES) {
                throw new IllegalStateException("the histogram of this distribution is corrupt: short header");
            }
            ByteBuffer h = ByteBuffer.wrap(header);
            int cookie = h.getInt();
            int payloadLength = h.getInt();
            int normalizingIndexOffset = h.getInt();
            int digits = h.getInt();
            long lowest = h.getLong();
            if ((cookie & ~0xf0) != V2_COOKIE || normalizingIndexOffset != 0 || payloadLength < 0
                    || digits < 0 || digits > 5 || lowest < 1) {
                return null;
            }
            byte[] counts = new byte[payloadLength];
            if (inflater.inflate(counts) < payloadLength) {
                throw new IllegalStateException("the histogram of this distribution is corrupt: short payload");
            }
            return new Encoded(digits, lowest, ByteBuffer.wrap(counts));
        } catch (DataFormatException | RuntimeException e) {
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("the histogram of this distribution is corrupt: " + e.getMessage(), e);
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

    /** The key of percentile {@code p} in {@link #percentiles()}: {@code p99}, {@code p99.9}. */
    public static String percentileKey(double p) {
        return "p" + Quantity.plain(p);
    }

    @Override
    public long sampleCount() {
        return count;
    }
}
