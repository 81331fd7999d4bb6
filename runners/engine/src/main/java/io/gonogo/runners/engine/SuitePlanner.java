package io.gonogo.runners.engine;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.core.config.TargetsFile;
import io.gonogo.runners.engine.internal.Services;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a targets file's {@code suites} and {@code sut} sections into the plan: each suite kind
 * validates its section, and the result lists every scenario in execution order.
 *
 * <pre>{@code
 * SuitePlanner planner = SuitePlanner.withServiceLoader();
 * List<ScenarioSpec> plan = planner.plan(targetsFile, Profile.QUICK);
 * }</pre>
 */
public final class SuitePlanner {
    private final Map<String, SuiteKind> kinds;
    private final Map<String, SutProvider> providers;

    private SuitePlanner(Map<String, SuiteKind> kinds, Map<String, SutProvider> providers) {
        this.kinds = Map.copyOf(kinds);
        this.providers = Map.copyOf(providers);
    }

    /** A planner with the suite kinds and SUT providers found on the class path. */
    public static SuitePlanner withServiceLoader() {
        ClassLoader loader =
                Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                        .orElse(SuitePlanner.class.getClassLoader());
        return new SuitePlanner(
                Services.load(SuiteKind.class, SuiteKind::kind, loader),
                Services.load(SutProvider.class, SutProvider::kind, loader));
    }

    /** The suite kind {@code kind}, if one is installed. */
    public Optional<SuiteKind> kind(String kind) {
        return Optional.ofNullable(kinds.get(kind));
    }

    /** The SUT provider {@code kind}, if one is installed. */
    public Optional<SutProvider> provider(String kind) {
        return Optional.ofNullable(providers.get(kind));
    }

    /** The profile of a run: the override, else the file's, else quick. */
    public static Profile effectiveProfile(TargetsFile file, Optional<Profile> override) {
        return override.or(file::profile).orElse(Profile.QUICK);
    }

    /**
     * Validates the file's {@code sut} and {@code suites} and lists the scenarios in order.
     *
     * @throws InvalidInputException naming file, line and column of the first error
     */
    public List<ScenarioSpec> plan(TargetsFile file, Profile profile) {
        Objects.requireNonNull(profile, "profile");
        String sutKind = file.sut().kind();
        SutProvider provider = providers.get(sutKind);
        if (provider == null) {
            throw file.sut()
                    .settings()
                    .map(
                            n ->
                                    n.error(
                                            "unknown sut '"
                                                    + sutKind
                                                    + "'; expected one of: "
                                                    + String.join(", ", providers.keySet())))
                    .orElseGet(
                            () ->
                                    InvalidInputException.of(
                                            file.path().toString(),
                                            "no provider for sut '" + sutKind + "' is installed"));
        }
        provider.validate(file.sut());
        List<ScenarioSpec> all = new ArrayList<>();
        Map<String, PlannedScenario> ids = new HashMap<>();
        for (Map.Entry<String, ConfigNode> e : file.suites().entrySet()) {
            SuiteKind kind = kinds.get(e.getKey());
            if (kind == null) {
                throw e.getValue()
                        .error(
                                "unknown suite kind '"
                                        + e.getKey()
                                        + "'; expected one of: "
                                        + String.join(
                                                ", ", new java.util.TreeSet<>(kinds.keySet())));
            }
            for (ScenarioSpec s : kind.plan(e.getValue(), profile)) {
                PlannedScenario previous = ids.putIfAbsent(s.planned().id(), s.planned());
                if (previous != null) {
                    throw e.getValue()
                            .error(
                                    "scenario id '"
                                            + s.planned().id()
                                            + "' is used twice (in "
                                            + previous.suite()
                                            + " and "
                                            + s.planned().suite()
                                            + "); ids must be unique");
                }
                all.add(s);
            }
        }
        return List.copyOf(all);
    }
}
