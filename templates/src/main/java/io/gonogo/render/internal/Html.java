package io.gonogo.render.internal;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Turns the Markdown of a document into HTML, and escapes text for HTML.
 *
 * <p>Markdown is rendered by commonmark with GitHub Flavored Markdown tables. Raw HTML in the
 * Markdown is never passed through: it is escaped and shows as text, so a {@code <script>} in a
 * test name, or in an override template, cannot run. Link and image URLs are sanitized (only {@code
 * http}, {@code https}, {@code mailto} and relative URLs are kept). The parser and renderer are
 * immutable and thread-safe, and the output depends only on the input.
 */
public final class Html {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER =
            HtmlRenderer.builder()
                    .extensions(EXTENSIONS)
                    .escapeHtml(true)
                    .sanitizeUrls(true)
                    .build();

    private Html() {}

    /**
     * The HTML of {@code markdown}: a fragment for the body of a page, ending with a line break.
     */
    public static String fromMarkdown(String markdown) {
        return RENDERER.render(PARSER.parse(markdown));
    }

    /**
     * {@code text} escaped for HTML text and for quoted attribute values: {@code & < > " '} become
     * references, line breaks become spaces, and characters HTML does not allow are dropped.
     */
    public static String text(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints()
                .forEach(
                        c -> {
                            switch (c) {
                                case '&' -> out.append("&amp;");
                                case '<' -> out.append("&lt;");
                                case '>' -> out.append("&gt;");
                                case '"' -> out.append("&quot;");
                                case '\'' -> out.append("&#39;");
                                case '\r', '\n', '\t' -> out.append(' ');
                                default -> {
                                    if (Xml.allowed(c) && !(c >= 0x7f && c <= 0x9f)) {
                                        out.appendCodePoint(c);
                                    }
                                }
                            }
                        });
        return out.toString().strip();
    }

    private static final java.util.regex.Pattern CHART_IMAGE =
            java.util.regex.Pattern.compile(
                    "(?:<p>)?<img src=\"([^\"]+)\" alt=\"([^\"]*)\" />(?:</p>)?");

    /**
     * {@code html} with each image of a chart in {@code folder} replaced by the chart's SVG (which
     * gonogo drew, with every text in it escaped), inside a figure; images of anything else stay.
     */
    public static String inlineCharts(
            String html, String folder, java.util.Map<String, String> charts) {
        // find each image by its fixed opening (a regular expression with an optional "<p>" before
        // it
        // would be tried at every position of a page that can be megabytes long)
        String open = "<img src=\"";
        int at = html.indexOf(open);
        if (at < 0) {
            return html;
        }
        StringBuilder out = new StringBuilder(html.length() + 8192);
        int copied = 0;
        java.util.regex.Matcher m = CHART_IMAGE.matcher(html);
        for (; at >= 0; at = html.indexOf(open, at + open.length())) {
            int from = html.startsWith("<p>", at - 3) ? at - 3 : at;
            if (from < copied || !m.region(from, html.length()).lookingAt()) {
                continue;
            }
            String src = m.group(1);
            String svg =
                    src.startsWith(folder + "/")
                            ? charts.get(src.substring(folder.length() + 1))
                            : null;
            out.append(html, copied, from)
                    .append(
                            svg == null
                                    ? m.group()
                                    : "<figure class=\"chart\">" + svg.strip() + "</figure>");
            copied = m.end();
            at = Math.max(at, copied - open.length());
        }
        return out.append(html, copied, html.length()).toString();
    }
}
