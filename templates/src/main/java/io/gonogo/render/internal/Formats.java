package io.gonogo.render.internal;

import io.gonogo.core.Numbers;
import io.gonogo.core.Quantity;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import java.util.Locale;

/** Formats the figures of documents that {@link Numbers} does not cover, in {@link Locale#ROOT}. */
public final class Formats {
    /** What a document shows for a figure that was not measured. */
    public static final String NONE = "—";

    private Formats() {}

    /**
     * A wall time such as {@code 850ms}, {@code 12.35s}, {@code 4min 05s} or {@code 1h 02min 05s}.
     */
    public static String duration(long millis) {
        if (millis < 1_000) {
            return millis + "ms";
        }
        String seconds4 = Numbers.short4(millis / 1000.0);
        if (Double.parseDouble(seconds4) < 60) {
            return seconds4 + "s";
        }
        long seconds = Math.round(millis / 1000.0);
        long h = seconds / 3600;
        long min = seconds % 3600 / 60;
        long s = seconds % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%dh %02dmin %02ds", h, min, s)
                : String.format(Locale.ROOT, "%dmin %02ds", min, s);
    }

    /** An amount of memory in binary units, such as {@code 512MiB} or {@code 1.5GiB}. */
    public static String bytes(long bytes) {
        Unit unit =
                bytes >= 1L << 30
                        ? Unit.GIBIBYTES
                        : bytes >= 1L << 20
                                ? Unit.MEBIBYTES
                                : bytes >= 1L << 10 ? Unit.KIBIBYTES : Unit.BYTES;
        return Numbers.show(new Quantity(bytes, Unit.BYTES).to(unit));
    }

    /** A status as documents write it: {@code SUCCESSFUL}, {@code NOT EXECUTED}. */
    public static String status(TestStatus status) {
        return status.name().replace('_', ' ');
    }

    /** {@code n} followed by the singular or plural noun: {@code 1 blocker}, {@code 2 blockers}. */
    public static String count(long n, String singular, String plural) {
        return Numbers.grouped(n) + " " + (n == 1 ? singular : plural);
    }
}
