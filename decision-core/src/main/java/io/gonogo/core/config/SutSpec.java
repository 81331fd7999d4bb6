package io.gonogo.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * What is under test: the kind of provider ({@code embedded}, {@code url}, {@code command}) and its
 * settings, which the provider validates itself.
 */
public final class SutSpec {
    private final String kind;
    private final ConfigNode settings;

    /** A spec of {@code kind} with {@code settings} (null when given as a bare word). */
    public SutSpec(String kind, ConfigNode settings) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.settings = settings;
    }

    /** The default: the bundled governance server, started for the run. */
    public static SutSpec embedded() {
        return new SutSpec("embedded", null);
    }

    /** The provider kind. */
    public String kind() {
        return kind;
    }

    /** The provider's settings, when the file gave any. */
    public Optional<ConfigNode> settings() {
        return Optional.ofNullable(settings);
    }
}
