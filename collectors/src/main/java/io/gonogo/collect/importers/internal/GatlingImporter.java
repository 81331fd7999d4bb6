package io.gonogo.collect.importers.internal;

import io.gonogo.collect.importers.ImportedEvidence;
import io.gonogo.collect.importers.Importer;
import io.gonogo.core.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads Gatling's {@code simulation.log} in the tab-separated text form Gatling 3.0 to 3.9 write
 * (tested with a log Gatling 3.9.5 wrote). Gatling 3.10 and later write a binary log that this
 * importer refuses with a message saying so.
 *
 * <p>Records, one per line, fields separated by tabs: {@code RUN} (simulation class, id, start
 * epoch ms, description, Gatling version: must be 3.x), {@code REQUEST} (optional user id, group
 * path, request name, start and end epoch ms, {@code OK} or {@code KO}, message), {@code USER},
 * {@code GROUP}, {@code ERROR} and {@code ASSERTION} (ignored). A {@code REQUEST} is read from its
 * end, so the early 3.x layout with a user id and the later one without both work.
 *
 * <p>What it gives, per request name (the {@code operation} label): {@code latency} (a distribution
 * in microseconds of end minus start of {@code OK} requests, every request recorded; Gatling times
 * at millisecond resolution), {@code requests}, {@code errors} ({@code KO}), {@code success_rate}
 * (%) and {@code throughput} ({@code OK} requests per second over the name's window).
 */
public final class GatlingImporter implements Importer {

    @Override
    public String id() {
        return "gatling";
    }

    @Override
    public String description() {
        return "Gatling simulation.log, text form of Gatling 3.0 to 3.9";
    }

    @Override
    public boolean detect(Path file, String head) {
        for (String line : head.lines().limit(20).toList()) {
            if (line.startsWith("RUN\t") || line.startsWith("REQUEST\t")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ImportedEvidence read(Path file) {
        RequestStats stats = new RequestStats();
        String version = "";
        var decoder =
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        try (BufferedReader in =
                new BufferedReader(
                        new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "RUN" -> version = runVersion(f, file, lineNo);
                    case "REQUEST" -> request(f, file, lineNo, stats);
                    case "USER", "GROUP", "ERROR", "ASSERTION" -> {}
                    default ->
                            throw InvalidInputException.at(
                                    file.toString(),
                                    lineNo,
                                    1,
                                    "unknown record '"
                                            + abbreviate(f[0])
                                            + "'; expected RUN, REQUEST, USER, GROUP, ERROR or"
                                            + " ASSERTION (Gatling 3.10 and later write a binary"
                                            + " simulation.log, which gonogo cannot read)");
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw InvalidInputException.of(
                    file.toString(),
                    "not text: Gatling 3.10 and later write a binary simulation.log, which gonogo"
                            + " cannot read; expected the text log of Gatling 3.0 to 3.9");
        } catch (IOException e) {
            throw InvalidInputException.of(
                    file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
        if (version.isEmpty() && !stats.isEmpty()) {
            return new ImportedEvidence(
                    stats.measurements(),
                    List.of(),
                    List.of("the log has no RUN record, so the Gatling version is unknown"));
        }
        return new ImportedEvidence(stats.measurements(), List.of(), List.of());
    }

    /** The Gatling version a RUN record {@code f} names; only 3.x writes a text log. */
    private static String runVersion(String[] f, Path file, int lineNo) {
        if (f.length < 6) {
            throw InvalidInputException.at(
                    file.toString(),
                    lineNo,
                    1,
                    "a RUN record has " + f.length + " fields; expected 6");
        }
        String version = f[f.length - 1].strip();
        if (!version.startsWith("3.")) {
            throw InvalidInputException.at(
                    file.toString(),
                    lineNo,
                    1,
                    "written by Gatling "
                            + version
                            + "; expected the text log of Gatling 3.0 to 3.9");
        }
        return version;
    }

    /** Adds the request a REQUEST record {@code f} describes to {@code stats}. */
    private static void request(String[] f, Path file, int lineNo, RequestStats stats) {
        int n = f.length;
        if (n < 7) {
            throw InvalidInputException.at(
                    file.toString(),
                    lineNo,
                    1,
                    "a REQUEST record has "
                            + n
                            + " fields; expected at least 7 (group, name, start,"
                            + " end, status, message)");
        }
        String status = f[n - 2];
        if (!status.equals("OK") && !status.equals("KO")) {
            throw InvalidInputException.at(
                    file.toString(),
                    lineNo,
                    1,
                    "a REQUEST's status is '"
                            + status
                            + "'; expected OK or KO (is the line cut short?)");
        }
        long start = millis(file, lineNo, f[n - 4]);
        long end = millis(file, lineNo, f[n - 3]);
        stats.add(f[n - 5], start, end - start, status.equals("OK"));
    }

    private static long millis(Path file, int line, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw InvalidInputException.at(
                    file.toString(),
                    line,
                    1,
                    "'" + abbreviate(text) + "' is not a time in epoch milliseconds");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 39) + "…";
    }
}
