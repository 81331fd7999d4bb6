package io.gonogo.collect.importers.internal;

import io.gonogo.collect.importers.ImportedEvidence;
import io.gonogo.collect.importers.Importer;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads Gatling's {@code simulation.log}, binary or text, and the assertions of the report Gatling
 * writes beside it.
 *
 * <p>Versions read: the binary log of Gatling 3.13.0 to 3.15.1 (the layout these releases share,
 * checked against their {@code LogFileDataWriter} and on logs written by 3.13.5, 3.14.9 and 3.15.1;
 * see {@link GatlingBinaryLog}), and the tab-separated text log of Gatling 3.0 to 3.12 (checked on
 * logs written by 3.9.5 and 3.12.0). A binary log of any other version is refused with a message
 * naming its version and the versions read: Gatling's own reader reads only the version that wrote
 * the log, so an unchecked release may have moved a field.
 *
 * <p>Text records, one per line, fields separated by tabs: {@code RUN} (simulation class, id, start
 * epoch ms, description, Gatling version: must be 3.x), {@code REQUEST} (optional user id, group
 * path separated by commas, request name, start and end epoch ms, {@code OK} or {@code KO},
 * message), {@code GROUP} (optional user id, group path separated by commas, start and end epoch
 * ms, cumulated response time in ms, {@code OK} or {@code KO}), {@code USER}, {@code ERROR} and
 * {@code ASSERTION} (skipped). {@code REQUEST} and {@code GROUP} are read from their end, so the
 * early 3.x layout with a user id and the later one without both work. Binary records: run,
 * request, user, group and error, times as int ms after the run's start.
 *
 * <p>What a log gives, per request (label {@code operation}, its name, and {@code group}, the group
 * path joined with {@code " / "} as Gatling's report shows it, for a request in a group): {@code
 * latency} (a distribution in microseconds of end minus start of {@code OK} requests, every request
 * recorded; Gatling times at millisecond resolution; the summary's min, max and mean are exact),
 * {@code requests}, {@code errors} ({@code KO}), {@code success_rate} (%) and {@code throughput}
 * ({@code OK} requests per second over the request's window).
 *
 * <p>Per group (label {@code group} alone, the path as above; see {@link GatlingGroupStats}):
 * {@code group_duration} (end minus start) and {@code group_response_time} (the cumulated response
 * time, the sum of its requests' response times), distributions in microseconds of every pass
 * through the group, {@code OK} and {@code KO}; {@code failed_group_duration} and {@code
 * failed_group_response_time} of the {@code KO} passes alone (when there are any); {@code groups}
 * and {@code group_errors} ({@code KO}). Gatling's report shows one of the two times per group, the
 * cumulated response time unless {@code gatling.charting.useGroupDurationMetric} is set; both are
 * published, so a target names the one it means. Failed passes are kept in the two main
 * distributions, unlike failed requests in {@code latency}: the evaluator counts a producer's
 * failures against a percentile of {@code latency} only, through its {@code errors} (decision 30),
 * so a group distribution without its failed passes would let a slow failure improve the figure
 * unseen. The main distributions are the total column of Gatling's group statistics (count, min,
 * max and mean exactly), the failed ones its KO column.
 *
 * <p>Assertions: the log holds what was asserted, not what Gatling decided; the decision is in the
 * assertions table of the report's {@code index.html}. That page is detected and read as one test
 * outcome per assertion, passed when Gatling marked it {@code OK}, failed when {@code KO}. In a run
 * folder (one holding {@code simulation.log} and {@code index.html}) every other file is the
 * report's (pages, scripts, styles, {@code stats.json}, {@code assertions.xml}) and is left out.
 */
public final class GatlingImporter implements Importer {

    @Override
    public String id() {
        return "gatling";
    }

    @Override
    public String description() {
        return "Gatling simulation.log (binary of Gatling "
                + GatlingBinaryLog.FIRST
                + " to "
                + GatlingBinaryLog.LAST
                + ", text of 3.0 to 3.12) and the assertions of its report's index.html";
    }

    @Override
    public boolean detect(Path file, String head) {
        if (GatlingBinaryLog.looksBinary(head) || GatlingReport.detect(head)) {
            return true;
        }
        for (String line : head.lines().limit(20).toList()) {
            if (line.startsWith("RUN\t") || line.startsWith("REQUEST\t")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ImportedEvidence read(Path file) {
        int first = firstByte(file);
        if (first == '<') {
            return new ImportedEvidence(List.of(), GatlingReport.assertions(file), List.of());
        }
        if (first == 0) {
            RequestStats stats = new RequestStats();
            GatlingGroupStats groups = new GatlingGroupStats();
            GatlingBinaryLog.Run run = GatlingBinaryLog.read(file, stats, groups);
            return new ImportedEvidence(
                    measurements(stats, groups), List.of(), assertionNotes(file, run.assertions()));
        }
        return readText(file);
    }

    /**
     * Whether {@code file} lies in a Gatling run folder (one holding {@code simulation.log} and
     * {@code index.html}) and is neither of those two: a page, script or style of the report.
     */
    @Override
    public boolean isReportAsset(Path file) {
        Path dir = file.getParent();
        for (int up = 0; dir != null && up < 3; up++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(LOG)) && Files.isRegularFile(dir.resolve(INDEX))) {
                return !(up == 0
                        && (file.getFileName().toString().equals(LOG)
                                || file.getFileName().toString().equals(INDEX)));
            }
        }
        return false;
    }

    private static final String LOG = "simulation.log";
    private static final String INDEX = "index.html";

    /**
     * A note that a log's assertions were not decided here, unless the report beside it (which a
     * folder import reads too) holds Gatling's decisions.
     */
    private static List<String> assertionNotes(Path file, int assertions) {
        if (assertions == 0 || Files.isRegularFile(file.resolveSibling(INDEX))) {
            return List.of();
        }
        return List.of(
                "the log holds "
                        + assertions
                        + (assertions == 1 ? " Gatling assertion" : " Gatling assertions")
                        + "; Gatling's verdicts are in its report's index.html, imported with the"
                        + " run folder");
    }

    private static int firstByte(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            int b = in.read();
            while (b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0xEF || b == 0xBB
                    || b == 0xBF) {
                b = in.read();
            }
            return b;
        } catch (IOException e) {
            throw InvalidInputException.of(
                    file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
    }

    /** The requests' measurements, then the groups'. */
    private static List<Measurement> measurements(RequestStats stats, GatlingGroupStats groups) {
        List<Measurement> out = new java.util.ArrayList<>(stats.measurements());
        out.addAll(groups.measurements());
        return out;
    }

    private ImportedEvidence readText(Path file) {
        RequestStats stats = new RequestStats();
        GatlingGroupStats groups = new GatlingGroupStats();
        int assertions = 0;
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
                    case "GROUP" -> group(f, file, lineNo, groups);
                    case "ASSERTION" -> assertions++;
                    case "USER", "ERROR" -> {}
                    default ->
                            throw InvalidInputException.at(
                                    file.toString(),
                                    lineNo,
                                    1,
                                    "unknown record '"
                                            + abbreviate(f[0])
                                            + "'; expected RUN, REQUEST, USER, GROUP, ERROR or"
                                            + " ASSERTION; gonogo reads "
                                            + GatlingBinaryLog.READS);
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw InvalidInputException.of(
                    file.toString(),
                    "neither text nor a binary log gonogo knows; gonogo reads "
                            + GatlingBinaryLog.READS);
        } catch (IOException e) {
            throw InvalidInputException.of(
                    file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
        List<String> notes = new java.util.ArrayList<>(assertionNotes(file, assertions));
        if (version.isEmpty() && !(stats.isEmpty() && groups.isEmpty())) {
            notes.add(0, "the log has no RUN record, so the Gatling version is unknown");
        }
        return new ImportedEvidence(measurements(stats, groups), List.of(), notes);
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
                    "written by Gatling " + version + "; gonogo reads " + GatlingBinaryLog.READS);
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
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
        labels.put("operation", f[n - 5]);
        String group = f[n - 6].strip();
        if (!group.isEmpty()) {
            labels.put("group", String.join(" / ", group.split(",", -1)));
        }
        stats.add(labels, start, end - start, status.equals("OK"));
    }

    /** Adds the pass through a group that a GROUP record {@code f} describes to {@code groups}. */
    private static void group(String[] f, Path file, int lineNo, GatlingGroupStats groups) {
        int n = f.length;
        if (n < 6) {
            throw InvalidInputException.at(
                    file.toString(),
                    lineNo,
                    1,
                    "a GROUP record has "
                            + n
                            + " fields; expected at least 6 (group, start, end, cumulated response"
                            + " time, status)");
        }
        String status = f[n - 1].strip();
        if (!status.equals("OK") && !status.equals("KO")) {
            throw InvalidInputException.at(
                    file.toString(),
                    lineNo,
                    1,
                    "a GROUP's status is '"
                            + abbreviate(status)
                            + "'; expected OK or KO (is the line cut short?)");
        }
        String path = f[n - 5].strip();
        if (path.isEmpty()) {
            throw InvalidInputException.at(
                    file.toString(), lineNo, 1, "a GROUP record names no group");
        }
        long start = millis(file, lineNo, f[n - 4]);
        long end = millis(file, lineNo, f[n - 3]);
        long cumulated = millis(file, lineNo, f[n - 2], "a cumulated response time in ms");
        groups.add(List.of(path.split(",", -1)), end - start, cumulated, status.equals("OK"));
    }

    private static long millis(Path file, int line, String text) {
        return millis(file, line, text, "a time in epoch milliseconds");
    }

    private static long millis(Path file, int line, String text, String what) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw InvalidInputException.at(
                    file.toString(), line, 1, "'" + abbreviate(text) + "' is not " + what);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 39) + "…";
    }
}
