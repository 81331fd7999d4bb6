package io.gonogo.core.internal;

/** Small text helpers for the sentences the rules write. */
final class Sentences {
    private Sentences() {}

    /**
     * {@code s} stripped, with a full stop added unless it ends with one, {@code !} or {@code ?}.
     */
    static String sentence(String s) {
        String t = s.strip();
        return t.isEmpty() || ".!?".indexOf(t.charAt(t.length() - 1)) >= 0 ? t : t + ".";
    }

    /** {@code s} with its first letter upper-cased. */
    static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
