package io.gonogo.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gonogo.core.Criterion;
import io.gonogo.core.ExitCode;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Profile;
import io.gonogo.core.Release;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetsParserTest {

    private static final Path FILE = Path.of("targets.yaml");

    private static TargetsFile parse(String yaml) {
        return TargetsParser.parse(FILE, yaml);
    }

    private static InvalidInputException rejection(String yaml) {
        InvalidInputException e =
                catchThrowableOfType(InvalidInputException.class, () -> parse(yaml));
        assertThat(e).as("parsing should fail with InvalidInputException:%n%s", yaml).isNotNull();
        return e;
    }

    // ---- data-driven invalid cases: src/test/resources/targets-cases/*.yaml ----

    private static final Pattern EXPECTATION = Pattern.compile("# error at (\\d+):(\\d+): (.+)");

    static Stream<String> invalidCases() throws IOException, URISyntaxException {
        URL dir = TargetsParserTest.class.getResource("/targets-cases");
        assertThat(dir).as("targets-cases on the test class path").isNotNull();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            List<String> names =
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".yaml"))
                            .sorted()
                            .toList();
            assertThat(names).hasSizeGreaterThan(30);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void rejectsEachInvalidCaseNamingFileLineColumnAndWhatWasExpected(String name)
            throws Exception {
        String yaml =
                Files.readString(
                        Path.of(
                                TargetsParserTest.class
                                        .getResource("/targets-cases/" + name)
                                        .toURI()),
                        StandardCharsets.UTF_8);
        Matcher m = EXPECTATION.matcher(yaml.lines().findFirst().orElse(""));
        assertThat(m.matches())
                .as("first line of %s is '# error at LINE:COLUMN: FRAGMENT'", name)
                .isTrue();

        InvalidInputException e =
                catchThrowableOfType(
                        InvalidInputException.class,
                        () -> TargetsParser.parse(Path.of(name), yaml));

        assertThat(e).as(name + " must be rejected").isNotNull();
        String location = name + ":" + m.group(1) + ":" + m.group(2);
        assertThat(e.getMessage()).startsWith(location + ": ").contains(m.group(3));
        assertThat(e.getMessage()).doesNotContain("\n");
        assertThat(e.location()).contains(location);
        assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    }

    // ---- exact positions, spelled out ----

    @Test
    void rejectsAnUnknownKeyInATargetAtTheKeysLineAndColumn() {
        InvalidInputException e =
                rejection(
                        """
                        release:
                          name: governance 1.4
                        targets:
                          - id: p99-1k
                            metric: latency
                            aggregate: p99
                            pas: "< 10ms"
                        """);
        assertThat(e.getMessage())
                .isEqualTo(
                        "targets.yaml:7:5: unknown key 'pas' in targets[0]; expected one of: id,"
                                + " title, metric, where, aggregate, pass, acceptable, stretch,"
                                + " critical");
    }

    @Test
    void rejectsAnUnknownTopLevelKeyAtColumnOne() {
        InvalidInputException e =
                rejection(
                        """
                        release:
                          name: governance 1.4
                        reports: {out: build}
                        targetz: []
                        """);
        assertThat(e.getMessage())
                .startsWith("targets.yaml:4:1: unknown key 'targetz' at the top level;");
    }

    @Test
    void rejectsAUnitThatDoesNotParseAtTheValuesLineAndColumn() {
        InvalidInputException e =
                rejection(
                        """
                        release:
                          name: governance 1.4
                        targets:
                          - id: p99-1k
                            metric: latency
                            aggregate: p99
                            pass:   "< 5 mss"
                        """);
        assertThat(e.getMessage())
                .startsWith(
                        "targets.yaml:7:13: 'pass': 'mss' in '5 mss' is not a unit; expected one"
                                + " of ns us ms s min h");
    }

    @Test
    void rejectsAUnitInAFlowMappingAtItsOwnColumn() {
        InvalidInputException e =
                rejection(
                        """
                        release: {name: governance 1.4}
                        targets:
                          - {id: p99-1k, metric: latency, aggregate: p99, pass: "< 10 msec"}
                        """);
        assertThat(e.getMessage())
                .startsWith("targets.yaml:3:57: 'pass': 'msec' in '10 msec' is not a unit");
    }

    // ---- YAML dangers ----

    @Test
    void rejectsADuplicateKeyInsideATarget() {
        InvalidInputException e =
                rejection(
                        """
                        release:
                          name: governance 1.4
                        targets:
                          - id: rps
                            metric: throughput
                            pass: ">= 5000/s"
                            pass: ">= 1/s"
                        """);
        assertThat(e.getMessage())
                .startsWith("targets.yaml:7:5: ")
                .containsIgnoringCase("duplicate")
                .contains("pass");
    }

    @Test
    void rejectsADuplicateTopLevelKey() {
        InvalidInputException e =
                rejection(
                        """
                        release:
                          name: governance 1.4
                        targets: []
                        release:
                          name: something else
                        """);
        assertThat(e.getMessage())
                .startsWith("targets.yaml:4:1: ")
                .containsIgnoringCase("duplicate")
                .contains("release");
    }

    private static String billionLaughs() {
        StringBuilder y = new StringBuilder("release:\n  name: governance 1.4\n");
        y.append("lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            y.append("lol").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        return y.toString();
    }

    @Test
    void rejectsABillionLaughsAliasBombQuickly() {
        long start = System.nanoTime();
        InvalidInputException e = rejection(billionLaughs());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(e.getMessage()).startsWith("targets.yaml:").contains("aliases");
    }

    @Test
    void namesTheFileAndTheAliasLimitWhenAnAliasBombIsRejected() {
        // SnakeYAML raises the alias limit without a position, so only the file can be named
        InvalidInputException e = rejection(billionLaughs());
        assertThat(e.getMessage())
                .startsWith("targets.yaml: invalid YAML:")
                .contains("max=" + ConfigNode.MAX_ALIASES);
    }

    @Test
    void acceptsAFewAliasesOfScalars() {
        TargetsFile f =
                parse(
                        """
                        release:
                          name: governance 1.4
                        targets:
                          - {id: a, metric: throughput, pass: &floor ">= 5000/s"}
                          - {id: b, metric: throughput, pass: *floor, where: {scenario: submit-5k}}
                        """);
        assertThat(f.targets()).extracting(Target::pass).containsOnly(Criterion.parse(">= 5000/s"));
    }

    /**
     * Records whether {@link Canary} was ever loaded or constructed; reading it does not load
     * Canary.
     */
    static final class Touched {
        static final AtomicBoolean CANARY = new AtomicBoolean();
    }

    /** A class a malicious tag could name; it must never be loaded, let alone constructed. */
    public static final class Canary {
        static {
            Touched.CANARY.set(true);
        }

        public Canary() {
            Touched.CANARY.set(true);
        }

        public void setName(String name) {
            Touched.CANARY.set(true);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "release: !!io.gonogo.core.config.TargetsParserTest$Canary {name: governance"
                        + " 1.4}\n",
                "release:\n"
                    + "  name: !!io.gonogo.core.config.TargetsParserTest$Canary governance 1.4\n",
                "release: {name: governance 1.4}\n"
                        + "targets: !!io.gonogo.core.config.TargetsParserTest$Canary []\n",
            })
    void rejectsAGlobalJavaTagWithoutLoadingTheClass(String yaml) {
        InvalidInputException e = rejection(yaml);
        assertThat(e.getMessage())
                .matches("targets\\.yaml:\\d+:\\d+: invalid YAML: .*")
                .contains("TargetsParserTest$Canary");
        assertThat(Touched.CANARY).isFalse();
    }

    @Test
    void rejectsTheScriptEngineManagerGadgetBeforeAnyNetworkOrClassLoading() {
        InvalidInputException e =
                rejection(
                        """
                        release: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://127.0.0.1:9/x.jar"]]]]
                        """);
        assertThat(e.getMessage())
                .startsWith("targets.yaml:1:10: invalid YAML: ")
                .contains("javax.script.ScriptEngineManager");
    }

    @Test
    void rejectsJavaLangObjectTagOnATarget() {
        InvalidInputException e =
                rejection(
                        """
                        release: {name: governance 1.4}
                        targets:
                          - !!java.lang.Object {id: a, metric: throughput, pass: ">= 1/s"}
                        """);
        assertThat(e.getMessage())
                .startsWith("targets.yaml:3:5: invalid YAML: ")
                .contains("java.lang.Object");
    }

    @Test
    void leavesALocalTagInertOrRejectsItButNeverConstructsAnything() {
        String yaml =
                """
                release: !Canary {name: governance 1.4}
                targets:
                  - {id: a, metric: throughput, pass: !Canary ">= 1/s"}
                """;
        try {
            TargetsFile f = parse(yaml);
            assertThat(f.release().name()).isEqualTo("governance 1.4");
            assertThat(f.targets())
                    .extracting(Target::pass)
                    .containsExactly(Criterion.parse(">= 1/s"));
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).matches("targets\\.yaml:\\d+:\\d+: .*");
        }
        assertThat(Touched.CANARY).isFalse();
    }

    // ---- booleans ----

    @Test
    void readsCriticalTrueAndFalseAndDefaultsToTrue() {
        TargetsFile f =
                parse(
                        """
                        release: {name: governance 1.4}
                        targets:
                          - {id: default, metric: throughput, pass: ">= 1/s"}
                          - {id: yes-critical, metric: throughput, pass: ">= 1/s", critical: true}
                          - {id: not-critical, metric: throughput, pass: ">= 1/s", critical: false}
                        """);
        assertThat(f.targets())
                .extracting(Target::id, Target::critical)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("default", true),
                        org.assertj.core.groups.Tuple.tuple("yes-critical", true),
                        org.assertj.core.groups.Tuple.tuple("not-critical", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "Yes", "on", "ON", "True"})
    void neverReadsAYamlTrueWordAsNotCritical(String word) {
        String yaml =
                """
                release: {name: governance 1.4}
                targets:
                  - id: rps
                    metric: throughput
                    pass: ">= 1/s"
                    critical: %s
                """
                        .formatted(word);
        try {
            assertThat(parse(yaml).targets().get(0).critical()).as("critical: " + word).isTrue();
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).startsWith("targets.yaml:6:15: ");
        }
    }

    // ---- a valid file ----

    private static final String FULL =
            """
            release:
              name: governance 1.4
              phase: beta
              date: 2025-03-14
              owner: Dana Ortiz
            profile: full
            sut: embedded
            suites:
              load:
                scenarios: [{id: health-1k}]
            targets:
              - id: p99-1k
                title: P99 latency of health at 1K
                metric: latency
                where: {scenario: health-1k, transport: http}
                aggregate: p99.9
                pass: "< 10ms"
                acceptable: "<= 25 ms"
                stretch: "< 5000us"
              - id: rps-1k
                metric: throughput
                where:
                  scenario: health-1k
                pass: ">= 5000 req/s"
                critical: false
              - id: success
                metric: success_rate
                aggregate: min
                pass: ">= 99.9%"
              - id: heap
                metric: heap_used
                aggregate: max
                pass: "< 512MiB"
              - id: errors
                metric: errors
                where: {kind: timeout}
                aggregate: sum
                pass: "<= 0"
            policy:
              require-profile: full
              condition-owner: QA lead
              condition-due-days: 7
            reports:
              out: build/reports
            """;

    @Test
    void parsesAFullFileIntoTargetsInFileOrder() {
        TargetsFile f = parse(FULL);

        assertThat(f.path()).isEqualTo(FILE);
        assertThat(f.release())
                .isEqualTo(new Release("governance 1.4", "beta", "2025-03-14", "Dana Ortiz"));
        assertThat(f.profile()).contains(Profile.FULL);
        assertThat(f.sut().kind()).isEqualTo("embedded");
        assertThat(f.suites()).containsOnlyKeys("load");
        assertThat(f.suites().get("load").line()).isEqualTo(10);
        assertThat(f.policy().requireProfile()).contains(Profile.FULL);
        assertThat(f.policy().conditionOwner()).isEqualTo("QA lead");
        assertThat(f.policy().conditionDueDays()).isEqualTo(7);
        assertThat(f.reportsOut()).contains(Path.of("build/reports"));
        assertThat(f.targets())
                .extracting(Target::id)
                .containsExactly("p99-1k", "rps-1k", "success", "heap", "errors");

        Target p99 = f.targets().get(0);
        assertThat(p99.title()).isEqualTo("P99 latency of health at 1K");
        assertThat(p99.metric()).isEqualTo("latency");
        assertThat(p99.where())
                .containsExactly(
                        Map.entry("scenario", "health-1k"), Map.entry("transport", "http"));
        assertThat(p99.aggregate()).contains(new Aggregation(Aggregation.Kind.PERCENTILE, 99.9));
        assertThat(p99.aggregate().orElseThrow().minimumSamples()).isEqualTo(10_000);
        assertThat(p99.pass()).isEqualTo(Criterion.parse("< 10ms"));
        assertThat(p99.acceptable()).contains(Criterion.parse("<= 25ms"));
        assertThat(p99.stretch()).contains(Criterion.parse("< 5000us"));
        assertThat(p99.critical()).isTrue();
        assertThat(p99.location()).isEqualTo("targets.yaml:12:5");

        Target rps = f.targets().get(1);
        assertThat(rps.title()).isEqualTo("rps-1k");
        assertThat(rps.where()).containsExactly(Map.entry("scenario", "health-1k"));
        assertThat(rps.aggregate()).isEmpty();
        assertThat(rps.pass()).isEqualTo(Criterion.parse(">= 5000/s"));
        assertThat(rps.acceptable()).isEmpty();
        assertThat(rps.stretch()).isEmpty();
        assertThat(rps.critical()).isFalse();

        assertThat(f.targets().get(2).aggregate())
                .contains(new Aggregation(Aggregation.Kind.MIN, 0));
        assertThat(f.targets().get(2).where()).isEmpty();
        assertThat(f.targets().get(3).pass()).isEqualTo(Criterion.parse("< 512MiB"));
        assertThat(f.targets().get(4).aggregate())
                .contains(new Aggregation(Aggregation.Kind.SUM, 0));
        assertThat(f.targets().get(4).pass()).isEqualTo(Criterion.parse("<= 0"));
    }

    @Test
    void aMinimalFileHasDefaults() {
        TargetsFile f = parse("release: {name: governance 1.4}\n");
        assertThat(f.release()).isEqualTo(new Release("governance 1.4", "", "", ""));
        assertThat(f.profile()).isEmpty();
        assertThat(f.sut().kind()).isEqualTo("embedded");
        assertThat(f.targets()).isEmpty();
        assertThat(f.policy().requireProfile()).isEmpty();
        assertThat(f.policy().conditionDueDays()).isEqualTo(14);
        assertThat(f.reportsOut()).isEmpty();
    }

    @Test
    void readsASutUrlAsOneProviderWithSettings() {
        TargetsFile f =
                parse(
                        """
                        release: {name: governance 1.4}
                        sut:
                          url: {http: "http://127.0.0.1:8080"}
                        """);
        assertThat(f.sut().kind()).isEqualTo("url");
        assertThat(f.sut().settings()).hasValueSatisfying(n -> assertThat(n.line()).isEqualTo(3));
    }

    @Test
    void readsAFileFromDiskAndNamesItInErrors(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, FULL);
        assertThat(TargetsParser.parse(good).targets()).hasSize(5);

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "release:\n  name: x\nnope: 1\n");
        assertThatThrownBy(() -> TargetsParser.parse(bad))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(bad + ":3:1: unknown key 'nope'");

        assertThatThrownBy(() -> TargetsParser.parse(dir.resolve("missing.yaml")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("missing.yaml")
                .hasMessageContaining("no such file");
    }
}
