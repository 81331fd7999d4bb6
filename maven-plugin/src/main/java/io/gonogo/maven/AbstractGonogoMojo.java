package io.gonogo.maven;

import io.gonogo.RunOptions;
import io.gonogo.core.GonogoException;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Profile;
import io.gonogo.core.config.ResultsSpec;
import io.gonogo.core.config.TargetsFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the two goals share: the targets file, the profile, {@code skip}, and the build's own
 * results; and the one place where gonogo's exceptions become Maven's.
 *
 * <p>A user's mistake (an invalid targets file, a bad parameter) fails the build with gonogo's
 * one-line message, which names the file, line and column or the parameter, and what was expected;
 * a failure of gonogo itself is a build error with its cause.
 */
abstract class AbstractGonogoMojo extends AbstractMojo {

    /** The surefire report folder under the build directory, imported by default. */
    static final String SUREFIRE_REPORTS = "surefire-reports";

    /** The JMH result file under the build directory, imported by default. */
    static final String JMH_RESULT = "jmh-result.json";

    /**
     * The targets file: the release, its suites, its targets, and the {@code results:} of other
     * tools to import. Relative paths in it resolve against its folder.
     */
    @Parameter(
            property = "gonogo.targets",
            defaultValue = "${project.basedir}/targets.yaml",
            required = true)
    File targets;

    /**
     * The profile, {@code quick} (CI) or {@code full} (release); default: the targets file's {@code
     * profile}, else {@code quick}.
     */
    @Parameter(property = "gonogo.profile")
    String profile;

    /** Skips the goal. */
    @Parameter(property = "gonogo.skip", defaultValue = "false")
    boolean skip;

    /**
     * Whether the build's own results are imported besides the targets file's {@code results:}:
     * {@code target/surefire-reports/} (entry {@code surefire-reports}) and {@code
     * target/jmh-result.json} (entry {@code jmh-result}), each when it exists and the file's {@code
     * results:} do not already name it. A target picks them with {@code where: {scenario:
     * surefire-reports}} or {@code where: {scenario: jmh-result}}.
     */
    @Parameter(property = "gonogo.buildResults", defaultValue = "true")
    boolean buildResults;

    /**
     * More result files or folders to import (JMH JSON, JUnit XML, k6, Gatling, JMeter, ...), each
     * an entry named after its file, as the command line's {@code --results} takes them.
     */
    @Parameter List<File> results;

    /** The build directory, where the build's own results are looked for. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    File buildDirectory;

    /** The targets file, which must exist. */
    Path targetsFile() throws MojoFailureException {
        Path file = targets.toPath();
        if (!Files.isRegularFile(file)) {
            throw new MojoFailureException(
                    "gonogo: the targets file "
                            + file
                            + " does not exist; expected a gonogo targets file (parameter"
                            + " 'targets', property gonogo.targets; default targets.yaml beside"
                            + " pom.xml)");
        }
        return file;
    }

    /** Sets the profile of {@code b} when the parameter is given. */
    void applyProfile(RunOptions.Builder b) throws MojoFailureException {
        if (profile == null || profile.isBlank()) {
            return;
        }
        Optional<Profile> p = Profile.fromId(profile.strip().toLowerCase(Locale.ROOT));
        if (p.isEmpty()) {
            throw new MojoFailureException(
                    "gonogo: parameter 'profile' (property gonogo.profile) is '"
                            + profile
                            + "'; expected quick or full");
        }
        b.profile(p.get());
    }

    /**
     * The build's own result paths that the targets file's {@code results:} do not already name
     * (nor a file inside them, nor a folder holding them), followed by {@link #results}.
     *
     * @param existingOnly whether to keep only the build's own results that exist now (the gate) or
     *     all of them (the check, which runs before the build writes them)
     */
    List<Path> resultPaths(TargetsFile file, boolean existingOnly) {
        List<Path> all = new ArrayList<>();
        if (buildResults) {
            for (String name : List.of(SUREFIRE_REPORTS, JMH_RESULT)) {
                Path p = buildDirectory.toPath().resolve(name).toAbsolutePath().normalize();
                if ((!existingOnly || Files.exists(p)) && !named(file, p)) {
                    all.add(p);
                }
            }
        }
        if (results != null) {
            results.forEach(r -> all.add(r.toPath()));
        }
        return all;
    }

    private static boolean named(TargetsFile file, Path p) {
        for (ResultsSpec r : file.results()) {
            Path declared = r.path().toAbsolutePath().normalize();
            if (declared.startsWith(p) || p.startsWith(declared)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Calls gonogo: its invalid input fails the build with its message (no stack trace), any other
     * failure is a build error with the cause.
     */
    static <T> T call(Supplier<T> call) throws MojoFailureException, MojoExecutionException {
        try {
            return call.get();
        } catch (InvalidInputException e) {
            throw new MojoFailureException("gonogo: " + e.getMessage(), e);
        } catch (GonogoException e) {
            throw new MojoExecutionException("gonogo: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException("gonogo: no decision could be made: " + e, e);
        }
    }
}
