package io.gonogo.runners.chaos.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Profile;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.runners.chaos.Chunk;
import io.gonogo.runners.chaos.Fault;
import io.gonogo.runners.chaos.FaultInjector;
import io.gonogo.runners.chaos.FaultInjectors;
import io.gonogo.runners.chaos.HttpRequestHead;
import io.gonogo.runners.spi.DeclaredEndpoint;
import io.gonogo.runners.spi.PlanContext;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * A fault that reads HTTP requests or gRPC calls is refused when the planner says the service
 * speaks TLS on the scenario's transport, with the position of the fault's kind and the reason;
 * connection-level faults and plaintext services are accepted.
 */
class ChaosOverTlsValidationTest {
    private static final DeclaredEndpoint HTTPS =
            new DeclaredEndpoint(true, false, "sut.url 'https://127.0.0.1:1/'");
    private static final DeclaredEndpoint GRPCS =
            new DeclaredEndpoint(false, true, "sut.url 'http://127.0.0.1:1'");
    private static final DeclaredEndpoint PLAIN =
            new DeclaredEndpoint(false, false, "sut: embedded");

    private static ConfigNode section(String transport, String fault) {
        String yaml =
                "chaos:\n"
                        + "  scenarios:\n"
                        + "    - id: s\n"
                        + "      transport: "
                        + transport
                        + "\n"
                        + "      fault: "
                        + fault
                        + "\n"
                        + "      at: 2s\n"
                        + "      for: 2s\n"
                        + "      duration: 6s\n";
        return ConfigNode.read("t.yaml", yaml).asMapping("root").accept("chaos").node("chaos");
    }

    private static void plan(
            ChaosSuiteKind kind, String transport, String fault, DeclaredEndpoint sut) {
        kind.plan(section(transport, fault), Profile.QUICK, PlanContext.of(sut));
    }

    @Test
    void anHttpErrorFaultOnAnHttpsServiceIsRefusedWithWhereAndWhy() {
        assertThatThrownBy(
                        () ->
                                plan(
                                        new ChaosSuiteKind(),
                                        "http",
                                        "{kind: http-error, share: 30%}",
                                        HTTPS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("t.yaml:5:21: ")
                .hasMessageContaining("fault kind 'http-error' acts on single HTTP requests")
                .hasMessageContaining("(sut.url 'https://127.0.0.1:1/')")
                .hasMessageContaining("the fault proxy cannot see inside TLS")
                .hasMessageContaining("use a connection-level fault (latency, bandwidth")
                .hasMessageContaining("or test a plaintext endpoint");
    }

    @Test
    void aGrpcErrorFaultIsRefusedWhenTheGrpcApiSpeaksTlsAndOnlyThen() {
        assertThatThrownBy(
                        () ->
                                plan(
                                        new ChaosSuiteKind(),
                                        "grpc",
                                        "{kind: grpc-error, share: 30%}",
                                        GRPCS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("t.yaml:5:21: ")
                .hasMessageContaining("acts on single gRPC calls, but the service's gRPC API");
        // the HTTP API being https says nothing about the gRPC one
        assertThat(
                        new ChaosSuiteKind()
                                .plan(
                                        section("grpc", "{kind: grpc-error, share: 30%}"),
                                        Profile.QUICK,
                                        PlanContext.of(HTTPS)))
                .hasSize(1);
    }

    @Test
    void connectionLevelFaultsAndProcessFaultsAreAcceptedOnTls() {
        for (String fault :
                new String[] {
                    "{kind: latency, latency: 100ms}",
                    "{kind: bandwidth, rate: 100KB/s}",
                    "{kind: blackhole}",
                    "{kind: reset}",
                    "{kind: slow-close, delay: 1s}",
                    "{kind: drop-connections, share: 50%}",
                    "{kind: kill}"
                }) {
            assertThat(
                            new ChaosSuiteKind()
                                    .plan(
                                            section("http", fault),
                                            Profile.QUICK,
                                            PlanContext.of(HTTPS)))
                    .as(fault)
                    .hasSize(1);
        }
    }

    @Test
    void requestFaultsStayAcceptedOnPlaintextAndWhenNothingIsDeclared() {
        ChaosSuiteKind kind = new ChaosSuiteKind();
        assertThat(
                        kind.plan(
                                section("http", "{kind: http-error, share: 30%}"),
                                Profile.QUICK,
                                PlanContext.of(PLAIN)))
                .hasSize(1);
        assertThat(kind.plan(section("http", "{kind: http-error, share: 30%}"), Profile.QUICK))
                .hasSize(1);
    }

    /** A fault kind of one's own that answers requests: refused like http-error. */
    @Test
    void aFaultOfOnesOwnThatAnswersRequestsIsRefusedOneThatDelaysChunksIsNot() {
        FaultInjectors injectors =
                FaultInjectors.standard()
                        .register(injector("teapot", true))
                        .register(injector("slow", false));
        assertThatThrownBy(
                        () -> plan(new ChaosSuiteKind(injectors), "http", "{kind: teapot}", HTTPS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("fault kind 'teapot' acts on single HTTP requests");
        assertThat(
                        new ChaosSuiteKind(injectors)
                                .plan(
                                        section("http", "{kind: slow}"),
                                        Profile.QUICK,
                                        PlanContext.of(HTTPS)))
                .hasSize(1);
    }

    private static FaultInjector injector(String kind, boolean answers) {
        return new FaultInjector() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public Set<String> settings() {
                return Set.of();
            }

            @Override
            public Fault create(Map<String, String> settings) {
                return answers ? new Teapot() : new Slow();
            }
        };
    }

    private static final class Teapot implements Fault {
        @Override
        public String kind() {
            return "teapot";
        }

        @Override
        public String description() {
            return "418 for every request";
        }

        @Override
        public OptionalInt answerInstead(HttpRequestHead request, RandomGenerator random) {
            return OptionalInt.of(418);
        }
    }

    private static final class Slow implements Fault {
        @Override
        public String kind() {
            return "slow";
        }

        @Override
        public String description() {
            return "1 ms per chunk";
        }

        @Override
        public void onChunk(Chunk chunk) {
            chunk.delay(1_000_000);
        }
    }
}
