package io.gonogo.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Values from the environment and the command line, put into a targets file before it is read. */
class ValuesTest {
    private static final Path FILE = Path.of("t.yaml");

    private static final String FILE_TEXT =
            """
            release: {name: "${env:RELEASE:-governance 1.4}"}
            sut: embedded
            suites:
              load:
                scenarios:
                  - {id: health-1k, rate: "${env:RATE}", duration: 10s}
                  - {id: health-5k, rate: 5000, duration: 10s}
            targets:
              - {id: p99, metric: latency, aggregate: p99, pass: "< 10ms"}
            """;

    private static TargetsFile parse(String yaml, Values values) {
        return TargetsParser.parse(FILE, yaml, values);
    }

    private static Values env(Map<String, String> env) {
        return Values.builder().environment(env).build();
    }

    private static ConfigNode scenario(TargetsFile f, int i) {
        return f.suites().get("load").asMapping("load").node("scenarios").asList("s").get(i);
    }

    @Nested
    class FromTheEnvironment {

        @Test
        void resolvesVariablesAndDefaultsInEveryValue() {
            TargetsFile f = parse(FILE_TEXT, env(Map.of("RATE", "1000")));

            assertThat(f.release().name()).isEqualTo("governance 1.4");
            assertThat(scenario(f, 0).asMapping("s").node("rate").asScalarText("rate"))
                    .isEqualTo("1000");
        }

        @Test
        void anUnquotedValueFromTheEnvironmentIsReadAsYamlWouldReadIt() {
            // unquoted, as YAML allows in a block mapping (a flow mapping needs quotes around ${)
            TargetsFile f =
                    parse(
                            """
                            release: {name: "${env:RELEASE:-governance 1.4}"}
                            sut: embedded
                            suites:
                              load:
                                scenarios:
                                  - id: health-1k
                                    rate: ${env:RATE}
                            """,
                            env(Map.of("RATE", "1000", "RELEASE", "")));

            ConfigNode rate = scenario(f, 0).asMapping("s").node("rate");
            assertThat(rate.asLong("rate", 1, 10_000)).isEqualTo(1000);
            // a quoted value stays text; an empty variable takes the default
            assertThat(f.release().name()).isEqualTo("governance 1.4");
        }

        @Test
        void aDollarBeforeTheBraceIsALiteralAndPortReferencesAreLeftForTheProvider() {
            TargetsFile f =
                    parse(
                            """
                            release: {name: "costs $${HOME} and ${env:X}"}
                            sut: {command: {command: "serve --port ${port:http}"}}
                            suites: {}
                            """,
                            env(Map.of("X", "more")));

            assertThat(f.release().name()).isEqualTo("costs ${HOME} and more");
            assertThat(
                            f.sut()
                                    .settings()
                                    .orElseThrow()
                                    .asMapping("c")
                                    .node("command")
                                    .asScalarText("c"))
                    .isEqualTo("serve --port ${port:http}");
        }

        @Test
        void anUnsetVariableWithoutDefaultIsAnErrorNamingItAtItsValue() {
            assertThatThrownBy(() -> parse(FILE_TEXT, env(Map.of())))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("t.yaml:6:31: environment variable RATE is not set")
                    .hasMessageContaining("${env:RATE:-value}");
        }

        @Test
        void anUnknownReferenceIsAnErrorListingTheKnownOnes() {
            assertThatThrownBy(() -> parse("release: {name: x}\nprofile: ${HOME}\n", env(Map.of())))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("t.yaml:2:10: unknown reference '${HOME}'")
                    .hasMessageContaining("${env:NAME}, ${env:NAME:-default}")
                    .hasMessageContaining("${port:NAME}")
                    .hasMessageContaining("$${");
            assertThatThrownBy(
                            () ->
                                    parse(
                                            "release: {name: x}\nprofile: ${vault:db}\n",
                                            env(Map.of())))
                    .hasMessageContaining("unknown reference '${vault:db}'");
            assertThatThrownBy(() -> parse("release: {name: '${env:X'}\n", env(Map.of("X", "1"))))
                    .hasMessageStartingWith("t.yaml:1:17:")
                    .hasMessageContaining("no closing '}'");
            assertThatThrownBy(() -> parse("release: {name: '${env:1X}'}\n", env(Map.of())))
                    .hasMessageContaining("does not name an environment variable");
        }

        @Test
        void keysAreNotResolved() {
            assertThatThrownBy(
                            () ->
                                    parse(
                                            "release: {name: x}\n${env:X}: 1\n",
                                            env(Map.of("X", "profile"))))
                    .hasMessageContaining("unknown key '${env:X}'");
        }
    }

    @Test
    void theTargetsFileReferenceExampleReadsAsDocumented() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(Path.of("../docs/targets-file.md"));
        int at = doc.indexOf("## Values from the environment and the command line");
        assertThat(at).as("the section of docs/targets-file.md").isPositive();
        int start = doc.indexOf("```yaml\n", at) + "```yaml\n".length();
        String yaml = doc.substring(start, doc.indexOf("```", start));

        TargetsFile f = parse(yaml, env(Map.of("CHECKOUT_TOKEN", "t0k")));

        assertThat(f.release().name()).isEqualTo("checkout snapshot");
        ConfigNode.Mapping url = f.sut().settings().orElseThrow().asMapping("url");
        assertThat(url.node("base").asScalarText("base")).isEqualTo("http://127.0.0.1:8080");
        assertThat(url.node("token").asScalarText("token")).isEqualTo("t0k");
        assertThat(scenario(f, 0).asMapping("s").node("rate").asLong("rate", 1, 1000))
                .isEqualTo(200);
    }

    @Nested
    class RequiredSut {

        @Test
        void aFileWithSuitesAndNoSutIsAnErrorAtItsTopListingTheThreeForms() {
            assertThatThrownBy(() -> parse("release: {name: x}\nsuites: {load: {}}\n", Values.NONE))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("t.yaml:1:1: the file has suites but no 'sut'")
                    .hasMessageContaining("'sut: embedded'")
                    .hasMessageContaining("'sut: {url: http://127.0.0.1:8080}'")
                    .hasMessageContaining("'sut: {command: ")
                    .hasMessageContaining("--sut-url");
        }

        @Test
        void aFileWithoutSuitesNeedsNone() {
            TargetsFile f =
                    parse(
                            "release: {name: x}\ntargets:\n  - {id: a, metric: m, pass: '< 1'}\n",
                            Values.NONE);
            assertThat(f.suites()).isEmpty();
            assertThat(parse("release: {name: x}\nsuites: {}\n", Values.NONE).suites()).isEmpty();
        }

        @Test
        void sutUrlGivesOrReplacesTheSut() {
            Values url =
                    Values.builder().environment(Map.of()).sutUrl("http://127.0.0.1:9").build();
            TargetsFile f = parse("release: {name: x}\nsuites: {load: {}}\n", url);
            assertThat(f.sut().kind()).isEqualTo("url");
            assertThat(f.sut().settings().orElseThrow().asScalarText("url"))
                    .isEqualTo("http://127.0.0.1:9");

            TargetsFile g =
                    parse(
                            FILE_TEXT,
                            Values.builder()
                                    .environment(Map.of("RATE", "1"))
                                    .sutUrl("http://127.0.0.1:9")
                                    .build());
            assertThat(g.sut().kind()).isEqualTo("url");
            // an error in the value names the flag, not a line of the file
            assertThatThrownBy(() -> g.sut().settings().orElseThrow().asMapping("sut"))
                    .hasMessageStartingWith("--sut-url http://127.0.0.1:9: ");
        }
    }

    @Nested
    class SetOverrides {

        private Values set(String... settings) {
            Values.Builder b = Values.builder().environment(Map.of("RATE", "1000"));
            for (String s : settings) {
                b.set(s);
            }
            return b.build();
        }

        @Test
        void replacesAValueByIndexOrById() {
            TargetsFile f =
                    parse(
                            FILE_TEXT,
                            set(
                                    "suites.load.scenarios[0].duration=30s",
                                    "suites.load.scenarios[health-5k].rate=250",
                                    "targets[p99].pass=< 20ms"));

            assertThat(scenario(f, 0).asMapping("s").node("duration").asScalarText("d"))
                    .isEqualTo("30s");
            assertThat(scenario(f, 1).asMapping("s").node("rate").asLong("rate", 1, 10_000))
                    .isEqualTo(250);
            assertThat(f.targets().get(0).pass().toString()).isEqualTo("< 20ms");
        }

        @Test
        void anUnknownPathIsAnErrorNamingItAndWhatIsThere() {
            assertThatThrownBy(() -> parse(FILE_TEXT, set("suites.lod.scenarios[0].rate=1")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("--set suites.lod.scenarios[0].rate=1: ")
                    .hasMessageContaining("has no 'suites.lod'")
                    .hasMessageContaining("'suites' has the keys load");
            assertThatThrownBy(() -> parse(FILE_TEXT, set("suites.load.scenarios[7].rate=1")))
                    .hasMessageContaining("has no 'suites.load.scenarios[7]'")
                    .hasMessageContaining("2 item(s)")
                    .hasMessageContaining("health-1k, health-5k");
            assertThatThrownBy(() -> parse(FILE_TEXT, set("suites.load.scenarios[0].warmup=1s")))
                    .hasMessageContaining("has no 'suites.load.scenarios[0].warmup'");
            assertThatThrownBy(() -> parse(FILE_TEXT, set("suites.load=1")))
                    .hasMessageContaining("'suites.load' is a mapping");
            assertThatThrownBy(() -> parse(FILE_TEXT, set("suites..load=1")))
                    .hasMessageContaining("is not a path");
            assertThatThrownBy(() -> Values.builder().set("suites.load"))
                    .hasMessageStartingWith("--set suites.load: expected path=value");
        }

        @Test
        void anInvalidValueIsReportedAgainstTheFlag() {
            assertThatThrownBy(() -> parse(FILE_TEXT, set("targets[0].pass=soon")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("--set targets[0].pass=soon: 'pass'");
        }

        @Test
        void theOverridesAreEchoedWithSecretsMasked() {
            Values v =
                    Values.builder()
                            .sutUrl("http://127.0.0.1:9")
                            .set("suites.load.scenarios[0].duration=30s")
                            .set("sut.url.token=s3cret")
                            .set("suites.load.scenarios[0].duration=40s")
                            .build();
            assertThat(v.echo())
                    .containsExactly(
                            "--sut-url http://127.0.0.1:9",
                            "--set sut.url.token=***",
                            "--set suites.load.scenarios[0].duration=40s");
        }
    }
}
