package io.gonogo.cli;

import io.gonogo.Coordinator;
import io.gonogo.core.InvalidInputException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gonogo coordinate}: runs a {@link Coordinator}, the start barrier of a sharded run, until
 * the process is stopped.
 */
@Command(
        name = "coordinate",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the shards of one sharded run together: each shard (gonogo run --shard I/N"
                    + " --coordinator URL) registers over HTTP before each HTTP load scenario,"
                    + " and once all N have, every shard is given one start instant. A scenario"
                    + " whose shards do not all register within the barrier timeout is NOT"
                    + " EXECUTED on the shards that waited. Runs until stopped.",
            "",
            "Exit codes: 2 invalid input or a port that cannot be bound."
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
        new CountDownLatch(1).await();
        return 0;
    }
}
