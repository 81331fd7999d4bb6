package io.gonogo.cli;

import io.gonogo.core.ExitCode;
import io.gonogo.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gonogo k8s}: what a sharded run needs on Kubernetes. */
@Command(
        name = "k8s",
        mixinStandardHelpOptions = true,
        subcommands = {K8sCommand.Manifests.class},
        description = {
            "Kubernetes: gonogo k8s manifests renders the objects of a sharded run (a coordinator"
                    + " and an Indexed Job of shards)."
        })
final class K8sCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing a subcommand; expected gonogo k8s manifests");
    }

    /** {@code gonogo k8s manifests}: the YAML of a sharded run, for {@code kubectl apply -f}. */
    @Command(
            name = "manifests",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Writes the Kubernetes objects of one sharded run as one YAML for kubectl apply:"
                        + " a PersistentVolumeClaim NAME-reports for the reports; a headless"
                        + " Service and a Job NAME-coordinator running gonogo coordinate, which"
                        + " starts the shards together, collects their folders, merges them and"
                        + " writes the reports to the claim, exiting with the decision's exit"
                        + " code; and an Indexed Job NAME-shards of N pods running gonogo run"
                        + " --shards N. The targets file is the key targets.yaml of the ConfigMap"
                        + " --targets. The image's entrypoint must be java -jar /gonogo.jar. The"
                        + " service under test must be reached by URL.",
                "",
                "Exit codes: 0 written, 2 invalid input."
            })
    static final class Manifests implements Callable<Integer> {

        @Option(
                names = "--shards",
                required = true,
                paramLabel = "N",
                description = "How many shards: the Indexed Job's completions and parallelism.")
        int shards;

        @Option(
                names = "--image",
                required = true,
                paramLabel = "IMAGE",
                description =
                        "The gonogo image, its entrypoint java -jar /gonogo.jar, such as"
                                + " registry.example.com/gonogo:0.1.0.")
        String image;

        @Option(
                names = "--targets",
                required = true,
                paramLabel = "CONFIGMAP",
                description =
                        "The ConfigMap holding the targets file under the key targets.yaml"
                                + " (kubectl create configmap NAME --from-file=targets.yaml=FILE).")
        String targets;

        @Option(
                names = "--namespace",
                paramLabel = "NS",
                description = "The namespace of every object; default: default.")
        String namespace = "default";

        @Option(
                names = "--name",
                paramLabel = "NAME",
                description =
                        "The prefix of the objects' names (NAME-coordinator, NAME-shards,"
                                + " NAME-reports); default: gonogo.")
        String name = "gonogo";

        @Option(
                names = "--port",
                paramLabel = "PORT",
                description = "The coordinator's port; default: 7700.")
        int port = 7700;

        @Option(
                names = "--run-id",
                paramLabel = "ID",
                description =
                        "The run id the shards share, also the label gonogo.io/run-id; default:"
                                + " NAME.")
        String runId;

        @Option(
                names = "--cpu",
                paramLabel = "QUANTITY",
                description = "Each shard's CPU, request and limit (a Guaranteed pod); default: 2.")
        String cpu = "2";

        @Option(
                names = "--memory",
                paramLabel = "QUANTITY",
                description = "Each shard's memory, request and limit; default: 2Gi.")
        String memory = "2Gi";

        @Option(
                names = "--coordinator-cpu",
                paramLabel = "QUANTITY",
                description = "The coordinator's CPU, request and limit; default: 1.")
        String coordinatorCpu = "1";

        @Option(
                names = "--coordinator-memory",
                paramLabel = "QUANTITY",
                description =
                        "The coordinator's memory, request and limit (it merges and renders);"
                                + " default: 1Gi.")
        String coordinatorMemory = "1Gi";

        @Option(
                names = "--reports-size",
                paramLabel = "QUANTITY",
                description = "The storage the reports' claim requests; default: 1Gi.")
        String reportsSize = "1Gi";

        @Option(
                names = "--deadline",
                paramLabel = "DURATION",
                description =
                        "How long each Job may run before Kubernetes stops it"
                                + " (activeDeadlineSeconds), such as 90m; default: 2h. A"
                                + " coordinator whose shards never start ends then.")
        String deadline = "2h";

        @Option(
                names = {"-o", "--out"},
                paramLabel = "FILE",
                description = "Writes the YAML to FILE; default: stdout.")
        Path out;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        private long deadlineSeconds() {
            try {
                java.time.Duration d = LoadCommand.duration("--deadline", deadline);
                return Math.max(1, d.toSeconds());
            } catch (LoadCommand.BadArgument e) {
                throw io.gonogo.core.InvalidInputException.of(
                        "--deadline " + deadline, e.getMessage());
            }
        }

        @Override
        public Integer call() {
            KubernetesManifests manifests =
                    new KubernetesManifests(
                            new KubernetesManifests.Settings(
                                    name,
                                    namespace,
                                    shards,
                                    image,
                                    targets,
                                    port,
                                    runId == null ? name : runId,
                                    cpu,
                                    memory,
                                    coordinatorCpu,
                                    coordinatorMemory,
                                    reportsSize,
                                    deadlineSeconds()));
            String yaml = manifests.yaml();
            PrintWriter w = spec.commandLine().getOut();
            if (out == null) {
                w.print(yaml);
                w.flush();
                return ExitCode.GO;
            }
            try {
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(out, yaml, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw InvalidInputException.of(
                        "--out " + out, "cannot be written (" + e + "); expected a writable file");
            }
            w.println("wrote " + out + ": " + String.join(", ", manifests.names()));
            w.flush();
            return ExitCode.GO;
        }
    }
}
