package io.gonogo.runners.load.grpc;

import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.OperationResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The figures of one future-driven or gRPC load run: the {@link LoadResult} of the HTTP engine,
 * with the same meaning, plus the answered calls counted under error kinds of their own.
 *
 * <p>In {@code figures}, {@code answered} counts every call that got an answer, successful or not
 * (a gRPC status other than OK is an answer, as an HTTP 500 is); its {@link LoadResult#errors()}
 * hold the unanswered kinds (connect, timeout, reset, protocol, tls) and zero for the HTTP status
 * kinds. {@code answeredErrors} holds the answered but unsuccessful calls per kind, for example
 * {@code grpc_UNAVAILABLE}, so {@code answered == succeeded + sum(answeredErrors)}.
 *
 * @param figures counts, histograms and window, as the HTTP engine gives them
 * @param answeredErrors answered unsuccessful calls per error kind label, including the zero counts
 *     of every kind the runner knows in advance (all gRPC statuses but OK)
 * @param operationAnsweredErrors a weighted mix's {@code answeredErrors} per operation name, in the
 *     order of {@link LoadResult#operations()}; empty without a mix
 */
public record CallLoadResult(
        LoadResult figures,
        Map<String, Long> answeredErrors,
        Map<String, Map<String, Long>> operationAnsweredErrors) {

    /**
     * Checks the components and copies the maps, the kinds sorted.
     *
     * @param figures counts, histograms and window
     * @param answeredErrors answered unsuccessful calls per error kind label
     * @param operationAnsweredErrors a mix's answered unsuccessful calls per operation and kind
     */
    public CallLoadResult {
        Objects.requireNonNull(figures, "figures");
        answeredErrors =
                Collections.unmodifiableMap(
                        new TreeMap<>(Objects.requireNonNull(answeredErrors, "answeredErrors")));
        Map<String, Map<String, Long>> ops = new LinkedHashMap<>();
        Objects.requireNonNull(operationAnsweredErrors, "operationAnsweredErrors")
                .forEach((k, v) -> ops.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        operationAnsweredErrors = Collections.unmodifiableMap(ops);
    }

    /**
     * A run without a mix.
     *
     * @param figures counts, histograms and window
     * @param answeredErrors answered unsuccessful calls per error kind label
     */
    public CallLoadResult(LoadResult figures, Map<String, Long> answeredErrors) {
        this(figures, answeredErrors, Map.of());
    }

    /**
     * Returns every error kind of one operation of a mix with its count, in the order of {@link
     * #errorsByKind()}.
     *
     * @param operation the operation's figures, one of {@link LoadResult#operations()}
     * @return label to count
     */
    public Map<String, Long> errorsByKind(OperationResult operation) {
        Map<String, Long> all = new LinkedHashMap<>();
        for (ErrorKind kind :
                new ErrorKind[] {ErrorKind.CONNECT, ErrorKind.TIMEOUT, ErrorKind.RESET}) {
            all.put(kind.label(), operation.errorCount(kind));
        }
        for (ErrorKind kind : new ErrorKind[] {ErrorKind.PROTOCOL, ErrorKind.TLS}) {
            if (operation.errorCount(kind) > 0) {
                all.put(kind.label(), operation.errorCount(kind));
            }
        }
        all.putAll(operationAnsweredErrors.getOrDefault(operation.name(), Map.of()));
        return Collections.unmodifiableMap(all);
    }

    /**
     * Returns every error kind of the run with its count: {@code connect}, {@code timeout} and
     * {@code reset} always, {@code protocol} and {@code tls} when they occurred, then the answered
     * kinds.
     *
     * @return label to count, in that order
     */
    public Map<String, Long> errorsByKind() {
        Map<String, Long> all = new LinkedHashMap<>();
        for (ErrorKind kind :
                new ErrorKind[] {ErrorKind.CONNECT, ErrorKind.TIMEOUT, ErrorKind.RESET}) {
            all.put(kind.label(), figures.errorCount(kind));
        }
        for (ErrorKind kind : new ErrorKind[] {ErrorKind.PROTOCOL, ErrorKind.TLS}) {
            if (figures.errorCount(kind) > 0) {
                all.put(kind.label(), figures.errorCount(kind));
            }
        }
        all.putAll(answeredErrors);
        return Collections.unmodifiableMap(all);
    }

    /**
     * Returns the count of calls under one error kind label, answered or not.
     *
     * @param kind a label such as {@code timeout} or {@code grpc_NOT_FOUND}
     * @return the count, zero where none
     */
    public long errorCount(String kind) {
        return errorsByKind().getOrDefault(Objects.requireNonNull(kind, "kind"), 0L);
    }

    /**
     * Returns the count of calls that ended in any error kind, answered or not.
     *
     * @return the sum over all kinds
     */
    public long totalErrors() {
        long sum = figures.totalErrors();
        for (long n : answeredErrors.values()) {
            sum += n;
        }
        return sum;
    }
}
