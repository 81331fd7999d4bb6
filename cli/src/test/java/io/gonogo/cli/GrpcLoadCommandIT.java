package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gonogo.server.GovernanceServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gonogo load grpc://...} against the governance server's gRPC API, with server reflection.
 */
class GrpcLoadCommandIT {

    static GovernanceServer server;

    @TempDir Path dir;

    @BeforeAll
    static void start() {
        server =
                GovernanceServer.builder()
                        .httpPort(0)
                        .grpcPort(0)
                        .operatorToken("cli-test-token")
                        .build();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static String target() {
        return "grpc://" + server.grpcAddress();
    }

    @Test
    void healthCallsPrintAWrkStyleSummary() {
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load",
                        target(),
                        "-m",
                        "gonogo.governance.v1.Governance/Health",
                        "-c",
                        "4",
                        "-n",
                        "2000",
                        "--warmup",
                        "200",
                        "-q");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out())
                .containsPattern("(?m)^Requests/sec: +\\d+\\.\\d\\d$")
                .contains("gonogo.governance.v1.Governance/Health")
                .contains("2000 calls in")
                .contains("2000 succeeded (100.00%)")
                .contains("closed model");
        assertThat(o.err()).isEmpty();
    }

    @Test
    void aMutatingCallWithoutTheTokenLandsInTheUnauthenticatedBucketAndWithItSucceeds()
            throws Exception {
        Path json = dir.resolve("run.json");
        CliTestSupport.Outcome denied =
                CliTestSupport.run(
                        "load",
                        target(),
                        "-m",
                        "gonogo.governance.v1.Governance/CreateSession",
                        "--body",
                        "{\"operator\":\"alice\"}",
                        "-c",
                        "2",
                        "-n",
                        "50",
                        "-q",
                        "--json",
                        json.toString());
        assertThat(denied.exitCode()).as(denied.err()).isZero();
        assertThat(denied.out()).contains("Errors: grpc_UNAUTHENTICATED 50");
        JsonNode j = new ObjectMapper().readTree(Files.readString(json));
        assertThat(j.get("transport").asText()).isEqualTo("grpc");
        assertThat(j.get("errors").get("grpc_UNAUTHENTICATED").asLong()).isEqualTo(50);
        assertThat(j.get("errors").get("connect").asLong()).isZero();
        assertThat(j.get("latencyMicros").get("count").asLong()).isEqualTo(50);

        CliTestSupport.Outcome allowed =
                CliTestSupport.run(
                        "load",
                        target(),
                        "-m",
                        "gonogo.governance.v1.Governance/CreateSession",
                        "--body",
                        "{\"operator\":\"alice\"}",
                        "-c",
                        "2",
                        "-n",
                        "50",
                        "-q",
                        "-H",
                        "authorization: Bearer cli-test-token");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.out()).contains("50 succeeded (100.00%)").doesNotContain("Errors:");
    }

    @Test
    void anOpenRunAtARateReportsItsSendLag() {
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load",
                        target(),
                        "-m",
                        "gonogo.governance.v1.Governance/Health",
                        "-c",
                        "4",
                        "-d",
                        "2s",
                        "--rate",
                        "200",
                        "-q");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("open model").contains("Send lag").contains("400 calls in");
    }

    @Test
    void anUnknownMethodExitsTwoWithOneLineNamingTheMethodsOfTheService() {
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load", target(), "-m", "gonogo.governance.v1.Governance/Nope", "-n", "10");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .hasLineCount(1)
                .startsWith(
                        "gonogo load: unknown gRPC method 'Nope' in service"
                                + " gonogo.governance.v1.Governance; it has Health, CreateSession");
        assertThat(o.out()).isEmpty();
    }

    @Test
    void anUnknownServiceExitsTwoNamingTheServicesOffered() {
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load", target(), "-m", "gonogo.governance.v2.Governance/Health");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .hasLineCount(1)
                .isEqualTo(
                        "gonogo load: unknown gRPC service"
                                + " 'gonogo.governance.v2.Governance' at "
                                + server.grpcAddress()
                                + "; it offers gonogo.governance.v1.Governance\n");
    }

    @Test
    void aBodyThatDoesNotFitTheRequestTypeExitsTwo() {
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load",
                        target(),
                        "-m",
                        "gonogo.governance.v1.Governance/CreateSession",
                        "--body",
                        "{\"operatr\":\"alice\"}");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .hasLineCount(1)
                .startsWith(
                        "gonogo load: the body does not fit"
                                + " gonogo.governance.v1.CreateSessionRequest, the request of"
                                + " gonogo.governance.v1.Governance/CreateSession: ")
                .contains("operatr");
    }

    @Test
    void badArgumentsExitTwoWithOneLine() {
        assertBad("gonogo load: a grpc:// target needs -m/--method", "load", target());
        assertBad("gonogo load: --method '", "load", target(), "-m", "Health");
        assertBad(
                "gonogo load: -c must be at least 1, got 0",
                "load",
                target(),
                "-m",
                "gonogo.governance.v1.Governance/Health",
                "-c",
                "0");
        assertBad(
                "gonogo load: --rate must be above 0",
                "load",
                target(),
                "-m",
                "gonogo.governance.v1.Governance/Health",
                "-d",
                "1s",
                "--rate",
                "-1");
        assertBad(
                "gonogo load: malformed gRPC target 'grpc://127.0.0.1'",
                "load",
                "grpc://127.0.0.1",
                "-m",
                "gonogo.governance.v1.Governance/Health");
        assertBad(
                "gonogo load: --proto-set " + dir.resolve("missing.pb") + " is not a file",
                "load",
                target(),
                "-m",
                "gonogo.governance.v1.Governance/Health",
                "--proto-set",
                dir.resolve("missing.pb").toString());
        assertBad(
                "gonogo load: --timeout 'soon' is not a duration",
                "load",
                target(),
                "-m",
                "gonogo.governance.v1.Governance/Health",
                "--timeout",
                "soon");
    }

    @Test
    void anUnreachableTargetExitsFourWithOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load",
                        "grpc://127.0.0.1:" + port,
                        "-m",
                        "gonogo.governance.v1.Governance/Health",
                        "-n",
                        "10",
                        "--timeout",
                        "2s");
        assertThat(o.exitCode()).isEqualTo(4);
        assertThat(o.err())
                .hasLineCount(1)
                .isEqualTo(
                        "gonogo load: could not run: target unreachable: connection refused to"
                                + " 127.0.0.1:"
                                + port
                                + "\n");
    }

    private static void assertBad(String errStart, String... args) {
        CliTestSupport.Outcome o = CliTestSupport.run(args);
        assertThat(o.exitCode()).as(o.err()).isEqualTo(2);
        assertThat(o.err()).hasLineCount(1).startsWith(errStart);
    }
}
