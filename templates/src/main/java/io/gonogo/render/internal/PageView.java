package io.gonogo.render.internal;

import io.gonogo.core.Decision;
import io.gonogo.core.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model of an HTML page: a document's Markdown rendered as HTML, with the decision's banner,
 * the verdicts as badges, an id on each section heading for the table of contents, the charts
 * inlined and, on the go/no-go page, the headline charts for the dashboard.
 *
 * <p>Everything here works on the HTML that commonmark renders, which escapes any HTML in the
 * Markdown: a tag found in it is commonmark's own, never text from the evidence.
 */
public final class PageView {
    private static final Pattern H2 = Pattern.compile("<h2>(.*?)</h2>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern TABLE = Pattern.compile("<table>.*?</table>", Pattern.DOTALL);
    private static final Pattern HEADER_CELL =
            Pattern.compile("<th(?: align=\"\\w+\")?>(.*?)</th>");
    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("(<td(?: align=\"\\w+\")?>)(.*?)</td>");

    /** Verdict titles, longest first, so that a cell's text is matched by the whole title. */
    private static final List<Verdict> VERDICTS =
            List.of(
                    Verdict.NOT_MEASURED,
                    Verdict.INCONCLUSIVE,
                    Verdict.ACCEPTABLE,
                    Verdict.EXCEEDED,
                    Verdict.MISSED,
                    Verdict.MET);

    private PageView() {}

    /**
     * The page of {@code decision}'s document whose HTML (as commonmark renders its Markdown) is
     * {@code html}; with {@code dashboard}, the headline charts of {@code charts} for the
     * dashboard.
     */
    public static Templates.Page of(
            Decision decision, String html, Charts charts, boolean dashboard) {
        List<Templates.Section> toc = new ArrayList<>();
        String body =
                Html.inlineCharts(anchorSections(badges(html), toc), Charts.FOLDER, charts.files());
        int first = body.indexOf("<h2 ");
        String intro = first < 0 ? body : body.substring(0, first);
        String sections = first < 0 ? "" : body.substring(first);
        List<String> headline = new ArrayList<>();
        if (dashboard) {
            for (String file : charts.headline()) {
                headline.add(renamed(charts.files().get(file).strip(), "dashboard-"));
            }
        }
        return new Templates.Page(
                Html.text(decision.release().name()),
                body,
                banner(decision),
                toc,
                intro,
                sections,
                headline);
    }

    /** The decision as the banner shows it: its colour, its title and why, in one sentence. */
    static Templates.Banner banner(Decision decision) {
        String tone =
                switch (decision.outcome()) {
                    case GO -> "go";
                    case GO_WITH_CONDITIONS -> "conditions";
                    case NO_GO -> "no-go";
                };
        return new Templates.Banner(
                tone, decision.outcome().title(), Html.text(GoNoGoView.why(decision)));
    }

    /**
     * {@code html} with an id on each second-level heading (its text in lower case, words joined by
     * '-', numbered from 2 when repeated); each heading is added to {@code toc}.
     */
    static String anchorSections(String html, List<Templates.Section> toc) {
        Matcher m = H2.matcher(html);
        Set<String> ids = new HashSet<>();
        StringBuilder out = new StringBuilder(html.length() + 512);
        while (m.find()) {
            String title = TAG.matcher(m.group(1)).replaceAll("").strip();
            String slug =
                    title.replaceAll("&[a-zA-Z0-9#]+;", " ")
                            .toLowerCase(Locale.ROOT)
                            .replaceAll("[^\\p{L}\\p{N}]+", "-")
                            .replaceAll("^-|-$", "");
            String base = "section-" + (slug.isEmpty() ? "untitled" : slug);
            String id = base;
            for (int i = 2; !ids.add(id); i++) {
                id = base + "-" + i;
            }
            toc.add(new Templates.Section(id, title));
            m.appendReplacement(
                    out, Matcher.quoteReplacement("<h2 id=\"" + id + "\">" + m.group(1) + "</h2>"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * {@code html} with the verdict in each cell of a table's "Verdict" column drawn as a badge
     * coloured by the verdict: green for EXCEEDED and MET, amber for ACCEPTABLE and INCONCLUSIVE,
     * red for MISSED and NOT MEASURED. The rest of the cell's text (a note after the verdict)
     * follows the badge.
     */
    static String badges(String html) {
        Matcher tables = TABLE.matcher(html);
        StringBuilder out = new StringBuilder(html.length() + 1024);
        while (tables.find()) {
            String table = tables.group();
            int head = table.indexOf("</thead>");
            int column = -1;
            if (head >= 0) {
                Matcher th = HEADER_CELL.matcher(table.substring(0, head));
                for (int i = 0; th.find(); i++) {
                    if (th.group(1).equals("Verdict")) {
                        column = i;
                        break;
                    }
                }
            }
            if (column >= 0) {
                table = table.substring(0, head) + badgeRows(table.substring(head), column);
            }
            tables.appendReplacement(out, Matcher.quoteReplacement(table));
        }
        tables.appendTail(out);
        return out.toString();
    }

    private static String badgeRows(String rows, int column) {
        Matcher row = ROW.matcher(rows);
        StringBuilder out = new StringBuilder(rows.length() + 256);
        while (row.find()) {
            Matcher cell = CELL.matcher(row.group(1));
            StringBuilder cells = new StringBuilder(row.group(1).length() + 64);
            for (int i = 0; cell.find(); i++) {
                String replacement = cell.group();
                if (i == column) {
                    replacement = cell.group(1) + badge(cell.group(2)) + "</td>";
                }
                cell.appendReplacement(cells, Matcher.quoteReplacement(replacement));
            }
            cell.appendTail(cells);
            row.appendReplacement(out, Matcher.quoteReplacement("<tr>" + cells + "</tr>"));
        }
        row.appendTail(out);
        return out.toString();
    }

    /**
     * {@code text} with the verdict it starts with as a badge; as it is when it starts with none.
     */
    private static String badge(String text) {
        for (Verdict v : VERDICTS) {
            String t = v.title();
            if (text.startsWith(t)
                    && (text.length() == t.length() || text.charAt(t.length()) == ' ')) {
                return "<span class=\"badge badge-"
                        + tone(v)
                        + "\">"
                        + t
                        + "</span>"
                        + text.substring(t.length());
            }
        }
        return text;
    }

    private static String tone(Verdict v) {
        return switch (v) {
            case EXCEEDED, MET -> "good";
            case ACCEPTABLE, INCONCLUSIVE -> "warn";
            case MISSED, NOT_MEASURED -> "bad";
        };
    }

    /**
     * {@code svg}, a chart gonogo drew, with its element ids (which all start {@code chart-})
     * prefixed by {@code prefix}, so that a second copy of a chart on one page has ids of its own.
     */
    static String renamed(String svg, String prefix) {
        return svg.replace("id=\"chart-", "id=\"" + prefix + "chart-")
                .replace("url(#chart-", "url(#" + prefix + "chart-")
                .replace("aria-labelledby=\"chart-", "aria-labelledby=\"" + prefix + "chart-");
    }
}
