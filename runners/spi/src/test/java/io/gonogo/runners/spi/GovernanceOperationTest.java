package io.gonogo.runners.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GovernanceOperationTest {

    @Test
    void idsAreUniqueAndFoundById() {
        for (GovernanceOperation op : GovernanceOperation.values()) {
            assertThat(GovernanceOperation.byId(op.id())).contains(op);
        }
        assertThat(Arrays.stream(GovernanceOperation.values()).map(GovernanceOperation::id))
                .doesNotHaveDuplicates();
        assertThat(GovernanceOperation.byId("watch")).isEmpty();
    }

    @Test
    void defaultBodiesNameTheClientThatSendsThem() {
        assertThat(GovernanceOperation.CREATE_SESSION.body("load"))
                .contains("{\"operator\":\"gonogo-load\"}");
        assertThat(GovernanceOperation.SUBMIT_DECISION.body("chaos"))
                .contains("{\"title\":\"chaos\",\"riskLevel\":\"LOW\"}");
        assertThat(GovernanceOperation.APPROVE.body("bench"))
                .contains("{\"sessionId\":\"{session}\",\"reason\":\"bench\"}");
        assertThat(GovernanceOperation.HEALTH.body("load")).isEmpty();
    }

    @Test
    void standaloneOperationsNeedNoEarlierCallsId() {
        assertThat(GovernanceOperation.standaloneOperations())
                .containsExactly(
                        GovernanceOperation.HEALTH,
                        GovernanceOperation.CREATE_SESSION,
                        GovernanceOperation.SUBMIT_DECISION,
                        GovernanceOperation.LIST_DECISIONS,
                        GovernanceOperation.METRICS);
        assertThat(GovernanceOperation.ids(GovernanceOperation.standaloneOperations()))
                .isEqualTo("health, create-session, submit-decision, list-decisions, metrics");
    }

    @Test
    void readOnlyOperationsAreTheGetsAndGrpcMethodsAreFullNames() {
        assertThat(
                        Arrays.stream(GovernanceOperation.values())
                                .filter(GovernanceOperation::readOnly))
                .containsExactly(
                        GovernanceOperation.HEALTH,
                        GovernanceOperation.SESSION_STATS,
                        GovernanceOperation.LIST_DECISIONS,
                        GovernanceOperation.GET_DECISION,
                        GovernanceOperation.METRICS);
        assertThat(GovernanceOperation.METRICS.grpcMethod())
                .isEqualTo("gonogo.governance.v1.Governance/GetMetrics");
        assertThat(GovernanceOperation.CLOSE_SESSION.httpMethod()).isEqualTo("DELETE");
        assertThat(GovernanceOperation.CLOSE_SESSION.httpPath()).isEqualTo("/sessions/{session}");
    }
}
