package io.gonogo.runners.load.grpc;

import io.gonogo.runners.load.grpc.internal.MethodResolver;
import io.grpc.Status;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One operation of a weighted gRPC mix ({@link GrpcLoadRunner.Builder#operation(GrpcOperation)}):
 * its method and request, its share of the calls, the status codes that count as its success and
 * its deadline.
 *
 * <p>Built with {@link #builder(String)}; immutable.
 */
public final class GrpcOperation {

    private final String name;
    private final String method;
    private final String body;
    private final int weight;
    private final Set<Status.Code> success;
    private final Duration timeout;

    private GrpcOperation(Builder b) {
        this.name = b.name;
        this.method = b.method;
        this.body = b.body;
        this.weight = b.weight;
        this.success = Set.copyOf(b.success);
        this.timeout = b.timeout;
    }

    /**
     * Starts a builder: body {@code {}}, weight 1, success {@code OK} only, the run's deadline.
     *
     * @param name the operation's name in the figures; letters, digits, '.', '_' and '-'
     * @return a new builder
     * @throws IllegalArgumentException if the name is empty or holds other characters
     */
    public static Builder builder(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "operation name must be letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        return new Builder(name);
    }

    /**
     * Returns the operation's name.
     *
     * @return the name given to the builder
     */
    public String name() {
        return name;
    }

    /**
     * Returns the full method.
     *
     * @return {@code package.Service/Method}
     */
    public String method() {
        return method;
    }

    /**
     * Returns the request in protobuf's JSON mapping.
     *
     * @return the JSON body
     */
    public String body() {
        return body;
    }

    /**
     * Returns the operation's weight: its share of the calls is its weight over the sum.
     *
     * @return at least 1
     */
    public int weight() {
        return weight;
    }

    /**
     * Returns the status codes that count as the operation's success.
     *
     * @return at least one code
     */
    public Set<Status.Code> success() {
        return success;
    }

    /**
     * Returns the operation's own deadline.
     *
     * @return the deadline, or empty for the run's
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** Collects and checks an operation's settings. */
    public static final class Builder {
        private final String name;
        private String method;
        private String body = "{}";
        private int weight = 1;
        private final Set<Status.Code> success = EnumSet.of(Status.Code.OK);
        private boolean successSet;
        private Duration timeout;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the method by its full name.
         *
         * @param fullName {@code package.Service/Method}
         * @return this builder
         * @throws IllegalArgumentException if the name has no service or method part
         */
        public Builder method(String fullName) {
            Objects.requireNonNull(fullName, "method");
            String[] parts = MethodResolver.split(fullName);
            this.method = parts[0] + "/" + parts[1];
            return this;
        }

        /**
         * Sets the request in protobuf's JSON mapping; default {@code {}}.
         *
         * @param json the body, checked against the request type when the runner resolves it
         * @return this builder
         */
        public Builder body(String json) {
            this.body = Objects.requireNonNull(json, "body");
            return this;
        }

        /**
         * Sets the weight; default 1.
         *
         * @param weight 1..1,000
         * @return this builder
         * @throws IllegalArgumentException outside that range
         */
        public Builder weight(int weight) {
            if (weight < 1 || weight > 1000) {
                throw new IllegalArgumentException(
                        "operation weight must be within 1..1000, got " + weight);
            }
            this.weight = weight;
            return this;
        }

        /**
         * Counts {@code code} as a success; the first call replaces the default {@code OK}.
         *
         * @param code a status code
         * @return this builder
         */
        public Builder success(Status.Code code) {
            Objects.requireNonNull(code, "code");
            if (!successSet) {
                success.clear();
                successSet = true;
            }
            success.add(code);
            return this;
        }

        /**
         * Sets the operation's own deadline.
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder timeout(Duration timeout) {
            if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("operation timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Builds the operation.
         *
         * @return the operation
         * @throws IllegalArgumentException without a method
         */
        public GrpcOperation build() {
            if (method == null) {
                throw new IllegalArgumentException(
                        "operation '" + name + "' needs a method (package.Service/Method)");
            }
            return new GrpcOperation(this);
        }
    }
}
