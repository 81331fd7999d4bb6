package io.gonogo.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gonogo.collect.CollectorFixtures.Attaches;
import io.gonogo.collect.CollectorFixtures.AttachesToo;
import io.gonogo.collect.CollectorFixtures.BrokenSetup;
import io.gonogo.collect.CollectorFixtures.Outcomes;
import io.gonogo.collect.CollectorFixtures.Publishes;
import io.gonogo.collect.CollectorFixtures.PublishesCountMismatch;
import io.gonogo.collect.CollectorFixtures.PublishesOtherEntries;
import io.gonogo.collect.CollectorFixtures.PublishesTruncatedHistogram;
import io.gonogo.core.Distribution;
import io.gonogo.core.Environment;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.Profile;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import io.gonogo.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Drives a real JUnit Platform launcher over {@link CollectorFixtures} and reads what the collector
 * gathered.
 */
class EvidenceCollectorTest {
    private static final String RUN_ID = "run-2024-06-01T12-00-00Z";
    private static final String ENGINE = "[engine:junit-jupiter]";
    private static final Environment ENVIRONMENT =
            new Environment(
                    "0.1.0-test",
                    "test JVM",
                    "test OS",
                    2,
                    1L << 30,
                    "",
                    Instant.parse("2024-06-01T12:00:00Z"),
                    Instant.parse("2024-06-01T12:01:00Z"),
                    Profile.QUICK);

    @TempDir Path tempDir;

    /**
     * What one launcher run left: the collector, the evidence it built and where attachments went.
     */
    private record Run(EvidenceCollector collector, EvidenceSet evidence, Path evidenceDir) {
        TestOutcome outcome(String testId) {
            Optional<TestOutcome> found =
                    evidence.outcomes().stream().filter(o -> o.testId().equals(testId)).findFirst();
            assertThat(found).as("outcome of %s among %s", testId, evidence.outcomes()).isPresent();
            return found.get();
        }
    }

    private Run run(Class<?>... fixtures) {
        Path evidenceDir = tempDir.resolve("out").resolve("evidence");
        EvidenceCollector collector = new EvidenceCollector(RUN_ID, evidenceDir);
        LauncherDiscoveryRequest request =
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(
                                Arrays.stream(fixtures)
                                        .map(DiscoverySelectors::selectClass)
                                        .toList())
                        .configurationParameter(
                                "junit.platform.reporting.output.dir",
                                tempDir.resolve("junit").toString())
                        .configurationParameter(CollectorFixtures.ENABLED, "true")
                        .build();
        LauncherFactory.create().execute(request, collector);
        return new Run(collector, collector.evidence(ENVIRONMENT), evidenceDir);
    }

    private static String classId(Class<?> fixture) {
        return ENGINE + "/[class:" + fixture.getName() + "]";
    }

    private static String methodId(Class<?> fixture, String method) {
        return classId(fixture) + "/[method:" + method + "]";
    }

    private static String withReporter(String method) {
        return method + "(org.junit.jupiter.api.TestReporter)";
    }

    @Test
    void aPublishedMeasurementArrivesWithTheRunIdAndTheTestsUniqueIdAsItsSourceAndKeepsItsLabels() {
        Run run = run(Publishes.class);

        assertThat(run.evidence().runId()).isEqualTo(RUN_ID);
        assertThat(run.evidence().measurements())
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.metric()).isEqualTo("latency");
                            assertThat(m.labels())
                                    .containsExactlyEntriesOf(Map.of("operation", "health"));
                            assertThat(m.unit()).isEqualTo(Unit.MICROSECONDS);
                            assertThat(m.value()).isEqualTo(CollectorFixtures.latency().value());
                            assertThat(((Distribution) m.value()).decode().getTotalCount())
                                    .isEqualTo(10);
                            assertThat(m.source())
                                    .isEqualTo(
                                            new Source(
                                                    RUN_ID,
                                                    "0",
                                                    methodId(
                                                            Publishes.class,
                                                            withReporter("latency")),
                                                    ""));
                        });
        assertThat(run.collector().problems()).isEmpty();
    }

    @Test
    void
            aReportEntryWithAnotherKeyIsIgnoredAndMalformedMeasurementsAreLeftOutListedAndFailTheirTest() {
        Run run = run(PublishesOtherEntries.class);
        String testId = methodId(PublishesOtherEntries.class, withReporter("mixed"));

        assertThat(run.evidence().measurements())
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.metric()).isEqualTo("throughput");
                            assertThat(m.value()).isEqualTo(new Scalar(1234.5));
                            assertThat(m.source().testId()).isEqualTo(testId);
                        });
        assertThat(run.collector().problems())
                .hasSize(CollectorFixtures.MALFORMED.length)
                .allSatisfy(
                        p ->
                                assertThat(p)
                                        .contains(testId)
                                        .contains("not a valid gonogo measurement"));
        // its figures are incomplete, so the test cannot vouch for a pass: it is FAILED, saying why
        assertThat(run.outcome(testId).status()).isEqualTo(TestStatus.FAILED);
        assertThat(run.outcome(testId).message())
                .startsWith("it published a measurement gonogo could not read: ")
                .contains("not a valid gonogo measurement");
    }

    @Test
    void aDistributionWhoseCountDisagreesWithItsHistogramIsLeftOutAndListedAsAProblem() {
        Run run = run(PublishesCountMismatch.class);

        assertThat(run.evidence().measurements()).isEmpty();
        assertThat(run.collector().problems())
                .singleElement()
                .asString()
                .contains("says count 15 but its histogram holds 10 samples");
    }

    @Test
    void aDistributionWhoseHistogramIsCutShortIsLeftOutAndListedAsAProblem() {
        Run run = run(PublishesTruncatedHistogram.class);

        assertThat(run.evidence().measurements()).isEmpty();
        // Distribution.decode lets HdrHistogram's BufferUnderflowException /
        // ArrayIndexOutOfBoundsException
        // through; the listener throws, the launcher logs and swallows it, and the entry vanishes
        // unreported.
        assertThat(run.collector().problems())
                .as("problems")
                .hasSize(2)
                .allSatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                methodId(
                                                        PublishesTruncatedHistogram.class,
                                                        withReporter("truncated")))
                                        .contains("not a valid gonogo measurement"));
    }

    @Test
    void
            aSuccessfulAFailingAndAnAbortedTestMapToSuccessfulFailedWithTheFirstLineOfTheMessageAndAborted() {
        Run run = run(Outcomes.class);

        TestOutcome passed = run.outcome(methodId(Outcomes.class, "passes()"));
        assertThat(passed.status()).isEqualTo(TestStatus.SUCCESSFUL);
        assertThat(passed.message()).isEmpty();
        assertThat(passed.container()).isFalse();
        assertThat(passed.displayName()).isEqualTo("passes()");
        assertThat(passed.suite()).isEqualTo("junit-jupiter");
        assertThat(passed.scenario()).isEmpty();

        TestOutcome failed = run.outcome(methodId(Outcomes.class, "fails()"));
        assertThat(failed.status()).isEqualTo(TestStatus.FAILED);
        assertThat(failed.message()).isEqualTo("expected 200 but was 503");

        TestOutcome aborted = run.outcome(methodId(Outcomes.class, "aborts()"));
        assertThat(aborted.status()).isEqualTo(TestStatus.ABORTED);
        assertThat(aborted.message()).contains("no service to test against");

        assertThat(run.evidence().outcomes())
                .allSatisfy(o -> assertThat(o.durationMillis()).isNotNegative());
    }

    @Test
    void aDisabledTestIsSkippedWithItsReason() {
        Run run = run(Outcomes.class);

        TestOutcome disabled = run.outcome(methodId(Outcomes.class, "disabled()"));
        assertThat(disabled.status()).isEqualTo(TestStatus.SKIPPED);
        assertThat(disabled.message()).isEqualTo("waiting for the chaos runner");
        assertThat(disabled.durationMillis()).isZero();
        assertThat(disabled.container()).isFalse();
    }

    @Test
    void testsUnderAClassWhoseBeforeAllThrowsAreNotExecutedNamingTheFailedContainer() {
        Run run = run(BrokenSetup.class);

        TestOutcome container = run.outcome(classId(BrokenSetup.class));
        assertThat(container.container()).isTrue();
        assertThat(container.status()).isEqualTo(TestStatus.FAILED);
        assertThat(container.message()).isEqualTo("the fixture database is down");

        assertThat(
                        Stream.of("first()", "second()")
                                .map(m -> run.outcome(methodId(BrokenSetup.class, m))))
                .allSatisfy(
                        o -> {
                            assertThat(o.status()).isEqualTo(TestStatus.NOT_EXECUTED);
                            assertThat(o.container()).isFalse();
                            assertThat(o.durationMillis()).isZero();
                            assertThat(o.message())
                                    .contains(container.displayName())
                                    .contains("BrokenSetup")
                                    .contains("failed")
                                    .contains("the fixture database is down");
                        });
    }

    @Test
    void theEngineRootIsNotAmongTheOutcomes() {
        Run run = run(BrokenSetup.class, Outcomes.class);

        assertThat(run.evidence().outcomes())
                .extracting(TestOutcome::testId)
                .doesNotContain(ENGINE)
                .allSatisfy(id -> assertThat(id).startsWith(ENGINE + "/"))
                .doesNotHaveDuplicates();
        assertThat(run.evidence().outcomes())
                .filteredOn(TestOutcome::container)
                .extracting(TestOutcome::testId, TestOutcome::status)
                .containsExactlyInAnyOrder(
                        tuple(classId(BrokenSetup.class), TestStatus.FAILED),
                        tuple(classId(Outcomes.class), TestStatus.SUCCESSFUL));
        assertThat(run.evidence().outcomes()).hasSize(2 + 2 + 4);
    }

    @Test
    void aFileEntryIsCopiedUnderTheEvidenceFolderAndOutlivesTheLauncher() throws IOException {
        Run run = run(Attaches.class);

        List<Path> copies;
        try (Stream<Path> files = Files.walk(run.evidenceDir())) {
            copies = files.filter(Files::isRegularFile).toList();
        }
        assertThat(copies)
                .singleElement()
                .satisfies(
                        copy -> {
                            assertThat(copy.getFileName()).hasToString("latency.hlog");
                            assertThat(copy.getParent().getParent()).isEqualTo(run.evidenceDir());
                            assertThat(copy).hasContent("histogram log of Attaches");
                        });
    }

    @Test
    void aFileOfAnEngineRootSuchAsTheServicesLogLandsDirectlyInTheEvidenceFolder()
            throws IOException {
        Path log = Files.writeString(tempDir.resolve("sut.log"), "listening on 8080\n");
        Path evidenceDir = tempDir.resolve("out").resolve("evidence");
        EvidenceCollector collector = new EvidenceCollector("run-1", evidenceDir);
        org.junit.platform.launcher.TestIdentifier root =
                org.junit.platform.launcher.TestIdentifier.from(
                        new org.junit.platform.engine.support.descriptor.EngineDescriptor(
                                org.junit.platform.engine.UniqueId.forEngine("gonogo"), "gonogo"));

        collector.fileEntryPublished(
                root, org.junit.platform.engine.reporting.FileEntry.from(log, "text/plain"));

        assertThat(evidenceDir.resolve("sut.log")).hasContent("listening on 8080");
    }

    @Test
    void aMeasurementNamingItsAttachmentReferencesTheCopyByAPathRelativeToTheOutputFolder() {
        Run run = run(Attaches.class);

        Measurement m = run.evidence().measurements().get(0);
        assertThat(m.source().file()).startsWith("evidence/").endsWith("/latency.hlog");
        assertThat(run.evidenceDir().getParent().resolve(m.source().file()))
                .hasContent("histogram log of Attaches");
    }

    /**
     * Attachments go to {@code <evidenceDir>/<scenario or display name>/<file name>}, so two tests
     * sharing a display name (or, in gonogo's engine, one scenario id in two suites, or two trials)
     * overwrite each other's file and both measurements then point at the last one.
     */
    @Test
    void twoTestsWithTheSameDisplayNameKeepTheirOwnAttachments() {
        Run run = run(Attaches.class, AttachesToo.class);

        assertThat(run.evidence().measurements())
                .hasSize(2)
                .allSatisfy(
                        m -> {
                            String owner =
                                    m.source().testId().contains("AttachesToo")
                                            ? "AttachesToo"
                                            : "Attaches";
                            assertThat(run.evidenceDir().getParent().resolve(m.source().file()))
                                    .as("the attachment of %s", m.source().testId())
                                    .hasContent("histogram log of " + owner);
                        });
    }

    @Test
    void theEvidenceSurvivesAWriteAndReadThroughJson() {
        Run run =
                run(
                        Publishes.class,
                        PublishesOtherEntries.class,
                        Outcomes.class,
                        BrokenSetup.class,
                        Attaches.class);
        Path file = tempDir.resolve("out").resolve("evidence.json");

        Json.write(run.evidence(), file);
        EvidenceSet read = Json.readEvidence(file);

        assertThat(run.evidence().measurements()).hasSize(3);
        assertThat(read.measurements()).hasSameSizeAs(run.evidence().measurements());
        assertThat(read.outcomes()).hasSameSizeAs(run.evidence().outcomes());
        assertThat(read.runId()).isEqualTo(RUN_ID);
        assertThat(read).isEqualTo(run.evidence());
    }
}
