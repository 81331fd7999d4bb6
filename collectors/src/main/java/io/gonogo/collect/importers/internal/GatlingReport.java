package io.gonogo.collect.importers.internal;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The assertions table of the {@code index.html} that Gatling's report writes into a run folder
 * (checked on the reports of Gatling 3.12.0 and 3.15.1): one row per assertion, its text as Gatling
 * words it and the status Gatling gave it, {@code OK} or {@code KO}.
 */
final class GatlingReport {
    /** Marks the report's front page; its assertions table follows within the first few KB. */
    static final String TITLE = "<title>Gatling Stats - Global Information</title>";

    static final String TABLE = "id=\"container_assertions\"";

    private static final Pattern ROW =
            Pattern.compile(
                    "<td class=\"error-col-1[^\"]*\">\\s*(.*?)\\s*<span[^>]*>[^<]*</span>\\s*</td>"
                            + "\\s*<td class=\"error-col-2[^\"]*\">\\s*(OK|KO)\\s*</td>",
                    Pattern.DOTALL);

    private static final Pattern SIMULATION =
            Pattern.compile("<div class=\"onglet\">\\s*([^<]*?)\\s*</div>");

    private GatlingReport() {}

    /** Whether {@code head} is the front page of a Gatling report that has assertions. */
    static boolean detect(String head) {
        return head.contains(TITLE) && head.contains(TABLE);
    }

    /** One test outcome per assertion in the report {@code file}. */
    static List<TestOutcome> assertions(Path file) {
        String html;
        try {
            html = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InvalidInputException.of(
                    file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
        int table = html.indexOf(TABLE);
        int end = table < 0 ? -1 : html.indexOf("</table>", table);
        if (end < 0) {
            throw InvalidInputException.of(
                    file.toString(),
                    "a Gatling report without a whole assertions table (container_assertions)");
        }
        Matcher sim = SIMULATION.matcher(html);
        String simulation = sim.find() ? unescape(sim.group(1)) : "";
        String suite = simulation.isEmpty() ? "gatling" : simulation;
        List<TestOutcome> out = new ArrayList<>();
        Matcher m = ROW.matcher(html.substring(table, end));
        while (m.find()) {
            String text = unescape(m.group(1).replaceAll("\\s+", " "));
            boolean ok = m.group(2).equals("OK");
            out.add(
                    new TestOutcome(
                            "[gatling:" + suite + "]/[assertion:" + text + "]",
                            text,
                            suite,
                            "",
                            false,
                            ok ? TestStatus.SUCCESSFUL : TestStatus.FAILED,
                            0,
                            ok ? "" : "Gatling's report marks this assertion KO"));
        }
        if (out.isEmpty()) {
            throw InvalidInputException.of(
                    file.toString(),
                    "the assertions table of this Gatling report has no row gonogo can read");
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&#x27;", "'")
                .replace("&mdash;", "—")
                .replace("&amp;", "&");
    }
}
