package io.gonogo.collect;

import static io.gonogo.collect.EvidenceCollector.MEASUREMENT_ENTRY;

import io.gonogo.core.Distribution;
import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.Unit;
import io.gonogo.core.json.Json;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Small Jupiter classes that {@link EvidenceCollectorTest} runs through a real launcher.
 *
 * <p>They are not tests of their own: some fail on purpose. Surefire skips them (nested classes,
 * names not ending in {@code Test}), and an IDE that finds them anyway sees them disabled, because
 * they only run when the launcher request sets the configuration parameter {@value #ENABLED}.
 */
final class CollectorFixtures {
    /** The configuration parameter that enables the fixtures. */
    static final String ENABLED = "gonogo.collector.fixtures";

    private CollectorFixtures() {}

    /** Runs a fixture only under a launcher request that sets {@value #ENABLED} to {@code true}. */
    static final class OnlyWhenDriven implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(ENABLED).filter("true"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("driven by EvidenceCollectorTest")
                    : ConditionEvaluationResult.disabled(
                            "a fixture of EvidenceCollectorTest, not a test");
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @ExtendWith(OnlyWhenDriven.class)
    @interface Fixture {}

    /**
     * A latency distribution of ten samples, 100 to 1,000 microseconds, labelled operation=health.
     */
    static Measurement latency() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 10; i++) {
            h.recordValue(i * 100L);
        }
        return Measurement.of(
                "latency", Map.of("operation", "health"), Unit.MICROSECONDS, Distribution.of(h));
    }

    /** A throughput scalar labelled operation=health. */
    static Measurement throughput() {
        return Measurement.of(
                "throughput", Map.of("operation", "health"), Unit.PER_SECOND, new Scalar(1234.5));
    }

    /**
     * Attaches {@code latency.hlog} holding {@code content}, then a latency measurement naming it.
     */
    static void attachLatencyLog(TestReporter reporter, String content) {
        reporter.publishFile(
                "latency.hlog", MediaType.TEXT_PLAIN_UTF_8, p -> Files.writeString(p, content));
        reporter.publishEntry(
                MEASUREMENT_ENTRY,
                Json.measurement(latency().withSource(new Source("", "0", "", "latency.hlog"))));
    }

    /**
     * The value of a distribution measurement whose histogram field is replaced by {@code
     * histogram}.
     */
    static String latencyWithHistogram(String histogram) {
        Distribution d = (Distribution) latency().value();
        Distribution bad =
                new Distribution(histogram, d.count(), d.min(), d.max(), d.mean(), d.percentiles());
        return Json.measurement(
                Measurement.of("latency", Map.of("operation", "health"), Unit.MICROSECONDS, bad));
    }

    @Fixture
    static class Publishes {
        @Test
        void latency(TestReporter reporter) {
            reporter.publishEntry(MEASUREMENT_ENTRY, Json.measurement(CollectorFixtures.latency()));
        }
    }

    /** Entries the collector must not turn into measurements, around one it must. */
    static final String[] MALFORMED = {
        "{\"metric\":\"latency\",",
        "null",
        Json.measurement(throughput()).replaceFirst("\\{", "{\"colour\":\"red\","),
        Json.measurement(throughput()).replace("\"metric\":\"throughput\"", "\"metric\":\" \""),
        latencyWithHistogram("not base64 at all!"),
    };

    @Fixture
    static class PublishesOtherEntries {
        @Test
        void mixed(TestReporter reporter) {
            reporter.publishEntry("note", "warm-up took 3 s");
            reporter.publishEntry(
                    Map.of("gonogo.other", Json.measurement(CollectorFixtures.latency())));
            for (String bad : MALFORMED) {
                reporter.publishEntry(MEASUREMENT_ENTRY, bad);
            }
            reporter.publishEntry(MEASUREMENT_ENTRY, Json.measurement(throughput()));
        }
    }

    @Fixture
    static class PublishesCountMismatch {
        @Test
        void wrongCount(TestReporter reporter) {
            Distribution d = (Distribution) CollectorFixtures.latency().value();
            Distribution lying =
                    new Distribution(
                            d.histogram(),
                            d.count() + 5,
                            d.min(),
                            d.max(),
                            d.mean(),
                            d.percentiles());
            reporter.publishEntry(
                    MEASUREMENT_ENTRY,
                    Json.measurement(
                            Measurement.of(
                                    "latency",
                                    Map.of("operation", "health"),
                                    Unit.MICROSECONDS,
                                    lying)));
        }
    }

    @Fixture
    static class PublishesTruncatedHistogram {
        @Test
        void truncated(TestReporter reporter) {
            // two bytes: valid base64, but too short to hold even the histogram's 4-byte cookie
            reporter.publishEntry(MEASUREMENT_ENTRY, latencyWithHistogram("AAA="));
            // a real encoding cut after 20 bytes: the cookie is right, the compressed counts are
            // not all there
            byte[] whole =
                    Base64.getDecoder()
                            .decode(
                                    ((Distribution) CollectorFixtures.latency().value())
                                            .histogram());
            reporter.publishEntry(
                    MEASUREMENT_ENTRY,
                    latencyWithHistogram(
                            Base64.getEncoder().encodeToString(Arrays.copyOf(whole, 20))));
        }
    }

    @Fixture
    static class Outcomes {
        @Test
        void passes() {}

        @Test
        void fails() {
            throw new AssertionError("expected 200 but was 503\nsecond line of the failure");
        }

        @Test
        void aborts() {
            Assumptions.assumeTrue(false, "no service to test against");
        }

        @Test
        @Disabled("waiting for the chaos runner")
        void disabled() {}
    }

    @Fixture
    static class BrokenSetup {
        @BeforeAll
        static void setUp() {
            throw new IllegalStateException("the fixture database is down");
        }

        @Test
        void first() {}

        @Test
        void second() {}
    }

    @Fixture
    static class Attaches {
        @Test
        void attaches(TestReporter reporter) {
            attachLatencyLog(reporter, "histogram log of Attaches");
        }
    }

    /**
     * A second test with the same display name as {@link Attaches#attaches}, attaching a file of
     * the same name.
     */
    @Fixture
    static class AttachesToo {
        @Test
        void attaches(TestReporter reporter) {
            attachLatencyLog(reporter, "histogram log of AttachesToo");
        }
    }
}
