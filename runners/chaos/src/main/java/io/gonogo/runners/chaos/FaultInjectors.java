package io.gonogo.runners.chaos;

import io.gonogo.runners.chaos.internal.BuiltinInjectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fault kinds known to a run: the built-in ones ({@code latency}, {@code bandwidth}, {@code
 * blackhole}, {@code reset}, {@code slow-close}, {@code drop-connections}, {@code http-error},
 * {@code grpc-error}), those found with {@link ServiceLoader}, and those registered in code.
 * Thread-safe; a kind registered twice is an error naming both injectors.
 */
public final class FaultInjectors {
    private final Map<String, FaultInjector> byKind = new ConcurrentHashMap<>();

    private FaultInjectors() {}

    /**
     * The built-in kinds plus those on the class path of this class's loader.
     *
     * @return a new registry
     * @throws IllegalArgumentException when two injectors on the class path have the same kind
     */
    public static FaultInjectors standard() {
        FaultInjectors r = new FaultInjectors();
        BuiltinInjectors.all().forEach(r::register);
        for (FaultInjector i :
                ServiceLoader.load(FaultInjector.class, FaultInjectors.class.getClassLoader())) {
            if (!(i instanceof BuiltinInjectors.Builtin)) {
                r.register(i);
            }
        }
        return r;
    }

    /**
     * An empty registry, for code that registers its own kinds only.
     *
     * @return a new registry without any kind
     */
    public static FaultInjectors empty() {
        return new FaultInjectors();
    }

    /**
     * Adds an injector.
     *
     * @param injector the injector
     * @return this registry
     * @throws IllegalArgumentException when its kind is already registered, naming both
     */
    public FaultInjectors register(FaultInjector injector) {
        Objects.requireNonNull(injector, "injector");
        FaultInjector before = byKind.putIfAbsent(injector.kind(), injector);
        if (before != null && before != injector) {
            throw new IllegalArgumentException(
                    "fault kind '"
                            + injector.kind()
                            + "' is registered twice: by "
                            + before.getClass().getName()
                            + " and by "
                            + injector.getClass().getName());
        }
        return this;
    }

    /**
     * The injector of {@code kind}, if registered.
     *
     * @param kind the kind, such as {@code latency}
     * @return the injector, or empty
     */
    public Optional<FaultInjector> find(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /**
     * The registered kinds, sorted.
     *
     * @return the kinds, in alphabetical order
     */
    public List<String> kinds() {
        return new ArrayList<>(new TreeMap<>(byKind).keySet());
    }

    /**
     * Makes a fault of {@code kind} from its settings.
     *
     * @param kind the kind, such as {@code latency}
     * @param settings the settings as text, without {@code kind}
     * @return the fault
     * @throws IllegalArgumentException for an unknown kind or setting, or a bad value
     */
    public Fault create(String kind, Map<String, String> settings) {
        FaultInjector i =
                find(kind)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "unknown fault kind '"
                                                        + kind
                                                        + "'; expected one of "
                                                        + String.join(", ", kinds())));
        for (String key : settings.keySet()) {
            if (!i.settings().contains(key)) {
                throw new IllegalArgumentException(
                        "fault kind '"
                                + kind
                                + "' has no setting '"
                                + key
                                + "'; expected "
                                + (i.settings().isEmpty()
                                        ? "none"
                                        : String.join(
                                                ", ", new java.util.TreeSet<>(i.settings()))));
            }
        }
        return i.create(settings);
    }
}
