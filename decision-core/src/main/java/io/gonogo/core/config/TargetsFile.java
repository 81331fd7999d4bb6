package io.gonogo.core.config;

import io.gonogo.core.Profile;
import io.gonogo.core.Release;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed targets file: release, service under test, suites (kept as positioned nodes for each
 * suite kind to read), targets, risk register, checklist, policy and report settings. Immutable.
 */
public final class TargetsFile {
    private final Path path;
    private final Release release;
    private final Profile profile;
    private final SutSpec sut;
    private final Map<String, ConfigNode> suites;
    private final List<Target> targets;
    private final Policy policy;
    private final Path reportsOut;
    private final List<RiskSpec> risks;
    private final List<ChecklistSpec> checklist;
    private final List<ResultsSpec> results;
    // set once by the parser on a fresh copy (withPlan, withRules), never changed afterwards
    private PlanSpec plan = PlanSpec.NONE;
    private List<String> approvers = List.of();
    private List<WaiverSpec> waivers = List.of();
    private BaselineSpec baseline;

    TargetsFile(
            Path path,
            Release release,
            Profile profile,
            SutSpec sut,
            Map<String, ConfigNode> suites,
            List<Target> targets,
            Policy policy,
            Path reportsOut) {
        this(
                path,
                release,
                profile,
                sut,
                suites,
                targets,
                policy,
                reportsOut,
                List.of(),
                List.of());
    }

    TargetsFile(
            Path path,
            Release release,
            Profile profile,
            SutSpec sut,
            Map<String, ConfigNode> suites,
            List<Target> targets,
            Policy policy,
            Path reportsOut,
            List<RiskSpec> risks,
            List<ChecklistSpec> checklist) {
        this(
                path,
                release,
                profile,
                sut,
                suites,
                targets,
                policy,
                reportsOut,
                risks,
                checklist,
                List.of(),
                null);
    }

    private TargetsFile(
            Path path,
            Release release,
            Profile profile,
            SutSpec sut,
            Map<String, ConfigNode> suites,
            List<Target> targets,
            Policy policy,
            Path reportsOut,
            List<RiskSpec> risks,
            List<ChecklistSpec> checklist,
            List<WaiverSpec> waivers,
            BaselineSpec baseline) {
        this.waivers = List.copyOf(waivers);
        this.baseline = baseline;
        this.risks = List.copyOf(risks);
        this.checklist = List.copyOf(checklist);
        this.path = Objects.requireNonNull(path);
        this.release = Objects.requireNonNull(release);
        this.profile = profile;
        this.sut = Objects.requireNonNull(sut);
        this.suites = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(suites));
        this.targets = List.copyOf(targets);
        this.policy = Objects.requireNonNull(policy);
        this.reportsOut = reportsOut;
        this.results = List.of();
    }

    /** A copy of {@code base} with {@code results}; every other field is carried over. */
    private TargetsFile(TargetsFile base, List<ResultsSpec> results) {
        this.path = base.path;
        this.release = base.release;
        this.profile = base.profile;
        this.sut = base.sut;
        this.suites = base.suites;
        this.targets = base.targets;
        this.policy = base.policy;
        this.reportsOut = base.reportsOut;
        this.risks = base.risks;
        this.checklist = base.checklist;
        this.results = List.copyOf(results);
        this.plan = base.plan;
        this.approvers = base.approvers;
        this.waivers = base.waivers;
        this.baseline = base.baseline;
    }

    /**
     * The file it was read from.
     *
     * @return the path as given to the parser
     */
    public Path path() {
        return path;
    }

    /**
     * The release section.
     *
     * @return the release's name, phase, planned date and owner
     */
    public Release release() {
        return release;
    }

    /**
     * The profile the file asks for, if it names one.
     *
     * @return the profile, or empty for the default ({@code quick}) unless overridden
     */
    public Optional<Profile> profile() {
        return Optional.ofNullable(profile);
    }

    /**
     * The service under test; {@code embedded} for a file without suites, which needs none and
     * starts nothing.
     *
     * @return the {@code sut} section
     */
    public SutSpec sut() {
        return sut;
    }

    /**
     * Each {@code suites.<kind>} section, by kind, in file order.
     *
     * @return the sections, keyed by suite kind such as {@code load}; each kind validates its own
     */
    public Map<String, ConfigNode> suites() {
        return suites;
    }

    /**
     * The targets, in file order.
     *
     * @return the targets, unmodifiable
     */
    public List<Target> targets() {
        return targets;
    }

    /**
     * The policy.
     *
     * @return the policy, {@link Policy#DEFAULT} when the file has none
     */
    public Policy policy() {
        return policy;
    }

    /**
     * The report folder the file asks for ({@code reports.out}), if any, resolved against the file.
     *
     * @return the folder, or empty for {@code reports}
     */
    public Optional<Path> reportsOut() {
        return Optional.ofNullable(reportsOut);
    }

    /**
     * The risk register ({@code risks}), in file order.
     *
     * @return the declared risks; empty when the file has none
     */
    public List<RiskSpec> risks() {
        return risks;
    }

    /**
     * The result files to import ({@code results}), in file order.
     *
     * @return the entries; empty when the file has none
     */
    public List<ResultsSpec> results() {
        return results;
    }

    /** This file with {@code value} as its {@code results} section. */
    TargetsFile withResults(List<ResultsSpec> value) {
        return new TargetsFile(this, value);
    }

    /**
     * The readiness checklist ({@code checklist}), in file order.
     *
     * @return the items; empty when the file has none
     */
    public List<ChecklistSpec> checklist() {
        return checklist;
    }

    /**
     * This file with its {@code plan} section and {@code reports.approvers}; only the parser calls
     * it.
     */
    TargetsFile withPlan(PlanSpec plan, List<String> approvers) {
        TargetsFile f = new TargetsFile(this, results);
        f.plan = java.util.Objects.requireNonNull(plan);
        f.approvers = List.copyOf(approvers);
        return f;
    }

    /**
     * The sprint plan ({@code plan}) for the progress report; {@link PlanSpec#NONE} when the file
     * has none.
     *
     * @return the plan, or {@link PlanSpec#NONE}
     */
    public PlanSpec plan() {
        return plan;
    }

    /**
     * Who signs the go/no-go document ({@code reports.approvers}), in file order; empty when not
     * given.
     *
     * @return the approvers' names or roles
     */
    public List<String> approvers() {
        return approvers;
    }

    /** This file with {@code waivers} and {@code baseline} (which may be null) set. */
    TargetsFile withRules(List<WaiverSpec> waivers, BaselineSpec baseline) {
        TargetsFile f = new TargetsFile(this, results);
        f.waivers = List.copyOf(waivers);
        f.baseline = baseline;
        return f;
    }

    /**
     * The waivers ({@code waivers}), in file order.
     *
     * @return the waivers, in force or not; empty when the file has none
     */
    public List<WaiverSpec> waivers() {
        return waivers;
    }

    /**
     * The baseline the file names ({@code baseline}), if any.
     *
     * @return the baseline file or history folder, or empty
     */
    public Optional<BaselineSpec> baseline() {
        return Optional.ofNullable(baseline);
    }
}
