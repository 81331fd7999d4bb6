package io.gonogo.render.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkdownTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '¦',
            quoteCharacter = '"',
            textBlock =
                    """
                    plain text                  ¦ plain text
                    a | b                       ¦ a \\| b
                    success_rate                ¦ success_rate
                    _lead and trail_            ¦ \\_lead and trail\\_
                    *bold* and `code`           ¦ \\*bold\\* and \\`code\\`
                    [link](http://x)            ¦ \\[link\\](http://x)
                    <b>html</b> <!-- c -->      ¦ \\<b>html\\</b> \\<!-- c -->
                    p99 < 10ms and >= 5000/s    ¦ p99 < 10ms and >= 5000/s
                    R&D &amp; &#123;            ¦ R&D \\&amp; \\&#123;
                    ~~strike~~                  ¦ \\~\\~strike\\~\\~
                    C:\\temp\\new               ¦ C:\\temp\\new
                    back\\*slash                ¦ back\\\\\\*slash
                    # not a heading mid-line    ¦ # not a heading mid-line
                    """)
    void escapesInlineMarkdownAndLeavesSafeCharactersAlone(String text, String markdown) {
        assertThat(Markdown.text(text)).isEqualTo(markdown);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '¦',
            textBlock =
                    """
                    # heading     ¦ \\# heading
                    > quote       ¦ \\> quote
                    - item        ¦ \\- item
                    + item        ¦ \\+ item
                    ---           ¦ \\---
                    1. first      ¦ 1\\. first
                    12) twelfth   ¦ 12\\) twelfth
                    1.5 is fine   ¦ 1.5 is fine
                    -5% is fine   ¦ -5% is fine
                    """)
    void escapesWhatWouldOpenABlockAtTheStartOfALine(String text, String markdown) {
        assertThat(Markdown.lineStart(Markdown.text(text))).isEqualTo(markdown);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '¦',
            textBlock =
                    """
                    release #     ¦ release \\#
                    release ##    ¦ release \\##
                    release#2     ¦ release#2
                    """)
    void escapesATrailingHashThatWouldCloseAHeading(String text, String markdown) {
        assertThat(Markdown.heading(text)).isEqualTo(markdown);
    }

    @org.junit.jupiter.api.Test
    void joinsLinesSoAValueNeverBreaksATableRowOrAListItem() {
        assertThat(Markdown.text("expected 200\r\n   got 503\nat line 2\n"))
                .isEqualTo("expected 200 got 503 at line 2");
        assertThat(Markdown.text(null)).isEmpty();
        assertThat(Markdown.text("bell\u0007 nul\u0000 esc\u001B[31m tab\tkept"))
                .isEqualTo("bell nul esc\\[31m tab\tkept");
    }

    @org.junit.jupiter.api.Test
    void fencesACodeSpanLongerThanAnyBacktickRunInside() {
        assertThat(Markdown.code("[engine:gonogo]/[suite:load]"))
                .isEqualTo("`[engine:gonogo]/[suite:load]`");
        assertThat(Markdown.code("a `b` c")).isEqualTo("``a `b` c``");
        assertThat(Markdown.code("`x`")).isEqualTo("`` `x` ``");
    }
}
