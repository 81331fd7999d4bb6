package io.gonogo.runners.load;

import io.gonogo.runners.load.internal.RequestEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One operation of a weighted mix ({@link LoadRunner.Builder#operation(LoadOperation)}): its
 * request, its share of the requests, the statuses that count as its success and its timeout.
 *
 * <p>Built with {@link #builder(String)}; immutable.
 */
public final class LoadOperation {

    private final String name;
    private final String method;
    private final String path;
    private final List<String[]> headers;
    private final byte[] body;
    private final String contentType;
    private final int weight;
    private final BitSet success;
    private final Duration timeout;

    private LoadOperation(Builder b) {
        this.name = b.name;
        this.method = b.method;
        this.path = b.path;
        this.headers = List.copyOf(b.headers);
        this.body = b.body;
        this.contentType = b.contentType;
        this.weight = b.weight;
        this.success = (BitSet) b.success.clone();
        this.timeout = b.timeout;
    }

    /**
     * Starts a builder: GET /, weight 1, success 200..299, the run's request timeout.
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
     * Returns the share of the mix's requests this operation takes, relative to the other weights.
     *
     * @return the weight, at least 1
     */
    public int weight() {
        return weight;
    }

    /**
     * Returns the request method.
     *
     * @return an HTTP method token
     */
    public String method() {
        return method;
    }

    /**
     * Returns the request path, with its query if any.
     *
     * @return a path starting with '/'
     */
    public String path() {
        return path;
    }

    /**
     * Returns this operation's request timeout, if it has its own.
     *
     * @return the timeout, or empty for the run's
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * Tells whether a status counts as this operation's success.
     *
     * @param status an HTTP status
     * @return true when it is among the expected statuses
     */
    public boolean succeeds(int status) {
        return status >= 100 && status <= 599 && success.get(status);
    }

    List<String[]> headers() {
        return headers;
    }

    byte[] body() {
        return body;
    }

    Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** Collects and checks the settings of a {@link LoadOperation}. */
    public static final class Builder {
        private final String name;
        private String method = "GET";
        private String path = "/";
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body = new byte[0];
        private String contentType;
        private int weight = 1;
        private final BitSet success = new BitSet(600);
        private boolean successSet;
        private Duration timeout;

        private Builder(String name) {
            this.name = name;
            success.set(200, 300);
        }

        /**
         * Sets the method; default GET.
         *
         * @param method an HTTP method token
         * @return this builder
         * @throws IllegalArgumentException if it is not a token
         */
        public Builder method(String method) {
            Objects.requireNonNull(method, "method");
            if (!RequestEncoder.isToken(method)) {
                throw new IllegalArgumentException(
                        "method must be an HTTP token such as GET, got '" + method + "'");
            }
            this.method = method;
            return this;
        }

        /**
         * Sets the path (and query) sent to the run's target host; default '/'.
         *
         * @param path a path starting with '/'
         * @return this builder
         * @throws IllegalArgumentException if it does not start with '/' or holds spaces or control
         *     characters
         */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/") || !path.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException(
                        "path must start with '/' and hold no spaces or control"
                                + " characters, got '"
                                + path
                                + "'");
            }
            this.path = path;
            return this;
        }

        /**
         * Adds a header, as {@link LoadRunner.Builder#header(String, String)} does.
         *
         * @param name the header name
         * @param value the header value
         * @return this builder
         */
        public Builder header(String name, String value) {
            LoadRunner.Builder.checkHeader(name, value);
            headers.add(new String[] {name, value});
            return this;
        }

        /**
         * Sets the body and its content type; by default none.
         *
         * @param bytes the body, copied
         * @param contentType the value of the Content-Type header
         * @return this builder
         */
        public Builder body(byte[] bytes, String contentType) {
            Objects.requireNonNull(bytes, "body");
            Objects.requireNonNull(contentType, "contentType");
            if (!RequestEncoder.isFieldValue(contentType)) {
                throw new IllegalArgumentException(
                        "body content type must not contain line breaks or control"
                                + " characters");
            }
            this.body = bytes.clone();
            this.contentType = contentType;
            return this;
        }

        /**
         * Sets the weight: the operation takes {@code weight / sum of weights} of the requests;
         * default 1.
         *
         * @param weight 1..1000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder weight(int weight) {
            if (weight < 1 || weight > 1000) {
                throw new IllegalArgumentException("weight must be within 1..1000, got " + weight);
            }
            this.weight = weight;
            return this;
        }

        /**
         * Adds an inclusive range of statuses that count as success; the first call replaces the
         * default 200..299, later calls add to it.
         *
         * @param from the lowest, 100..599
         * @param to the highest, from..599
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder successStatuses(int from, int to) {
            if (from < 100 || from > 599 || to < from || to > 599) {
                throw new IllegalArgumentException(
                        "success statuses must be a range within 100..599, got "
                                + from
                                + ".."
                                + to);
            }
            if (!successSet) {
                success.clear();
                successSet = true;
            }
            success.set(from, to + 1);
            return this;
        }

        /**
         * Sets this operation's request timeout instead of the run's.
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Builds the operation.
         *
         * @return the operation
         */
        public LoadOperation build() {
            return new LoadOperation(this);
        }
    }
}
