package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java example of README.md compiles against gonogo's API as it is, and runs.
 *
 * <p>The README's paths are relative to the repository's root, where a reader runs them; this test
 * runs in the {@code cli} folder, so each {@code Path.of("...")} of an example goes through {@code
 * path("...")}, which resolves a {@code reports/...} path in a temporary folder (the test writes
 * nothing into the clone) and any other path against the root.
 */
class ReadmeJavaExamplesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final String IMPORTS =
            """
            import io.gonogo.*;
            import io.gonogo.core.*;
            import java.nio.file.Path;
            import java.util.List;
            """;

    @Test
    void everyJavaExampleOfTheReadmeCompilesAndRuns(@TempDir Path tmp) throws Exception {
        List<String> examples = javaBlocks(Files.readString(ROOT.resolve("README.md")));
        assertThat(examples).as("java blocks in README.md").isNotEmpty();

        StringBuilder source =
                new StringBuilder(IMPORTS)
                        .append("public class ReadmeExamples {\n")
                        .append("  public static Path root;\n")
                        .append("  public static Path out;\n")
                        .append("  static Path path(String p) {\n")
                        .append("    return p.startsWith(\"reports\") ? out.resolve(p) :")
                        .append(" root.resolve(p);\n")
                        .append("  }\n");
        for (int i = 0; i < examples.size(); i++) {
            assertThat(examples.get(i))
                    .as("example %d names its paths with Path.of", i)
                    .doesNotContain("Paths.get");
            source.append("  public static void example")
                    .append(i)
                    .append("() throws Exception {\n")
                    .append(examples.get(i).replace("Path.of(", "path("))
                    .append("\n  }\n");
        }
        source.append("}\n");

        Path classes = Files.createDirectories(tmp.resolve("classes"));
        compile(source, classes);

        Path out = Files.createDirectories(tmp.resolve("out"));
        try (URLClassLoader loader =
                new URLClassLoader(
                        new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> type = loader.loadClass("ReadmeExamples");
            type.getField("root").set(null, ROOT);
            type.getField("out").set(null, out);
            for (int i = 0; i < examples.size(); i++) {
                Method example = type.getMethod("example" + i);
                String printed = runCapturingStdout(example);
                assertThat(printed).as("what example %d printed", i).isNotBlank();
            }
        }
        // the imports example decides from the bundled results and writes its documents where it
        // says
        assertThat(out.resolve("reports/imports/decision.json")).isRegularFile();
    }

    private static String runCapturingStdout(Method example) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            example.invoke(null);
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static void compile(CharSequence source, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file =
                new SimpleJavaFileObject(
                        URI.create("string:///ReadmeExamples.java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                };
        List<String> options =
                List.of(
                        "-d",
                        classes.toString(),
                        "-proc:none",
                        "-classpath",
                        System.getProperty("java.class.path"));
        boolean compiled =
                javac.getTask(null, null, diagnostics, options, null, List.of(file)).call();
        assertThat(compiled)
                .as(
                        "the examples of README.md compile:%n%s%n%s",
                        diagnostics.getDiagnostics().stream()
                                .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(null))
                                .collect(Collectors.joining("\n")),
                        source)
                .isTrue();
    }

    private static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        int at = markdown.indexOf("```java\n");
        while (at >= 0) {
            int start = at + "```java\n".length();
            int end = markdown.indexOf("```", start);
            blocks.add(markdown.substring(start, end));
            at = markdown.indexOf("```java\n", end + 3);
        }
        return blocks;
    }
}
