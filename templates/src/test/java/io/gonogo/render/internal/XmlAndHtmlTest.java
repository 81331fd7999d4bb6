package io.gonogo.render.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlAndHtmlTest {
    @Test
    void escapesMarkupForXmlTextAndAttributes() {
        assertThat(Xml.text("a < b && c > \"d\" ]]>"))
                .isEqualTo("a &lt; b &amp;&amp; c &gt; \"d\" ]]&gt;");
        assertThat(Xml.attribute("a \"b\" <c>\n\td\r"))
                .isEqualTo("a &quot;b&quot; &lt;c&gt;&#10;&#9;d&#13;");
        assertThat(Xml.text("line 1\nline 2\tx")).isEqualTo("line 1\nline 2\tx");
        assertThat(Xml.text(null)).isEmpty();
    }

    @Test
    void dropsWhatXml10CannotHoldAndKeepsEveryOtherCharacter() {
        assertThat(Xml.text("a\u0000b\u0001c\u001Fd\uFFFEe\uFFFF")).isEqualTo("abcde");
        assertThat(Xml.attribute("lone \uD800 surrogate")).isEqualTo("lone  surrogate");
        assertThat(Xml.text("Überprüfung ✓ 😀")).isEqualTo("Überprüfung ✓ 😀");
    }

    @Test
    void escapesTextForHtmlOnOneLine() {
        assertThat(Html.text("<script>alert('x')</script> & \"q\"\nÜ ✓\u0007"))
                .isEqualTo(
                        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; Ü ✓");
        assertThat(Html.text(null)).isEmpty();
    }

    @Test
    void rendersGfmTablesAndNeverPassesRawHtmlOrUnsafeLinks() {
        assertThat(Html.fromMarkdown("| a | b |\n|---|---:|\n| x \\| y | 1 |\n"))
                .isEqualTo(
                        "<table>\n"
                                + "<thead>\n"
                                + "<tr>\n"
                                + "<th>a</th>\n"
                                + "<th align=\"right\">b</th>\n"
                                + "</tr>\n"
                                + "</thead>\n"
                                + "<tbody>\n"
                                + "<tr>\n"
                                + "<td>x | y</td>\n"
                                + "<td align=\"right\">1</td>\n"
                                + "</tr>\n"
                                + "</tbody>\n"
                                + "</table>\n");
        assertThat(Html.fromMarkdown("<script>alert(1)</script>\n\nhi <b onclick=x>there</b>\n"))
                .isEqualTo(
                        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
                                + "<p>hi &lt;b onclick=x&gt;there&lt;/b&gt;</p>\n");
        assertThat(
                        Html.fromMarkdown(
                                "[a](javascript:alert(1)) [b](https://example.org/x?a=1&b=2)\n"))
                .isEqualTo(
                        "<p><a rel=\"nofollow\" href=\"\">a</a> <a rel=\"nofollow\""
                                + " href=\"https://example.org/x?a=1&amp;b=2\">b</a></p>\n");
    }
}
