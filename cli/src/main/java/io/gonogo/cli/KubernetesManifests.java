package io.gonogo.cli;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.gonogo.core.InvalidInputException;
import io.gonogo.runners.spi.RunShard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The Kubernetes objects of one sharded run, built from fabric8's model and written as one
 * multi-document YAML: the reports' PersistentVolumeClaim, the coordinator's headless Service, the
 * coordinator Job and the shards' Indexed Job.
 *
 * <p>The image's entrypoint is taken to be {@code java -jar /gonogo.jar}: the gonogo containers set
 * only {@code args}. The shards' init container sets {@code command} to bash, which waits until the
 * coordinator accepts connections, since a shard that finds no coordinator at its first
 * registration records the scenario NOT EXECUTED.
 */
final class KubernetesManifests {

    /** Where the targets ConfigMap is mounted in every pod. */
    static final String CONFIG_DIR = "/config";

    /**
     * The key the targets file must have in the ConfigMap, and its name under {@link #CONFIG_DIR}.
     */
    static final String TARGETS_KEY = "targets.yaml";

    /** Where the coordinator writes the merged reports: the PersistentVolumeClaim. */
    static final String REPORTS_DIR = "/reports";

    /** A shard's scratch folder (an emptyDir) and its output folder in it. */
    static final String WORK_DIR = "/work";

    static final String SHARD_OUT = WORK_DIR + "/shard";

    /** How long a shard's init container waits for the coordinator before the pod fails. */
    static final int COORDINATOR_WAIT_SECONDS = 300;

    static final String LABEL_NAME = "app.kubernetes.io/name";
    static final String LABEL_COMPONENT = "app.kubernetes.io/component";
    static final String LABEL_RUN_ID = "gonogo.io/run-id";

    /** A Service's name is an RFC 1035 label: a letter, then letters, digits and dashes. */
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private static final Pattern LABEL_VALUE =
            Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    /** The longest suffix gonogo adds to the name: {@code -coordinator}. */
    private static final String LONGEST_SUFFIX = "-coordinator";

    /** The longest name: its longest derived name is still a 63-character label. */
    static final int MAX_NAME = 63 - LONGEST_SUFFIX.length();

    /**
     * What the manifests are made of, as the options give it.
     *
     * @param name the prefix of every object's name, such as {@code gonogo}
     * @param namespace the namespace of every object
     * @param shards how many shards: parallelism and completions of the Indexed Job
     * @param image the gonogo image, its entrypoint {@code java -jar /gonogo.jar}
     * @param targets the ConfigMap that holds the targets file under {@code targets.yaml}
     * @param port the coordinator's port
     * @param runId the run id every shard carries; a label value too
     * @param shardCpu each shard's CPU, request and limit
     * @param shardMemory each shard's memory, request and limit
     * @param coordinatorCpu the coordinator's CPU, request and limit
     * @param coordinatorMemory the coordinator's memory, request and limit
     * @param reportsSize the size the reports' PersistentVolumeClaim requests
     * @param deadlineSeconds how long each Job may run before Kubernetes stops it ({@code
     *     activeDeadlineSeconds}): a coordinator whose shards never start ends then
     */
    record Settings(
            String name,
            String namespace,
            int shards,
            String image,
            String targets,
            int port,
            String runId,
            String shardCpu,
            String shardMemory,
            String coordinatorCpu,
            String coordinatorMemory,
            String reportsSize,
            long deadlineSeconds) {

        /**
         * Checks every setting, the first wrong one thrown.
         *
         * @throws InvalidInputException naming the option, what it was and what was expected
         */
        void validate() {
            if (shards < 1 || shards > RunShard.MAX_SHARDS) {
                throw InvalidInputException.of(
                        "--shards " + shards,
                        "the shard count must be within 1.." + RunShard.MAX_SHARDS);
            }
            if (name.length() > MAX_NAME || !DNS_1035_LABEL.matcher(name).matches()) {
                throw InvalidInputException.of(
                        "--name " + name,
                        "not a name for Kubernetes objects; expected a DNS-1123 label that starts"
                                + " with a letter (lower-case letters, digits and '-', ending in a"
                                + " letter or digit), at most "
                                + MAX_NAME
                                + " characters so that "
                                + "NAME"
                                + LONGEST_SUFFIX
                                + " is a Service name, such as gonogo");
            }
            if (namespace.length() > 63 || !DNS_1123_LABEL.matcher(namespace).matches()) {
                throw InvalidInputException.of(
                        "--namespace " + namespace,
                        "not a namespace; expected a DNS-1123 label (lower-case letters, digits"
                                + " and '-', at most 63 characters), such as default");
            }
            if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
                throw InvalidInputException.of(
                        "--image '" + image + "'",
                        "expected the gonogo image, without spaces, such as"
                                + " registry.example.com/gonogo:0.1.0");
            }
            if (targets.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(targets).matches()) {
                throw InvalidInputException.of(
                        "--targets " + targets,
                        "not a ConfigMap name; expected the name of the ConfigMap that holds the"
                                + " targets file under the key "
                                + TARGETS_KEY
                                + " (a DNS-1123 subdomain), such as gonogo-targets");
            }
            if (port < 1 || port > 65_535) {
                throw InvalidInputException.of(
                        "--port " + port, "expected the coordinator's port, within 1..65535");
            }
            if (runId.length() > 63 || !LABEL_VALUE.matcher(runId).matches()) {
                throw InvalidInputException.of(
                        "--run-id " + runId,
                        "not a run id for a label; expected at most 63 letters, digits, '-', '_'"
                                + " and '.', beginning and ending with a letter or digit, such as"
                                + " release-2-3");
            }
            quantity("--cpu", shardCpu, "2 or 1500m");
            quantity("--memory", shardMemory, "2Gi or 1500Mi");
            quantity("--coordinator-cpu", coordinatorCpu, "1 or 500m");
            quantity("--coordinator-memory", coordinatorMemory, "1Gi or 512Mi");
            quantity("--reports-size", reportsSize, "1Gi");
            if (deadlineSeconds < 1) {
                throw InvalidInputException.of(
                        "--deadline " + deadlineSeconds + "s",
                        "expected how long the run may take at most, above 0, such as 2h");
            }
        }

        private static void quantity(String option, String value, String example) {
            boolean positive;
            try {
                positive = Quantity.getAmountInBytes(new Quantity(value)).signum() > 0;
            } catch (IllegalArgumentException | ArithmeticException e) {
                positive = false;
            }
            if (!positive || value.chars().anyMatch(Character::isWhitespace)) {
                throw InvalidInputException.of(
                        option + " " + value,
                        "not a Kubernetes quantity; expected a positive amount such as " + example);
            }
        }

        String coordinatorName() {
            return name + "-coordinator";
        }

        String shardsName() {
            return name + "-shards";
        }

        String reportsName() {
            return name + "-reports";
        }

        /** The coordinator's URL through its headless Service, as the shards are given it. */
        String coordinatorUrl() {
            return "http://" + coordinatorHost() + ":" + port;
        }

        String coordinatorHost() {
            return coordinatorName() + "." + namespace + ".svc.cluster.local";
        }
    }

    private final Settings settings;

    KubernetesManifests(Settings settings) {
        settings.validate();
        this.settings = settings;
    }

    /**
     * The objects in the order they are applied: the claim, the Service, the coordinator Job, the
     * shards' Job.
     */
    List<HasMetadata> objects() {
        return List.of(reports(), coordinatorService(), coordinatorJob(), shardsJob());
    }

    /** The objects as one multi-document YAML, each document after a {@code ---} line. */
    String yaml() {
        YAMLMapper mapper =
                YAMLMapper.builder()
                        .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
                        // args are strings: "4" unquoted would be a number kubectl refuses
                        .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                        .disable(YAMLWriteFeature.SPLIT_LINES)
                        .build();
        StringBuilder out = new StringBuilder();
        out.append("# gonogo: a sharded run on Kubernetes, rendered by gonogo k8s manifests.\n");
        out.append("# The image's entrypoint must be java -jar /gonogo.jar; the targets file is\n");
        out.append("# the key ")
                .append(TARGETS_KEY)
                .append(" of the ConfigMap ")
                .append(settings.targets())
                .append(".\n");
        for (HasMetadata object : objects()) {
            out.append(mapper.writeValueAsString(object));
        }
        return out.toString();
    }

    private Map<String, String> labels(String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_NAME, "gonogo");
        labels.put(LABEL_COMPONENT, component);
        labels.put(LABEL_RUN_ID, settings.runId());
        return labels;
    }

    private ObjectMeta meta(String name, String component) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(settings.namespace())
                .withLabels(labels(component))
                .build();
    }

    private PersistentVolumeClaim reports() {
        return new PersistentVolumeClaimBuilder()
                .withMetadata(meta(settings.reportsName(), "reports"))
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity(settings.reportsSize()))
                .endResources()
                .endSpec()
                .build();
    }

    private Service coordinatorService() {
        return new ServiceBuilder()
                .withMetadata(meta(settings.coordinatorName(), "coordinator"))
                .withNewSpec()
                .withClusterIP("None")
                .withSelector(labels("coordinator"))
                .addNewPort()
                .withName("coordinator")
                .withProtocol("TCP")
                .withPort(settings.port())
                .withTargetPort(new IntOrString("coordinator"))
                .endPort()
                .endSpec()
                .build();
    }

    private Job coordinatorJob() {
        List<String> args =
                List.of(
                        "coordinate",
                        "--shards",
                        Integer.toString(settings.shards()),
                        "--host",
                        "0.0.0.0",
                        "--port",
                        Integer.toString(settings.port()),
                        "--run-id",
                        settings.runId(),
                        "--targets",
                        CONFIG_DIR + "/" + TARGETS_KEY,
                        "--out",
                        REPORTS_DIR);
        Container coordinator =
                new ContainerBuilder()
                        .withName("coordinator")
                        .withImage(settings.image())
                        .withArgs(args)
                        .addNewPort()
                        .withName("coordinator")
                        .withContainerPort(settings.port())
                        .withProtocol("TCP")
                        .endPort()
                        .withNewReadinessProbe()
                        .withNewTcpSocket()
                        .withPort(new IntOrString("coordinator"))
                        .endTcpSocket()
                        .withPeriodSeconds(2)
                        .endReadinessProbe()
                        .withResources(
                                resources(settings.coordinatorCpu(), settings.coordinatorMemory()))
                        .withVolumeMounts(
                                mount("targets", CONFIG_DIR, true),
                                mount("reports", REPORTS_DIR, false))
                        .build();
        return new JobBuilder()
                .withMetadata(meta(settings.coordinatorName(), "coordinator"))
                .withNewSpec()
                .withCompletions(1)
                .withParallelism(1)
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(settings.deadlineSeconds())
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels("coordinator"))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withContainers(coordinator)
                .withVolumes(
                        targetsVolume(),
                        new VolumeBuilder()
                                .withName("reports")
                                .withNewPersistentVolumeClaim()
                                .withClaimName(settings.reportsName())
                                .endPersistentVolumeClaim()
                                .build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private Job shardsJob() {
        List<String> args =
                List.of(
                        "run",
                        "--targets",
                        CONFIG_DIR + "/" + TARGETS_KEY,
                        "--shards",
                        Integer.toString(settings.shards()),
                        "--run-id",
                        settings.runId(),
                        "--coordinator",
                        settings.coordinatorUrl(),
                        "--out",
                        SHARD_OUT);
        Container wait =
                new ContainerBuilder()
                        .withName("wait-for-coordinator")
                        .withImage(settings.image())
                        .withCommand("bash", "-c")
                        .withArgs(
                                "for i in $(seq "
                                        + COORDINATOR_WAIT_SECONDS
                                        + "); do (exec 3<>/dev/tcp/"
                                        + settings.coordinatorHost()
                                        + "/"
                                        + settings.port()
                                        + ") 2>/dev/null && exit 0; sleep 1; done; echo"
                                        + " 'no coordinator at "
                                        + settings.coordinatorUrl()
                                        + " after "
                                        + COORDINATOR_WAIT_SECONDS
                                        + " s' >&2; exit 1")
                        .withResources(resources("100m", "64Mi"))
                        .build();
        Container shard =
                new ContainerBuilder()
                        .withName("shard")
                        .withImage(settings.image())
                        .withArgs(args)
                        .withResources(resources(settings.shardCpu(), settings.shardMemory()))
                        .withVolumeMounts(
                                mount("targets", CONFIG_DIR, true), mount("work", WORK_DIR, false))
                        .build();
        return new JobBuilder()
                .withMetadata(meta(settings.shardsName(), "shard"))
                .withNewSpec()
                .withCompletionMode("Indexed")
                .withCompletions(settings.shards())
                .withParallelism(settings.shards())
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(settings.deadlineSeconds())
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels("shard"))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withNewAffinity()
                .withNewPodAntiAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100)
                .withNewPodAffinityTerm()
                .withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector()
                .withMatchLabels(labels("shard"))
                .endLabelSelector()
                .endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity()
                .endAffinity()
                .withInitContainers(wait)
                .withContainers(shard)
                .withVolumes(
                        targetsVolume(),
                        new VolumeBuilder()
                                .withName("work")
                                .withNewEmptyDir()
                                .endEmptyDir()
                                .build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private Volume targetsVolume() {
        return new VolumeBuilder()
                .withName("targets")
                .withNewConfigMap()
                .withName(settings.targets())
                .addNewItem()
                .withKey(TARGETS_KEY)
                .withPath(TARGETS_KEY)
                .endItem()
                .endConfigMap()
                .build();
    }

    private static VolumeMount mount(String volume, String path, boolean readOnly) {
        VolumeMountBuilder b = new VolumeMountBuilder().withName(volume).withMountPath(path);
        if (readOnly) {
            b.withReadOnly(true);
        }
        return b.build();
    }

    /** Requests equal to limits: the pod is Guaranteed and not evicted before others. */
    private static ResourceRequirements resources(String cpu, String memory) {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        amounts.put("cpu", new Quantity(cpu));
        amounts.put("memory", new Quantity(memory));
        return new ResourceRequirementsBuilder()
                .withRequests(new LinkedHashMap<>(amounts))
                .withLimits(new LinkedHashMap<>(amounts))
                .build();
    }

    /** The names of the objects, for the line printed after writing them to a file. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (HasMetadata o : objects()) {
            names.add(o.getKind() + "/" + o.getMetadata().getName());
        }
        return names;
    }
}
