package io.gonogo.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A project folder as a Maven build leaves it before {@code verify}: {@code targets.yaml} beside
 * {@code target/}, holding real results captured from Surefire (one test class: three passed, one
 * skipped) and JMH (sample and throughput modes), the ones of {@code examples/imports}.
 */
final class BuildFolder {
    private static final Path CAPTURED = Path.of("..", "examples", "imports", "results");

    final Path basedir;
    final Path target;

    private BuildFolder(Path basedir) {
        this.basedir = basedir;
        this.target = basedir.resolve("target");
    }

    /** A project in {@code dir} whose build wrote its Surefire reports and its JMH result. */
    static BuildFolder built(Path dir) throws IOException {
        BuildFolder b = new BuildFolder(dir);
        Path reports = Files.createDirectories(b.target.resolve("surefire-reports"));
        Files.copy(
                CAPTURED.resolve("TEST-com.example.shop.CartTest.xml"),
                reports.resolve("TEST-com.example.shop.CartTest.xml"));
        Files.copy(CAPTURED.resolve("jmh-result.json"), b.target.resolve("jmh-result.json"));
        return b;
    }

    /** A project in {@code dir} whose build wrote nothing yet. */
    static BuildFolder fresh(Path dir) throws IOException {
        BuildFolder b = new BuildFolder(dir);
        Files.createDirectories(b.target);
        return b;
    }

    /** Writes {@code targets.yaml} with {@code text}. */
    Path targets(String text) throws IOException {
        return Files.writeString(basedir.resolve("targets.yaml"), text);
    }
}
