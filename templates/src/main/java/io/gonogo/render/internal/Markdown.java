package io.gonogo.render.internal;

import java.util.regex.Pattern;

/**
 * Escapes text that comes from users (titles, names, messages) for Markdown documents.
 *
 * <p>{@link #text} gives one line that renders as the literal text in CommonMark and GitHub
 * Flavored Markdown, in prose and inside a table cell: line breaks become spaces, other control
 * characters are dropped; {@code |} is escaped so it cannot split a cell; characters that would
 * start emphasis, code, links, strikethrough, HTML or entities are escaped. Characters that are
 * safe where they stand are left alone, so the Markdown source stays readable ({@code
 * success_rate}, {@code < 10ms}). Where a value starts a line (a list item), {@link #lineStart}
 * also escapes a start that would open a block (heading, quote, list, thematic break); in a
 * heading, {@link #heading} also escapes a trailing {@code #} that would close it.
 */
public final class Markdown {
    private static final Pattern LINE_BREAK = Pattern.compile("\\s*(?:\\r\\n|\\r|\\n)\\s*");

    /**
     * Control characters other than tab and line breaks, and NUL: they have no place in a document.
     */
    private static final Pattern CONTROL =
            Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    private Markdown() {}

    /** {@code text} escaped as one line of Markdown; see the class comment. */
    public static String text(String text) {
        String s = oneLine(text);
        if (s.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char prev = i > 0 ? s.charAt(i - 1) : ' ';
            char next = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
            switch (c) {
                case '\\' -> out.append(isAsciiPunctuation(next) ? "\\\\" : "\\");
                case '|', '*', '`', '[', ']', '~' -> out.append('\\').append(c);
                case '_' -> out.append(isWordChar(prev) && isWordChar(next) ? "_" : "\\_");
                case '<' ->
                        out.append(
                                Character.isLetter(next)
                                                || next == '/'
                                                || next == '!'
                                                || next == '?'
                                        ? "\\<"
                                        : "<");
                case '&' -> out.append(startsEntity(s, i) ? "\\&" : "&");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * {@code markdown} (already escaped inline text) made safe to start a line: a prefix that would
     * open a heading, quote, list item or thematic break is escaped.
     */
    public static String lineStart(String markdown) {
        if (markdown.isEmpty()) {
            return markdown;
        }
        int lead = blockStartLength(markdown);
        if (lead == 0) {
            return markdown;
        }
        String prefix = markdown.substring(0, lead);
        String escaped =
                Character.isDigit(prefix.charAt(0))
                        ? prefix.substring(0, lead - 1) + "\\" + prefix.charAt(lead - 1)
                        : "\\" + prefix;
        return escaped + markdown.substring(lead);
    }

    /**
     * {@code text} escaped for the end of an ATX heading: also a trailing {@code #} run is escaped.
     */
    public static String heading(String text) {
        String s = text(text);
        int i = s.length();
        while (i > 0 && s.charAt(i - 1) == '#') {
            i--;
        }
        if (i < s.length() && (i == 0 || s.charAt(i - 1) == ' ')) {
            return s.substring(0, i) + "\\" + s.substring(i);
        }
        return s;
    }

    /** {@code text} as an inline code span, for identifiers in prose (not in table cells). */
    public static String code(String text) {
        String s = oneLine(text);
        if (s.isEmpty()) {
            return "";
        }
        int longest = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
        return fence + pad + s + pad + fence;
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        // most texts (ids, figures) hold no control character nor line break: skip both patterns
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return LINE_BREAK
                        .matcher(CONTROL.matcher(text).replaceAll(""))
                        .replaceAll(" ")
                        .strip();
            }
        }
        return text.strip();
    }

    /**
     * The length of a prefix that would open a block at the start of a line: {@code #}, {@code >},
     * a bullet or a thematic break ({@code - }, {@code + }, {@code ---}, {@code ===}), an ordered
     * list marker ({@code 1. }, {@code 1) }); 0 when there is none.
     */
    private static int blockStartLength(String s) {
        char c = s.charAt(0);
        if (c == '#' || c == '>') {
            return 1;
        }
        if ((c == '-' || c == '+' || c == '=')
                && (s.length() == 1 || s.charAt(1) == ' ' || s.charAt(1) == c)) {
            return 1;
        }
        int i = 0;
        while (i < s.length() && i < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i > 0
                && i < s.length()
                && (s.charAt(i) == '.' || s.charAt(i) == ')')
                && (i + 1 == s.length() || s.charAt(i + 1) == ' ')) {
            return i + 1;
        }
        return 0;
    }

    private static boolean startsEntity(String s, int amp) {
        int i = amp + 1;
        if (i < s.length() && s.charAt(i) == '#') {
            i++;
        }
        int begin = i;
        while (i < s.length()
                && i - begin < 32
                && s.charAt(i) < 128
                && Character.isLetterOrDigit(s.charAt(i))) {
            i++;
        }
        return i > begin && i < s.length() && s.charAt(i) == ';';
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c);
    }

    private static boolean isAsciiPunctuation(char c) {
        return c > ' ' && c < 127 && !Character.isLetterOrDigit(c);
    }
}
