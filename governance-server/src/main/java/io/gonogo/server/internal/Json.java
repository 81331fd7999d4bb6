package io.gonogo.server.internal;

/** Writes the few JSON strings the server sends; no JSON library is needed for them yet. */
final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {}

    /** Returns {@code value} as a quoted JSON string literal. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        out.append("\\u00").append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }

    /** Returns the error document {@code {"error":code,"message":message}}. */
    static String error(String code, String message) {
        return "{\"error\":" + quote(code) + ",\"message\":" + quote(message) + "}";
    }
}
