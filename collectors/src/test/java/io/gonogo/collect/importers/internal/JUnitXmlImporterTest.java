package io.gonogo.collect.importers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.collect.importers.ImportedEvidence;
import io.gonogo.collect.importers.Importers;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JUnit XML importer on reports Maven Surefire wrote (see the README beside them). */
class JUnitXmlImporterTest {
    static final Path CART =
            Path.of("src/test/resources/importers/junit-xml/TEST-com.example.shop.CartTest.xml");
    static final Path CHECKOUT =
            Path.of(
                    "src/test/resources/importers/junit-xml/TEST-com.example.shop.CheckoutTest.xml");
    private final JUnitXmlImporter importer = new JUnitXmlImporter();

    @TempDir Path dir;

    private static Map<String, TestOutcome> byName(ImportedEvidence e) {
        return e.outcomes().stream().collect(Collectors.toMap(TestOutcome::displayName, o -> o));
    }

    private static double count(ImportedEvidence e, String status) {
        return e.measurements().stream()
                .filter(m -> m.metric().equals("tests") && m.labels().get("status").equals(status))
                .map(Measurement::value)
                .map(v -> ((Scalar) v).value())
                .findFirst()
                .orElseThrow();
    }

    @Test
    void isDetectedAmongTheOtherFormats() throws Exception {
        assertThat(Importers.withServiceLoader().detect(CART))
                .map(i -> i.id())
                .contains("junit-xml");
        assertThat(Importers.withServiceLoader().detect(CHECKOUT))
                .map(i -> i.id())
                .contains("junit-xml");
    }

    @Test
    void everyTestCaseBecomesAnOutcomeAndASkipIsNeverAPass() {
        ImportedEvidence e = importer.read(CART);
        Map<String, TestOutcome> tests = byName(e);
        assertThat(tests)
                .containsOnlyKeys(
                        "CartTest.addsAnItem",
                        "CartTest.totalsTwoItems",
                        "CartTest.appliesTheDiscount",
                        "CartTest.acceptsADiscountCode");
        assertThat(tests.get("CartTest.addsAnItem").status()).isEqualTo(TestStatus.SUCCESSFUL);
        assertThat(tests.get("CartTest.totalsTwoItems").durationMillis()).isEqualTo(176);
        TestOutcome failed = tests.get("CartTest.appliesTheDiscount");
        assertThat(failed.status()).isEqualTo(TestStatus.FAILED);
        assertThat(failed.message())
                .isEqualTo(
                        "org.opentest4j.AssertionFailedError: 10% discount on 100 ==> expected:"
                                + " <90> but was: <85>");
        assertThat(failed.suite()).isEqualTo("com.example.shop.CartTest");
        assertThat(failed.testId())
                .isEqualTo("[class:com.example.shop.CartTest]/[test:appliesTheDiscount]");
        TestOutcome skipped = tests.get("CartTest.acceptsADiscountCode");
        assertThat(skipped.status()).isEqualTo(TestStatus.SKIPPED);
        assertThat(skipped.message()).isEqualTo("discount codes arrive in sprint 12");
        assertThat(count(e, "successful")).isEqualTo(2);
        assertThat(count(e, "failed")).isEqualTo(1);
        assertThat(count(e, "skipped")).isEqualTo(1);
        assertThat(count(e, "aborted")).isZero();
    }

    @Test
    void anErrorIsAFailureWithItsType() {
        Map<String, TestOutcome> tests = byName(importer.read(CHECKOUT));
        assertThat(tests.get("CheckoutTest.refusesAnExpiredCard").status())
                .isEqualTo(TestStatus.FAILED);
        assertThat(tests.get("CheckoutTest.refusesAnExpiredCard").message())
                .isEqualTo("java.lang.IllegalStateException: payment gateway unreachable");
        assertThat(tests.get("CheckoutTest.paysByCard").status()).isEqualTo(TestStatus.SUCCESSFUL);
    }

    @Test
    void aTestsuitesRootWithAFlakyTestIsRead() throws Exception {
        Path f = dir.resolve("suites.xml");
        Files.writeString(
                f,
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites>
                  <testsuite name="a" tests="2">
                    <testcase name="one" classname="x.A" time="1,234.5"><flakyFailure message="boom"/></testcase>
                    <testcase name="two" classname="x.A" time="0"><rerunFailure message="still broken"/></testcase>
                  </testsuite>
                </testsuites>
                """);
        Map<String, TestOutcome> tests = byName(importer.read(f));
        assertThat(tests.get("A.one").status()).isEqualTo(TestStatus.SUCCESSFUL);
        assertThat(tests.get("A.one").message()).contains("flaky");
        assertThat(tests.get("A.one").durationMillis()).isEqualTo(1_234_500);
        assertThat(tests.get("A.two").status()).isEqualTo(TestStatus.FAILED);
    }

    @Test
    void aCutShortReportIsAnErrorWithItsPosition() throws Exception {
        String text = Files.readString(CART);
        Path cut = dir.resolve("TEST-cut.xml");
        Files.writeString(cut, text.substring(0, text.indexOf("<testcase name=\"addsAnItem\"")));
        assertThatThrownBy(() -> importer.read(cut))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageMatching(
                        java.util.regex.Pattern.quote(cut.toString())
                                + ":\\d+:\\d+: not well-formed XML: .*");
    }

    @Test
    void anotherXmlRootIsNamed() throws Exception {
        Path f = dir.resolve("pom.xml");
        Files.writeString(
                f, "<?xml version=\"1.0\"?>\n<project><testcase name=\"x\"/></project>\n");
        assertThatThrownBy(() -> importer.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        f
                                + ":2:10: the root element is <project>; expected <testsuite> or"
                                + " <testsuites> (a JUnit XML report)");
    }

    @Test
    void anExternalEntityIsNeverResolved() throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        Path f = dir.resolve("TEST-xxe.xml");
        Files.writeString(
                f,
                "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite [<!ENTITY x SYSTEM \""
                        + secret.toUri()
                        + "\">]>\n"
                        + "<testsuite><testcase name=\"a\" classname=\"b\"><skipped"
                        + " message=\"&x;\"/></testcase></testsuite>\n");
        try {
            ImportedEvidence e = importer.read(f);
            assertThat(e.outcomes()).noneMatch(o -> o.message().contains("TOP-SECRET"));
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).startsWith(f.toString()).doesNotContain("TOP-SECRET");
        }
    }
}
