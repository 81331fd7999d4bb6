package io.gonogo.server.internal.governance;

import java.util.Optional;

/** A request the service refuses, with the kind that each transport maps to its own code. */
public final class GovernanceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a request was refused. */
    public enum Kind {
        /** Malformed input: HTTP 400, gRPC INVALID_ARGUMENT. */
        INVALID_ARGUMENT,
        /** Missing or wrong operator token: HTTP 401, gRPC UNAUTHENTICATED. */
        UNAUTHENTICATED,
        /** Unknown id: HTTP 404, gRPC NOT_FOUND. */
        NOT_FOUND,
        /** Not allowed in the current state: HTTP 409, gRPC FAILED_PRECONDITION. */
        FAILED_PRECONDITION,
        /** More in-flight work than admitted: HTTP 503, gRPC RESOURCE_EXHAUSTED. */
        RESOURCE_EXHAUSTED,
        /** The server is stopping or its storage failed: HTTP 503/500, gRPC UNAVAILABLE. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String field;

    public GovernanceException(Kind kind, String message) {
        this(kind, message, null);
    }

    public GovernanceException(Kind kind, String message, String field) {
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
    }

    /** Returns an INVALID_ARGUMENT naming {@code field}. */
    public static GovernanceException invalid(String field, String message) {
        return new GovernanceException(Kind.INVALID_ARGUMENT, message, field);
    }

    public Kind kind() {
        return kind;
    }

    /** Returns the request field at fault, for INVALID_ARGUMENT. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
