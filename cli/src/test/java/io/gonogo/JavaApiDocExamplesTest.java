package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
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

/** Every Java example of docs/java-api.md compiles against gonogo's API as it is. */
class JavaApiDocExamplesTest {

    private static final Path PAGE = Path.of("../docs/java-api.md");

    private static final String IMPORTS =
            """
            import io.gonogo.*;
            import io.gonogo.core.Decision;
            import io.gonogo.runners.chaos.*;
            import io.gonogo.runners.load.LoadResult;
            import io.gonogo.runners.load.LoadRunner;
            import io.gonogo.runners.load.grpc.*;
            import java.net.InetSocketAddress;
            import java.net.URI;
            import java.net.http.HttpClient;
            import java.net.http.HttpRequest;
            import java.net.http.HttpResponse;
            import java.nio.file.Path;
            import java.util.List;
            import java.util.Map;
            import org.HdrHistogram.Histogram;
            """;

    /** What the page's examples name without declaring it. */
    private static final String GIVEN =
            "InetSocketAddress service, HttpClient client, HttpRequest request";

    @Test
    void everyJavaExampleOfTheJavaApiPageCompiles(@TempDir Path out) throws IOException {
        List<String> examples = javaBlocks(Files.readString(PAGE));
        assertThat(examples).as("java blocks in " + PAGE).hasSizeGreaterThanOrEqualTo(5);

        StringBuilder source = new StringBuilder(IMPORTS).append("class JavaApiExamples {\n");
        for (int i = 0; i < examples.size(); i++) {
            source.append("  void example")
                    .append(i)
                    .append('(')
                    .append(GIVEN)
                    .append(") throws Exception {\n")
                    .append(examples.get(i))
                    .append("\n  }\n");
        }
        source.append("}\n");

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file =
                new SimpleJavaFileObject(
                        URI.create("string:///JavaApiExamples.java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                };
        List<String> options =
                List.of(
                        "-d",
                        out.toString(),
                        "-proc:none",
                        "-classpath",
                        System.getProperty("java.class.path"));
        boolean compiled =
                javac.getTask(null, null, diagnostics, options, null, List.of(file)).call();

        assertThat(compiled)
                .as(
                        "the examples of %s compile:%n%s%n%s",
                        PAGE,
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
