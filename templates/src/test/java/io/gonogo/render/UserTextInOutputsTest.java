package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.ChecklistItem;
import io.gonogo.core.Condition;
import io.gonogo.core.Decision;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Outcome;
import io.gonogo.core.Profile;
import io.gonogo.core.Quantity;
import io.gonogo.core.Reason;
import io.gonogo.core.Release;
import io.gonogo.core.Risk;
import io.gonogo.core.RiskLevel;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import io.gonogo.core.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Puts pipes, backticks, HTML, ampersands, quotes, non-ASCII text and control characters into every
 * name and reason, and checks that the Markdown tables, the HTML page and junit.xml stay intact and
 * show the text as text.
 */
class UserTextInOutputsTest {
    /**
     * Everything that could break a table, a tag or an attribute, and some text that must survive.
     */
    static final String NASTY = "a | b `c` <script>alert('x')</script> & \"q\" Überprüfung ✓";

    static final String RELEASE = "Rel <script>alert(1)</script> & \"Ü\" ✓";
    static final String SCENARIO = "scen " + NASTY;
    static final String MESSAGE = "expected 200 " + NASTY;
    static final String TITLE = "title " + NASTY;
    static final String REASON = "reason " + NASTY + " \u0001\u0000bell\u0007";
    private static final Pattern ROW = Pattern.compile("<tr>\\n(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<t[dh](?: align=\"\\w+\")?>(.*?)</t[dh]>");

    @TempDir Path tmp;

    private final Renderer renderer = Renderer.builder().environment(Map.of()).build();

    static Decision decision() {
        List<TargetVerdict> verdicts = new ArrayList<>();
        Verdict[] kinds = {
            Verdict.MET,
            Verdict.ACCEPTABLE,
            Verdict.INCONCLUSIVE,
            Verdict.MISSED,
            Verdict.NOT_MEASURED,
            Verdict.EXCEEDED
        };
        for (Verdict kind : kinds) {
            String id = "t-" + kind.name().toLowerCase(java.util.Locale.ROOT) + " |`<b>&\"";
            Quantity achieved =
                    kind == Verdict.NOT_MEASURED ? null : new Quantity(12, Unit.MILLISECONDS);
            verdicts.add(
                    Fixtures.verdict(
                            id,
                            TITLE,
                            "latency",
                            Map.of("scenario", SCENARIO, "op", "x|y"),
                            "p99",
                            "< 10ms",
                            "< 25ms",
                            null,
                            true,
                            kind,
                            achieved,
                            achieved == null ? null : 20.0,
                            1_000,
                            List.of("[engine:gonogo]/[scenario:" + SCENARIO + "]"),
                            REASON));
        }
        List<Reason> reasons =
                List.of(
                        new Reason(Reason.Kind.BLOCKER, "x", "blocker " + NASTY),
                        new Reason(Reason.Kind.NOTE, "y", "note " + NASTY));
        List<Condition> conditions =
                List.of(
                        new Condition(
                                "c|1",
                                "s",
                                "fix " + NASTY,
                                "Dana | ops ✓",
                                LocalDate.parse("2026-04-02")));
        List<Risk> risks =
                List.of(
                        new Risk(
                                "risk|1",
                                "risk " + NASTY,
                                RiskLevel.HIGH,
                                RiskLevel.HIGH,
                                RiskLevel.HIGH,
                                "mitigate " + NASTY,
                                "owner " + NASTY,
                                "open",
                                Risk.DECLARED,
                                "target x|y MISSED",
                                true,
                                "why " + NASTY),
                        new Risk(
                                "risk|2",
                                "risk " + NASTY,
                                RiskLevel.LOW,
                                RiskLevel.LOW,
                                RiskLevel.LOW,
                                "",
                                "",
                                "closed",
                                Risk.DECLARED,
                                "",
                                false,
                                ""));
        List<ChecklistItem> checklist =
                List.of(
                        new ChecklistItem(
                                "item|1",
                                "check " + NASTY,
                                false,
                                "file " + NASTY + " exists",
                                "no file at " + NASTY));
        return Fixtures.withKinds(
                new Decision(
                        Decision.SCHEMA_VERSION,
                        Outcome.NO_GO,
                        new Release(RELEASE, "phase ✓", "", "owner <i>"),
                        Fixtures.RUN,
                        Profile.QUICK,
                        Fixtures.AS_OF,
                        verdicts,
                        risks,
                        conditions,
                        checklist,
                        List.of(),
                        reasons));
    }

    static EvidenceSet evidence() {
        return new EvidenceSet(
                EvidenceSet.SCHEMA_VERSION,
                Fixtures.RUN,
                Fixtures.environment(),
                List.of(),
                List.of(
                        new TestOutcome(
                                "t1",
                                "display",
                                "load",
                                SCENARIO,
                                false,
                                TestStatus.FAILED,
                                12,
                                MESSAGE)));
    }

    /** The cells of every table row of {@code html}, with the HTML references read back. */
    private static List<List<String>> rows(String html) {
        List<List<String>> rows = new ArrayList<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.add(unescape(cell.group(1)));
            }
            rows.add(cells);
        }
        return rows;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    /** The cells of a Markdown table row, split at unescaped pipes. */
    private static List<String> markdownCells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '|' && row.charAt(i - 1) != '\\') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    @Test
    void keepsEveryMarkdownTableRowAtItsColumnCount() {
        String md = renderer.goNoGoMarkdown(decision(), evidence());
        int columns = -1;
        int rows = 0;
        for (String line : md.lines().toList()) {
            if (!line.startsWith("|")) {
                columns = -1;
                continue;
            }
            rows++;
            int n = markdownCells(line).size();
            if (columns < 0) {
                columns = n;
            }
            assertThat(n).as(line).isEqualTo(columns);
        }
        assertThat(rows).as("table rows").isGreaterThan(10);
        assertThat(md.lines().filter(l -> l.startsWith("| t-") || l.startsWith("| title ")))
                .allMatch(l -> markdownCells(l).size() == 7);
        assertThat(md)
                .as("outside code spans, HTML is escaped")
                .contains(
                        "| scen a \\| b \\`c\\` \\<script>alert('x')\\</script> & \"q\" Überprüfung"
                                + " ✓ |")
                .contains("``[engine:gonogo]/[scenario:scen a | b `c` <script>alert('x')</script>");
    }

    @Test
    void showsUserTextInTheHtmlAsTextInTheRightCells() {
        String html = renderer.goNoGoHtml(decision(), evidence());

        assertThat(html)
                .doesNotContainIgnoringCase("<script")
                .contains("&lt;script&gt;alert('x')&lt;/script&gt;")
                .contains(
                        "<title>Go/No-Go: Rel &lt;script&gt;alert(1)&lt;/script&gt; &amp;"
                                + " &quot;Ü&quot; ✓</title>")
                .contains("<meta charset=\"utf-8\">")
                .doesNotContain("<i>", "\u0001", "\u0000", "\u0007");
        List<List<String>> rows = rows(html);
        assertThat(rows).contains(List.of("load", SCENARIO, "FAILED", "12ms", MESSAGE));
        List<String> target =
                rows.stream()
                        .filter(r -> r.size() == 7 && r.get(0).startsWith(TITLE))
                        .findFirst()
                        .orElseThrow();
        assertThat(target.get(0)).isEqualTo(TITLE + " (t-met |`<b>&\")");
        assertThat(target.get(1)).isEqualTo("latency p99 where op=x|y, scenario=" + SCENARIO);
        assertThat(rows).contains(List.of("c|1", "fix " + NASTY, "Dana | ops ✓", "2026-04-02"));
        for (List<String> r : rows) {
            assertThat(r.size()).as(r.toString()).isIn(2, 4, 5, 6, 7);
        }
        assertThat(html)
                .contains(
                        "<li>blocker "
                                + "a | b `c` &lt;script&gt;alert('x')&lt;/script&gt; &amp; "
                                + "&quot;q&quot; Überprüfung ✓.</li>");
    }

    @Test
    void escapesRawHtmlEvenFromAnOverrideTemplateAndSanitizesLinks() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("templates"));
        Files.writeString(
                dir.resolve("go-no-go.md.ftl"),
                "# ${title}\n\n<script>alert(1)</script>\n\n"
                        + "[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n");
        String html =
                Renderer.builder()
                        .templatesDir(dir)
                        .environment(Map.of())
                        .build()
                        .goNoGoHtml(decision(), evidence());
        assertThat(html)
                .doesNotContainIgnoringCase("<script")
                .doesNotContain("<img", "javascript:")
                .contains(
                        "&lt;script&gt;alert(1)&lt;/script&gt;",
                        "&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void writesAJUnitXmlThatParsesWithOneTestCasePerTargetAndTheRightFailures() throws Exception {
        String xml = renderer.junitXml(decision());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc =
                factory.newDocumentBuilder()
                        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("gonogo.targets");
        assertThat(suite.getAttribute("tests")).isEqualTo("6");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        NodeList props = suite.getElementsByTagName("property");
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            properties.put(p.getAttribute("name"), p.getAttribute("value"));
        }
        assertThat(properties)
                .containsEntry("outcome", "NO_GO")
                .containsEntry("profile", "quick")
                .containsEntry("run.id", Fixtures.RUN)
                .containsEntry("release", RELEASE);

        String cleanReason = "reason " + NASTY + " bell";
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(6);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            assertThat(c.getAttribute("classname")).isEqualTo("gonogo.targets");
            assertThat(c.getAttribute("time")).isEqualTo("0");
            assertThat(c.getAttribute("name")).startsWith("t-").endsWith(" |`<b>&\"");
            NodeList failure = c.getElementsByTagName("failure");
            if (failure.getLength() == 1) {
                failed.add(c.getAttribute("name"));
                Element f = (Element) failure.item(0);
                assertThat(f.getAttribute("message")).endsWith(": " + cleanReason);
                assertThat(f.getTextContent()).contains("reason: " + cleanReason + "\n");
            } else {
                assertThat(c.getElementsByTagName("system-out").item(0).getTextContent())
                        .endsWith(": " + cleanReason);
            }
        }
        assertThat(failed).containsExactly("t-missed |`<b>&\"", "t-not_measured |`<b>&\"");
        assertThat(xml)
                .contains(
                        "<system-out>ACCEPTABLE: reason",
                        "<system-out>INCONCLUSIVE: reason",
                        "<failure message=\"MISSED: reason",
                        "type=\"NOT_MEASURED\"");
    }

    @Test
    void writesByteIdenticalFilesForTheSameDecisionTwice() throws Exception {
        renderer.render(decision(), evidence(), tmp.resolve("a"));
        renderer.render(decision(), evidence(), tmp.resolve("b"));
        for (String name : Renderer.FILES) {
            assertThat(Files.readAllBytes(tmp.resolve("b").resolve(name)))
                    .as(name)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(name)));
        }
    }

    /**
     * Evidence of memory, chaos and load scenarios whose names, labels and messages are all {@link
     * #NASTY}.
     */
    static EvidenceSet nastyEvidence() {
        List<io.gonogo.core.Measurement> ms = new ArrayList<>();
        io.gonogo.core.Source src =
                new io.gonogo.core.Source(Fixtures.RUN, "0", "t1", "evidence/x/flamegraph.svg");
        ms.add(
                new io.gonogo.core.Measurement(
                        "heap_slope",
                        Map.of("suite", "memory", "scenario", SCENARIO, "source", NASTY),
                        Unit.BYTES,
                        new io.gonogo.core.Scalar(512),
                        java.util.Set.of(),
                        src,
                        io.gonogo.core.Interval.of(100, 900, 0.95, NASTY)));
        ms.add(
                new io.gonogo.core.Measurement(
                        "jfr_hot_method",
                        Map.of(
                                "suite",
                                "memory",
                                "scenario",
                                SCENARIO,
                                "rank",
                                "1",
                                "method",
                                NASTY),
                        Unit.PERCENT,
                        new io.gonogo.core.Scalar(12),
                        java.util.Set.of(),
                        src));
        ms.add(
                new io.gonogo.core.Measurement(
                        "heap_live",
                        Map.of("suite", "memory", "scenario", SCENARIO),
                        Unit.BYTES,
                        new io.gonogo.core.Series(
                                List.of(
                                        new io.gonogo.core.Series.Point(0, 1e6),
                                        new io.gonogo.core.Series.Point(1000, 2e6))),
                        java.util.Set.of(),
                        src));
        ms.add(
                new io.gonogo.core.Measurement(
                        "throughput",
                        Map.of(
                                "suite",
                                "chaos",
                                "scenario",
                                SCENARIO,
                                "fault",
                                NASTY,
                                "phase",
                                "during"),
                        Unit.PER_SECOND,
                        new io.gonogo.core.Scalar(10),
                        java.util.Set.of(),
                        src));
        ms.add(
                new io.gonogo.core.Measurement(
                        "throughput",
                        Map.of("suite", "chaos", "scenario", SCENARIO, "fault", NASTY),
                        Unit.PER_SECOND,
                        new io.gonogo.core.Series(
                                List.of(
                                        new io.gonogo.core.Series.Point(0, 5),
                                        new io.gonogo.core.Series.Point(1000, 7))),
                        java.util.Set.of(),
                        src));
        ms.add(
                new io.gonogo.core.Measurement(
                        "latency",
                        Map.of(
                                "suite",
                                "load",
                                "scenario",
                                SCENARIO,
                                "operation",
                                NASTY,
                                "transport",
                                "grpc"),
                        Unit.MICROSECONDS,
                        io.gonogo.core.Distribution.of(Fixtures.healthLatencies()),
                        java.util.Set.of(),
                        src));
        ms.add(
                new io.gonogo.core.Measurement(
                        "throughput",
                        Map.of(
                                "suite",
                                "load",
                                "scenario",
                                SCENARIO,
                                "operation",
                                NASTY,
                                "transport",
                                "grpc"),
                        Unit.PER_SECOND,
                        new io.gonogo.core.Scalar(99),
                        java.util.Set.of(),
                        src));
        return new EvidenceSet(
                EvidenceSet.SCHEMA_VERSION,
                Fixtures.RUN,
                Fixtures.environment(),
                ms,
                List.of(
                        new TestOutcome(
                                "t1",
                                "display",
                                "memory",
                                SCENARIO,
                                false,
                                TestStatus.FAILED,
                                12,
                                MESSAGE),
                        new TestOutcome(
                                "t2",
                                "display",
                                "chaos",
                                SCENARIO,
                                false,
                                TestStatus.SUCCESSFUL,
                                12,
                                "")));
    }

    static ReportContext nastyContext() {
        io.gonogo.core.config.PlanSpec plan =
                new io.gonogo.core.config.PlanSpec(
                        TITLE,
                        "objective " + NASTY,
                        List.of(
                                new io.gonogo.core.config.PlanSpec.Task(
                                        "task|1",
                                        "task " + NASTY,
                                        java.util.Optional.of(
                                                io.gonogo.core.config.PlanSpec.Status.DONE),
                                        List.of("dir | `x` <b>.java"),
                                        List.of("memory"),
                                        java.util.Optional.empty())),
                        List.of("next " + NASTY));
        return ReportContext.of(
                List.of(new io.gonogo.core.PlannedScenario("memory", SCENARIO, false, Map.of())),
                plan,
                tmp(),
                List.of("approver " + NASTY));
    }

    private static Path tmp() {
        return Path.of("target");
    }

    private static void assertTablesKeepTheirColumns(String md) {
        int columns = -1;
        for (String line : md.lines().toList()) {
            if (!line.startsWith("|")) {
                columns = -1;
                continue;
            }
            int n = markdownCells(line).size();
            if (columns < 0) {
                columns = n;
            }
            assertThat(n).as(line).isEqualTo(columns);
        }
    }

    @Test
    void keepsTheNewSectionsTablesAndPagesIntactWithUserText() {
        EvidenceSet evidence = nastyEvidence();
        ReportContext context = nastyContext();
        String md = renderer.goNoGoMarkdown(decision(), evidence, context);
        String progress = renderer.progressReportMarkdown(decision(), evidence, context);
        String matrix = renderer.comparisonMatrixMarkdown(decision(), evidence);
        for (String doc : List.of(md, progress, matrix)) {
            assertTablesKeepTheirColumns(doc);
        }
        assertThat(md)
                .contains(
                        "| Approver | approver a \\| b \\`c\\` \\<script>alert('x')\\</script> &"
                                + " \"q\" Überprüfung ✓ |")
                .contains("| Hot method | 1 | a \\| b \\`c\\` \\<script>");
        assertThat(progress).contains("| task\\|1 | task a \\| b \\`c\\` \\<script>");
        for (String html :
                List.of(
                        renderer.goNoGoHtml(decision(), evidence, context),
                        renderer.progressReportHtml(decision(), evidence, context),
                        renderer.comparisonMatrixHtml(decision(), evidence))) {
            assertThat(html).doesNotContainIgnoringCase("<script").contains("Überprüfung ✓");
            for (List<String> r : rows(html)) {
                assertThat(r).as(r.toString()).isNotEmpty();
            }
        }
        assertThat(renderer.goNoGoHtml(decision(), evidence, context))
                .contains("<figure class=\"chart\"><svg");
        for (Map.Entry<String, String> chart : renderer.charts(decision(), evidence).entrySet()) {
            assertThat(chart.getKey()).matches("[a-z0-9-]+\\.svg");
            assertThat(chart.getValue())
                    .doesNotContainIgnoringCase("<script")
                    .doesNotContain("href");
        }
    }
}
