package io.gonogo.collect.importers.internal;

import io.gonogo.collect.importers.ImportedEvidence;
import io.gonogo.collect.importers.Importer;
import io.gonogo.core.Distribution;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Unit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Reads HdrHistogram interval logs ({@code .hlog}, the format of {@code
 * org.HdrHistogram.HistogramLogWriter}, log format 1.2 and 1.3 as HdrHistogram 2.x reads them;
 * written by gonogo's own load runs, wrk2-style tools and anything using HistogramLogWriter).
 *
 * <p>Every interval is added into one histogram (per {@code Tag=} when intervals are tagged), so
 * the result is the whole run's distribution, never an average of per-interval percentiles. Values
 * are taken as microseconds, the unit gonogo's own logs and most latency tools record in.
 *
 * <p>What it gives: {@code latency}, a distribution in microseconds, labelled {@code tag} when the
 * intervals carry one.
 */
public final class HdrLogImporter implements Importer {

    @Override
    public String id() {
        return "hdr-log";
    }

    @Override
    public String description() {
        return "HdrHistogram interval logs, .hlog, values in microseconds";
    }

    @Override
    public boolean detect(Path file, String head) {
        return head.startsWith("#[Histogram log format version")
                || head.contains("\n#[Histogram log format version")
                || (head.contains("#[StartTime:")
                        && head.contains("\"StartTimestamp\",\"Interval_Length\""));
    }

    @Override
    public ImportedEvidence read(Path file) {
        Map<String, Histogram> byTag = new TreeMap<>();
        int intervals = 0;
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
            while (true) {
                EncodableHistogram h;
                try {
                    h = reader.nextIntervalHistogram();
                } catch (RuntimeException e) {
                    throw InvalidInputException.of(
                            file.toString(),
                            "interval "
                                    + (intervals + 1)
                                    + " cannot be decoded (is the file cut short or damaged?): "
                                    + e,
                            e);
                }
                if (h == null) {
                    break;
                }
                intervals++;
                if (!(h instanceof Histogram hist)) {
                    throw InvalidInputException.of(
                            file.toString(),
                            "interval "
                                    + intervals
                                    + " holds a "
                                    + h.getClass().getSimpleName()
                                    + "; expected integer-valued histograms");
                }
                String tag = hist.getTag() == null ? "" : hist.getTag();
                byTag.computeIfAbsent(tag, t -> new Histogram(3)).add(hist);
            }
        } catch (IOException e) {
            throw InvalidInputException.of(
                    file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
        if (intervals == 0) {
            throw InvalidInputException.of(
                    file.toString(),
                    "holds no interval histogram; expected lines written by"
                            + " HdrHistogram's HistogramLogWriter");
        }
        List<Measurement> out = new ArrayList<>();
        for (Map.Entry<String, Histogram> e : byTag.entrySet()) {
            Map<String, String> labels =
                    e.getKey().isEmpty() ? Map.of() : Map.of("tag", e.getKey());
            out.add(
                    Measurement.of(
                            "latency", labels, Unit.MICROSECONDS, Distribution.of(e.getValue())));
        }
        return new ImportedEvidence(out, List.of(), List.of());
    }
}
