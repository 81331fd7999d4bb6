package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code gonogo k8s manifests}: the YAML parses back into fabric8's model with the Jobs, Service
 * and claim a sharded run needs, matches the golden file byte for byte, and wrong input ends with
 * exit code 2 and one line naming the option, before anything is written.
 */
class K8sManifestsTest {

    static final String GOLDEN = "/k8s/manifests-golden.yaml";

    static final String[] ARGS = {
        "k8s",
        "manifests",
        "--shards",
        "4",
        "--image",
        "registry.example.com/gonogo:0.1.0",
        "--targets",
        "checkout-targets",
        "--namespace",
        "loadtest",
        "--name",
        "checkout",
        "--run-id",
        "release-2-3"
    };

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @TempDir Path dir;

    /** The YAML documents of {@code yaml}, split at its {@code ---} lines. */
    static List<String> documents(String yaml) {
        List<String> docs = new ArrayList<>();
        StringBuilder doc = null;
        for (String line : yaml.split("\n", -1)) {
            if (line.equals("---")) {
                if (doc != null) {
                    docs.add(doc.toString());
                }
                doc = new StringBuilder();
            } else if (doc != null) {
                doc.append(line).append('\n');
            }
        }
        if (doc != null) {
            docs.add(doc.toString());
        }
        return docs;
    }

    private static String render(String... args) {
        CliTestSupport.Outcome o = CliTestSupport.run(args);
        assertThat(o.exitCode()).as("exit code; stderr: %s", o.err()).isZero();
        assertThat(o.err()).isEmpty();
        return o.out();
    }

    @Test
    void objectsParseBackIntoTheModel() {
        List<String> docs = documents(render(ARGS));
        assertThat(docs).hasSize(4);

        PersistentVolumeClaim pvc = YAML.readValue(docs.get(0), PersistentVolumeClaim.class);
        assertThat(pvc.getKind()).isEqualTo("PersistentVolumeClaim");
        assertThat(pvc.getMetadata().getName()).isEqualTo("checkout-reports");
        assertThat(pvc.getMetadata().getNamespace()).isEqualTo("loadtest");
        assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(pvc.getSpec().getResources().getRequests())
                .containsEntry("storage", new Quantity("1Gi"));

        Service service = YAML.readValue(docs.get(1), Service.class);
        assertThat(service.getKind()).isEqualTo("Service");
        assertThat(service.getMetadata().getName()).isEqualTo("checkout-coordinator");
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(7700));
        assertThat(service.getSpec().getSelector())
                .isEqualTo(
                        Map.of(
                                "app.kubernetes.io/name", "gonogo",
                                "app.kubernetes.io/component", "coordinator",
                                "gonogo.io/run-id", "release-2-3"));

        Job coordinator = YAML.readValue(docs.get(2), Job.class);
        assertThat(coordinator.getKind()).isEqualTo("Job");
        assertThat(coordinator.getMetadata().getName()).isEqualTo("checkout-coordinator");
        assertThat(coordinator.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/component", "coordinator")
                .containsEntry("gonogo.io/run-id", "release-2-3");
        assertThat(coordinator.getSpec().getBackoffLimit()).isZero();
        assertThat(coordinator.getSpec().getCompletions()).isEqualTo(1);
        assertThat(coordinator.getSpec().getParallelism()).isEqualTo(1);
        assertThat(coordinator.getSpec().getTemplate().getMetadata().getLabels())
                .isEqualTo(service.getSpec().getSelector());
        PodSpec coordinatorPod = coordinator.getSpec().getTemplate().getSpec();
        assertThat(coordinatorPod.getRestartPolicy()).isEqualTo("Never");
        Container c = coordinatorPod.getContainers().get(0);
        assertThat(coordinatorPod.getContainers()).hasSize(1);
        assertThat(c.getImage()).isEqualTo("registry.example.com/gonogo:0.1.0");
        assertThat(c.getCommand()).as("the image's entrypoint runs gonogo").isEmpty();
        assertThat(c.getArgs())
                .containsExactly(
                        "coordinate",
                        "--shards",
                        "4",
                        "--host",
                        "0.0.0.0",
                        "--port",
                        "7700",
                        "--run-id",
                        "release-2-3",
                        "--targets",
                        "/config/targets.yaml",
                        "--out",
                        "/reports");
        assertThat(c.getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(7700));
        assertThat(c.getReadinessProbe().getTcpSocket()).isNotNull();
        assertThat(mounts(c))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("targets", "/config", "reports", "/reports"));
        assertThat(volume(coordinatorPod, "reports").getPersistentVolumeClaim().getClaimName())
                .isEqualTo("checkout-reports");
        assertThat(volume(coordinatorPod, "targets").getConfigMap().getName())
                .isEqualTo("checkout-targets");
        assertThat(volume(coordinatorPod, "targets").getConfigMap().getItems())
                .singleElement()
                .satisfies(i -> assertThat(i.getKey()).isEqualTo("targets.yaml"));
        assertThat(c.getResources().getLimits()).isEqualTo(c.getResources().getRequests());
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");

        Job shards = YAML.readValue(docs.get(3), Job.class);
        assertThat(shards.getMetadata().getName()).isEqualTo("checkout-shards");
        assertThat(shards.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "gonogo")
                .containsEntry("app.kubernetes.io/component", "shard")
                .containsEntry("gonogo.io/run-id", "release-2-3");
        assertThat(shards.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(shards.getSpec().getParallelism()).isEqualTo(4);
        assertThat(shards.getSpec().getCompletions()).isEqualTo(4);
        assertThat(shards.getSpec().getBackoffLimit()).isZero();
        PodSpec shardPod = shards.getSpec().getTemplate().getSpec();
        assertThat(shardPod.getRestartPolicy()).isEqualTo("Never");
        Container s = shardPod.getContainers().get(0);
        assertThat(s.getCommand()).isEmpty();
        assertThat(s.getArgs())
                .containsExactly(
                        "run",
                        "--targets",
                        "/config/targets.yaml",
                        "--shards",
                        "4",
                        "--run-id",
                        "release-2-3",
                        "--coordinator",
                        "http://checkout-coordinator.loadtest.svc.cluster.local:7700",
                        "--out",
                        "/work/shard");
        assertThat(mounts(s))
                .containsExactlyInAnyOrderEntriesOf(Map.of("targets", "/config", "work", "/work"));
        assertThat(volume(shardPod, "work").getEmptyDir()).isNotNull();
        assertThat(volume(shardPod, "targets").getConfigMap().getName())
                .isEqualTo("checkout-targets");
        assertThat(s.getResources().getRequests())
                .containsEntry("cpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("2Gi"));
        assertThat(s.getResources().getLimits()).isEqualTo(s.getResources().getRequests());
        assertThat(shardPod.getInitContainers())
                .singleElement()
                .satisfies(
                        init -> {
                            assertThat(init.getCommand()).containsExactly("bash", "-c");
                            assertThat(String.join(" ", init.getArgs()))
                                    .contains(
                                            "/dev/tcp/checkout-coordinator.loadtest.svc"
                                                    + ".cluster.local/7700");
                        });
    }

    @Test
    void resourcesAndPortFollowTheOptions() {
        List<String> args = new ArrayList<>(List.of(ARGS));
        args.addAll(
                List.of(
                        "--port",
                        "8800",
                        "--cpu",
                        "1500m",
                        "--memory",
                        "3Gi",
                        "--coordinator-cpu",
                        "500m",
                        "--coordinator-memory",
                        "768Mi",
                        "--reports-size",
                        "5Gi"));
        List<String> docs = documents(render(args.toArray(String[]::new)));
        PersistentVolumeClaim pvc = YAML.readValue(docs.get(0), PersistentVolumeClaim.class);
        assertThat(pvc.getSpec().getResources().getRequests())
                .containsEntry("storage", new Quantity("5Gi"));
        Service service = YAML.readValue(docs.get(1), Service.class);
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8800);
        Container c =
                YAML.readValue(docs.get(2), Job.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0);
        assertThat(c.getArgs()).containsSequence("--port", "8800");
        assertThat(c.getResources().getLimits())
                .containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("768Mi"));
        Container s =
                YAML.readValue(docs.get(3), Job.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0);
        assertThat(s.getArgs())
                .contains("http://checkout-coordinator.loadtest.svc.cluster.local:8800");
        assertThat(s.getResources().getLimits())
                .containsEntry("cpu", new Quantity("1500m"))
                .containsEntry("memory", new Quantity("3Gi"));
    }

    @Test
    void defaultsNameTheRunAfterTheObjects() {
        List<String> docs =
                documents(
                        render(
                                "k8s",
                                "manifests",
                                "--shards",
                                "2",
                                "--image",
                                "gonogo:dev",
                                "--targets",
                                "t"));
        Job shards = YAML.readValue(docs.get(3), Job.class);
        assertThat(shards.getMetadata().getName()).isEqualTo("gonogo-shards");
        assertThat(shards.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(shards.getMetadata().getLabels()).containsEntry("gonogo.io/run-id", "gonogo");
        assertThat(shards.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsSequence("--run-id", "gonogo")
                .contains("http://gonogo-coordinator.default.svc.cluster.local:7700");
    }

    @Test
    void matchesTheGoldenFile() throws IOException {
        String expected;
        try (InputStream in = K8sManifestsTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as("golden file %s on the test class path", GOLDEN).isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertSameText(
                render(ARGS), expected, "src/test/resources" + GOLDEN, String.join(" ", ARGS));
    }

    @Test
    void outWritesTheSameYamlToAFile() throws IOException {
        Path file = dir.resolve("sub/manifests.yaml");
        List<String> args = new ArrayList<>(List.of(ARGS));
        args.addAll(List.of("--out", file.toString()));
        CliTestSupport.Outcome o = CliTestSupport.run(args.toArray(String[]::new));
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out())
                .startsWith("wrote " + file)
                .contains(
                        "PersistentVolumeClaim/checkout-reports",
                        "Service/checkout-coordinator",
                        "Job/checkout-coordinator",
                        "Job/checkout-shards");
        assertThat(Files.readString(file)).isEqualTo(render(ARGS));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(
                        List.of("--shards", "0"), "--shards 0: the shard count must be within"),
                Arguments.of(
                        List.of("--shards", "1025"),
                        "--shards 1025: the shard count must be within 1..1024"),
                Arguments.of(
                        List.of("--name", "Checkout"),
                        "--name Checkout: not a name for Kubernetes objects; expected a DNS-1123"
                                + " label"),
                Arguments.of(
                        List.of("--name", "1st"), "--name 1st: not a name for Kubernetes objects"),
                Arguments.of(List.of("--name", "a".repeat(52)), "at most 51 characters"),
                Arguments.of(List.of("--image", ""), "--image '': expected the gonogo image"),
                Arguments.of(List.of("--image", "  "), "--image '  ': expected the gonogo image"),
                Arguments.of(
                        List.of("--namespace", "Load_Test"),
                        "--namespace Load_Test: not a namespace"),
                Arguments.of(
                        List.of("--targets", "Targets.yaml"),
                        "--targets Targets.yaml: not a ConfigMap name"),
                Arguments.of(List.of("--port", "0"), "--port 0: expected the coordinator's port"),
                Arguments.of(
                        List.of("--run-id", "release 2.3"),
                        "--run-id release 2.3: not a run id for a label"),
                Arguments.of(List.of("--cpu", "two"), "--cpu two: not a Kubernetes quantity"),
                Arguments.of(List.of("--memory", "0"), "--memory 0: not a Kubernetes quantity"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void invalidInputExitsTwoAndWritesNothing(List<String> change, String message) {
        Path file = dir.resolve("manifests.yaml");
        List<String> args = with(change.get(0), change.get(1));
        args.addAll(List.of("--out", file.toString()));
        CliTestSupport.Outcome o = CliTestSupport.run(args.toArray(String[]::new));
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err())
                .startsWith("gonogo: ")
                .contains(message)
                .doesNotContain("Exception", "\tat ");
        assertThat(o.err().strip().lines()).hasSize(1);
        assertThat(file).doesNotExist();
    }

    @Test
    void missingRequiredOptionsExitTwo() {
        CliTestSupport.Outcome o = CliTestSupport.run("k8s", "manifests", "--shards", "2");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("Missing required options", "--image", "--targets");
        CliTestSupport.Outcome bare = CliTestSupport.run("k8s");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("gonogo k8s manifests");
    }

    /** {@link #ARGS} with {@code option}'s value replaced, or the option added. */
    private static List<String> with(String option, String value) {
        List<String> args = new ArrayList<>(List.of(ARGS));
        int at = args.indexOf(option);
        if (at < 0) {
            args.addAll(List.of(option, value));
        } else {
            args.set(at + 1, value);
        }
        return args;
    }

    private static Map<String, String> mounts(Container c) {
        return c.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getName, VolumeMount::getMountPath));
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    /**
     * Fails, naming the first line that differs and saving the actual text beside the test's
     * output, unless {@code actual} is {@code expected} byte for byte.
     */
    static void assertSameText(String actual, String expected, String file, String command)
            throws IOException {
        if (actual.equals(expected)) {
            return;
        }
        String[] a = actual.split("\n", -1);
        String[] e = expected.split("\n", -1);
        int line = 0;
        while (line < a.length && line < e.length && a[line].equals(e[line])) {
            line++;
        }
        Path saved = Path.of("target", "k8s-actual", Path.of(file).getFileName().toString());
        Files.createDirectories(saved.getParent());
        Files.writeString(saved, actual);
        throw new AssertionError(
                file
                        + " differs from what gonogo "
                        + command
                        + " renders, first at line "
                        + (line + 1)
                        + ":\n  expected: "
                        + (line < e.length ? e[line] : "(end of file)")
                        + "\n  actual:   "
                        + (line < a.length ? a[line] : "(end of output)")
                        + "\nThe rendered text is in "
                        + saved.toAbsolutePath()
                        + "; if the change is meant, copy it over "
                        + file
                        + " (diff -u "
                        + Path.of(file).toAbsolutePath().normalize()
                        + " "
                        + saved.toAbsolutePath()
                        + ").");
    }
}
