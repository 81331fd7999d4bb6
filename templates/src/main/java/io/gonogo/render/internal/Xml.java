package io.gonogo.render.internal;

/**
 * Escapes text for XML 1.0: characters XML 1.0 cannot hold (most control characters, lone
 * surrogates, U+FFFE and U+FFFF) are removed; markup characters become references.
 */
public final class Xml {
    private Xml() {}

    /** Whether XML 1.0 allows code point {@code c} in a document. */
    static boolean allowed(int c) {
        return c == 0x9
                || c == 0xA
                || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    /** {@code text} for the content of an element; line breaks and tabs are kept as they are. */
    public static String text(String text) {
        return escape(text, false);
    }

    /**
     * {@code text} for an attribute value in double quotes; line breaks and tabs become character
     * references, so a parser reads them back instead of normalising them to spaces.
     */
    public static String attribute(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean attribute) {
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
                                case '"' -> out.append(attribute ? "&quot;" : "\"");
                                case '\r' -> out.append("&#13;");
                                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                                default -> {
                                    if (allowed(c)) {
                                        out.appendCodePoint(c);
                                    }
                                }
                            }
                        });
        return out.toString();
    }
}
