package io.gonogo.runners.engine;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.core.config.TargetsFile;
import io.gonogo.runners.engine.internal.Services;
import io.gonogo.runners.spi.PlanContext;
import io.gonogo.runners.spi.ScenarioSpec;
import io.gonogo.runners.spi.SuiteKind;
import io.gonogo.runners.spi.SutProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns a targets file's {@code suites} and {@code sut} sections into the plan: each suite kind
 * validates its section, and the result lists every scenario in execution order.
 *
 * <pre>{@code
 * SuitePlanner planner = SuitePlanner.withServiceLoader();
 * SuitePlan plan = planner.plan(targetsFile, Profile.QUICK);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SuitePlanner {
    private final Map<String, SuiteKind<?>> kinds;
    private final Map<String, SutProvider> providers;
    private final Map<String, String> parameters;

    private SuitePlanner(Map<String, SuiteKind<?>> kinds, Map<String, SutProvider> providers) {
        this(kinds, providers, Map.of());
    }

    private SuitePlanner(
            Map<String, SuiteKind<?>> kinds,
            Map<String, SutProvider> providers,
            Map<String, String> parameters) {
        this.kinds = Map.copyOf(kinds);
        this.providers = Map.copyOf(providers);
        this.parameters = Map.copyOf(parameters);
    }

    /**
     * A planner with the suite kinds and SUT providers found on the class path.
     *
     * @return the planner, without parameters
     * @throws io.gonogo.core.ExecutionException when two kinds or two providers on the class path
     *     share an id
     */
    public static SuitePlanner withServiceLoader() {
        ClassLoader loader =
                Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                        .orElse(SuitePlanner.class.getClassLoader());
        return new SuitePlanner(
                Services.<SuiteKind<?>>load(kindType(), SuiteKind::kind, loader),
                Services.load(SutProvider.class, SutProvider::kind, loader));
    }

    /**
     * A planner with exactly these suite kinds and SUT providers, e.g. a kind of one's own next to
     * those of {@link #withServiceLoader()}.
     *
     * @param kinds the suite kinds
     * @param providers the SUT providers
     * @return the planner, without parameters
     * @throws io.gonogo.core.ExecutionException when two kinds or two providers share an id
     */
    public static SuitePlanner of(List<SuiteKind<?>> kinds, List<SutProvider> providers) {
        return new SuitePlanner(
                Services.byId(kinds, SuiteKind.class, SuiteKind::kind),
                Services.byId(providers, SutProvider.class, SutProvider::kind));
    }

    /**
     * This planner with {@code more} suite kinds beside its own, e.g. a kind of one's own next to
     * those of {@link #withServiceLoader()}.
     *
     * @param more the kinds to add
     * @return a new planner, or this one when {@code more} is empty
     * @throws io.gonogo.core.ExecutionException when a kind's key is already taken, naming both
     */
    public SuitePlanner with(List<SuiteKind<?>> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<SuiteKind<?>> all = new java.util.ArrayList<>(kinds.values());
        all.addAll(more);
        return new SuitePlanner(
                Services.byId(all, SuiteKind.class, SuiteKind::kind), providers, parameters);
    }

    /**
     * This planner handing {@code parameters} to every kind it plans (see {@link
     * SuiteKind#plan(ConfigNode, Profile, PlanContext)}): settings given outside the targets file,
     * by their configuration parameter name, such as {@link EngineSettings#BENCHMARK_CLASSPATH}.
     *
     * @param parameters values by configuration parameter name; replace any given before
     * @return a new planner with the same kinds and providers
     */
    public SuitePlanner withParameters(Map<String, String> parameters) {
        return new SuitePlanner(kinds, providers, parameters);
    }

    /**
     * The installed suite kinds, by key.
     *
     * @return the kinds, unmodifiable
     */
    public Map<String, SuiteKind<?>> kinds() {
        return kinds;
    }

    /**
     * The installed SUT providers, by key.
     *
     * @return the providers, unmodifiable
     */
    public Map<String, SutProvider> providers() {
        return providers;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<SuiteKind<?>> kindType() {
        return (Class) SuiteKind.class;
    }

    /**
     * The suite kind {@code kind}, if one is installed.
     *
     * @param kind the key under {@code suites}, such as {@code load}
     * @return the kind, or empty
     */
    public Optional<SuiteKind<?>> kind(String kind) {
        return Optional.ofNullable(kinds.get(kind));
    }

    /**
     * The SUT provider {@code kind}, if one is installed.
     *
     * @param kind the {@code sut} kind, such as {@code url}
     * @return the provider, or empty
     */
    public Optional<SutProvider> provider(String kind) {
        return Optional.ofNullable(providers.get(kind));
    }

    /**
     * The profile of a run: the override, else the file's, else quick.
     *
     * @param file the targets file
     * @param override the command line's {@code --profile}, or empty
     * @return the profile to run
     */
    public static Profile effectiveProfile(TargetsFile file, Optional<Profile> override) {
        return override.or(file::profile).orElse(Profile.QUICK);
    }

    /**
     * Validates the file's {@code sut} and {@code suites} and lists the scenarios in order.
     *
     * @param file the parsed targets file
     * @param profile the profile to run, from {@link #effectiveProfile}
     * @return the scenarios in order, with the SUT provider that starts the service
     * @throws InvalidInputException naming file, line and column of the first error
     */
    public SuitePlan plan(TargetsFile file, Profile profile) {
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
        PlanContext context = new PlanContext(provider.declaredEndpoint(file.sut()), parameters);
        List<SuiteScenario<?>> all = new ArrayList<>();
        Map<String, PlannedScenario> ids = new HashMap<>();
        for (Map.Entry<String, ConfigNode> e : file.suites().entrySet()) {
            SuiteKind<?> kind = kinds.get(e.getKey());
            if (kind == null) {
                throw e.getValue()
                        .error(
                                "unknown suite kind '"
                                        + e.getKey()
                                        + "'; expected one of: "
                                        + String.join(", ", new TreeSet<>(kinds.keySet())));
            }
            for (SuiteScenario<?> s : plan(kind, e.getValue(), profile, context)) {
                PlannedScenario planned = s.spec().planned();
                PlannedScenario previous = ids.putIfAbsent(planned.id(), planned);
                if (previous != null) {
                    throw e.getValue()
                            .error(
                                    "scenario id '"
                                            + planned.id()
                                            + "' is used twice (in "
                                            + previous.suite()
                                            + " and "
                                            + planned.suite()
                                            + "); ids must be unique");
                }
                all.add(s);
            }
        }
        return new SuitePlan(file.sut(), provider, profile, all);
    }

    private static <S> List<SuiteScenario<S>> plan(
            SuiteKind<S> kind, ConfigNode section, Profile profile, PlanContext context) {
        List<SuiteScenario<S>> out = new ArrayList<>();
        for (ScenarioSpec<S> spec : kind.plan(section, profile, context)) {
            out.add(new SuiteScenario<>(kind, spec));
        }
        return out;
    }
}
