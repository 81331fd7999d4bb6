package io.gonogo.cli;

import io.gonogo.CheckReport;
import io.gonogo.Gonogo;
import io.gonogo.RunOptions;
import io.gonogo.RunResult;
import io.gonogo.core.ExitCode;
import io.gonogo.core.GonogoException;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code gonogo} command line: a thin shell over {@link Gonogo}. Only {@link #main} exits the
 * process.
 */
@Command(
        name = "gonogo",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        subcommands = {
            Main.Run.class,
            Main.Check.class,
            EvaluateCommand.class,
            InitCommand.class,
            MergeCommand.class,
            CoordinateCommand.class,
            K8sCommand.class,
            LoadCommand.class,
            Main.Render.class,
            Main.Completion.class
        },
        description = {
            "Runs the suites a targets file declares, decides GO, GO WITH CONDITIONS or NO-GO,"
                    + " and writes the go/no-go document.",
            "",
            "Exit codes: 0 GO or GO WITH CONDITIONS (3 with --strict), 1 NO-GO, 2 invalid input,"
                    + " 4 no decision could be made."
        })
public final class Main implements Callable<Integer> {

    @Mixin private RunArgs args;

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its code.
     *
     * @param argv the arguments, such as {@code --targets targets.yaml --strict}
     */
    public static void main(String[] argv) {
        System.exit(
                execute(
                        argv,
                        new PrintWriter(System.out, true),
                        new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line with {@code out} and {@code err}, returning the exit code.
     *
     * @param argv the arguments, as {@link #main} takes them
     * @param out where the command's output goes (the summary, help, version)
     * @param err where progress and error messages go
     * @return 0 GO or GO WITH CONDITIONS (3 with {@code --strict}), 1 NO-GO, 2 invalid input, 4 no
     *     decision could be made
     */
    public static int execute(String[] argv, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    if (e instanceof GonogoException g) {
                        commandLine.getErr().println("gonogo: " + g.getMessage());
                        return g.exitCode();
                    }
                    commandLine.getErr().println("gonogo: no decision could be made: " + e);
                    e.printStackTrace(commandLine.getErr());
                    return ExitCode.NO_DECISION;
                });
        cl.setParameterExceptionHandler(
                (e, a) -> {
                    CommandLine c = e.getCommandLine();
                    c.getErr().println("gonogo: " + e.getMessage());
                    c.getErr()
                            .println(
                                    "Try '"
                                            + c.getCommandSpec().qualifiedName()
                                            + " --help' for the options.");
                    return ExitCode.INVALID_INPUT;
                });
        return cl.execute(argv);
    }

    @Override
    public Integer call() {
        if (args.targets == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "missing --targets FILE: the targets file to run (e.g."
                            + " examples/governance/targets.yaml)");
        }
        return args.run(spec.commandLine().getOut());
    }

    /**
     * The options that change what the targets file says or which part of its plan runs, shared by
     * {@code gonogo}, {@code gonogo run} and {@code gonogo check}.
     */
    static final class ValueArgs {
        @Option(
                names = "--sut-url",
                paramLabel = "URL",
                description =
                        "Runs the suites against the service at URL, as if the file said sut:"
                                + " {url: URL}.")
        String sutUrl;

        @Option(
                names = "--set",
                paramLabel = "PATH=VALUE",
                description =
                        "Overrides one value of the targets file before it is validated, such as"
                                + " suites.load.scenarios[0].duration=30s or"
                                + " suites.load.scenarios[health-1k].rate=500; repeatable.")
        List<String> set = new java.util.ArrayList<>();

        @Option(
                names = "--select",
                paramLabel = "SUITE[/SCENARIO]",
                description =
                        "Runs only this suite or scenario; repeatable. The others are NOT SELECTED"
                                + " and their targets NOT MEASURED, so the decision is never"
                                + " better than a whole run's.")
        List<String> select = new java.util.ArrayList<>();

        void apply(RunOptions.Builder b) {
            if (sutUrl != null) {
                b.sutUrl(sutUrl);
            }
            set.forEach(b::set);
            select.forEach(b::select);
        }
    }

    /** Options of the main job, shared by {@code gonogo} and {@code gonogo run}. */
    static final class RunArgs {
        @Mixin ValueArgs values = new ValueArgs();

        @Option(
                names = {"-t", "--targets"},
                paramLabel = "FILE",
                description = "The targets file.")
        Path targets;

        @Option(
                names = "--profile",
                paramLabel = "quick|full",
                converter = ProfileConverter.class,
                description =
                        "quick (CI) or full (release); default: the file's profile, else quick.")
        Profile profile;

        @Option(
                names = {"-o", "--out"},
                paramLabel = "DIR",
                description = "Output folder; default: the file's" + " reports.out, else reports/.")
        Path out;

        @Option(
                names = "--as-of",
                paramLabel = "INSTANT",
                converter = InstantConverter.class,
                description =
                        "Reference instant for due dates, ISO-8601 (e.g. 2026-11-23T10:00:00Z);"
                                + " default now.")
        Instant asOf;

        @Option(names = "--strict", description = "Exit 3 on GO WITH CONDITIONS.")
        boolean strict;

        @Option(
                names = "--baseline",
                paramLabel = "FILE",
                description =
                        "An earlier decision.json or evidence.json to compare with (relative"
                                + " criteria, regressions, what changed); overrides the file's"
                                + " baseline:.")
        Path baseline;

        @Option(
                names = {"-q", "--quiet"},
                description = "No progress lines on stderr.")
        boolean quiet;

        @Option(
                names = "--summary",
                paramLabel = "text|json",
                description =
                        "What to print on stdout at the end: text (the default, for a person) or"
                                + " json (decision, exit code, counts and the targets not met, for"
                                + " scripts).")
        SummaryFormat summary = SummaryFormat.TEXT;

        @Option(
                names = "--classpath",
                paramLabel = "PATHS",
                description =
                        "The team's own JMH benchmarks: jars and folders separated by the path"
                                + " separator; sets the classpath of every benchmark scenario"
                                + " naming its own benchmarks.")
        String classpath;

        @Option(
                names = "--shard",
                paramLabel = "I/N",
                description =
                        "Runs shard I (from 0) of N: each HTTP load scenario's share of the load"
                                + " (closed: connections and requests in integer shares; open:"
                                + " arrivals I, I+N, ... of the one schedule), the other scenarios"
                                + " on shard 0 only; writes shard evidence for gonogo merge and"
                                + " decides nothing. Needs --run-id.")
        String shard;

        @Option(
                names = "--shards",
                paramLabel = "N",
                description =
                        "As --shard I/N with I from the environment's JOB_COMPLETION_INDEX (a"
                                + " Kubernetes Indexed Job).")
        Integer shards;

        @Option(
                names = "--run-id",
                paramLabel = "ID",
                description =
                        "The run id every shard of a sharded run shares; default: the"
                                + " environment's GONOGO_RUN_ID.")
        String runId;

        @Option(
                names = "--coordinator",
                paramLabel = "URL",
                description =
                        "With --shard: registers with the coordinator at URL (gonogo coordinate)"
                                + " before each HTTP load scenario and starts it with the other"
                                + " shards at the instant it gives; the start offset is kept in"
                                + " shard.json.")
        String coordinator;

        @Option(
                names = "--barrier-timeout",
                paramLabel = "DURATION",
                description =
                        "How long a shard waits at the coordinator for the others, such as 60s"
                                + " (the default); a scenario whose shards never all register is"
                                + " NOT EXECUTED.")
        String barrierTimeout;

        @Option(
                names = "--local-shards",
                paramLabel = "N",
                description =
                        "Runs the plan as N shard processes on this machine with a coordinator,"
                                + " started together, and merges them into the output folder"
                                + " (the shards in its shards/ folder). The service must be one"
                                + " they share: --sut-url URL or sut: {url: ...}.")
        Integer localShards;

        java.util.Optional<io.gonogo.runners.spi.RunShard> shard(
                java.util.Map<String, String> env) {
            return shardOf(shard, shards, env);
        }

        int run(PrintWriter out) {
            RunOptions.Builder b = RunOptions.builder(targets).strict(strict);
            values.apply(b);
            if (classpath != null) {
                b.benchmarkClasspath(classpath);
            }
            if (profile != null) {
                b.profile(profile);
            }
            if (this.out != null) {
                b.out(this.out);
            }
            if (asOf != null) {
                b.asOf(asOf);
            }
            if (baseline != null) {
                b.baseline(baseline);
            }
            if (quiet) {
                b.quiet();
            }
            if (barrierTimeout != null) {
                try {
                    b.barrierTimeout(LoadCommand.duration("--barrier-timeout", barrierTimeout));
                } catch (LoadCommand.BadArgument e) {
                    throw io.gonogo.core.InvalidInputException.of(
                            "--barrier-timeout " + barrierTimeout, e.getMessage());
                }
            }
            java.util.Optional<io.gonogo.runners.spi.RunShard> sharded = shard(System.getenv());
            if (localShards != null) {
                if (sharded.isPresent() || coordinator != null) {
                    throw io.gonogo.core.InvalidInputException.of(
                            "--local-shards " + localShards,
                            "it starts the shards and their coordinator itself; give it without"
                                    + " --shard, --shards and --coordinator");
                }
                RunResult result = Gonogo.runLocalShards(b.build(), localShards);
                out.print(summary.of(result));
                out.flush();
                return result.exitCode();
            }
            if (coordinator != null) {
                if (sharded.isEmpty()) {
                    throw io.gonogo.core.InvalidInputException.of(
                            "--coordinator " + coordinator,
                            "a coordinator starts the shards of a sharded run together; give it"
                                    + " with --shard I/N or --shards N");
                }
                try {
                    b.coordinator(java.net.URI.create(coordinator));
                } catch (IllegalArgumentException e) {
                    throw io.gonogo.core.InvalidInputException.of(
                            "--coordinator " + coordinator,
                            "not a URL; expected http://HOST:PORT, as gonogo coordinate prints"
                                    + " it");
                }
            }
            if (sharded.isPresent()) {
                String id = runId != null ? runId : System.getenv("GONOGO_RUN_ID");
                if (id == null || id.isBlank()) {
                    throw io.gonogo.core.InvalidInputException.of(
                            "--shard " + sharded.get(),
                            "a shard run needs the run id every shard of the run shares: give"
                                    + " --run-id ID or set GONOGO_RUN_ID");
                }
                b.shard(sharded.get(), id);
                io.gonogo.ShardResult r = Gonogo.runShard(b.build());
                out.println(
                        "shard "
                                + sharded.get()
                                + " of run "
                                + id
                                + ": "
                                + r.evidence().measurements().size()
                                + " measurements in "
                                + r.files().get(0).getParent()
                                + (coordinator == null
                                        ? "; merge the shards with gonogo merge"
                                        : ""));
                out.flush();
                // a shard whose coordinator collects hands it its folder; a failed hand-over is
                // an error (exit 4), its folder still whole for gonogo merge
                Gonogo.reportShard(b.build(), r);
                return 0;
            }
            RunResult result = Gonogo.run(b.build());
            out.print(summary.of(result));
            out.flush();
            return result.exitCode();
        }
    }

    /**
     * The shard to run from {@code --shard I/N}, or from {@code --shards N} and {@code env}'s
     * {@code JOB_COMPLETION_INDEX}; empty for a whole run.
     */
    static java.util.Optional<io.gonogo.runners.spi.RunShard> shardOf(
            String shard, Integer shards, java.util.Map<String, String> env) {
        try {
            if (shard != null) {
                if (shards != null) {
                    throw io.gonogo.core.InvalidInputException.of(
                            "--shards " + shards,
                            "give either --shard I/N or --shards N, not both");
                }
                return java.util.Optional.of(io.gonogo.runners.spi.RunShard.parse(shard));
            }
            if (shards == null) {
                return java.util.Optional.empty();
            }
            String index = env.get("JOB_COMPLETION_INDEX");
            if (index == null) {
                throw io.gonogo.core.InvalidInputException.of(
                        "--shards " + shards,
                        "JOB_COMPLETION_INDEX is not set; expected the environment of a Kubernetes"
                                + " Indexed Job, or give --shard I/N");
            }
            return java.util.Optional.of(
                    io.gonogo.runners.spi.RunShard.parse(index.trim() + "/" + shards));
        } catch (IllegalArgumentException e) {
            throw io.gonogo.core.InvalidInputException.of(
                    shard != null ? "--shard " + shard : "--shards " + shards, e.getMessage(), e);
        }
    }

    /** {@code gonogo run}: the main job, named. */
    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description =
                    "Runs the suites, decides and writes the documents (the default command).")
    static final class Run implements Callable<Integer> {
        @Mixin RunArgs args;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (args.targets == null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "missing --targets FILE");
            }
            return args.run(spec.commandLine().getOut());
        }
    }

    /** {@code gonogo check}: validates a targets file and explains its plan; runs nothing. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Validates the targets file and lists what a run would do; runs nothing.")
    static final class Check implements Callable<Integer> {
        @Option(
                names = {"-t", "--targets"},
                required = true,
                paramLabel = "FILE",
                description = "The targets file.")
        Path targets;

        @Option(
                names = "--profile",
                paramLabel = "quick|full",
                converter = ProfileConverter.class,
                description = "quick or full.")
        Profile profile;

        @Mixin ValueArgs values = new ValueArgs();

        @Option(
                names = "--classpath",
                paramLabel = "PATHS",
                description =
                        "The team's own JMH benchmarks: jars and folders separated by the path"
                                + " separator, checked for their benchmark list.")
        String classpath;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RunOptions.Builder b = RunOptions.builder(targets);
            if (profile != null) {
                b.profile(profile);
            }
            values.apply(b);
            if (classpath != null) {
                b.benchmarkClasspath(classpath);
            }
            CheckReport report = Gonogo.check(b.build());
            PrintWriter out = spec.commandLine().getOut();
            out.println(
                    targets
                            + ": valid in both profiles; "
                            + report.scenarios().size()
                            + " scenario(s)"
                            + (report.notSelected().isEmpty()
                                    ? ""
                                    : " (" + report.notSelected().size() + " not selected)")
                            + " in the "
                            + report.profile().id()
                            + " profile, "
                            + report.targets().size()
                            + " target(s)");
            out.println("scenarios:");
            for (PlannedScenario s : report.scenarios()) {
                out.println(
                        "  "
                                + s.qualifiedId()
                                + (s.optional() ? " (optional)" : "")
                                + (report.notSelected().contains(s) ? " (not selected)" : "")
                                + " "
                                + s.labels());
            }
            out.println("targets:");
            for (CheckReport.TargetPlan t : report.targets()) {
                boolean unselected =
                        !t.producers().isEmpty() && report.notSelected().containsAll(t.producers());
                out.println(
                        "  "
                                + t.target().id()
                                + ": "
                                + t.explanation()
                                + (unselected
                                        ? "; NOT MEASURED in this run: its scenarios are not"
                                                + " selected"
                                        : ""));
            }
            out.flush();
            return ExitCode.GO;
        }
    }

    /**
     * {@code gonogo render}: re-renders a stored decision.json + evidence.json; decides nothing.
     */
    @Command(
            name = "render",
            mixinStandardHelpOptions = true,
            description =
                    "Re-renders decision.json and evidence.json of an earlier run without"
                            + " re-evaluating.")
    static final class Render implements Callable<Integer> {
        @Option(
                names = "--from",
                required = true,
                paramLabel = "DIR",
                description = "Folder with decision.json and evidence.json.")
        Path from;

        @Option(
                names = {"-o", "--out"},
                paramLabel = "DIR",
                description = "Output folder; default: the --from folder.")
        Path out;

        @Option(
                names = "--templates",
                paramLabel = "DIR",
                description = "Folder of template overrides.")
        Path templates;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            io.gonogo.render.Renderer.Builder b = io.gonogo.render.Renderer.builder();
            if (templates != null) {
                b.templatesDir(templates);
            }
            Path to = out == null ? from : out;
            List<Path> files = b.build().renderFrom(from, to);
            PrintWriter w = spec.commandLine().getOut();
            Path attachments = to.resolve("evidence");
            files.stream()
                    .filter(f -> !f.startsWith(attachments))
                    .forEach(f -> w.println("wrote " + f));
            long copied = files.stream().filter(f -> f.startsWith(attachments)).count();
            if (copied > 0) {
                w.println("copied " + copied + " attachment(s) of the run to " + attachments);
            }
            w.flush();
            return ExitCode.GO;
        }
    }

    /** {@code gonogo completion bash}: prints the shell completion script. */
    @Command(
            name = "completion",
            mixinStandardHelpOptions = true,
            description = {
                "Prints a completion script for bash (and zsh, through bashcompinit) of every"
                        + " command and option. Load it in the current shell with",
                "  source <(gonogo completion bash)",
                "or save it to a file that the shell reads at start, such as"
                        + " /etc/bash_completion.d/gonogo."
            })
    static final class Completion implements Callable<Integer> {
        /** The shells the script is for. */
        enum Shell {
            /** bash 4 and later. */
            BASH,
            /** zsh, which runs the bash script through {@code bashcompinit}. */
            ZSH
        }

        @CommandLine.Parameters(
                paramLabel = "bash|zsh",
                description = "The shell: bash, or zsh (the same script, through bashcompinit).")
        Shell shell;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(picocli.AutoComplete.bash("gonogo", spec.root().commandLine()));
            out.flush();
            return ExitCode.GO;
        }
    }

    static final class ProfileConverter implements CommandLine.ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            return Profile.fromId(value.toLowerCase(Locale.ROOT))
                    .orElseThrow(
                            () ->
                                    new CommandLine.TypeConversionException(
                                            "'"
                                                    + value
                                                    + "' is not a profile; expected quick or"
                                                    + " full"));
        }
    }

    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'"
                                + value
                                + "' is not an ISO-8601 instant; expected such as"
                                + " 2026-11-23T10:00:00Z");
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gonogo " + Gonogo.version()};
        }
    }
}
