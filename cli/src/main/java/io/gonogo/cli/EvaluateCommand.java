package io.gonogo.cli;

import io.gonogo.Gonogo;
import io.gonogo.RunOptions;
import io.gonogo.RunResult;
import io.gonogo.core.Profile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gonogo evaluate}: decides from result files on disk through {@link Gonogo#evaluate}; runs
 * nothing.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Decides from other tools' result files (JMH, JUnit XML, Open Test Reporting, k6,"
                + " Gatling, JMeter, HdrHistogram logs) and the targets file's 'results:' entries,"
                + " and writes the same documents as a run. Runs no suite and starts no service.",
            "",
            "Exit codes: 0 GO or GO WITH CONDITIONS (3 with --strict), 1 NO-GO, 2 invalid input,"
                    + " 4 no decision could be made."
        })
final class EvaluateCommand implements Callable<Integer> {
    @Option(
            names = {"-t", "--targets"},
            required = true,
            paramLabel = "FILE",
            description = "The targets file.")
    Path targets;

    @Option(
            names = {"-r", "--results"},
            arity = "1..*",
            paramLabel = "PATH",
            description =
                    "Result files or folders to import besides the file's 'results:' entries; the"
                            + " format of each file is detected.")
    List<Path> results = new ArrayList<>();

    @Option(
            names = "--profile",
            paramLabel = "quick|full",
            converter = Main.ProfileConverter.class,
            description =
                    "The profile the results stand for; default: the file's profile, else quick.")
    Profile profile;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            description = "Output folder; default: the file's reports.out, else reports/.")
    Path out;

    @Option(
            names = "--as-of",
            paramLabel = "INSTANT",
            converter = Main.InstantConverter.class,
            description = "Reference instant for due dates, ISO-8601; default now.")
    Instant asOf;

    @Option(
            names = "--set",
            paramLabel = "PATH=VALUE",
            description =
                    "Overrides one value of the targets file before it is validated, such as"
                            + " results[0].path=build/other.json; repeatable.")
    List<String> set = new java.util.ArrayList<>();

    @Option(names = "--strict", description = "Exit 3 on GO WITH CONDITIONS.")
    boolean strict;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress lines on stderr.")
    boolean quiet;

    @Option(
            names = "--summary",
            paramLabel = "text|json",
            description =
                    "What to print on stdout at the end: text (the default, for a person) or json"
                            + " (decision, exit code, counts and the targets not met, for"
                            + " scripts).")
    SummaryFormat summary = SummaryFormat.TEXT;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RunOptions.Builder b = RunOptions.builder(targets).strict(strict).results(results);
        set.forEach(b::set);
        if (profile != null) {
            b.profile(profile);
        }
        if (out != null) {
            b.out(out);
        }
        if (asOf != null) {
            b.asOf(asOf);
        }
        if (quiet) {
            b.quiet();
        } else {
            b.progress(
                    new java.io.PrintStream(
                            new WriterStream(spec.commandLine().getErr()),
                            true,
                            java.nio.charset.StandardCharsets.UTF_8));
        }
        RunResult result = Gonogo.evaluate(b.build());
        PrintWriter w = spec.commandLine().getOut();
        w.print(summary.of(result));
        w.flush();
        return result.exitCode();
    }

    /**
     * Bytes written to a stream, passed on to picocli's error writer, so tests capture progress
     * lines.
     */
    private static final class WriterStream extends java.io.OutputStream {
        private final PrintWriter writer;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public void flush() {
            writer.print(line.toString(java.nio.charset.StandardCharsets.UTF_8));
            writer.flush();
            line.reset();
        }
    }
}
