package io.gonogo.runners.engine.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way a POSIX shell does, without expanding anything.
 *
 * <p>Hand-written because the JDK has no such splitter and gonogo starts a {@code command} service
 * without a shell in between (so that the process it watches is the service itself): blanks
 * separate words; {@code '...'} keeps everything literally; {@code "..."} keeps everything but lets
 * a backslash escape {@code "}, {@code \}, {@code $} and {@code `}; outside quotes a backslash
 * keeps the next character. {@code $VAR}, globs, {@code ~}, pipes and redirections are plain
 * characters here.
 */
final class ShellWords {
    private ShellWords() {}

    /**
     * The words of {@code line}.
     *
     * @throws IllegalArgumentException naming the problem (an unclosed quote, a trailing backslash)
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException(
                            "the single quote at character " + (i + 1) + " is never closed");
                }
                word.append(line, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                int j = i + 1;
                while (true) {
                    if (j >= line.length()) {
                        throw new IllegalArgumentException(
                                "the double quote at character " + (i + 1) + " is never closed");
                    }
                    char d = line.charAt(j);
                    if (d == '"') {
                        break;
                    }
                    if (d == '\\'
                            && j + 1 < line.length()
                            && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
                        word.append(line.charAt(j + 1));
                        j += 2;
                    } else {
                        word.append(d);
                        j++;
                    }
                }
                inWord = true;
                i = j + 1;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException(
                            "the backslash at the end escapes nothing; remove it or quote it");
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** {@code words} as one line a shell would split back into them, for messages. */
    static String join(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (!w.isEmpty() && w.matches("[A-Za-z0-9_@%+=:,./${}-]+")) {
                sb.append(w);
            } else {
                sb.append('\'').append(w.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }
}
