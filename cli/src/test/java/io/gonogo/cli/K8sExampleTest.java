package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes example cannot go stale: {@code examples/kubernetes/gonogo-shards.yaml} is what
 * the command its README gives renders, and the targets file in its ConfigMap is valid and is the
 * one the rendered pods mount.
 */
class K8sExampleTest {

    /** The example's folder, from this module's folder (the tests' working directory). */
    static final Path EXAMPLE = Path.of("..", "examples", "kubernetes");

    static final String JAR = "java -jar cli/target/gonogo.jar ";

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** The arguments of the README's {@code gonogo k8s manifests} command, its lines joined. */
    static List<String> readmeCommand() throws IOException {
        List<String> lines = Files.readAllLines(EXAMPLE.resolve("README.md"));
        StringBuilder command = null;
        for (String line : lines) {
            if (command == null && line.startsWith(JAR + "k8s manifests")) {
                command = new StringBuilder();
            }
            if (command != null) {
                String part = line.strip();
                boolean more = part.endsWith("\\");
                command.append(more ? part.substring(0, part.length() - 1) : part).append(' ');
                if (!more) {
                    break;
                }
            }
        }
        assertThat(command)
                .as("a line of the README beginning with '%sk8s manifests'", JAR)
                .isNotNull();
        List<String> args =
                new ArrayList<>(
                        Arrays.asList(
                                command.toString().substring(JAR.length()).strip().split("\\s+")));
        return args;
    }

    @Test
    void theRenderedExampleIsWhatTheReadmesCommandRenders() throws IOException {
        List<String> args = readmeCommand();
        int out = args.indexOf("--out");
        assertThat(out).as("the README's command writes the example with --out").isPositive();
        assertThat(args.get(out + 1)).isEqualTo("examples/kubernetes/gonogo-shards.yaml");
        args.subList(out, out + 2).clear();
        CliTestSupport.Outcome o = CliTestSupport.run(args.toArray(String[]::new));
        assertThat(o.exitCode()).as(o.err()).isZero();
        K8sManifestsTest.assertSameText(
                o.out(),
                Files.readString(EXAMPLE.resolve("gonogo-shards.yaml")),
                EXAMPLE.resolve("gonogo-shards.yaml").toString(),
                String.join(" ", args));
    }

    @Test
    void theConfigMapHoldsAValidTargetsFileTheShardsMount(@TempDir Path dir) throws IOException {
        ConfigMap map =
                YAML.readValue(
                        Files.readString(EXAMPLE.resolve("targets-configmap.yaml")),
                        ConfigMap.class);
        List<String> docs =
                K8sManifestsTest.documents(Files.readString(EXAMPLE.resolve("gonogo-shards.yaml")));
        Job shards = YAML.readValue(docs.get(3), Job.class);
        assertThat(map.getMetadata().getNamespace()).isEqualTo(shards.getMetadata().getNamespace());
        assertThat(shards.getSpec().getTemplate().getSpec().getVolumes())
                .anyMatch(
                        v ->
                                v.getConfigMap() != null
                                        && v.getConfigMap()
                                                .getName()
                                                .equals(map.getMetadata().getName()));
        assertThat(map.getData()).containsOnlyKeys(KubernetesManifests.TARGETS_KEY);
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, map.getData().get(KubernetesManifests.TARGETS_KEY));
        CliTestSupport.Outcome o = CliTestSupport.run("check", "--targets", targets.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("load/browse", "load/steady");
    }
}
