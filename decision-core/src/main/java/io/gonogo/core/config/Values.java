package io.gonogo.core.config;

import io.gonogo.core.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Values a targets file takes from outside itself: the environment that its {@code ${env:NAME}}
 * references read, and the command line's overrides ({@code --sut-url URL}, {@code --set
 * path=value}), applied before the file is validated. Immutable; built with {@link #builder()}.
 *
 * <pre>{@code
 * Values values = Values.builder()
 *         .environment(Map.of("GOV_TOKEN", "s3cret"))
 *         .set("suites.load.scenarios[0].duration=30s")
 *         .sutUrl("http://127.0.0.1:8080")
 *         .build();
 * TargetsFile file = TargetsParser.parse(Path.of("targets.yaml"), values);
 * }</pre>
 *
 * <p>A {@code --set} path names keys with dots and list items with brackets, as Helm's {@code
 * --set} does: {@code suites.load.scenarios[0].duration}. A list item may also be named by its
 * {@code id}: {@code suites.load.scenarios[health-1k].duration}. The path must name a single value
 * the file already has; the value is read as YAML reads a plain value ({@code 30} is a number,
 * {@code true} a boolean, {@code 30s} a text).
 */
public final class Values {
    /** No environment and no overrides. */
    public static final Values NONE = builder().environment(Map.of()).build();

    private final Function<String, String> environment;
    private final List<Setting> settings;
    private final Optional<String> sutUrl;

    private Values(Builder b) {
        this.environment = b.environment;
        this.settings = List.copyOf(b.settings.values());
        this.sutUrl = Optional.ofNullable(b.sutUrl);
    }

    /**
     * A builder reading the process environment, without overrides.
     *
     * @return a builder; set nothing and it builds {@link #fromEnvironment()}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The process environment, without overrides.
     *
     * @return values that read {@code ${env:NAME}} from {@link System#getenv(String)}
     */
    public static Values fromEnvironment() {
        return builder().build();
    }

    /**
     * The value of environment variable {@code name}, if set.
     *
     * @param name the variable's name, as in {@code ${env:NAME}}
     * @return its value, or empty when it is not set
     */
    public Optional<String> env(String name) {
        return Optional.ofNullable(environment.apply(name));
    }

    /**
     * The {@code --set} overrides, in the order given (a path set twice keeps its last value).
     *
     * @return the settings, unmodifiable; empty when none was given
     */
    public List<Setting> settings() {
        return settings;
    }

    /**
     * The {@code --sut-url} override, if given.
     *
     * @return the URL, or empty
     */
    public Optional<String> sutUrl() {
        return sutUrl;
    }

    /**
     * The overrides as the documents echo them, e.g. {@code --set
     * suites.load.scenarios[0].duration=30s}; values under a key that names a secret ({@code
     * token}, {@code password}, {@code secret}) are shown as {@code ***}.
     *
     * @return the {@code --sut-url} override first, then each {@code --set}; empty when none
     */
    public List<String> echo() {
        List<String> out = new ArrayList<>();
        sutUrl.ifPresent(u -> out.add("--sut-url " + u));
        for (Setting s : settings) {
            out.add("--set " + s.path() + "=" + (s.secret() ? "***" : s.value()));
        }
        return List.copyOf(out);
    }

    /**
     * One {@code --set path=value}.
     *
     * @param path the dotted path, such as {@code suites.load.scenarios[0].duration}
     * @param value the new value, as given
     */
    public record Setting(String path, String value) {

        /**
         * Checks for nulls.
         *
         * @param path the dotted path, such as {@code suites.load.scenarios[0].duration}
         * @param value the new value, as given
         */
        public Setting {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(value, "value");
        }

        /**
         * Parses {@code path=value}.
         *
         * @param text the argument of {@code --set}; the path is stripped, the value kept as given
         * @return the setting
         * @throws InvalidInputException naming {@code --set} when there is no '=' or no path
         */
        public static Setting parse(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw InvalidInputException.of(
                        "--set " + text,
                        "expected path=value, such as --set"
                                + " suites.load.scenarios[0].duration=30s");
            }
            return new Setting(text.substring(0, eq).strip(), text.substring(eq + 1));
        }

        /**
         * Whether the value is a secret that is never echoed.
         *
         * @return true when the path's last key contains {@code token}, {@code password} or {@code
         *     secret}
         */
        public boolean secret() {
            String last =
                    path.substring(path.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
            return last.contains("token") || last.contains("password") || last.contains("secret");
        }

        /**
         * How errors name this override: {@code --set path=value}, secrets masked.
         *
         * @return the override as typed, its value shown as {@code ***} when secret
         */
        public String flag() {
            return "--set " + path + "=" + (secret() ? "***" : value);
        }
    }

    /** Builds {@link Values}; each setter checks its argument. */
    public static final class Builder {
        private Function<String, String> environment = System::getenv;
        private final Map<String, Setting> settings = new LinkedHashMap<>();
        private String sutUrl;

        private Builder() {}

        /**
         * Reads {@code ${env:NAME}} from {@code value} instead of the process environment.
         *
         * @param value variable names to values; copied
         * @return this builder
         */
        public Builder environment(Map<String, String> value) {
            Map<String, String> copy = Map.copyOf(value);
            this.environment = copy::get;
            return this;
        }

        /**
         * Adds {@code --set path=value}; a later setting of the same path wins.
         *
         * @param pathEqualsValue the argument of {@code --set}, such as {@code
         *     suites.load.scenarios[0].duration=30s}
         * @return this builder
         * @throws InvalidInputException when it has no '=' or no path
         */
        public Builder set(String pathEqualsValue) {
            Setting s = Setting.parse(Objects.requireNonNull(pathEqualsValue, "setting"));
            settings.remove(s.path());
            settings.put(s.path(), s);
            return this;
        }

        /**
         * Replaces the file's {@code sut} with {@code {url: value}}.
         *
         * @param value the base URL of the system under test
         * @return this builder
         */
        public Builder sutUrl(String value) {
            this.sutUrl = Objects.requireNonNull(value, "sutUrl");
            return this;
        }

        /**
         * Builds the values.
         *
         * @return the values
         */
        public Values build() {
            return new Values(this);
        }
    }
}
