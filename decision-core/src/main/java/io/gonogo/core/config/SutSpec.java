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

    /**
     * A spec of {@code kind} with {@code settings} (null when given as a bare word).
     *
     * @param kind the provider kind, such as {@code url}
     * @param settings the provider's settings, or null
     */
    public SutSpec(String kind, ConfigNode settings) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.settings = settings;
    }

    /**
     * The default: the bundled governance server, started for the run.
     *
     * @return the {@code embedded} spec, without settings
     */
    public static SutSpec embedded() {
        return new SutSpec("embedded", null);
    }

    /**
     * The provider kind.
     *
     * @return the kind, such as {@code embedded}, {@code url} or {@code command}
     */
    public String kind() {
        return kind;
    }

    /**
     * The provider's settings, when the file gave any.
     *
     * @return the settings node, or empty when the file gave the kind as a bare word
     */
    public Optional<ConfigNode> settings() {
        return Optional.ofNullable(settings);
    }
}
