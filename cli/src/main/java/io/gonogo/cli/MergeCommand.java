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
import picocli.CommandLine.Parameters;

/**
 * {@code gonogo merge}: merges the shard evidence of one sharded run through {@link Gonogo#merge}
 * and decides over the whole load; runs nothing.
 */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description = {
            "Merges the shard folders of one sharded run (gonogo run --shard I/N): adds their"
                    + " latency histograms bucket for bucket, sums their counts, takes throughput"
                    + " over their common measured window, then decides and writes the documents"
                    + " as a single run does. A missing, damaged or foreign shard is named and the"
                    + " scenarios that needed it are NOT EXECUTED.",
            "",
            "Exit codes: 0 GO or GO WITH CONDITIONS (3 with --strict), 1 NO-GO, 2 invalid input,"
                    + " 4 no decision could be made."
        })
final class MergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "The shards' output folders.")
    List<Path> shards = new ArrayList<>();

    @Option(
            names = {"-t", "--targets"},
            required = true,
            paramLabel = "FILE",
            description = "The targets file the shards ran.")
    Path targets;

    @Option(
            names = "--profile",
            paramLabel = "quick|full",
            converter = Main.ProfileConverter.class,
            description = "The profile the shards ran; default: the file's profile, else quick.")
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

    @Option(names = "--strict", description = "Exit 3 on GO WITH CONDITIONS.")
    boolean strict;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress lines on stderr.")
    boolean quiet;

    @Option(
            names = "--summary",
            paramLabel = "text|json",
            description = "What to print on stdout at the end: text or json.")
    SummaryFormat summary = SummaryFormat.TEXT;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RunOptions.Builder b = RunOptions.builder(targets).strict(strict);
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
        }
        RunResult result = Gonogo.merge(b.build(), shards);
        PrintWriter w = spec.commandLine().getOut();
        w.print(summary.of(result));
        w.flush();
        return result.exitCode();
    }
}
