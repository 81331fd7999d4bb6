package io.gonogo.maven;

import io.gonogo.CheckReport;
import io.gonogo.Gonogo;
import io.gonogo.RunOptions;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.config.ResultsSpec;
import io.gonogo.core.config.TargetsFile;
import io.gonogo.core.config.TargetsParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Validates the targets file in both profiles without running anything ({@link
 * io.gonogo.Gonogo#check}), and logs what the gate will do: its scenarios and, for each target, the
 * scenarios or result files expected to produce its figure. An invalid file fails the build with
 * its file, line and column.
 *
 * <p>The build's own results ({@code target/surefire-reports/}, {@code target/jmh-result.json})
 * count as producers although the build has not written them yet; a target that nothing will
 * produce is logged as a warning, since the gate would find it NOT MEASURED.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckMojo extends AbstractGonogoMojo {

    /** Creates the goal; Maven sets its parameters. */
    public CheckMojo() {}

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("gonogo: check skipped");
            return;
        }
        RunOptions.Builder b = RunOptions.builder(targetsFile());
        applyProfile(b);
        RunOptions options = b.build();
        CheckReport report = call(() -> Gonogo.check(options));
        TargetsFile file = call(() -> TargetsParser.parse(options.targets(), options.values()));
        List<PlannedScenario> later = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        file.results().forEach(r -> ids.add(r.id()));
        for (Path p : resultPaths(file, false)) {
            ResultsSpec spec = ResultsSpec.of(p, ids);
            ids.add(spec.id());
            later.add(spec.planned(Optional.empty()));
        }
        getLog().info(
                        "gonogo: "
                                + report.file()
                                + " is valid in both profiles; "
                                + report.scenarios().size()
                                + " scenario(s) in the "
                                + report.profile().id()
                                + " profile, "
                                + later.size()
                                + " result entr"
                                + (later.size() == 1 ? "y" : "ies")
                                + " of the build, "
                                + report.targets().size()
                                + " target(s)");
        for (PlannedScenario s : report.scenarios()) {
            getLog().info("  scenario " + s.qualifiedId() + (s.optional() ? " (optional)" : ""));
        }
        for (PlannedScenario s : later) {
            getLog().info("  scenario " + s.qualifiedId() + " (written by the build)");
        }
        for (CheckReport.TargetPlan t : report.targets()) {
            List<PlannedScenario> producers = new ArrayList<>(t.producers());
            later.stream().filter(s -> s.mayMatch(t.target().where())).forEach(producers::add);
            CheckReport.TargetPlan plan = new CheckReport.TargetPlan(t.target(), producers);
            String line = "  target " + t.target().id() + ": " + plan.explanation();
            if (producers.isEmpty()) {
                getLog().warn(line);
            } else {
                getLog().info(line);
            }
        }
    }
}
