package io.gonogo.collect.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.config.ResultsSpec;
import io.gonogo.core.config.TargetsFile;
import io.gonogo.core.config.TargetsParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry and the import of a targets file's {@code results:} entries, on real result files.
 */
class ImportersTest {
    private static final Path JUNIT =
            Path.of("src/test/resources/importers/junit-xml").toAbsolutePath();

    @TempDir Path dir;

    /** An importer that claims an id already taken. */
    static final class SecondJmh implements Importer {
        @Override
        public String id() {
            return "jmh";
        }

        @Override
        public String description() {
            return "a copy";
        }

        @Override
        public boolean detect(Path file, String head) {
            return false;
        }

        @Override
        public ImportedEvidence read(Path file) {
            return new ImportedEvidence(List.of(), List.of(), List.of());
        }
    }

    private TargetsFile targets(String results) throws Exception {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(f, "release: {name: r}\nresults:\n" + results);
        return TargetsParser.parse(f);
    }

    private static TestOutcome entry(ImportedResults r, String id) {
        return r.outcomes().stream()
                .filter(o -> o.suite().equals("results") && o.scenario().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theBuiltInImportersAreFoundInDetectionOrder() {
        assertThat(Importers.withServiceLoader().all())
                .extracting(Importer::id)
                .startsWith("jmh", "junit-xml", "open-test-reporting");
    }

    @Test
    void aDuplicateIdIsAnErrorNamingBothImporters() {
        assertThatThrownBy(
                        () ->
                                Importers.builder()
                                        .addServiceLoader(getClass().getClassLoader())
                                        .add(new SecondJmh())
                                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "two importers have the id 'jmh':"
                                + " io.gonogo.collect.importers.internal.JmhImporter and "
                                + SecondJmh.class.getName());
    }

    @Test
    void aBadFileNeverDropsTheOthersEvidenceAndIsNamedWithWhatWasWrong() throws Exception {
        Files.copy(
                JUNIT.resolve("TEST-com.example.shop.CartTest.xml"), dir.resolve("TEST-cart.xml"));
        Files.writeString(
                dir.resolve("broken.json"), "[{\"benchmark\": \"a.B.c\", \"mode\": \"thrpt\",");
        Files.writeString(dir.resolve("notes.json"), "{\"hello\": 1}");
        TargetsFile file =
                targets(
                        """
                          - {path: TEST-cart.xml, labels: {team: shop}}
                          - {path: broken.json, id: bench, format: jmh}
                          - {path: notes.json}
                          - {path: gone/jmh-result.json, optional: true}
                        """);
        ImportedResults r = Importers.withServiceLoader().importResults(file.results(), "run-1");

        assertThat(r.plan())
                .extracting(PlannedScenario::id)
                .containsExactly("TEST-cart", "bench", "notes", "jmh-result");
        assertThat(r.plan().get(0).labels())
                .containsEntry("format", "junit-xml")
                .containsEntry("team", "shop");
        assertThat(r.plan().get(3).optional()).isTrue();

        // the good file's evidence is all there, labelled and attributed to its file
        assertThat(r.measurements())
                .isNotEmpty()
                .allSatisfy(
                        m -> {
                            assertThat(m.labels())
                                    .containsEntry("suite", "results")
                                    .containsEntry("scenario", "TEST-cart")
                                    .containsEntry("format", "junit-xml")
                                    .containsEntry("team", "shop");
                            assertThat(m.source().file()).isEqualTo("TEST-cart.xml");
                            assertThat(m.source().runId()).isEqualTo("run-1");
                        });
        assertThat(r.outcomes())
                .filteredOn(o -> o.testId().startsWith("[results:TEST-cart]/"))
                .hasSize(4);
        // its failed test fails the entry, naming the test
        assertThat(entry(r, "TEST-cart").status()).isEqualTo(TestStatus.FAILED);
        assertThat(entry(r, "TEST-cart").message())
                .startsWith("1 of 4 tests in TEST-cart.xml failed: CartTest.appliesTheDiscount:");

        assertThat(entry(r, "bench").status()).isEqualTo(TestStatus.FAILED);
        assertThat(entry(r, "bench").message())
                .matches(
                        "broken\\.json:1:\\d+: not valid JSON: the JSON ends early.*\\(read as"
                                + " jmh\\)");
        assertThat(entry(r, "notes").status()).isEqualTo(TestStatus.FAILED);
        assertThat(entry(r, "notes").message())
                .startsWith(
                        "notes.json: not a result file any importer recognises;"
                                + " expected one of: jmh (JMH JSON results");
        assertThat(entry(r, "jmh-result").status()).isEqualTo(TestStatus.NOT_EXECUTED);
        assertThat(entry(r, "jmh-result").message())
                .startsWith("gone/jmh-result.json: the declared result file does not exist");
        assertThat(r.problems()).hasSize(3);
    }

    @Test
    void aFolderImportsEveryResultFileInIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("reports"));
        Files.copy(
                JUNIT.resolve("TEST-com.example.shop.CartTest.xml"), folder.resolve("TEST-a.xml"));
        Files.copy(
                JUNIT.resolve("TEST-com.example.shop.CheckoutTest.xml"),
                folder.resolve("TEST-b.xml"));
        Files.writeString(folder.resolve("CartTest.txt"), "Surefire's text summary");
        TargetsFile file = targets("  - reports/\n");
        ImportedResults r = Importers.withServiceLoader().importResults(file.results(), "run-1");
        assertThat(r.plan()).extracting(PlannedScenario::id).containsExactly("reports");
        assertThat(r.plan().get(0).labels()).containsEntry("format", "junit-xml");
        assertThat(r.outcomes())
                .filteredOn(o -> o.testId().startsWith("[results:reports]/"))
                .hasSize(6);
        assertThat(r.measurements())
                .extracting(m -> m.source().file())
                .containsOnly("reports/TEST-a.xml", "reports/TEST-b.xml");
        assertThat(entry(r, "reports").message()).startsWith("2 of 6 tests in reports/ failed");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void aMixedFolderImportsWhatItRecognisesAndListsTheRest() throws Exception {
        Path res = Path.of("src/test/resources/importers").toAbsolutePath();
        Path folder = Files.createDirectories(dir.resolve("mixed"));
        Files.copy(
                JUNIT.resolve("TEST-com.example.shop.CheckoutTest.xml"),
                folder.resolve("TEST-b.xml"));
        Files.copy(res.resolve("jmeter-5.6.3/shop.xml.jtl"), folder.resolve("shop.xml.jtl"));
        Files.copy(res.resolve("k6-json/points.json"), folder.resolve("points.json"));
        // JMeter's dashboard figures and a config: JSON that no importer claims
        Files.copy(res.resolve("jmeter-5.6.3/statistics.json"), folder.resolve("statistics.json"));
        Files.writeString(folder.resolve("settings.xml"), "<settings/>");
        Files.writeString(folder.resolve("notes.txt"), "run by hand");
        TargetsFile file = targets("  - mixed/\n");
        ImportedResults r = Importers.withServiceLoader().importResults(file.results(), "run-1");
        assertThat(r.measurements())
                .extracting(m -> m.labels().get("format"))
                .contains("junit-xml", "jmeter", "k6");
        assertThat(r.problems()).isEmpty();
        TestOutcome e = entry(r, "mixed");
        assertThat(e.message())
                .contains("left out 2 files no importer recognises (settings.xml, statistics.json)")
                .contains("left out 1 other file in the folder (notes.txt)");

        // a file an importer claims but cannot read is the one error
        String jtl = Files.readString(folder.resolve("shop.xml.jtl"));
        Files.writeString(folder.resolve("shop.xml.jtl"), jtl.substring(0, jtl.length() / 2));
        ImportedResults damaged =
                Importers.withServiceLoader().importResults(file.results(), "run-2");
        assertThat(damaged.problems())
                .singleElement()
                .asString()
                .startsWith("mixed/shop.xml.jtl:")
                .contains("(read as jmeter)");
        assertThat(damaged.measurements())
                .extracting(m -> m.labels().get("format"))
                .contains("junit-xml", "k6");
    }

    @Test
    void anUnknownFormatIsAnErrorAtTheEntry() throws Exception {
        TargetsFile file = targets("  - {path: x.json, format: jmx}\n");
        assertThatThrownBy(() -> Importers.withServiceLoader().importResults(file.results(), "r"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(
                        dir.resolve("targets.yaml")
                                + ":3:5: unknown results format 'jmx'; expected one of: jmh,");
    }

    @Test
    void entriesMayNotSetGonogosOwnLabelsNorRepeatAnId() {
        assertThatThrownBy(() -> targets("  - {path: a.json, labels: {scenario: x}}\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(":3:")
                .hasMessageContaining("'labels' may not set 'scenario'");
        assertThatThrownBy(() -> targets("  - {path: a/jmh.json}\n  - {path: b/jmh.json}\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(":4:5: duplicate results id 'jmh'");
        assertThatThrownBy(() -> targets("  - {path: a.json, colour: red}\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("colour");
    }

    @Test
    void pathsResolveAgainstTheTargetsFile() throws Exception {
        ResultsSpec spec =
                targets("  - {path: ../x/jmh-result.json, id: bench}\n").results().get(0);
        assertThat(spec.path()).isEqualTo(dir.getParent().resolve("x/jmh-result.json"));
        assertThat(spec.declaredPath()).isEqualTo("../x/jmh-result.json");
        assertThat(spec.planned(java.util.Optional.of("jmh")).labels())
                .isEqualTo(Map.of("suite", "results", "scenario", "bench", "format", "jmh"));
    }

    @Test
    void measurementsKeepTheImportersOwnLabels() throws Exception {
        Files.copy(
                JUNIT.resolve("TEST-com.example.shop.CheckoutTest.xml"), dir.resolve("TEST-c.xml"));
        ImportedResults r =
                Importers.withServiceLoader()
                        .importResults(targets("  - TEST-c.xml\n").results(), "r");
        assertThat(r.measurements()).extracting(Measurement::metric).containsOnly("tests");
        assertThat(r.measurements())
                .extracting(m -> m.labels().get("status"))
                .containsExactlyInAnyOrder("successful", "failed", "skipped", "aborted");
    }
}
