package io.gonogo.cli;

import io.gonogo.Coordinator;
import io.gonogo.RunOptions;
import io.gonogo.RunResult;
import io.gonogo.ShardCollector;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Profile;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gonogo coordinate}: runs a {@link Coordinator}, the start barrier of a sharded run, until
 * the process is stopped; with {@code --targets} and {@code --out} also a {@link ShardCollector},
 * which takes each shard's folder when its run ends, merges them as {@code gonogo merge} does, and
 * ends the process with the decision's exit code.
 */
@Command(
        name = "coordinate",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the shards of one sharded run together: each shard (gonogo run --shard I/N"
                + " --coordinator URL) registers over HTTP before each HTTP load scenario, and once"
                + " all N have, every shard is given one start instant. A scenario whose shards do"
                + " not all register within the barrier timeout is NOT EXECUTED on the shards that"
                + " waited. Runs until stopped, unless it collects.",
            "",
            "With --targets and --out it also ends the run: each shard hands it its folder when its"
                + " run ends; once all N have (or, once one has, no shard spoke for the collect"
                + " timeout), it merges them into --out as gonogo merge does, prints the summary"
                + " and exits with the decision's code. A shard that never reported is named, and"
                + " the scenarios that needed it are NOT EXECUTED.",
            "",
            "Exit codes: 2 invalid input or a port that cannot be bound; when collecting, as"
                    + " gonogo merge: 0 GO or GO WITH CONDITIONS (3 with --strict), 1 NO-GO, 4 no"
                    + " shard reported."
        })
final class CoordinateCommand implements Callable<Integer> {

    @Option(
            names = "--shards",
            required = true,
            paramLabel = "N",
            description = "How many shards register for each scenario.")
    int shards;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "The port to listen on; default 0, a free port, printed.")
    int port;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            description =
                    "The address to listen on; default the loopback address. 0.0.0.0 for shards"
                            + " on other hosts (a Kubernetes Service).")
    String host;

    @Option(
            names = "--barrier-timeout",
            paramLabel = "DURATION",
            description =
                    "How long a scenario's barrier waits, from its first registration, for the"
                            + " last shard; default 60s.")
    String barrierTimeout;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            description = "The run id the shards must carry; default the first registration's.")
    String runId;

    @Option(
            names = {"-t", "--targets"},
            paramLabel = "FILE",
            description =
                    "The targets file the shards run: with --out, collects the shards' folders"
                            + " and merges them.")
    Path targets;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            description =
                    "With --targets: the output folder of the merged reports; the shards' folders"
                            + " are kept in its shards/ folder.")
    Path out;

    @Option(
            names = "--collect-timeout",
            paramLabel = "DURATION",
            description =
                    "With --targets: how long to wait, once a shard has spoken, without a word"
                            + " from any shard before merging the folders received; default 10m."
                            + " Running shards ask every quarter of it, so only shards that died"
                            + " fall silent.")
    String collectTimeout;

    @Option(
            names = "--profile",
            paramLabel = "quick|full",
            converter = Main.ProfileConverter.class,
            description = "With --targets: the profile the shards run; default: the file's.")
    Profile profile;

    @Option(names = "--strict", description = "With --targets: exit 3 on GO WITH CONDITIONS.")
    boolean strict;

    @Option(
            names = "--summary",
            paramLabel = "text|json",
            description = "With --targets: what to print on stdout at the end: text or json.")
    SummaryFormat summary = SummaryFormat.TEXT;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Coordinator.Builder b;
        try {
            b = Coordinator.builder(shards).port(port);
            if (runId != null) {
                b.runId(runId);
            }
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(
                    "--shards " + shards + " --port " + port, e.getMessage());
        }
        if (barrierTimeout != null) {
            try {
                b.barrierTimeout(LoadCommand.duration("--barrier-timeout", barrierTimeout));
            } catch (LoadCommand.BadArgument e) {
                throw InvalidInputException.of(
                        "--barrier-timeout " + barrierTimeout, e.getMessage());
            }
        }
        if (host != null) {
            try {
                b.host(InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                throw InvalidInputException.of(
                        "--host " + host, "not an address of this host; expected such as 0.0.0.0");
            }
        }
        ShardCollector collector = collector();
        if (collector != null) {
            b.collector(collector);
        }
        Coordinator coordinator;
        try {
            coordinator = b.build().start();
        } catch (java.io.UncheckedIOException e) {
            throw InvalidInputException.of(
                    "--port " + port, e.getMessage() + "; give another port, or 0 for a free one");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(coordinator::close));
        PrintWriter out = spec.commandLine().getOut();
        out.println(
                "gonogo coordinator for "
                        + shards
                        + " shards listening on "
                        + coordinator.uri()
                        + " (port "
                        + coordinator.port()
                        + "); give each shard --coordinator URL");
        out.flush();
        if (collector == null) {
            new CountDownLatch(1).await();
            return 0;
        }
        spec.commandLine()
                .getErr()
                .println(
                        "gonogo: collecting the shards' folders into "
                                + collector.out().resolve("shards")
                                + "; merging once all "
                                + shards
                                + " reported, or once one has, after "
                                + collector.collectTimeout().toSeconds()
                                + " s without a word from any shard");
        spec.commandLine().getErr().flush();
        RunResult result;
        try {
            result = collector.await();
        } finally {
            coordinator.close();
        }
        out.print(summary.of(result));
        out.flush();
        return result.exitCode();
    }

    /** The collector of {@code --targets} and {@code --out}, or null without them. */
    private ShardCollector collector() {
        if (targets == null && out == null && collectTimeout == null) {
            return null;
        }
        if (targets == null || out == null) {
            throw InvalidInputException.of(
                    targets == null
                            ? (out != null ? "--out " + out : "--collect-timeout " + collectTimeout)
                            : "--targets " + targets,
                    "collecting the shards' folders needs both --targets FILE (the file the"
                            + " shards run) and --out DIR (where the merged reports go)");
        }
        RunOptions.Builder o = RunOptions.builder(targets).strict(strict).out(out);
        if (profile != null) {
            o.profile(profile);
        }
        ShardCollector.Builder c;
        try {
            c = ShardCollector.builder(o.build(), shards);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("--shards " + shards, e.getMessage());
        }
        if (collectTimeout != null) {
            try {
                c.collectTimeout(LoadCommand.duration("--collect-timeout", collectTimeout));
            } catch (LoadCommand.BadArgument | IllegalArgumentException e) {
                throw InvalidInputException.of(
                        "--collect-timeout " + collectTimeout, e.getMessage());
            }
        }
        return c.build();
    }
}
