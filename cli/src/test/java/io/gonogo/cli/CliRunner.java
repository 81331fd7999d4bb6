package io.gonogo.cli;

/** Lets tests outside this package run the command line in-process. */
public final class CliRunner {
    private CliRunner() {}

    /** The exit code and captured output of one command line. */
    public record Outcome(int exitCode, String out, String err) {}

    /** Runs {@code args} in-process. */
    public static Outcome run(String... args) {
        CliTestSupport.Outcome o = CliTestSupport.run(args);
        return new Outcome(o.exitCode(), o.out(), o.err());
    }
}
