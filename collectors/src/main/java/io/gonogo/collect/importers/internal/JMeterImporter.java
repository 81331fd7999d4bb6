package io.gonogo.collect.importers.internal;

import io.gonogo.collect.importers.ImportedEvidence;
import io.gonogo.collect.importers.Importer;
import io.gonogo.core.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JMeter's results ({@code .jtl} written with {@code jmeter -n -t plan.jmx -l result.jtl},
 * JMeter 3 to 5; checked on files JMeter 5.6.3 wrote): CSV with a header line (the default save
 * service) and XML ({@code jmeter.save.saveservice.output_format=xml}, read by {@link JMeterXml}:
 * the attributes {@code ts}, {@code t}, {@code lb}, {@code s} and {@code rm} of each top-level
 * {@code <httpSample>} or {@code <sample>}, the same fields as the CSV columns below).
 *
 * <p>Columns used (by header name, in any order; others ignored): {@code timeStamp} (epoch
 * milliseconds of the sample's start), {@code elapsed} (milliseconds), {@code label} (the sampler,
 * becomes the {@code operation} label) and {@code success} ({@code true}/{@code false}) are
 * required; {@code responseMessage} is used to leave out transaction controllers' parent samples
 * ("Number of samples in transaction"), which would count their children twice. The delimiter is
 * taken from the header ({@code ,}, {@code ;}, tab or {@code |}); fields may be quoted as CSV
 * quotes them, across lines too. A file without a header (saved with {@code
 * print_field_names=false}) is refused, as its columns cannot be known.
 *
 * <p>What it gives, per label: {@code latency} (a distribution in microseconds of the elapsed time
 * of successful samples, every sample recorded), {@code failed_latency} (the same of the failed
 * samples, for a label with failures), {@code requests}, {@code errors} (failed samples), {@code
 * success_rate} (%) and {@code throughput} (successful samples per second over the label's window).
 * Count, failures, min, max and mean equal the figures of JMeter's dashboard ({@code
 * statistics.json}, which counts successful and failed samples together).
 */
public final class JMeterImporter implements Importer {
    private static final List<String> REQUIRED =
            List.of("timeStamp", "elapsed", "label", "success");

    @Override
    public String id() {
        return "jmeter";
    }

    @Override
    public String description() {
        return "JMeter results, .jtl: CSV with a header line, or XML";
    }

    @Override
    public boolean detect(Path file, String head) {
        if (JMeterXml.detect(head)) {
            return true;
        }
        String first = head.lines().findFirst().orElse("").strip();
        if (first.startsWith("\uFEFF")) {
            first = first.substring(1);
        }
        return first.startsWith("timeStamp")
                && first.contains("elapsed")
                && first.contains("label");
    }

    @Override
    public ImportedEvidence read(Path file) {
        RequestStats stats = new RequestStats();
        int transactions = isXml(file) ? JMeterXml.read(file, stats) : readCsv(file, stats);
        List<String> notes =
                transactions == 0
                        ? List.of()
                        : List.of(
                                "left out "
                                        + transactions
                                        + " transaction controller sample"
                                        + (transactions == 1 ? "" : "s")
                                        + ", whose children are counted");
        return new ImportedEvidence(stats.measurements(), List.of(), notes);
    }

    /** Whether the file's first character, after a byte order mark and blanks, is '<'. */
    private static boolean isXml(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            int b = in.read();
            while (b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0xEF || b == 0xBB
                    || b == 0xBF) {
                b = in.read();
            }
            return b == '<';
        } catch (IOException e) {
            throw InvalidInputException.of(
                    file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
    }

    /** Adds the samples of a CSV file; returns how many transaction samples were left out. */
    private static int readCsv(Path file, RequestStats stats) {
        int transactions = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Header h = header(in.readLine(), file);
            int lineNo = 1;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                int startLine = lineNo;
                StringBuilder record = new StringBuilder(line);
                while (unbalanced(record)) {
                    String more = in.readLine();
                    if (more == null) {
                        throw InvalidInputException.at(
                                file.toString(),
                                startLine,
                                1,
                                "a quoted field is never closed (is the file cut short?)");
                    }
                    lineNo++;
                    record.append('\n').append(more);
                }
                if (record.toString().isBlank()) {
                    continue;
                }
                if (!sample(fields(record.toString(), h.delimiter()), h, file, startLine, stats)) {
                    transactions++;
                }
            }
        } catch (IOException e) {
            throw InvalidInputException.of(
                    file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
        return transactions;
    }

    /**
     * The columns of a JMeter CSV file, from its header line.
     *
     * @param message the column of responseMessage, null when there is none
     */
    private record Header(
            char delimiter,
            List<String> names,
            int timeStamp,
            int elapsed,
            int label,
            int success,
            Integer message) {}

    /** The columns the header line {@code header} names; null {@code header} means no line. */
    private static Header header(String header, Path file) {
        if (header == null) {
            throw InvalidInputException.of(
                    file.toString(),
                    "the file is empty; expected a JMeter CSV header"
                            + " (timeStamp,elapsed,label,...)");
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        char delimiter = delimiter(header);
        List<String> names = fields(header, delimiter);
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            column.put(names.get(i).strip(), i);
        }
        List<String> missing = REQUIRED.stream().filter(c -> !column.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw InvalidInputException.at(
                    file.toString(),
                    1,
                    1,
                    "the header lacks "
                            + String.join(", ", missing)
                            + "; expected a JMeter CSV header with timeStamp, elapsed, label"
                            + " and success (found: "
                            + String.join(",", names)
                            + ")");
        }
        return new Header(
                delimiter,
                names,
                column.get("timeStamp"),
                column.get("elapsed"),
                column.get("label"),
                column.get("success"),
                column.get("responseMessage"));
    }

    /**
     * Adds the sample of the record {@code f}, starting at line {@code startLine}, to {@code
     * stats}; false when it is a transaction controller's sample, which is left out.
     */
    private static boolean sample(
            List<String> f, Header h, Path file, int startLine, RequestStats stats) {
        if (f.size() < h.names().size()) {
            throw InvalidInputException.at(
                    file.toString(),
                    startLine,
                    1,
                    "the line has "
                            + f.size()
                            + " fields where the header has "
                            + h.names().size()
                            + " (is the file cut short?)");
        }
        if (h.message() != null
                && f.get(h.message()).startsWith("Number of samples in transaction")) {
            return false;
        }
        long start = number(file, startLine, "timeStamp", f.get(h.timeStamp()));
        long elapsed = number(file, startLine, "elapsed", f.get(h.elapsed()));
        String success = f.get(h.success()).strip().toLowerCase(Locale.ROOT);
        if (!success.equals("true") && !success.equals("false")) {
            throw InvalidInputException.at(
                    file.toString(),
                    startLine,
                    1,
                    "success is '" + f.get(h.success()) + "'; expected true or false");
        }
        stats.add(f.get(h.label()), start, elapsed, success.equals("true"));
        return true;
    }

    private static long number(Path file, int line, String what, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw InvalidInputException.at(
                    file.toString(),
                    line,
                    1,
                    what
                            + " is '"
                            + text
                            + "'; expected whole milliseconds (timeStamp saved as ms, the"
                            + " default)");
        }
    }

    private static char delimiter(String header) {
        for (char c : new char[] {',', '\t', ';', '|'}) {
            if (header.indexOf(c) >= 0 && header.contains("elapsed")) {
                List<String> f = fields(header, c);
                if (f.contains("elapsed")
                        || f.stream().anyMatch(s -> s.strip().equals("elapsed"))) {
                    return c;
                }
            }
        }
        return ',';
    }

    private static boolean unbalanced(CharSequence s) {
        int quotes = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '"') {
                quotes++;
            }
        }
        return quotes % 2 != 0;
    }

    /** Splits one CSV record; {@code ""} inside quotes is a quote. */
    static List<String> fields(String record, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < record.length() && record.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
