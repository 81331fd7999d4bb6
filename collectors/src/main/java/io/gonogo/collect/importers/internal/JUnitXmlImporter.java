package io.gonogo.collect.importers.internal;

import io.gonogo.collect.importers.ImportedEvidence;
import io.gonogo.collect.importers.Importer;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the legacy JUnit XML report ({@code TEST-*.xml}) that Maven Surefire and Failsafe write
 * (tested with Surefire 3.5.4, report format {@code version="3.0.2"}), and the same format as Ant,
 * Gradle and most CI tools write it.
 *
 * <p>The root is {@code <testsuite>} (or {@code <testsuites>} holding several). Each {@code
 * <testcase name=".." classname=".." time="seconds">} is one test; a {@code <failure>} or {@code
 * <error>} child (with {@code message} and {@code type}) makes it FAILED, a {@code <skipped
 * message="..">} child SKIPPED (never passed), a {@code <rerunFailure>} or {@code <rerunError>}
 * without a later pass FAILED; {@code <flakyFailure>} and {@code <flakyError>} (it passed on a
 * rerun) leave it SUCCESSFUL and say so in its message. {@code <properties>}, {@code <system-out>}
 * and {@code <system-err>} are ignored. Times may use {@code ,} as a thousands separator, as older
 * Surefire versions wrote them.
 *
 * <p>What it gives: one {@link TestOutcome} per test case (test id {@code
 * [class:<classname>]/[test:<name>]}, suite = the class name), and the metric {@code tests} (a
 * count) labelled {@code status} = {@code successful}, {@code failed}, {@code skipped}, {@code
 * aborted} (always all four, zero included, so a target such as {@code tests where status=failed <=
 * 0} always has a figure; Surefire reports assumption failures as skipped, so {@code aborted} is 0
 * here).
 */
public final class JUnitXmlImporter implements Importer {

    @Override
    public String id() {
        return "junit-xml";
    }

    @Override
    public String description() {
        return "JUnit XML reports, TEST-*.xml from Maven Surefire, Gradle, Ant";
    }

    @Override
    public boolean detect(Path file, String head) {
        String h = stripProlog(head);
        return h.startsWith("<testsuite") && !head.contains("opentest4j.org/reporting");
    }

    /** The head after the XML declaration, comments and whitespace. */
    static String stripProlog(String head) {
        String h = head.stripLeading();
        if (h.startsWith("\uFEFF")) {
            h = h.substring(1);
        }
        while (h.startsWith("<?") || h.startsWith("<!--")) {
            int end = h.indexOf(h.startsWith("<?") ? "?>" : "-->");
            if (end < 0) {
                return "";
            }
            h = h.substring(end + (h.startsWith("<?") ? 2 : 3)).stripLeading();
        }
        return h;
    }

    @Override
    public ImportedEvidence read(Path file) {
        List<TestOutcome> outcomes = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = XmlFiles.factory().createXMLStreamReader(in);
            try {
                boolean root = true;
                while (r.hasNext()) {
                    int ev = r.next();
                    if (ev != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    String name = r.getLocalName();
                    if (root) {
                        if (!name.equals("testsuite") && !name.equals("testsuites")) {
                            throw XmlFiles.at(
                                    file,
                                    r,
                                    "the root element is <"
                                            + name
                                            + ">; expected <testsuite> or <testsuites> (a JUnit XML"
                                            + " report)");
                        }
                        root = false;
                    }
                    if (name.equals("testcase")) {
                        outcomes.add(testcase(file, r));
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw XmlFiles.malformed(file, e);
        } catch (IOException e) {
            throw InvalidInputException.of(
                    file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
        return new ImportedEvidence(
                outcomes.isEmpty() ? List.of() : testCounts(outcomes), outcomes, List.of());
    }

    /**
     * The metric {@code tests}, a count per {@code status} ({@code successful}, {@code failed},
     * {@code skipped}, {@code aborted}), every status present even at zero; containers not counted.
     */
    static List<Measurement> testCounts(List<TestOutcome> outcomes) {
        Map<TestStatus, Long> counts = new EnumMap<>(TestStatus.class);
        for (TestOutcome o : outcomes) {
            if (!o.container()) {
                counts.merge(o.status(), 1L, Long::sum);
            }
        }
        List<Measurement> measurements = new ArrayList<>();
        for (TestStatus s :
                List.of(
                        TestStatus.SUCCESSFUL,
                        TestStatus.FAILED,
                        TestStatus.SKIPPED,
                        TestStatus.ABORTED)) {
            measurements.add(
                    Measurement.of(
                            "tests",
                            Map.of("status", s.name().toLowerCase(Locale.ROOT)),
                            Unit.COUNT,
                            new Scalar(counts.getOrDefault(s, 0L))));
        }
        return measurements;
    }

    /** Reads one {@code <testcase>} up to its end tag. */
    private static TestOutcome testcase(Path file, XMLStreamReader r) throws XMLStreamException {
        String name = r.getAttributeValue(null, "name");
        String classname = r.getAttributeValue(null, "classname");
        if (name == null || name.isBlank()) {
            throw XmlFiles.at(file, r, "<testcase> has no 'name'");
        }
        if (classname == null) {
            classname = "";
        }
        long millis = seconds(file, r, r.getAttributeValue(null, "time"));
        TestStatus status = TestStatus.SUCCESSFUL;
        String message = "";
        boolean flaky = false;
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (depth != 2) {
                    continue;
                }
                switch (r.getLocalName()) {
                    case "failure", "error", "rerunFailure", "rerunError" -> {
                        status = TestStatus.FAILED;
                        if (message.isEmpty()) {
                            message =
                                    describe(
                                            r,
                                            r.getLocalName()
                                                            .toLowerCase(Locale.ROOT)
                                                            .contains("error")
                                                    ? "error"
                                                    : "");
                        }
                    }
                    case "skipped" -> {
                        if (status != TestStatus.FAILED) {
                            status = TestStatus.SKIPPED;
                            String m = r.getAttributeValue(null, "message");
                            message = m == null || m.isBlank() ? "skipped" : m;
                        }
                    }
                    case "flakyFailure", "flakyError" -> flaky = true;
                    default -> {}
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        if (status == TestStatus.SUCCESSFUL && flaky) {
            message = "flaky: failed at first, passed on a rerun";
        }
        String simple = classname.substring(classname.lastIndexOf('.') + 1);
        String display = simple.isEmpty() ? name : simple + "." + name;
        return new TestOutcome(
                "[class:" + classname + "]/[test:" + name + "]",
                display,
                classname,
                "",
                false,
                status,
                millis,
                message);
    }

    private static String describe(XMLStreamReader r, String kind) {
        String type = r.getAttributeValue(null, "type");
        String message = r.getAttributeValue(null, "message");
        String text =
                (type == null ? "" : type)
                        + (message == null || message.isBlank()
                                ? ""
                                : (type == null ? "" : ": ") + message);
        if (text.isBlank()) {
            text = kind.isEmpty() ? "failed" : "error";
        }
        return text.strip();
    }

    private static long seconds(Path file, XMLStreamReader r, String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            double s = Double.parseDouble(text.strip().replace(",", ""));
            if (!(s >= 0) || Double.isInfinite(s)) {
                throw new NumberFormatException();
            }
            return Math.round(s * 1000);
        } catch (NumberFormatException e) {
            throw XmlFiles.at(
                    file,
                    r,
                    "<testcase> has time=\"" + text + "\"; expected seconds such as 0.012");
        }
    }
}
