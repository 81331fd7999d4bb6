package io.gonogo;

import io.gonogo.core.Profile;
import io.gonogo.core.config.Values;
import io.gonogo.runners.spi.SuiteKind;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run of the whole pipeline needs: the targets file and the overrides of the command line.
 * Immutable; built with {@link #builder(Path)}.
 */
public final class RunOptions {
    private final Path targets;
    private final Profile profile;
    private final Path out;
    private final Instant asOf;
    private final boolean strict;
    private final PrintStream progress;
    private final boolean showProgress;
    private final java.util.List<Path> results;
    private final Path baseline;
    private final java.util.List<SuiteKind<?>> suiteKinds;
    private final Values values;
    private final java.util.List<String> select;

    private final String benchmarkClasspath;
    private final io.gonogo.runners.spi.RunShard shard;
    private final String runId;
    private final java.net.URI coordinator;
    private final java.time.Duration barrierTimeout;

    private RunOptions(Builder b) {
        this.coordinator = b.coordinator;
        this.barrierTimeout = b.barrierTimeout;
        this.shard = b.shard;
        this.runId = b.runId;
        this.benchmarkClasspath = b.benchmarkClasspath;
        this.values = b.values.build();
        this.select = java.util.List.copyOf(b.select);
        this.results = java.util.List.copyOf(b.results);
        this.baseline = b.baseline;
        this.suiteKinds = java.util.List.copyOf(b.suiteKinds);
        this.targets = b.targets;
        this.profile = b.profile;
        this.out = b.out;
        this.asOf = b.asOf;
        this.strict = b.strict;
        this.progress = b.progress;
        this.showProgress = b.showProgress;
    }

    /**
     * The share of the load this run sends ({@code --shard I/N}); empty for a whole run. A shard
     * run writes shard evidence ({@code evidence.json} and {@code shard.json}) and decides nothing:
     * {@link Gonogo#merge} decides over all shards.
     *
     * @return the shard, or empty when the run is not sharded
     */
    public Optional<io.gonogo.runners.spi.RunShard> shard() {
        return Optional.ofNullable(shard);
    }

    /**
     * The run id the shards of one run share ({@code --run-id}); empty for a whole run.
     *
     * @return the run id, set together with {@link #shard()}
     */
    public Optional<String> runId() {
        return Optional.ofNullable(runId);
    }

    /**
     * The coordinator a shard registers with before each load scenario, so the shards start it
     * together ({@code --coordinator}).
     *
     * @return the coordinator's base URL; empty when each shard starts at once
     */
    public Optional<java.net.URI> coordinator() {
        return Optional.ofNullable(coordinator);
    }

    /**
     * How long a shard waits at the coordinator's barrier for the other shards.
     *
     * @return the barrier timeout; 60 s unless set
     */
    public java.time.Duration barrierTimeout() {
        return barrierTimeout;
    }

    /**
     * A builder for a run of {@code targets}.
     *
     * @param targets the targets file ({@code targets.yaml}); read when the run starts, not here
     * @return a builder with every override unset, progress on stderr and strict off
     * @throws NullPointerException when {@code targets} is null
     */
    public static Builder builder(Path targets) {
        return new Builder(targets);
    }

    /**
     * The targets file.
     *
     * @return the path given to {@link #builder(Path)}
     */
    public Path targets() {
        return targets;
    }

    /**
     * The profile override ({@code --profile}), if any.
     *
     * @return the profile to run, or empty to use the targets file's own (else quick)
     */
    public Optional<Profile> profile() {
        return Optional.ofNullable(profile);
    }

    /**
     * The class path of the team's own benchmarks (the command line's {@code --classpath}), if
     * given: it sets the {@code classpath} of every benchmark scenario that names its own
     * benchmarks.
     *
     * @return the class path, entries separated by the platform's path separator, or empty
     */
    public Optional<String> benchmarkClasspath() {
        return Optional.ofNullable(benchmarkClasspath);
    }

    /**
     * The output folder override ({@code --out}), if any.
     *
     * @return the folder, or empty for the targets file's {@code reports.out}, else {@code reports}
     */
    public Optional<Path> out() {
        return Optional.ofNullable(out);
    }

    /**
     * The reference instant ({@code --as-of}), if fixed; the run's end otherwise.
     *
     * @return the instant waivers and attestations are judged at, or empty for the run's end
     */
    public Optional<Instant> asOf() {
        return Optional.ofNullable(asOf);
    }

    /**
     * The baseline file override ({@code --baseline}), if any; else the targets file's {@code
     * baseline:}.
     *
     * @return the earlier {@code decision.json} or {@code evidence.json}, or empty
     */
    public Optional<Path> baseline() {
        return Optional.ofNullable(baseline);
    }

    /**
     * What the targets file takes from outside: the environment its {@code ${env:NAME}} read, and
     * the {@code --sut-url} and {@code --set} overrides.
     *
     * @return the values, the process environment when none was given
     */
    public Values values() {
        return values;
    }

    /**
     * The suites ({@code load}) and scenarios ({@code load/health-1k}) a partial run executes;
     * empty for all. The others stay in the plan as NOT SELECTED.
     *
     * @return the selections in the order given, stripped; unmodifiable
     */
    public java.util.List<String> select() {
        return select;
    }

    /**
     * Suite kinds registered in code, beside those found on the class path.
     *
     * @return the kinds in the order given; empty when only the class path's are used
     */
    public java.util.List<SuiteKind<?>> suiteKinds() {
        return suiteKinds;
    }

    /**
     * Whether GO WITH CONDITIONS exits 3.
     *
     * @return true for {@code --strict}; false by default, when it exits 0
     */
    public boolean strict() {
        return strict;
    }

    /**
     * Where the pipeline's own progress lines go (suites write theirs to stderr unless quiet).
     *
     * @return the stream, stderr by default and a discarding stream when quiet
     */
    public PrintStream progress() {
        return progress;
    }

    /**
     * Result files or folders to import besides the targets file's {@code results:} entries (the
     * command line's {@code --results}); each becomes one expected producer named after it.
     *
     * @return the paths in the order given; unmodifiable, empty when none
     */
    public java.util.List<Path> results() {
        return results;
    }

    /**
     * Whether progress is shown at all.
     *
     * @return false after {@link Builder#quiet()}, true otherwise
     */
    public boolean showProgress() {
        return showProgress;
    }

    /** Builds {@link RunOptions}; each setter checks its argument. */
    public static final class Builder {
        private final Path targets;
        private Profile profile;
        private Path out;
        private Instant asOf;
        private boolean strict;
        private PrintStream progress = System.err;
        private boolean showProgress = true;
        private final java.util.List<Path> results = new java.util.ArrayList<>();
        private Path baseline;
        private final java.util.List<SuiteKind<?>> suiteKinds = new java.util.ArrayList<>();
        private final Values.Builder values = Values.builder();
        private final java.util.List<String> select = new java.util.ArrayList<>();
        private String benchmarkClasspath;
        private io.gonogo.runners.spi.RunShard shard;
        private String runId;
        private java.net.URI coordinator;
        private java.time.Duration barrierTimeout = java.time.Duration.ofSeconds(60);

        private Builder(Path targets) {
            this.targets = Objects.requireNonNull(targets, "targets");
        }

        /**
         * Overrides the file's profile.
         *
         * @param value the profile to run
         * @return this builder
         */
        public Builder profile(Profile value) {
            this.profile = Objects.requireNonNull(value, "profile");
            return this;
        }

        /**
         * Overrides the output folder (default: the file's reports.out, else {@code reports}).
         *
         * @param value the folder the documents are written to; created when missing
         * @return this builder
         */
        public Builder out(Path value) {
            this.out = Objects.requireNonNull(value, "out");
            return this;
        }

        /**
         * The baseline to compare with: an earlier decision.json or evidence.json; overrides the
         * targets file's {@code baseline:}.
         *
         * @param value the baseline file
         * @return this builder
         */
        public Builder baseline(Path value) {
            this.baseline = Objects.requireNonNull(value, "baseline");
            return this;
        }

        /**
         * Suite kinds of one's own, used beside those found on the class path with {@link
         * java.util.ServiceLoader}; a key that is already taken is an error naming both kinds.
         *
         * @param value the kinds to add to those added before
         * @return this builder
         */
        public Builder suiteKinds(java.util.List<? extends SuiteKind<?>> value) {
            value.forEach(k -> suiteKinds.add(Objects.requireNonNull(k, "suite kind")));
            return this;
        }

        /**
         * Reads the targets file's {@code ${env:NAME}} from {@code value} instead of the process
         * environment.
         *
         * @param value variable names to values; replaces any map given before
         * @return this builder
         */
        public Builder environment(java.util.Map<String, String> value) {
            values.environment(Objects.requireNonNull(value, "environment"));
            return this;
        }

        /**
         * Overrides one value of the targets file before it is validated, {@code path=value} as
         * {@code --set} takes it, such as {@code suites.load.scenarios[0].duration=30s}; see {@link
         * Values}.
         *
         * @param pathEqualsValue the path into the targets file, {@code =}, and the value as YAML
         * @return this builder
         * @throws io.gonogo.core.InvalidInputException when it has no '='
         */
        public Builder set(String pathEqualsValue) {
            values.set(Objects.requireNonNull(pathEqualsValue, "set"));
            return this;
        }

        /**
         * Replaces the targets file's {@code sut} with {@code {url: value}}.
         *
         * @param value the base URL of the system under test, such as {@code http://127.0.0.1:8080}
         * @return this builder
         */
        public Builder sutUrl(String value) {
            values.sutUrl(Objects.requireNonNull(value, "sutUrl"));
            return this;
        }

        /**
         * Runs only suite {@code value} ({@code load}) or one scenario ({@code load/health-1k});
         * repeatable. The scenarios left out are NOT SELECTED and their targets NOT MEASURED.
         *
         * @param value a suite key or {@code suite/scenario}; surrounding blanks are stripped
         * @return this builder
         */
        public Builder select(String value) {
            select.add(Objects.requireNonNull(value, "select").strip());
            return this;
        }

        /**
         * The class path of the team's own JMH benchmarks, jars and folders separated by the
         * platform's path separator (the command line's {@code --classpath}); overrides the {@code
         * classpath} of every benchmark scenario that names its own benchmarks.
         *
         * @param value the class path
         * @return this builder
         */
        public Builder benchmarkClasspath(String value) {
            this.benchmarkClasspath = Objects.requireNonNull(value, "benchmarkClasspath");
            return this;
        }

        /**
         * Runs shard {@code value}'s share of the load, as part of run {@code id} that all shards
         * share: the run writes shard evidence and decides nothing.
         *
         * @param value the shard
         * @param id the shared run id: letters, digits, '.', '_' and '-'
         * @return this builder
         * @throws io.gonogo.core.InvalidInputException when the id is empty or has other characters
         */
        public Builder shard(io.gonogo.runners.spi.RunShard value, String id) {
            Objects.requireNonNull(value, "shard");
            Objects.requireNonNull(id, "runId");
            if (!id.matches("[A-Za-z0-9._-]{1,128}")) {
                throw io.gonogo.core.InvalidInputException.of(
                        "--run-id " + id,
                        "expected 1 to 128 letters, digits, '.', '_' or '-', the same on every"
                                + " shard of the run");
            }
            this.shard = value;
            this.runId = id;
            return this;
        }

        /**
         * Registers with the coordinator at {@code value} ({@code gonogo coordinate}) before each
         * load scenario and starts it with the other shards; for a shard run only.
         *
         * @param value the coordinator's base URL, {@code http://host:port}
         * @return this builder
         * @throws io.gonogo.core.InvalidInputException when it is not an http URL with a host and
         *     port
         */
        public Builder coordinator(java.net.URI value) {
            Objects.requireNonNull(value, "coordinator");
            if (!"http".equals(value.getScheme())
                    || value.getHost() == null
                    || value.getPort() < 0) {
                throw io.gonogo.core.InvalidInputException.of(
                        "--coordinator " + value,
                        "expected the coordinator's URL, http://HOST:PORT, as gonogo coordinate"
                                + " prints it");
            }
            this.coordinator = value;
            return this;
        }

        /**
         * How long a shard waits at the coordinator's barrier; default 60 s.
         *
         * @param value more than zero
         * @return this builder
         * @throws io.gonogo.core.InvalidInputException when zero or negative
         */
        public Builder barrierTimeout(java.time.Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw io.gonogo.core.InvalidInputException.of(
                        "--barrier-timeout " + value, "expected a duration of more than 0");
            }
            this.barrierTimeout = value;
            return this;
        }

        /**
         * Fixes the reference instant of the evaluation ({@code --as-of}); the run's end otherwise.
         *
         * @param value the instant waivers and attestations are judged at; the run refuses one
         *     before its own start
         * @return this builder
         */
        public Builder asOf(Instant value) {
            this.asOf = Objects.requireNonNull(value, "asOf");
            return this;
        }

        /**
         * Makes GO WITH CONDITIONS exit 3.
         *
         * @param value true to exit 3 on GO WITH CONDITIONS, false to exit 0
         * @return this builder
         */
        public Builder strict(boolean value) {
            this.strict = value;
            return this;
        }

        /**
         * Sends progress lines to {@code value}; {@link #quiet()} drops them.
         *
         * @param value the stream; not closed by the run
         * @return this builder
         */
        public Builder progress(PrintStream value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /**
         * Adds result files or folders to import (the command line's {@code --results}).
         *
         * @param value the files or folders, added to those added before
         * @return this builder
         */
        public Builder results(java.util.List<Path> value) {
            for (Path p : value) {
                results.add(Objects.requireNonNull(p, "a results path"));
            }
            return this;
        }

        /**
         * Drops progress lines.
         *
         * @return this builder
         */
        public Builder quiet() {
            this.progress = new PrintStream(OutputStream.nullOutputStream());
            this.showProgress = false;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options; the builder may be changed and built again
         */
        public RunOptions build() {
            return new RunOptions(this);
        }
    }
}
