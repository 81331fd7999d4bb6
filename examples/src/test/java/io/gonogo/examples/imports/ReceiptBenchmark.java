package io.gonogo.examples.imports;

import java.util.Locale;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The imports example's benchmark: formatting a shop receipt, as a team's own JMH benchmark might.
 * Its JSON results are what {@code examples/imports/targets.yaml} gates on.
 */
@State(Scope.Thread)
public class ReceiptBenchmark {
    /** Lines on the receipt. */
    @Param({"10"})
    public int items;

    private String[] names;
    private long[] cents;

    /** Builds the receipt's lines. */
    @Setup
    public void setUp() {
        names = new String[items];
        cents = new long[items];
        for (int i = 0; i < items; i++) {
            names[i] = "item-" + i;
            cents[i] = 199L * (i + 1);
        }
    }

    /** Formats the receipt: one line per item and the total. */
    @Benchmark
    public String format() {
        StringBuilder sb = new StringBuilder(32 * (items + 1));
        long total = 0;
        for (int i = 0; i < items; i++) {
            total += cents[i];
            sb.append(names[i]).append(' ').append(cents[i] / 100).append('.');
            long c = cents[i] % 100;
            sb.append(c < 10 ? "0" : "").append(c).append('\n');
        }
        return sb.append("TOTAL ")
                .append(String.format(Locale.ROOT, "%d.%02d", total / 100, total % 100))
                .toString();
    }
}
