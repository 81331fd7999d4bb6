package io.gonogo.server.internal.governance;

import java.util.List;
import java.util.Map;

/** The records and closed vocabularies of the governance service. */
public final class Model {

    private Model() {}

    /** Where a decision stands. */
    public enum DecisionStatus {
        /** Proposed and waiting for an operator. */
        PENDING,
        /** Approved by an operator. */
        APPROVED,
        /** Rejected by an operator, with a reason. */
        REJECTED,
        /** Handed on by an operator to someone else, with a reason and a target. */
        ESCALATED
    }

    /** The risk the automated side attaches to a proposed decision. */
    public enum RiskLevel {
        /** Little harm if wrong. */
        LOW,
        /** Some harm if wrong. */
        MEDIUM,
        /** Serious harm if wrong. */
        HIGH,
        /** Must not be wrong. */
        CRITICAL
    }

    /** What an operator did to a decision. */
    public enum ActionKind {
        /** Approved it. */
        APPROVE(DecisionStatus.APPROVED),
        /** Rejected it. */
        REJECT(DecisionStatus.REJECTED),
        /** Escalated it. */
        ESCALATE(DecisionStatus.ESCALATED);

        private final DecisionStatus result;

        ActionKind(DecisionStatus result) {
            this.result = result;
        }

        /** Returns the status a pending decision takes after this action. */
        public DecisionStatus result() {
            return result;
        }
    }

    /** Whether an operator session can still act. */
    public enum SessionStatus {
        /** Open: its operator can act. */
        OPEN,
        /** Closed: it can no longer act. */
        CLOSED
    }

    /** An operator's session; {@code closedAtMillis} is 0 while open. */
    public record Session(
            String id,
            String operator,
            SessionStatus status,
            long openedAtMillis,
            long closedAtMillis) {}

    /** One recorded operator action; {@code reason} and {@code target} are empty when not given. */
    public record Action(
            ActionKind kind,
            String sessionId,
            String operator,
            long atMillis,
            String reason,
            String target) {}

    /** A decision with its recorded actions; {@code decidedAtMillis} is 0 while pending. */
    public record Decision(
            String id,
            String title,
            RiskLevel riskLevel,
            Map<String, String> context,
            DecisionStatus status,
            long createdAtMillis,
            long decidedAtMillis,
            List<Action> actions) {
        public Decision {
            context = Map.copyOf(context);
            actions = List.copyOf(actions);
        }
    }

    /** What one session did. */
    public record SessionStats(Session session, long approved, long rejected, long escalated) {}

    /** One page of decisions, newest first, and how many match in all. */
    public record DecisionPage(List<Decision> decisions, int page, int size, long total) {
        public DecisionPage {
            decisions = List.copyOf(decisions);
        }
    }

    /** Counts by status (every status present) and the mean time from proposal to decision. */
    public record GovernanceMetrics(
            Map<DecisionStatus, Long> countsByStatus, long decided, double meanTimeToDecideMillis) {
        public GovernanceMetrics {
            countsByStatus = Map.copyOf(countsByStatus);
        }
    }
}
