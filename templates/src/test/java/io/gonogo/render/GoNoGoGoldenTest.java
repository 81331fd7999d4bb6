package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares go-no-go.md rendered from {@link Fixtures} with the reviewed golden file.
 *
 * <p>After a deliberate change of the document, regenerate the golden with
 * {@code mvn -pl templates test -Dtest=GoNoGoGoldenTest -Dgonogo.updateGolden=true} and review
 * the diff line by line before committing it.
 */
class GoNoGoGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/go-no-go.md");

    private Locale savedLocale;
    private TimeZone savedZone;

    @BeforeEach
    void saveDefaults() {
        savedLocale = Locale.getDefault();
        savedZone = TimeZone.getDefault();
    }

    @AfterEach
    void restoreDefaults() {
        Locale.setDefault(savedLocale);
        TimeZone.setDefault(savedZone);
    }

    @Test
    void rendersTheReviewedGoldenDocument() throws IOException {
        String md = Renderer.builder().build().goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence());
        if (Boolean.getBoolean("gonogo.updateGolden")) {
            Files.writeString(GOLDEN, md, StandardCharsets.UTF_8);
        }
        assertThat(md).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }

    @Test
    void rendersTheSameDocumentUnderAGermanLocaleAndAnotherTimeZone() throws IOException {
        Locale.setDefault(Locale.GERMANY);
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        String md = Renderer.builder().build().goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence());
        assertThat(md).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }

    @Test
    void writesByteIdenticalFilesOnASecondRender(@TempDir Path tmp) throws IOException {
        Renderer.builder().build().render(Fixtures.decision(), Fixtures.evidence(), tmp.resolve("a"));
        Locale.setDefault(Locale.GERMANY);
        Renderer.builder().build().render(Fixtures.decision(), Fixtures.evidence(), tmp.resolve("b"));
        for (String name : new String[] {Renderer.GO_NO_GO_MD, Renderer.DECISION_JSON, Renderer.EVIDENCE_JSON}) {
            assertThat(Files.readAllBytes(tmp.resolve("b").resolve(name)))
                    .as(name)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(name)));
        }
        assertThat(Files.readAllBytes(tmp.resolve("a").resolve(Renderer.GO_NO_GO_MD)))
                .isEqualTo(Files.readAllBytes(GOLDEN));
    }
}
