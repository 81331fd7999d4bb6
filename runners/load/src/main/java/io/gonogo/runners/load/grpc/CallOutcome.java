package io.gonogo.runners.load.grpc;

import io.gonogo.runners.load.ErrorKind;
import java.util.Objects;
import java.util.Optional;

/**
 * How a failed call counts: never answered (connect, timeout, reset, protocol) or answered with an
 * unsuccessful result counted under an error kind of its own, such as {@code grpc_UNAVAILABLE}.
 *
 * <p>A {@link FutureLoadRunner}'s failure classifier turns each exception a call completes with
 * into one of these; a call that completes normally is a success.
 */
public final class CallOutcome {

    private final ErrorKind unanswered;
    private final String kind;

    private CallOutcome(ErrorKind unanswered, String kind) {
        this.unanswered = unanswered;
        this.kind = kind;
    }

    /**
     * A call that got no answer: it counts as attempted, not answered, under {@code kind}.
     *
     * @param kind {@link ErrorKind#CONNECT}, {@link ErrorKind#TIMEOUT}, {@link ErrorKind#RESET} or
     *     {@link ErrorKind#PROTOCOL}
     * @return the outcome
     * @throws IllegalArgumentException for the HTTP status kinds, which are answers
     */
    public static CallOutcome unanswered(ErrorKind kind) {
        Objects.requireNonNull(kind, "kind");
        if (kind == ErrorKind.HTTP_4XX || kind == ErrorKind.HTTP_5XX) {
            throw new IllegalArgumentException(
                    kind
                            + " is an answer, not a missing one; use answered(\""
                            + kind.label()
                            + "\")");
        }
        return new CallOutcome(kind, kind.label());
    }

    /**
     * A call that was answered with an unsuccessful result, counted under an error kind of its own.
     *
     * @param kind the value of the {@code kind} label, letters, digits and {@code _-.} only, such
     *     as {@code grpc_NOT_FOUND}
     * @return the outcome
     * @throws IllegalArgumentException if the kind is empty, has other characters or names an
     *     unanswered kind ({@code connect}, {@code timeout}, {@code reset}, {@code protocol})
     */
    public static CallOutcome answered(String kind) {
        Objects.requireNonNull(kind, "kind");
        if (!kind.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(
                    "an error kind must be 1 to 64 letters, digits, '_', '-' or '.', got '"
                            + kind
                            + "'");
        }
        for (ErrorKind k : ErrorKind.values()) {
            if (k.label().equals(kind) && k != ErrorKind.HTTP_4XX && k != ErrorKind.HTTP_5XX) {
                throw new IllegalArgumentException(
                        "'"
                                + kind
                                + "' is an unanswered kind; use unanswered(ErrorKind."
                                + k.name()
                                + ")");
            }
        }
        return new CallOutcome(null, kind);
    }

    /**
     * Returns the error kind of a call that got no answer.
     *
     * @return the kind, or empty when the call was answered
     */
    public Optional<ErrorKind> unansweredKind() {
        return Optional.ofNullable(unanswered);
    }

    /**
     * Returns the value of the {@code kind} label this outcome is counted under.
     *
     * @return for example {@code timeout} or {@code grpc_UNAVAILABLE}
     */
    public String kind() {
        return kind;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallOutcome other
                && other.unanswered == unanswered
                && other.kind.equals(kind);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + (unanswered == null ? 0 : unanswered.hashCode());
    }

    @Override
    public String toString() {
        return (unanswered != null ? "unanswered " : "answered ") + kind;
    }
}
