package io.gonogo.collect;

import io.gonogo.core.Environment;
import io.gonogo.core.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Reads the environment a run happens in: JVM, OS, CPUs, memory and the git commit of a folder. */
public final class EnvironmentProbe {
    private EnvironmentProbe() {}

    /**
     * The environment of this JVM, with the commit of {@code workDir} when it is in a git work
     * tree.
     *
     * @param gonogoVersion gonogo's version, such as {@code 0.1.0}
     * @param workDir the folder whose git commit is recorded, usually the targets file's
     * @param start when the run started
     * @param end when it ended
     * @param profile the profile the run used
     * @return the environment: JVM, operating system, processors, maximum heap and commit; no
     *     service under test yet
     */
    public static Environment current(
            String gonogoVersion, Path workDir, Instant start, Instant end, Profile profile) {
        String jvm =
                System.getProperty("java.vm.vendor", "")
                        + " "
                        + System.getProperty("java.vm.name", "")
                        + " "
                        + System.getProperty(
                                "java.runtime.version", System.getProperty("java.version", ""));
        String os =
                System.getProperty("os.name", "")
                        + " "
                        + System.getProperty("os.version", "")
                        + " "
                        + System.getProperty("os.arch", "");
        return new Environment(
                gonogoVersion,
                jvm.strip(),
                os.strip(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory(),
                gitCommit(workDir),
                start,
                end,
                profile);
    }

    /**
     * The HEAD commit of the git work tree holding {@code dir}, or {@code ""}.
     *
     * @param dir a folder
     * @return the full commit hash, or {@code ""} when git is missing or the folder is not in a
     *     work tree
     */
    public static String gitCommit(Path dir) {
        try {
            Process p =
                    new ProcessBuilder("git", "rev-parse", "HEAD")
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            String out =
                    new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
