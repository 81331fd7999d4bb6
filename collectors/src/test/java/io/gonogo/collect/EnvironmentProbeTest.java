package io.gonogo.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gonogo.core.Environment;
import io.gonogo.core.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentProbeTest {
    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");
    private static final Instant END = Instant.parse("2024-06-01T12:05:00Z");

    /** The module's folder: Surefire runs the tests there, inside the project's work tree. */
    private static final Path MODULE_DIR = Path.of("").toAbsolutePath();

    @TempDir Path tempDir;

    @Test
    void theCurrentEnvironmentNamesTheJvmTheOsAndTheCpusAndKeepsWhatItWasGiven() {
        Environment env = EnvironmentProbe.current("0.1.0-test", tempDir, START, END, Profile.FULL);

        assertThat(env.gonogoVersion()).isEqualTo("0.1.0-test");
        assertThat(env.jvm())
                .isNotBlank()
                .doesNotStartWith(" ")
                .doesNotEndWith(" ")
                .contains(System.getProperty("java.vm.name"))
                .contains(System.getProperty("java.specification.version"));
        assertThat(env.os())
                .isNotBlank()
                .doesNotStartWith(" ")
                .doesNotEndWith(" ")
                .contains(System.getProperty("os.name"))
                .contains(System.getProperty("os.arch"));
        assertThat(env.cpus()).isPositive().isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(env.memoryBytes()).isPositive();
        assertThat(env.startedAt()).isEqualTo(START);
        assertThat(env.endedAt()).isEqualTo(END);
        assertThat(env.profile()).isEqualTo(Profile.FULL);
    }

    @Test
    void insideTheProjectsGitWorkTreeTheCommitIsTheFortyHexDigitsOfHead() throws IOException {
        Optional<Path> gitDir = gitDirAbove(MODULE_DIR);
        assumeTrue(
                gitDir.isPresent(),
                "the project is not in a git work tree here (a source archive?)");

        Environment env =
                EnvironmentProbe.current("0.1.0-test", MODULE_DIR, START, END, Profile.QUICK);

        assertThat(env.gitCommit()).matches("[0-9a-f]{40}");
        headFromFiles(gitDir.get()).ifPresent(head -> assertThat(env.gitCommit()).isEqualTo(head));
        assertThat(EnvironmentProbe.gitCommit(MODULE_DIR.resolve("src")))
                .isEqualTo(env.gitCommit());
    }

    @Test
    void inAFolderThatIsNoGitRepositoryTheCommitIsEmpty() {
        assumeTrue(gitDirAbove(tempDir).isEmpty(), "the temp folder lies inside a git work tree");

        Environment env =
                EnvironmentProbe.current("0.1.0-test", tempDir, START, END, Profile.QUICK);

        assertThat(env.gitCommit()).isEmpty();
    }

    @Test
    void inAFreshRepositoryWithoutCommitsTheCommitIsEmpty() throws Exception {
        Path repo = Files.createDirectory(tempDir.resolve("fresh"));
        Process init =
                new ProcessBuilder("git", "init", "-q")
                        .directory(repo.toFile())
                        .redirectErrorStream(true)
                        .start();
        assumeTrue(
                init.waitFor(10, TimeUnit.SECONDS) && init.exitValue() == 0,
                "git init is not available");

        assertThat(EnvironmentProbe.gitCommit(repo)).isEmpty();
    }

    @Test
    void forAFolderThatDoesNotExistTheCommitIsEmpty() {
        assertThat(EnvironmentProbe.gitCommit(tempDir.resolve("no-such-folder"))).isEmpty();
    }

    private static Optional<Path> gitDirAbove(Path dir) {
        for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return Optional.of(d.resolve(".git"));
            }
        }
        return Optional.empty();
    }

    /**
     * HEAD read from the repository's files, without git, when it is a plain folder with a loose
     * ref.
     */
    private static Optional<String> headFromFiles(Path gitDir) throws IOException {
        if (!Files.isDirectory(gitDir)) {
            return Optional.empty(); // a worktree or submodule: .git is a file pointing elsewhere
        }
        String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).strip();
        if (!head.startsWith("ref: ")) {
            return Optional.of(head);
        }
        Path ref = gitDir.resolve(head.substring("ref: ".length()));
        if (Files.isRegularFile(ref)) {
            return Optional.of(Files.readString(ref, StandardCharsets.UTF_8).strip());
        }
        Path packed = gitDir.resolve("packed-refs");
        if (!Files.isRegularFile(packed)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
            if (line.endsWith(" " + head.substring("ref: ".length()))) {
                return Optional.of(line.substring(0, 40));
            }
        }
        return Optional.empty();
    }
}
