package com.example.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SlugsTest {

    @Test
    void lowerCasesAndJoinsWordsWithDashes() {
        assertEquals("hello-world", Slugs.of("Hello World"));
    }

    @Test
    void dropsAccentsAndPunctuation() {
        assertEquals("hello-world", Slugs.of("Héllo, World!"));
    }

    @Test
    void keepsDigitsAndTrimsDashesAtTheEnds() {
        assertEquals("release-2-4", Slugs.of("  Release 2.4 -- "));
    }
}
