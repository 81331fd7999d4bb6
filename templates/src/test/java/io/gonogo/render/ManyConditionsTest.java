package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Condition;
import io.gonogo.core.Decision;
import io.gonogo.core.Outcome;
import io.gonogo.core.Reason;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A decision with many conditions or blockers: each is listed in full once (conditions in their
 * table, blockers under Rationale), and the executive summary, the recommendations and the
 * rationale list the first ten and count the rest, instead of repeating hundreds of lines.
 */
class ManyConditionsTest {
    private final Renderer renderer = Renderer.builder().environment(Map.of()).build();

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String section(String md, String heading) {
        int from = md.indexOf(heading);
        int to = md.indexOf("\n## ", from + heading.length());
        int sub = md.indexOf("\n### ", from + heading.length());
        if (heading.startsWith("### ") && sub >= 0 && (to < 0 || sub < to)) {
            to = sub;
        }
        return md.substring(from, to < 0 ? md.length() : to);
    }

    @Test
    void conditionsAreListedInFullOnceAndCountedElsewhere() {
        List<Condition> conditions = new ArrayList<>();
        List<Reason> reasons = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            conditions.add(
                    new Condition(
                            "target.t" + i,
                            "target.t" + i,
                            "Bring target t" + i + " within bounds",
                            "Dana",
                            LocalDate.parse("2026-04-01")));
            reasons.add(
                    new Reason(
                            Reason.Kind.CONDITION,
                            "target.t" + i,
                            "target t" + i + " MISSED but not critical"));
        }
        Decision d = Fixtures.bareDecision(Outcome.GO_WITH_CONDITIONS, reasons, conditions);
        String md = renderer.goNoGoMarkdown(d, Fixtures.emptyEvidence());

        String summary = section(md, "## Executive summary");
        assertThat(summary)
                .contains("The release may ship only under 25 written conditions")
                .contains("- Bring target t10 within bounds.")
                .doesNotContain("target t11 within")
                .contains(
                        "- 15 more conditions are listed under Conditions for proceeding, with"
                                + " owners and due dates.");
        assertThat(count(section(md, "### Conditions for proceeding"), "\\| target\\.t\\d+ \\|"))
                .isEqualTo(25);
        assertThat(section(md, "## Recommendations"))
                .contains("Meet the condition target.t10 (owner Dana, due 2026-04-01)")
                .doesNotContain("Meet the condition target.t11 ")
                .contains(
                        "Meet the 15 other conditions listed under Conditions for proceeding, each"
                                + " by its owner and due date.");
        assertThat(section(md, "### Rationale"))
                .contains("- target t10 MISSED but not critical")
                .doesNotContain("target t11 MISSED")
                .contains("- 15 more conditions are listed under Conditions for proceeding.");
    }

    @Test
    void blockersAreListedInFullUnderRationale() {
        List<Reason> reasons = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            reasons.add(
                    new Reason(
                            Reason.Kind.BLOCKER,
                            "target.b" + i,
                            "critical target b" + i + " MISSED"));
        }
        String md =
                renderer.goNoGoMarkdown(
                        Fixtures.bareDecision(Outcome.NO_GO, reasons, List.of()),
                        Fixtures.emptyEvidence());
        assertThat(section(md, "## Executive summary"))
                .contains("- critical target b10 MISSED")
                .doesNotContain("b11 MISSED")
                .contains("- 2 more blockers are listed under Rationale.");
        assertThat(count(section(md, "### Rationale"), "- critical target b\\d+ MISSED"))
                .isEqualTo(12);
    }

    @Test
    void tenOrFewerAreAllListedWithoutACount() {
        List<Condition> conditions = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            conditions.add(
                    new Condition(
                            "c" + i,
                            "c" + i,
                            "Condition number " + i,
                            "Dana",
                            LocalDate.parse("2026-04-01")));
        }
        String md =
                renderer.goNoGoMarkdown(
                        Fixtures.bareDecision(Outcome.GO_WITH_CONDITIONS, List.of(), conditions),
                        Fixtures.emptyEvidence());
        assertThat(count(section(md, "## Executive summary"), "- Condition number \\d+\\."))
                .isEqualTo(10);
        assertThat(md)
                .doesNotContain("more conditions are listed")
                .doesNotContain("other conditions listed");
    }
}
