package io.gonogo.runners.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void blanksSeparateWordsAndRunsOfBlanksCountOnce() {
        assertThat(ShellWords.split("  java\t-jar   app.jar \n"))
                .containsExactly("java", "-jar", "app.jar");
        assertThat(ShellWords.split("")).isEmpty();
    }

    @Test
    void singleQuotesKeepEverythingLiterally() {
        assertThat(ShellWords.split("echo 'a  b' 'it''s' '$HOME \\n'"))
                .containsExactly("echo", "a  b", "its", "$HOME \\n");
    }

    @Test
    void doubleQuotesLetABackslashEscapeOnlyQuoteBackslashDollarAndBacktick() {
        assertThat(ShellWords.split("x \"say \\\"hi\\\" \\\\ \\$1 \\n\""))
                .containsExactly("x", "say \"hi\" \\ $1 \\n");
    }

    @Test
    void aBackslashOutsideQuotesKeepsTheNextCharacter() {
        assertThat(ShellWords.split("a\\ b c\\'d")).containsExactly("a b", "c'd");
    }

    @Test
    void quotedPartsJoinTheWordAroundThem() {
        assertThat(ShellWords.split("--name=\"my app\"-x ''"))
                .containsExactly("--name=my app-x", "");
    }

    @Test
    void nothingIsExpanded() {
        assertThat(ShellWords.split("ls *.txt ~ $HOME | wc > out ${port:http}"))
                .containsExactly(
                        "ls", "*.txt", "~", "$HOME", "|", "wc", ">", "out", "${port:http}");
    }

    @Test
    void unclosedQuotesAndATrailingBackslashAreErrorsSayingWhere() {
        assertThatThrownBy(() -> ShellWords.split("echo 'abc"))
                .hasMessage("the single quote at character 6 is never closed");
        assertThatThrownBy(() -> ShellWords.split("echo \"abc"))
                .hasMessage("the double quote at character 6 is never closed");
        assertThatThrownBy(() -> ShellWords.split("echo abc\\"))
                .hasMessageContaining("the backslash at the end escapes nothing");
    }

    @Test
    void joinQuotesWhatASplitWouldBreakApart() {
        List<String> words = List.of("java", "-Dx=a b", "it's", "", "${port:http}");
        String line = ShellWords.join(words);
        assertThat(line).isEqualTo("java '-Dx=a b' 'it'\\''s' '' ${port:http}");
        assertThat(ShellWords.split(line)).isEqualTo(words);
    }
}
