package io.gonogo.render.internal;

import io.gonogo.core.Decision;
import io.gonogo.core.Numbers;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.Verdict;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@code junit.xml} of a decision, for CI dashboards: one test case per target, in the targets
 * file's order.
 *
 * <p>The file has one {@code <testsuite name="gonogo.targets">} inside {@code <testsuites>}, with
 * properties {@code outcome} ({@code GO}, {@code GO_WITH_CONDITIONS}, {@code NO_GO}), {@code
 * release}, {@code profile}, {@code run.id} and {@code as.of}. Each target is a {@code <testcase
 * classname="gonogo.targets" name="TARGET-ID" time="0">}: a MISSED or NOT MEASURED target fails
 * ({@code <failure message="VERDICT: reason" type="VERDICT">} with the details as its text); every
 * other target passes, with one {@code <system-out>} line {@code VERDICT: reason}. Times are 0 and
 * the timestamp is the decision's as-of instant, so the same decision always gives the same bytes.
 * Values are escaped for XML 1.0, and characters it cannot hold are removed.
 */
public final class JUnitXml {
    /** The suite name and the class name of every test case. */
    public static final String SUITE = "gonogo.targets";

    private JUnitXml() {}

    /** Whether a target with {@code verdict} is a failed test case. */
    public static boolean fails(Verdict verdict) {
        return verdict == Verdict.MISSED || verdict == Verdict.NOT_MEASURED;
    }

    /** The text of {@code junit.xml} for {@code decision}. */
    public static String of(Decision decision) {
        List<TargetVerdict> verdicts = decision.verdicts();
        long failures = verdicts.stream().filter(v -> fails(v.verdict())).count();
        String counts =
                " tests=\""
                        + verdicts.size()
                        + "\" failures=\""
                        + failures
                        + "\" errors=\"0\" skipped=\"0\" time=\"0\"";
        StringBuilder x = new StringBuilder(4096);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuites name=\"gonogo\"").append(counts).append(">\n");
        x.append("  <testsuite name=\"")
                .append(SUITE)
                .append('"')
                .append(counts)
                .append(" timestamp=\"")
                .append(decision.asOf())
                .append("\">\n");
        x.append("    <properties>\n");
        property(x, "outcome", decision.outcome().name());
        property(x, "release", decision.release().name());
        property(x, "profile", decision.profile().id());
        property(x, "run.id", decision.runId());
        property(x, "as.of", decision.asOf().toString());
        x.append("    </properties>\n");
        for (TargetVerdict v : verdicts) {
            x.append("    <testcase classname=\"")
                    .append(SUITE)
                    .append("\" name=\"")
                    .append(Xml.attribute(v.target()))
                    .append("\" time=\"0\"");
            String line = v.verdict().title() + ": " + oneLine(v.reason());
            if (fails(v.verdict())) {
                x.append(">\n      <failure message=\"")
                        .append(Xml.attribute(line))
                        .append("\" type=\"")
                        .append(v.verdict().name())
                        .append("\">")
                        .append(Xml.text(details(v)))
                        .append("</failure>\n    </testcase>\n");
            } else {
                x.append(">\n      <system-out>")
                        .append(Xml.text(line))
                        .append("</system-out>\n")
                        .append("    </testcase>\n");
            }
        }
        x.append("  </testsuite>\n</testsuites>\n");
        return x.toString();
    }

    private static void property(StringBuilder x, String name, String value) {
        x.append("      <property name=\"")
                .append(name)
                .append("\" value=\"")
                .append(Xml.attribute(value))
                .append("\"/>\n");
    }

    /** The body of a failure: what was expected, what was found, and where it should come from. */
    private static String details(TargetVerdict v) {
        StringBuilder d = new StringBuilder();
        d.append("target ").append(v.target());
        if (!v.title().equals(v.target())) {
            d.append(" (").append(oneLine(v.title())).append(')');
        }
        d.append(v.critical() ? ", critical" : ", not critical").append('\n');
        d.append("verdict: ").append(v.verdict().title()).append('\n');
        d.append("reason: ").append(oneLine(v.reason())).append('\n');
        d.append("metric: ")
                .append(v.metric())
                .append(v.aggregate().isEmpty() ? "" : " " + v.aggregate());
        if (!v.where().isEmpty()) {
            d.append(" where ")
                    .append(
                            new TreeMap<>(v.where())
                                    .entrySet().stream()
                                            .map(e -> e.getKey() + "=" + e.getValue())
                                            .collect(Collectors.joining(", ")));
        }
        d.append('\n');
        d.append("pass: ").append(v.pass().text()).append('\n');
        v.acceptable().ifPresent(a -> d.append("acceptable: ").append(a.text()).append('\n'));
        d.append("achieved: ").append(v.achieved().map(Numbers::show).orElse("not measured"));
        if (v.deltaPercent().isPresent()) {
            d.append(" (")
                    .append(Numbers.signedPercent(v.deltaPercent().getAsDouble()))
                    .append(')');
        }
        d.append('\n');
        if (!v.sources().isEmpty()) {
            d.append(v.verdict() == Verdict.NOT_MEASURED ? "expected from: " : "sources: ")
                    .append(String.join(", ", v.sources()))
                    .append('\n');
        }
        return d.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
