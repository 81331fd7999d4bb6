package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code examples/ci/github-shards.yml} has the shape GitHub Actions documents and the one a
 * sharded run needs: a matrix over every shard index of {@code SHARDS}, each shard run with the
 * workflow run's id and uploaded, and a merge job after them that fails on NO-GO.
 */
class GithubShardsExampleTest {

    static final Path WORKFLOW = Path.of("..", "examples", "ci", "github-shards.yml");

    @Test
    @SuppressWarnings("unchecked")
    void theMatrixCoversEveryShardAndTheMergeComesAfterIt() throws IOException {
        Map<Object, Object> wf = new Yaml().load(Files.readString(WORKFLOW));
        // YAML 1.1 reads the key 'on' as the boolean true, as SnakeYAML does; GitHub reads 'on'
        assertThat(wf).containsKeys("name", true, "jobs", "env");
        int shards = (Integer) ((Map<String, Object>) wf.get("env")).get("SHARDS");
        Map<String, Map<String, Object>> jobs = (Map<String, Map<String, Object>>) wf.get("jobs");
        assertThat(jobs).containsOnlyKeys("shards", "merge");
        jobs.values().forEach(j -> assertThat(j).containsKeys("runs-on", "steps"));

        Map<String, Object> shardJob = jobs.get("shards");
        Map<String, Object> matrix =
                (Map<String, Object>)
                        ((Map<String, Object>) shardJob.get("strategy")).get("matrix");
        assertThat((List<Integer>) matrix.get("shard"))
                .as("matrix.shard lists 0..SHARDS-1")
                .containsExactlyElementsOf(IntStream.range(0, shards).boxed().toList());
        List<Map<String, Object>> steps = (List<Map<String, Object>>) shardJob.get("steps");
        assertThat(steps).allMatch(s -> s.containsKey("run") ^ s.containsKey("uses"));
        assertThat(steps)
                .anyMatch(
                        s -> {
                            String run = String.valueOf(s.get("run"));
                            Map<String, Object> env = (Map<String, Object>) s.get("env");
                            return run.contains("run --targets")
                                    && run.contains("--shard \"$SHARD/$SHARDS\"")
                                    && run.contains("--run-id \"$RUN_ID\"")
                                    && env != null
                                    && "${{ matrix.shard }}".equals(env.get("SHARD"))
                                    && "${{ github.run_id }}".equals(env.get("RUN_ID"));
                        })
                .anyMatch(
                        s ->
                                String.valueOf(s.get("uses")).startsWith("actions/upload-artifact")
                                        && "gonogo-shard-${{ matrix.shard }}"
                                                .equals(
                                                        ((Map<String, Object>) s.get("with"))
                                                                .get("name")));

        Map<String, Object> merge = jobs.get("merge");
        assertThat(merge.get("needs")).isEqualTo("shards");
        List<Map<String, Object>> mergeSteps = (List<Map<String, Object>>) merge.get("steps");
        assertThat(mergeSteps).allMatch(s -> s.containsKey("run") ^ s.containsKey("uses"));
        assertThat(mergeSteps)
                .anyMatch(
                        s ->
                                String.valueOf(s.get("uses"))
                                                .startsWith("actions/download-artifact")
                                        && "gonogo-shard-*"
                                                .equals(
                                                        ((Map<String, Object>) s.get("with"))
                                                                .get("pattern")))
                .anyMatch(
                        s -> {
                            String run = String.valueOf(s.get("run"));
                            return run.contains("merge shards/gonogo-shard-*")
                                    && run.contains("--targets \"$TARGETS\" --out reports")
                                    && run.contains("GITHUB_STEP_SUMMARY")
                                    && run.contains("exit \"$code\"");
                        });
    }
}
