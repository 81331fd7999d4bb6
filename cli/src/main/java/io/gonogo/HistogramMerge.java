package io.gonogo;

import io.gonogo.core.Distribution;
import io.gonogo.core.InvalidInputException;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Adds the latency distributions of load shards bucket for bucket: the sum holds every sample of
 * every shard in the bucket it was recorded in, so its count, min, max, mean and every percentile
 * are those of one histogram that recorded all samples. Shards must agree on the highest trackable
 * value and the precision; a shard that differs is an error naming it.
 */
final class HistogramMerge {
    private HistogramMerge() {}

    /**
     * The sum of {@code parts}, one per shard in {@code labels}' order.
     *
     * @param what the measurement, for the error
     * @param labels each part's shard, {@code I/N}
     * @param parts the shards' distributions, at least one
     * @return the merged distribution
     * @throws InvalidInputException naming the shard whose histogram differs in range or precision
     */
    static Distribution merge(String what, List<String> labels, List<Distribution> parts) {
        Histogram first = parts.get(0).decode();
        Histogram sum = first.copy();
        for (int i = 1; i < parts.size(); i++) {
            Histogram h = parts.get(i).decode();
            if (h.getHighestTrackableValue() != first.getHighestTrackableValue()
                    || h.getNumberOfSignificantValueDigits()
                            != first.getNumberOfSignificantValueDigits()
                    || h.getLowestDiscernibleValue() != first.getLowestDiscernibleValue()) {
                throw InvalidInputException.of(
                        "shard " + labels.get(i),
                        what
                                + " was recorded up to "
                                + h.getHighestTrackableValue()
                                + " with "
                                + h.getNumberOfSignificantValueDigits()
                                + " significant digits, where shard "
                                + labels.get(0)
                                + " used "
                                + first.getHighestTrackableValue()
                                + " with "
                                + first.getNumberOfSignificantValueDigits()
                                + "; every shard must run the same gonogo and targets file so"
                                + " their histograms add bucket for bucket");
            }
            sum.add(h);
        }
        return Distribution.of(sum);
    }
}
