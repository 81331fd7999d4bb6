package io.gonogo.collect;

import io.gonogo.core.Environment;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Source;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Turns the events of a JUnit Platform launcher run into an {@link EvidenceSet}.
 *
 * <p>Each {@code gonogo.measurement} report entry becomes a {@link Measurement} attributed to its
 * run and test, labelled with its suite and scenario; each file entry is copied under {@code
 * <evidenceDir>/<scenario>/} and referenced by relative path (a file of an engine's root, such as
 * the service under test's {@code sut.log}, directly under {@code <evidenceDir>}); each test's end
 * becomes a {@link TestOutcome}. A test that was discovered but never finished is recorded as
 * {@link TestStatus#NOT_EXECUTED}, with the reason its container gave when there is one, so nothing
 * that did not run can pass for something that did.
 *
 * <pre>{@code
 * EvidenceCollector collector = new EvidenceCollector(runId, outDir.resolve("evidence"));
 * launcher.execute(request, collector);
 * EvidenceSet evidence = collector.evidence(environment);
 * }</pre>
 *
 * <p>Thread-safe: the launcher may report from several threads.
 */
public final class EvidenceCollector implements TestExecutionListener {
    /** The report entry key that carries a measurement's JSON. */
    public static final String MEASUREMENT_ENTRY = "gonogo.measurement";

    /** The report entry key that describes the service under test. */
    public static final String SUT_ENTRY = "gonogo.sut";

    private final String runId;
    private final Path evidenceDir;
    private final List<Measurement> measurements =
            java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, TestOutcome> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, Path> attachments = new ConcurrentHashMap<>();
    private final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> unreadable = new ConcurrentHashMap<>();
    private volatile TestPlan plan;
    private volatile String serviceUnderTest = "";

    /**
     * A collector for run {@code runId} that copies attachments under {@code evidenceDir}.
     *
     * @param runId the run's id, recorded in every measurement's source
     * @param evidenceDir the folder attachments are copied under, one subfolder per scenario
     */
    public EvidenceCollector(String runId, Path evidenceDir) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.evidenceDir = Objects.requireNonNull(evidenceDir, "evidenceDir");
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        started.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        record(id, TestStatus.SKIPPED, 0, reason);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Long t0 = started.get(id.getUniqueId());
        long millis = t0 == null ? 0 : Duration.ofNanos(System.nanoTime() - t0).toMillis();
        TestStatus status =
                switch (result.getStatus()) {
                    case SUCCESSFUL -> TestStatus.SUCCESSFUL;
                    case ABORTED -> TestStatus.ABORTED;
                    case FAILED -> TestStatus.FAILED;
                };
        // a scenario that could not run says so with NotExecutedException: it did not fail, it
        // never ran
        io.gonogo.core.NotExecutedException notRun =
                result.getThrowable().map(io.gonogo.core.NotExecutedException::in).orElse(null);
        if (status == TestStatus.FAILED && notRun != null) {
            record(id, TestStatus.NOT_EXECUTED, millis, message(notRun));
            return;
        }
        String message = result.getThrowable().map(EvidenceCollector::message).orElse("");
        record(id, status, millis, message);
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        String sut = entry.getKeyValuePairs().get(SUT_ENTRY);
        if (sut != null) {
            serviceUnderTest = sut;
        }
        String json = entry.getKeyValuePairs().get(MEASUREMENT_ENTRY);
        if (json == null) {
            return;
        }
        try {
            Measurement m = Json.readMeasurement(json, "report entry of " + id.getUniqueId());
            Map<String, String> labels = new LinkedHashMap<>();
            names(id.getUniqueIdObject()).forEach(labels::putIfAbsent);
            Source s = m.source();
            String file = s.attachment().map(f -> relative(id, f)).orElse("");
            measurements.add(
                    m.withLabels(labels)
                            .withSource(new Source(runId, s.shard(), id.getUniqueId(), file)));
        } catch (InvalidInputException e) {
            problems.add(e.getMessage());
            unreadable.putIfAbsent(id.getUniqueId(), e.getMessage());
        }
    }

    private String relative(TestIdentifier id, String file) {
        Path copied = attachments.get(id.getUniqueId() + "/" + file);
        return copied == null
                ? ""
                : evidenceDir.getParent() == null
                        ? copied.toString()
                        : evidenceDir.getParent().relativize(copied).toString().replace('\\', '/');
    }

    @Override
    public void fileEntryPublished(TestIdentifier id, FileEntry entry) {
        Path src = entry.getPath();
        Path folder =
                id.getParentIdObject().isEmpty() ? evidenceDir : evidenceDir.resolve(folder(id));
        Path target = folder.resolve(src.getFileName().toString());
        try {
            Files.createDirectories(target.getParent());
            Files.copy(src, target, StandardCopyOption.REPLACE_EXISTING);
            attachments.put(id.getUniqueId() + "/" + src.getFileName(), target);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot copy the attachment " + src + " into " + target, e);
        }
    }

    /**
     * The folder of one test's attachments: the scenario id (unique across a plan) plus its trial,
     * or, for other tests, the display name with a short hash of the unique id so that two tests
     * with one name never share a folder.
     */
    private static String folder(TestIdentifier id) {
        Map<String, String> n = names(id.getUniqueIdObject());
        if (n.containsKey("scenario")) {
            return sanitize(
                    n.get("scenario") + (n.containsKey("trial") ? "-trial-" + n.get("trial") : ""));
        }
        return sanitize(id.getDisplayName())
                + "-"
                + Integer.toHexString(id.getUniqueId().hashCode());
    }

    private static String sanitize(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * The suite and scenario names in a unique id ({@code suite:<kind>}, {@code scenario:<id>}).
     */
    static Map<String, String> names(UniqueId id) {
        Map<String, String> out = new LinkedHashMap<>();
        for (UniqueId.Segment s : id.getSegments()) {
            if (s.getType().equals("suite")
                    || s.getType().equals("scenario")
                    || s.getType().equals("trial")) {
                out.put(s.getType(), s.getValue());
            }
        }
        return out;
    }

    private void record(TestIdentifier id, TestStatus status, long millis, String message) {
        String bad = unreadable.get(id.getUniqueId());
        if (bad != null && status == TestStatus.SUCCESSFUL) {
            // its figures are incomplete, so it cannot vouch for a pass (fail-closed)
            status = TestStatus.FAILED;
            message = "it published a measurement gonogo could not read: " + bad;
        }
        Map<String, String> n = names(id.getUniqueIdObject());
        String suite = n.getOrDefault("suite", id.getUniqueIdObject().getEngineId().orElse(""));
        outcomes.put(
                id.getUniqueId(),
                new TestOutcome(
                        id.getUniqueId(),
                        id.getDisplayName(),
                        suite,
                        n.getOrDefault("scenario", ""),
                        id.isContainer() && !id.isTest(),
                        status,
                        millis,
                        message));
    }

    /**
     * Messages about report entries that could not be read: they are left out of the evidence, the
     * test that published one is recorded as FAILED, and the decision lists each as a condition
     * ({@code DecisionEngine.Builder.evidenceProblems}).
     *
     * @return a copy of the messages, in the order met; empty when every entry was read
     */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * The evidence gathered so far, with every discovered test that never finished recorded as NOT
     * EXECUTED.
     *
     * @param environment where and when the run took place
     * @return the measurements and outcomes gathered so far, with {@code environment}'s service
     *     under test set from the {@value #SUT_ENTRY} entry when one was published
     */
    public EvidenceSet evidence(Environment environment) {
        List<TestOutcome> all = new ArrayList<>();
        if (plan != null) {
            for (TestIdentifier root : plan.getRoots()) {
                collect(root, all, Optional.empty());
            }
        }
        for (TestOutcome o : outcomes.values()) {
            if (UniqueId.parse(o.testId()).getSegments().size() > 1
                    && all.stream().noneMatch(a -> a.testId().equals(o.testId()))) {
                all.add(o);
            }
        }
        Environment env =
                environment.serviceUnderTest().isEmpty() && !serviceUnderTest.isEmpty()
                        ? environment.withServiceUnderTest(serviceUnderTest)
                        : environment;
        return new EvidenceSet(
                EvidenceSet.SCHEMA_VERSION, runId, env, List.copyOf(measurements), all);
    }

    private void collect(TestIdentifier id, List<TestOutcome> out, Optional<String> whyNot) {
        TestOutcome o = outcomes.get(id.getUniqueId());
        boolean isRoot = id.getParentIdObject().isEmpty();
        Optional<String> childWhy = whyNot;
        if (o == null) {
            Map<String, String> n = names(id.getUniqueIdObject());
            if (!isRoot) {
                out.add(
                        new TestOutcome(
                                id.getUniqueId(),
                                id.getDisplayName(),
                                n.getOrDefault(
                                        "suite", id.getUniqueIdObject().getEngineId().orElse("")),
                                n.getOrDefault("scenario", ""),
                                id.isContainer() && !id.isTest(),
                                TestStatus.NOT_EXECUTED,
                                0,
                                whyNot.orElse("it was discovered but never ran")));
            }
        } else {
            if (!isRoot) {
                out.add(o);
            }
            if (o.status() != TestStatus.SUCCESSFUL) {
                childWhy =
                        Optional.of(
                                "its container '"
                                        + o.displayName()
                                        + "' "
                                        + o.status()
                                                .name()
                                                .toLowerCase(java.util.Locale.ROOT)
                                                .replace('_', ' ')
                                        + (o.message().isEmpty() ? "" : ": " + o.message()));
            }
        }
        for (TestIdentifier child : plan.getChildren(id)) {
            collect(child, out, childWhy);
        }
    }
}
