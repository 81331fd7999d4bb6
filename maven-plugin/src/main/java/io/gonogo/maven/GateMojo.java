package io.gonogo.maven;

import io.gonogo.Gonogo;
import io.gonogo.RunOptions;
import io.gonogo.RunResult;
import io.gonogo.Summary;
import io.gonogo.core.Condition;
import io.gonogo.core.Decision;
import io.gonogo.core.Outcome;
import io.gonogo.core.Reason;
import io.gonogo.core.config.TargetsFile;
import io.gonogo.core.config.TargetsParser;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Gates the build on a gonogo decision and writes the documents ({@code go-no-go.md}, {@code
 * decision.json}, ...) into {@code target/gonogo/}.
 *
 * <p>When the targets file declares suites, the goal runs them ({@code Gonogo.run}) against the
 * service its {@code sut} names ({@code command} or {@code url}; the bundled {@code embedded}
 * server cannot start inside Maven's JVM); otherwise it decides from result files alone ({@code
 * Gonogo.evaluate}). Either way it imports the file's {@code results:} and, unless {@code
 * buildResults} is false, the build's own results: {@code target/surefire-reports/} and {@code
 * target/jmh-result.json}.
 *
 * <ul>
 *   <li>NO-GO fails the build; the failure message lists the blockers.
 *   <li>GO WITH CONDITIONS passes with each condition as a warning; with {@code strict} it fails
 *       the build, listing them.
 *   <li>GO passes.
 * </ul>
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>io.gonogo</groupId>
 *   <artifactId>gonogo-maven-plugin</artifactId>
 *   <version>...</version>
 *   <executions>
 *     <execution>
 *       <goals><goal>check</goal><goal>gate</goal></goals>
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 */
@Mojo(name = "gate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class GateMojo extends AbstractGonogoMojo {

    /**
     * The folder the documents are written to; a run replaces gonogo's files in it and keeps the
     * others.
     */
    @Parameter(
            property = "gonogo.outputDirectory",
            defaultValue = "${project.build.directory}/gonogo",
            required = true)
    File outputDirectory;

    /**
     * The reference instant of the evaluation (waiver expiry, due dates), ISO-8601 such as {@code
     * 2026-11-23T10:00:00Z}; default: the end of the run. It may not be before the run.
     */
    @Parameter(property = "gonogo.asOf")
    String asOf;

    /**
     * An earlier {@code decision.json} or {@code evidence.json} to compare with (relative criteria,
     * regressions, what changed); overrides the targets file's {@code baseline:}.
     */
    @Parameter(property = "gonogo.baseline")
    File baseline;

    /** Whether GO WITH CONDITIONS fails the build too. */
    @Parameter(property = "gonogo.strict", defaultValue = "false")
    boolean strict;

    /** Creates the goal; Maven sets its parameters. */
    public GateMojo() {}

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("gonogo: gate skipped");
            return;
        }
        RunOptions.Builder b =
                RunOptions.builder(targetsFile())
                        .strict(strict)
                        .out(outputDirectory.toPath())
                        .progress(LogStream.info(getLog()));
        applyProfile(b);
        if (asOf != null && !asOf.isBlank()) {
            b.asOf(instant(asOf));
        }
        if (baseline != null) {
            b.baseline(baseline.toPath());
        }
        RunOptions values = b.build();
        TargetsFile file = call(() -> TargetsParser.parse(values.targets(), values.values()));
        List<Path> paths = resultPaths(file, true);
        boolean suites = !file.suites().isEmpty();
        if (suites && file.sut().kind().equals("embedded")) {
            // the bundled server starts in a child JVM on java.class.path, which in Maven's JVM
            // is Maven's own launcher, not gonogo's
            throw new MojoFailureException(
                    "gonogo: "
                            + file.path()
                            + ": 'sut: embedded' (the bundled governance server) cannot be started"
                            + " from inside a Maven build; expected a service of your own, 'sut:"
                            + " {command: ...}' (such as the jar this build packaged) or 'sut:"
                            + " {url: ...}', or run this file with the command line (java -jar"
                            + " gonogo.jar run --targets ...)");
        }
        if (!suites && file.results().isEmpty() && paths.isEmpty()) {
            throw new MojoFailureException(
                    "gonogo: nothing to decide from: "
                            + file.path()
                            + " declares no suites and no results, and the build wrote neither"
                            + " target/surefire-reports/ nor target/jmh-result.json; run the gate"
                            + " after the tests (phase verify), or name result files in the"
                            + " targets file's results: or the parameter 'results'");
        }
        RunOptions options = b.results(paths).build();
        RunResult result = call(() -> suites ? Gonogo.run(options) : Gonogo.evaluate(options));
        report(result);
    }

    /** Logs the summary, then fails the build on NO-GO, and on GO WITH CONDITIONS when strict. */
    private void report(RunResult result) throws MojoFailureException {
        for (String line : Summary.of(result).strip().split("\n")) {
            // the command line's exit code means nothing to a Maven build
            if (!line.startsWith("exit code ")) {
                getLog().info(line);
            }
        }
        Decision d = result.decision();
        Path document = outputDirectory.toPath().resolve("go-no-go.md");
        if (d.outcome() == Outcome.NO_GO) {
            List<Reason> blockers =
                    d.reasons().stream().filter(r -> r.kind() == Reason.Kind.BLOCKER).toList();
            StringBuilder sb =
                    new StringBuilder("gonogo: NO-GO for ")
                            .append(d.release().name())
                            .append(": ")
                            .append(blockers.size())
                            .append(blockers.size() == 1 ? " blocker" : " blockers");
            for (Reason r : blockers) {
                sb.append("\n  - ").append(r.subject()).append(": ").append(r.text());
            }
            sb.append("\nsee ").append(document);
            throw new MojoFailureException(sb.toString());
        }
        if (d.outcome() == Outcome.GO_WITH_CONDITIONS) {
            for (Condition c : d.conditions()) {
                getLog().warn("gonogo condition: " + condition(c));
            }
            if (strict) {
                StringBuilder sb =
                        new StringBuilder("gonogo: GO WITH CONDITIONS for ")
                                .append(d.release().name())
                                .append(" fails the build under strict: ")
                                .append(d.conditions().size())
                                .append(d.conditions().size() == 1 ? " condition" : " conditions");
                d.conditions().forEach(c -> sb.append("\n  - ").append(condition(c)));
                sb.append("\nsee ").append(document);
                throw new MojoFailureException(sb.toString());
            }
        }
        getLog().info("gonogo: " + d.outcome().title() + "; see " + document);
    }

    private static String condition(Condition c) {
        return c.subject() + ": " + c.text() + " (owner " + c.owner() + ", due " + c.due() + ")";
    }

    private static Instant instant(String value) throws MojoFailureException {
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new MojoFailureException(
                    "gonogo: parameter 'asOf' (property gonogo.asOf) is '"
                            + value
                            + "', not an ISO-8601 instant; expected such as 2026-11-23T10:00:00Z");
        }
    }
}
