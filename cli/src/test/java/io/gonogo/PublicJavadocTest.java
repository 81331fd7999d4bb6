package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc of the public packages is complete and builds without a warning: the {@code javadoc}
 * tool runs over every package of the shipped modules' {@code src/main/java} whose name has no
 * {@code internal} segment, as the published Javadoc would, with {@code -Xdoclint:all}, and every
 * warning or error fails the test: syntax, HTML, references, accessibility, and doclint's {@code
 * missing} group (a public type or member without a comment, a parameter, return value or thrown
 * exception without its tag) in every public package.
 *
 * <p>The javadoc tool takes 7 to 25 s over these sources, most of it attributing them: javac's own
 * {@code -Xdoclint:all} over the public sources alone, compiled against the modules' classes, takes
 * as long, and leaving out the index and tree pages saves little. So the test runs when asked,
 * which the README's test command and {@code .ci/run} do: {@code mvn -o -pl cli -am test
 * -Dgonogo.javadoc=true -Dtest=PublicJavadocTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "gonogo.javadoc", matches = "true")
class PublicJavadocTest {

    /** The shipped modules, relative to this module's folder. */
    private static final List<String> MODULES =
            List.of(
                    "../decision-core",
                    "../collectors",
                    "../runners/spi",
                    "../runners/engine",
                    "../runners/load",
                    "../runners/memory",
                    "../runners/chaos",
                    "../runners/benchmark",
                    "../templates",
                    "../governance-server",
                    ".");

    @Test
    void theJavadocOfThePublicPackagesHasNoWarning(@TempDir Path out) throws IOException {
        List<Path> roots = MODULES.stream().map(m -> Path.of(m, "src/main/java")).toList();
        List<Path> sources = new ArrayList<>();
        Set<String> packages = new TreeSet<>();
        for (Path root : roots) {
            assertThat(root).as("a module's sources").isDirectory();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(f -> f.toString().endsWith(".java"))
                        .filter(f -> !isInternal(root.relativize(f)))
                        .forEach(
                                f -> {
                                    sources.add(f);
                                    packages.add(
                                            root.relativize(f.getParent())
                                                    .toString()
                                                    .replace(java.io.File.separatorChar, '.'));
                                });
            }
        }
        assertThat(packages).contains("io.gonogo", "io.gonogo.core", "io.gonogo.server");

        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter log = new StringWriter();
        boolean built;
        try (StandardJavaFileManager files =
                javadoc.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options =
                    List.of(
                            "-d",
                            out.toString(),
                            "-quiet",
                            "-Xdoclint:all",
                            "-Xmaxwarns",
                            "100000",
                            "-Xmaxerrs",
                            "10000",
                            "-notimestamp",
                            "-encoding",
                            "UTF-8",
                            "-sourcepath",
                            roots.stream()
                                    .map(Path::toString)
                                    .collect(Collectors.joining(java.io.File.pathSeparator)),
                            "-classpath",
                            System.getProperty("java.class.path"));
            built =
                    javadoc.getTask(
                                    log,
                                    files,
                                    diagnostics,
                                    null,
                                    options,
                                    files.getJavaFileObjectsFromPaths(sources))
                            .call();
        }

        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.NOTE) {
                continue;
            }
            String file = d.getSource() == null ? "" : d.getSource().toUri().getPath();
            problems.add(
                    file
                            + ":"
                            + d.getLineNumber()
                            + ": "
                            + d.getKind()
                            + ": "
                            + d.getMessage(Locale.ROOT));
        }

        assertThat(problems).as("javadoc's warnings and errors on the public packages").isEmpty();
        assertThat(built).as("javadoc built: %s", log).isTrue();
    }

    private static boolean isInternal(Path relative) {
        for (Path segment : relative) {
            if (segment.toString().equals("internal")) {
                return true;
            }
        }
        return false;
    }
}
