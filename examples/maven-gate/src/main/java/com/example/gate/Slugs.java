package com.example.gate;

import java.text.Normalizer;
import java.util.Locale;

/** Turns titles into URL slugs: "Héllo, World!" becomes "hello-world". */
public final class Slugs {
    private Slugs() {}

    /** The slug of {@code title}: lower-case ASCII letters and digits joined by single dashes. */
    public static String of(String title) {
        String plain =
                Normalizer.normalize(title, Normalizer.Form.NFD)
                        .replaceAll("\\p{M}", "")
                        .toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(plain.length());
        boolean dash = false;
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (dash && sb.length() > 0) {
                    sb.append('-');
                }
                sb.append(c);
                dash = false;
            } else {
                dash = true;
            }
        }
        return sb.toString();
    }
}
