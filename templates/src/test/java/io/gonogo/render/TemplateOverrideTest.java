package io.gonogo.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateOverrideTest {
    @TempDir Path templates;

    @TempDir Path tmp;

    private Path override(String text) throws IOException {
        return Files.writeString(templates.resolve("go-no-go.md.ftl"), text);
    }

    @Test
    void anOverrideReplacesTheBuiltInTemplateAndGetsTheSameModel() throws IOException {
        override(
                "${summary.decision} for ${title}: <#list targets.rows as"
                        + " t>${t.target}=${t.verdict};</#list>\n");
        String md =
                Renderer.builder()
                        .templatesDir(templates)
                        .build()
                        .goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence());
        assertThat(md)
                .isEqualTo(
                        "NO-GO for Governance API 1.4: p99 latency, 1k users (p99-1k)=MET;p99"
                                + " latency, 5k sessions (p99-5k)=ACCEPTABLE;throughput, 1k users"
                                + " (throughput-1k)=EXCEEDED;success rate, 5k sessions"
                                + " (success-5k)=MET;p99 latency, 10k decisions (p99-10k)=NOT"
                                + " MEASURED;\n");
    }

    @Test
    void aFolderWithoutTheTemplateKeepsTheBuiltInOne() {
        String md =
                Renderer.builder()
                        .templatesDir(templates)
                        .build()
                        .goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence());
        assertThat(md)
                .isEqualTo(
                        Renderer.builder()
                                .build()
                                .goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence()));
    }

    @Test
    void anOverrideThatDoesNotParseFailsAtBuildNamingFileLineAndColumn() throws IOException {
        Path file = override("# ${title}\n<#list facts as f>\n- ${f.label\n");
        assertThatThrownBy(() -> Renderer.builder().templatesDir(templates).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ":3:")
                .hasMessageContaining("does not parse")
                .hasMessageContaining("remove it to use the built-in go-no-go.md.ftl")
                .message()
                .doesNotContain("\n");
    }

    @Test
    void anOverrideThatFailsWhileRenderingWritesNoFile() throws IOException {
        Path file = override("# ${title}\n\n${summary.no_such_figure}\n");
        Renderer renderer = Renderer.builder().templatesDir(templates).build();
        Path out = tmp.resolve("reports");

        assertThatThrownBy(() -> renderer.render(Fixtures.decision(), Fixtures.evidence(), out))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ":3:")
                .hasMessageContaining("summary.no_such_figure")
                .message()
                .doesNotContain("\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void aFailingOverrideLeavesAnEarlierReportUntouched() throws IOException {
        Path out = tmp.resolve("reports");
        Renderer.builder()
                .environment(java.util.Map.of())
                .build()
                .render(Fixtures.decision(), Fixtures.evidence(), out);
        byte[] before = Files.readAllBytes(out.resolve("go-no-go.md"));
        override("${nope}");
        Renderer broken = Renderer.builder().templatesDir(templates).build();

        assertThatThrownBy(() -> broken.render(Fixtures.decision(), Fixtures.evidence(), out))
                .isInstanceOf(InvalidInputException.class);
        assertThat(Files.readAllBytes(out.resolve("go-no-go.md"))).isEqualTo(before);
        try (var listing = Files.list(out)) {
            assertThat(listing).hasSize(Renderer.FILES.size() + 1); // and the charts folder
        }
    }

    @Test
    void templatesCannotCreateJavaObjects() throws IOException {
        override("<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}\n");
        Renderer renderer = Renderer.builder().templatesDir(templates).build();
        assertThatThrownBy(() -> renderer.goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Execute");
    }

    @Test
    void templatesCannotReachTheJavaApiOfTheModel() throws IOException {
        override("${title?api.getClass()}\n");
        Renderer renderer = Renderer.builder().templatesDir(templates).build();
        assertThatThrownBy(() -> renderer.goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("api");
    }

    @Test
    void templatesSeeTheComponentsOfAViewRecordAndNoOtherMethod() throws IOException {
        override("${summary.decision}|${formal.runId}|<#list dashboard as d>${d.label};</#list>\n");
        Renderer renderer = Renderer.builder().templatesDir(templates).build();
        assertThat(renderer.goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence()))
                .startsWith("NO-GO|")
                .contains("|Decision;Targets met or exceeded;");
        for (String member :
                List.of(
                        "summary.decision()",
                        "summary.hashCode()",
                        "summary.toString()",
                        "summary.getClass()",
                        "summary.class",
                        "summary.class.classLoader",
                        "formal.equals(formal)")) {
            Path file = override("# ${title}\n${" + member + "}\n");
            Renderer withOverride = Renderer.builder().templatesDir(templates).build();
            assertThatThrownBy(
                            () ->
                                    withOverride.goNoGoMarkdown(
                                            Fixtures.decision(), Fixtures.evidence()))
                    .as(member)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(file + ":2:");
        }
    }

    @Test
    void newIsRefusedForEveryClassNamingTheTemplateLineAndColumn() throws IOException {
        Path file =
                override(
                        "# ${title}\n\n"
                            + "<#assign x = \"freemarker.template.SimpleHash\"?new()>${x?size}\n");
        Renderer renderer = Renderer.builder().templatesDir(templates).build();
        assertThatThrownBy(() -> renderer.goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ":3:1: ")
                .hasMessageContaining("Instantiating freemarker.template.SimpleHash is not allowed")
                .hasMessageContaining("SimpleHash")
                .message()
                .doesNotContain("\n");
    }

    @Test
    void apiIsRefusedNamingTheTemplateLineAndColumn() throws IOException {
        Path file = override("# ${title}\n${summary?api.get(\"why\")}\n");
        Renderer renderer = Renderer.builder().templatesDir(templates).build();
        assertThatThrownBy(() -> renderer.goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ":2:")
                .hasMessageContaining("api")
                .message()
                .doesNotContain("\n");
    }

    @Test
    void includeCannotReachAFileOutsideTheTemplatesFolder() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "TOP SECRET");
        Files.writeString(templates.getParent().resolve("secret.ftl"), "TOP SECRET");
        for (String name :
                new String[] {
                    "../secret.ftl",
                    "/../secret.ftl",
                    secret.toString(),
                    "file:" + secret,
                    "../" + tmp.getFileName() + "/secret.txt"
                }) {
            Path file = override("# ${title}\n\n  <#include \"" + name + "\">\n");
            Renderer renderer = Renderer.builder().templatesDir(templates).build();
            assertThatThrownBy(
                            () -> renderer.goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence()))
                    .as(name)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(file + ":3:3: ")
                    .hasMessageContaining("Template not found for name")
                    .message()
                    .doesNotContain("TemplateLoader", "TOP SECRET", "\n");
        }
    }

    @Test
    void includeReachesATemplateInsideTheFolder() throws IOException {
        Files.writeString(templates.resolve("part.ftl"), "decision ${summary.decision}");
        override("<#include \"part.ftl\">\n");
        String md =
                Renderer.builder()
                        .templatesDir(templates)
                        .build()
                        .goNoGoMarkdown(Fixtures.decision(), Fixtures.evidence());
        assertThat(md).isEqualTo("decision NO-GO");
    }

    @Test
    void theHtmlPageAndTheSummaryCanBeOverriddenToo() throws IOException {
        Files.writeString(
                templates.resolve("go-no-go.html.ftl"),
                "<html><title>${title}</title>${body}</html>");
        Files.writeString(templates.resolve("summary.md.ftl"), "${decision} ${runId}\n");
        Renderer renderer =
                Renderer.builder().templatesDir(templates).environment(java.util.Map.of()).build();
        assertThat(renderer.goNoGoHtml(Fixtures.decision(), Fixtures.evidence()))
                .startsWith(
                        "<html><title>Governance API 1.4</title><h1>Go/No-Go: Governance API"
                                + " 1.4</h1>\n");
        assertThat(renderer.summaryMarkdown(Fixtures.decision(), Fixtures.evidence()))
                .isEqualTo("NO-GO " + Fixtures.RUN + "\n");
    }

    @Test
    void aFailingPageTemplateWritesNoFileEvenThoughTheMarkdownRendered() throws IOException {
        Path file =
                Files.writeString(
                        templates.resolve("go-no-go.html.ftl"),
                        "<title>${title}</title>\n${nope}\n");
        Renderer renderer =
                Renderer.builder().templatesDir(templates).environment(java.util.Map.of()).build();
        Path out = tmp.resolve("reports");
        assertThatThrownBy(() -> renderer.render(Fixtures.decision(), Fixtures.evidence(), out))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ":2:");
        assertThat(out).doesNotExist();
    }

    @Test
    void aTemplatesFolderThatDoesNotExistIsRejectedWhenSet() {
        Path missing = tmp.resolve("no-such-folder");
        assertThatThrownBy(() -> Renderer.builder().templatesDir(missing))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(missing + ": the templates folder does not exist");
    }
}
