package io.gonogo.server.internal.governance;

import io.gonogo.server.internal.governance.GovernanceException.Kind;
import io.gonogo.server.internal.governance.Model.Action;
import io.gonogo.server.internal.governance.Model.ActionKind;
import io.gonogo.server.internal.governance.Model.Decision;
import io.gonogo.server.internal.governance.Model.DecisionPage;
import io.gonogo.server.internal.governance.Model.DecisionStatus;
import io.gonogo.server.internal.governance.Model.GovernanceMetrics;
import io.gonogo.server.internal.governance.Model.RiskLevel;
import io.gonogo.server.internal.governance.Model.Session;
import io.gonogo.server.internal.governance.Model.SessionStats;
import io.gonogo.server.internal.governance.Model.SessionStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The governance operations, the same for both transports: validation, state rules and storage.
 * Every method blocks on storage, so transports call it through {@link Admission}.
 *
 * <p>Rules: only a pending decision can be approved, rejected or escalated, and only through an
 * open session; each action is recorded with operator, time and reason. Every write is committed
 * before the method returns. Thread-safe.
 */
public final class GovernanceService {

    /** Longest operator name, in characters. */
    public static final int MAX_OPERATOR = 128;

    /** Longest decision title. */
    public static final int MAX_TITLE = 500;

    /** Longest reason. */
    public static final int MAX_REASON = 2000;

    /** Longest escalation target. */
    public static final int MAX_TARGET = 128;

    /** Most context entries. */
    public static final int MAX_CONTEXT_ENTRIES = 32;

    /** Longest context key. */
    public static final int MAX_CONTEXT_KEY = 64;

    /** Longest context value. */
    public static final int MAX_CONTEXT_VALUE = 1024;

    /** Largest page size. */
    public static final int MAX_PAGE_SIZE = 500;

    /** Page size when none is given. */
    public static final int DEFAULT_PAGE_SIZE = 50;

    private final Store store;
    private final PendingHub hub;
    private final Clock clock;
    private final byte[] token;

    public GovernanceService(Store store, PendingHub hub, Clock clock, String operatorToken) {
        this.store = store;
        this.hub = hub;
        this.clock = clock;
        this.token = operatorToken.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks a bearer token in constant time.
     *
     * @throws GovernanceException UNAUTHENTICATED if it is missing or wrong
     */
    public void authenticate(Optional<String> presented) {
        if (presented.isEmpty()) {
            throw new GovernanceException(
                    Kind.UNAUTHENTICATED,
                    "missing operator token: send 'Authorization: Bearer <token>'");
        }
        if (!MessageDigest.isEqual(token, presented.get().getBytes(StandardCharsets.UTF_8))) {
            throw new GovernanceException(Kind.UNAUTHENTICATED, "wrong operator token");
        }
    }

    /** Returns the token of an {@code Authorization: Bearer <token>} value, if it is one. */
    public static Optional<String> bearer(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String a = authorization.strip();
        if (a.length() > 7 && a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(a.substring(7).strip());
        }
        return Optional.empty();
    }

    public Session createSession(String operator) {
        String op = required("operator", operator, MAX_OPERATOR);
        Session s =
                new Session(
                        UUID.randomUUID().toString(), op, SessionStatus.OPEN, clock.millis(), 0);
        write(
                c -> {
                    store.insertSession(c, s);
                    return null;
                });
        return s;
    }

    public Session closeSession(String sessionId) {
        String id = id("sessionId", sessionId);
        return write(
                c -> {
                    Session s = store.session(c, id, true).orElseThrow(() -> unknownSession(id));
                    if (s.status() == SessionStatus.CLOSED) {
                        throw new GovernanceException(
                                Kind.FAILED_PRECONDITION, "session " + id + " is already closed");
                    }
                    long at = clock.millis();
                    store.closeSession(c, id, at);
                    return new Session(
                            s.id(), s.operator(), SessionStatus.CLOSED, s.openedAtMillis(), at);
                });
    }

    public SessionStats sessionStats(String sessionId) {
        String id = id("sessionId", sessionId);
        return write(
                c ->
                        store.stats(
                                c,
                                store.session(c, id, false).orElseThrow(() -> unknownSession(id))));
    }

    public Decision submitDecision(String title, String riskLevel, Map<String, String> context) {
        String t = required("title", title, MAX_TITLE);
        RiskLevel risk = parseEnum(RiskLevel.class, "riskLevel", riskLevel, true).orElseThrow();
        Map<String, String> ctx = context(context);
        Decision d =
                new Decision(
                        UUID.randomUUID().toString(),
                        t,
                        risk,
                        ctx,
                        DecisionStatus.PENDING,
                        clock.millis(),
                        0,
                        List.of());
        write(
                c -> {
                    store.insertDecision(c, d);
                    return null;
                });
        hub.publish(d);
        return d;
    }

    public DecisionPage listDecisions(String status, int page, int size) {
        Optional<DecisionStatus> s = parseEnum(DecisionStatus.class, "status", status, false);
        if (page < 0) {
            throw GovernanceException.invalid("page", "page must be 0 or more, got " + page);
        }
        int sz = size == 0 ? DEFAULT_PAGE_SIZE : size;
        if (sz < 1 || sz > MAX_PAGE_SIZE) {
            throw GovernanceException.invalid(
                    "size", "size must be within 1.." + MAX_PAGE_SIZE + ", got " + size);
        }
        if ((long) page * sz > Integer.MAX_VALUE) {
            throw GovernanceException.invalid("page", "page " + page + " is too far");
        }
        return write(c -> store.list(c, s, page, sz));
    }

    public Decision getDecision(String decisionId) {
        String id = id("decisionId", decisionId);
        return write(c -> store.decision(c, id).orElseThrow(() -> unknownDecision(id)));
    }

    public Decision approve(String decisionId, String sessionId, String reason) {
        return act(
                ActionKind.APPROVE,
                decisionId,
                sessionId,
                optional("reason", reason, MAX_REASON),
                "");
    }

    public Decision reject(String decisionId, String sessionId, String reason) {
        return act(
                ActionKind.REJECT,
                decisionId,
                sessionId,
                required("reason", reason, MAX_REASON),
                "");
    }

    public Decision escalate(String decisionId, String sessionId, String reason, String target) {
        String r = required("reason", reason, MAX_REASON);
        return act(
                ActionKind.ESCALATE,
                decisionId,
                sessionId,
                r,
                required("target", target, MAX_TARGET));
    }

    private Decision act(
            ActionKind kind, String decisionId, String sessionId, String reason, String target) {
        String did = id("decisionId", decisionId);
        String sid = id("sessionId", sessionId);
        return write(
                c -> {
                    Session s = store.session(c, sid, true).orElseThrow(() -> unknownSession(sid));
                    Decision d = store.decision(c, did).orElseThrow(() -> unknownDecision(did));
                    if (s.status() != SessionStatus.OPEN) {
                        throw new GovernanceException(
                                Kind.FAILED_PRECONDITION,
                                "session "
                                        + sid
                                        + " is closed and cannot "
                                        + verb(kind)
                                        + " decisions");
                    }
                    long at = clock.millis();
                    if (!store.decide(c, did, kind.result(), at)) {
                        DecisionStatus now =
                                store.decision(c, did).map(Decision::status).orElse(d.status());
                        throw new GovernanceException(
                                Kind.FAILED_PRECONDITION,
                                "decision "
                                        + did
                                        + " is "
                                        + now
                                        + "; only a PENDING decision can be "
                                        + past(kind));
                    }
                    store.insertAction(
                            c, did, new Action(kind, sid, s.operator(), at, reason, target));
                    return store.decision(c, did).orElseThrow();
                });
    }

    public GovernanceMetrics metrics() {
        return write(store::metrics);
    }

    private static String verb(ActionKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static String past(ActionKind kind) {
        switch (kind) {
            case APPROVE:
                return "approved";
            case REJECT:
                return "rejected";
            default:
                return "escalated";
        }
    }

    private <T> T write(Store.Work<T> work) {
        try {
            return store.inTransaction(work);
        } catch (SQLException e) {
            throw new GovernanceException(Kind.UNAVAILABLE, "storage failed: " + e.getMessage());
        }
    }

    private static GovernanceException unknownSession(String id) {
        return new GovernanceException(Kind.NOT_FOUND, "no session with id " + id);
    }

    private static GovernanceException unknownDecision(String id) {
        return new GovernanceException(Kind.NOT_FOUND, "no decision with id " + id);
    }

    private static String id(String field, String value) {
        if (value == null || value.isBlank()) {
            throw GovernanceException.invalid(field, field + " is required");
        }
        if (value.length() > 36) {
            throw GovernanceException.invalid(
                    field,
                    field + " must be an id of at most 36" + " characters, got " + value.length());
        }
        return value;
    }

    static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw GovernanceException.invalid(field, field + " is required and must not be blank");
        }
        return limited(field, value.strip(), max);
    }

    static String optional(String field, String value, int max) {
        return value == null ? "" : limited(field, value.strip(), max);
    }

    private static String limited(String field, String value, int max) {
        if (value.length() > max) {
            throw GovernanceException.invalid(
                    field,
                    field + " must be at most " + max + " characters, got " + value.length());
        }
        return value;
    }

    private static Map<String, String> context(Map<String, String> context) {
        if (context == null) {
            return Map.of();
        }
        if (context.size() > MAX_CONTEXT_ENTRIES) {
            throw GovernanceException.invalid(
                    "context",
                    "context must have at most "
                            + MAX_CONTEXT_ENTRIES
                            + " entries, got "
                            + context.size());
        }
        for (Map.Entry<String, String> e : context.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_CONTEXT_KEY) {
                throw GovernanceException.invalid(
                        "context",
                        "context keys must have 1.."
                                + MAX_CONTEXT_KEY
                                + " characters, got "
                                + e.getKey().length());
            }
            if (e.getValue() == null || e.getValue().length() > MAX_CONTEXT_VALUE) {
                throw GovernanceException.invalid(
                        "context." + e.getKey(),
                        "context value of '"
                                + e.getKey()
                                + "' must be a string of at most "
                                + MAX_CONTEXT_VALUE
                                + " characters");
            }
        }
        return context;
    }

    private static <E extends Enum<E>> Optional<E> parseEnum(
            Class<E> type, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw GovernanceException.invalid(
                        field, field + " is required, one of " + List.of(type.getEnumConstants()));
            }
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw GovernanceException.invalid(
                    field,
                    field
                            + " must be one of "
                            + List.of(type.getEnumConstants())
                            + ", got '"
                            + value
                            + "'");
        }
    }
}
