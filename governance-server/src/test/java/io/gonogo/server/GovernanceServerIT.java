package io.gonogo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.server.RawHttpConnection.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GovernanceServerIT {

    private static final String HEALTH_BODY = "{\"status\":\"UP\"}";
    private static final String GET_HEALTH = "GET /health HTTP/1.1\r\nHost: test\r\n\r\n";
    private static final int MIB = 1024 * 1024;

    private final List<GovernanceServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(GovernanceServer::stop);
    }

    private GovernanceServer started() {
        return started(GovernanceServer.builder());
    }

    private GovernanceServer started(GovernanceServer.Builder builder) {
        GovernanceServer server = builder.build();
        servers.add(server);
        server.start();
        return server;
    }

    @Test
    void healthAnswersManyKeepAliveRequestsOnOneConnectionAndCountsEachOne() throws IOException {
        GovernanceServer server = started();
        int requests = 200;
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            for (int i = 0; i < requests; i++) {
                connection.send(GET_HEALTH);
                Response response = connection.read();
                assertThat(response.status()).as("response %d", i).isEqualTo(200);
                assertThat(response.body()).isEqualTo(HEALTH_BODY);
                assertThat(response.header("Content-Type")).isEqualTo("application/json");
                assertThat(response.header("Content-Length")).isEqualTo("15");
                assertThat(response.header("Connection")).isNull();
            }
        }
        assertThat(server.handledRequests()).isEqualTo(requests);
    }

    @Test
    void healthAnswersTheJdkHttpClient() throws Exception {
        GovernanceServer server = started();
        HttpClient client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
        HttpRequest request =
                HttpRequest.newBuilder(server.httpBaseUri().resolve("/health"))
                        .timeout(Duration.ofSeconds(10))
                        .build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response =
                    client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(HEALTH_BODY);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        }
        assertThat(server.handledRequests()).isEqualTo(3);
    }

    @Test
    void twoPipelinedRequestsInOneWriteGetTwoResponsesInOrder() throws IOException {
        GovernanceServer server = started();
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send(GET_HEALTH + "GET /second HTTP/1.1\r\nHost: test\r\n\r\n");
            Response first = connection.read();
            Response second = connection.read();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo(HEALTH_BODY);
            assertThat(second.status()).isEqualTo(404);
            assertThat(second.body()).contains("no route for GET /second");
        }
        assertThat(server.handledRequests()).isEqualTo(2);
    }

    @Test
    void manyPipelinedRequestsInOneWriteAreAllAnsweredInOrder() throws IOException {
        GovernanceServer server = started();
        int requests = 500;
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            batch.append(i % 2 == 0 ? GET_HEALTH : "GET /n/" + i + " HTTP/1.1\r\nHost: t\r\n\r\n");
        }
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send(batch.toString());
            for (int i = 0; i < requests; i++) {
                Response response = connection.read();
                if (i % 2 == 0) {
                    assertThat(response.body()).as("response %d", i).isEqualTo(HEALTH_BODY);
                } else {
                    assertThat(response.body())
                            .as("response %d", i)
                            .isEqualTo(
                                    "{\"error\":\"not_found\",\"message\":\"no route for GET /n/"
                                            + i
                                            + "\"}");
                }
            }
        }
        assertThat(server.handledRequests()).isEqualTo(requests);
    }

    @Test
    void unknownPathAnswers404WithJsonErrorNamingMethodAndPath() throws IOException {
        GovernanceServer server = started();
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send("GET /x HTTP/1.1\r\nHost: test\r\n\r\n");
            Response response = connection.read();
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("content-type")).isEqualTo("application/json");
            assertThat(response.body())
                    .isEqualTo("{\"error\":\"not_found\",\"message\":\"no route for GET /x\"}");

            connection.send("GET /x%22?q=\"1 HTTP/1.1\r\nHost: test\r\n\r\n");
            assertThat(connection.read().body())
                    .as("the query is left out of the message")
                    .isEqualTo("{\"error\":\"not_found\",\"message\":\"no route for GET /x%22\"}");

            connection.send("GET /health/ HTTP/1.1\r\nHost: test\r\n\r\n");
            assertThat(connection.read().status()).isEqualTo(404);
        }
    }

    @Test
    void wrongMethodOnHealthAnswers405WithAllowHeader() throws IOException {
        GovernanceServer server = started();
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send("DELETE /health HTTP/1.1\r\nHost: test\r\n\r\n");
            Response response = connection.read();
            assertThat(response.status()).isEqualTo(405);
            assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
            assertThat(response.body())
                    .isEqualTo(
                            "{\"error\":\"method_not_allowed\",\"message\":\"DELETE is not allowed"
                                    + " on /health; allowed: GET, HEAD\"}");
            connection.send(GET_HEALTH);
            assertThat(connection.read().status()).as("connection still usable").isEqualTo(200);
        }
    }

    @Test
    void headOnHealthSendsHeadersWithoutBodyAndKeepsTheConnectionUsable() throws IOException {
        GovernanceServer server = started();
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send("HEAD /health HTTP/1.1\r\nHost: test\r\n\r\n" + GET_HEALTH);
            Response head = connection.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo("15");
            // Had the HEAD response carried a body, its bytes would be read as this status line.
            Response get = connection.read();
            assertThat(get.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(get.body()).isEqualTo(HEALTH_BODY);
        }
        assertThat(server.handledRequests()).isEqualTo(2);
    }

    @Test
    void http10RequestWithoutKeepAliveIsAnsweredThenClosed() throws IOException {
        GovernanceServer server = started();
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send("GET /health HTTP/1.0\r\n\r\n");
            Response response = connection.read();
            assertThat(response.body()).isEqualTo(HEALTH_BODY);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(connection.closedByPeer()).isTrue();
        }
    }

    @Test
    void http10RequestWithKeepAliveKeepsTheConnectionOpen() throws IOException {
        GovernanceServer server = started();
        String request = "GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send(request);
            Response first = connection.read();
            assertThat(first.header("connection")).isEqualTo("keep-alive");
            connection.send(request);
            assertThat(connection.read().body()).isEqualTo(HEALTH_BODY);
        }
        assertThat(server.handledRequests()).isEqualTo(2);
    }

    @Test
    void connectionCloseIsHonouredAndLaterPipelinedRequestsAreNotAnswered() throws IOException {
        GovernanceServer server = started();
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send(
                    "GET /health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n" + GET_HEALTH);
            Response response = connection.read();
            assertThat(response.body()).isEqualTo(HEALTH_BODY);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(connection.closedByPeer()).isTrue();
        }
        assertThat(server.handledRequests()).isEqualTo(1);
    }

    @Test
    void declaredBodyOverOneMebibyteAnswers413AndCloses() throws IOException {
        GovernanceServer server = started();
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send(
                    "POST /health HTTP/1.1\r\nHost: test\r\nContent-Length: "
                            + (MIB + 1)
                            + "\r\n\r\n");
            Response response = connection.read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.body()).startsWith("{\"error\":\"payload_too_large\"");
            assertThat(connection.closedByPeer()).isTrue();
        }
        assertThat(server.handledRequests()).isEqualTo(1);
    }

    @Test
    void chunkedBodyOverOneMebibyteAnswers413AndCloses() throws IOException {
        GovernanceServer server = started();
        byte[] chunk = new byte[MIB + 1];
        Arrays.fill(chunk, (byte) 'a');
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send(
                    "POST /x HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(chunk.length)
                            + "\r\n");
            // No chunk terminator follows: the server has read every byte sent when it refuses,
            // so it closes with a FIN rather than a reset that could swallow the 413.
            connection.send(chunk);
            Response response = connection.read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(connection.closedByPeer()).isTrue();
        }
    }

    @Test
    void bodyOfExactlyOneMebibyteIsReadAndTheConnectionStaysUsable() throws IOException {
        GovernanceServer server = started();
        byte[] body = new byte[MIB];
        Arrays.fill(body, (byte) 'b');
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send(
                    "POST /x HTTP/1.1\r\nHost: test\r\nContent-Length: " + MIB + "\r\n\r\n");
            connection.send(body);
            assertThat(connection.read().status()).isEqualTo(404);
            connection.send(GET_HEALTH);
            assertThat(connection.read().body()).isEqualTo(HEALTH_BODY);
        }
        assertThat(server.handledRequests()).isEqualTo(2);
    }

    @Test
    void expectContinueGetsAnInterimResponseBeforeTheBodyIsSent() throws IOException {
        GovernanceServer server = started();
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send(
                    "PUT /health HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\n"
                            + "Content-Length: 5\r\n\r\n");
            Response interim = connection.readHead();
            assertThat(interim.status()).isEqualTo(100);
            connection.send("hello");
            assertThat(connection.read().status()).isEqualTo(405);
        }
        assertThat(server.handledRequests()).isEqualTo(1);
    }

    @Test
    void malformedRequestAnswers400AndCloses() throws IOException {
        GovernanceServer server = started();
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send("GET /health HTTX/1.1\r\nHost: test\r\n\r\n");
            Response response = connection.read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).startsWith("{\"error\":\"bad_request\"");
            assertThat(connection.closedByPeer()).isTrue();
        }
        assertThat(server.handledRequests()).isEqualTo(1);
    }

    @Test
    void handledRequestsCountsEveryAnsweredPathAndStartsAtZero() throws IOException {
        GovernanceServer server = started();
        assertThat(server.handledRequests()).isZero();
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send(GET_HEALTH);
            connection.read();
            connection.send("GET /missing HTTP/1.1\r\nHost: t\r\n\r\n");
            connection.read();
            connection.send("POST /health HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
            connection.read();
        }
        assertThat(server.handledRequests()).isEqualTo(3);
    }

    @Test
    void stopIsIdempotentAndFreesThePort() throws IOException {
        GovernanceServer first = started();
        int port = first.httpPort();
        first.stop();
        first.stop();
        first.close();
        assertThat(first.isRunning()).isFalse();

        GovernanceServer second = started(GovernanceServer.builder().httpPort(port));
        assertThat(second.httpPort()).isEqualTo(port);
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            connection.send(GET_HEALTH);
            assertThat(connection.read().body()).isEqualTo(HEALTH_BODY);
        }
        assertThat(second.handledRequests()).isEqualTo(1);
        assertThat(first.handledRequests()).isZero();
    }

    @Test
    void stopClosesOpenConnections() throws IOException {
        GovernanceServer server = started();
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send(GET_HEALTH);
            assertThat(connection.read().status()).isEqualTo(200);
            server.stop();
            assertThat(connection.closedByPeer()).isTrue();
        }
    }

    @Test
    void stopBeforeStartIsHarmlessAndTheServerCannotBeStartedAfterwards() {
        GovernanceServer server = GovernanceServer.builder().build();
        servers.add(server);
        server.stop();
        server.stop();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(server::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopped");
    }

    @Test
    void startingTwiceIsRefused() {
        GovernanceServer server = started();
        assertThatThrownBy(server::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already started on " + server.httpBaseUri());
        assertThat(server.isRunning()).isTrue();
    }

    @Test
    void twoServersOnPortZeroBindDifferentPortsAndBothServe() throws IOException {
        GovernanceServer one = started();
        GovernanceServer two = started();
        assertThat(one.httpPort()).isPositive().isNotEqualTo(two.httpPort());
        for (GovernanceServer server : List.of(one, two)) {
            try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
                connection.send(GET_HEALTH);
                assertThat(connection.read().body()).isEqualTo(HEALTH_BODY);
            }
            assertThat(server.handledRequests()).isEqualTo(1);
        }
    }

    @Test
    void startFailsClearlyWhenThePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            GovernanceServer server = GovernanceServer.builder().httpPort(port).build();
            servers.add(server);
            assertThatThrownBy(server::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
            assertThat(server.isRunning()).isFalse();
            server.stop();
        }
    }

    @Test
    void httpPortOutsideTheValidRangeIsRejectedNamingTheValue() {
        GovernanceServer.Builder builder = GovernanceServer.builder();
        assertThatThrownBy(() -> builder.httpPort(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..65535")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> builder.httpPort(65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
        assertThat(builder.httpPort(65535)).isSameAs(builder);
    }

    @Test
    void blankHostIsRejected() {
        assertThatThrownBy(() -> GovernanceServer.builder().host(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
        assertThatThrownBy(() -> GovernanceServer.builder().host(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataDirIsCreatedOnStart(@TempDir Path temp) {
        Path dataDir = temp.resolve("nested/data");
        GovernanceServer server = GovernanceServer.builder().dataDir(dataDir).build();
        servers.add(server);
        assertThat(dataDir).doesNotExist();
        server.start();
        assertThat(dataDir).isDirectory();
        assertThat(server.dataDir()).hasValue(dataDir.toAbsolutePath());
        assertThat(GovernanceServer.builder().build().dataDir()).isEmpty();
    }

    @Test
    void startFailsClearlyWhenTheDataDirCannotBeCreated(@TempDir Path temp) throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "x", StandardCharsets.UTF_8);
        GovernanceServer server = GovernanceServer.builder().dataDir(file.resolve("sub")).build();
        servers.add(server);
        assertThatThrownBy(server::start)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("data directory")
                .hasMessageContaining(file.toString());
    }

    @Test
    void httpBaseUriNamesTheHostAndTheBoundPort() {
        GovernanceServer server = started();
        assertThat(server.httpBaseUri())
                .isEqualTo(URI.create("http://127.0.0.1:" + server.httpPort()));
        assertThat(server.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void portAndBaseUriAreUnavailableBeforeStart() {
        GovernanceServer server = GovernanceServer.builder().build();
        assertThatThrownBy(server::httpPort)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start()");
        assertThatThrownBy(server::httpBaseUri).isInstanceOf(IllegalStateException.class);
        assertThat(server.handledRequests()).isZero();
    }

    @Test
    void nioTransportServesTheSameResponses() throws IOException {
        GovernanceServer server;
        System.setProperty("gonogo.server.transport", "nio");
        try {
            server = GovernanceServer.builder().build();
        } finally {
            System.clearProperty("gonogo.server.transport");
        }
        servers.add(server);
        server.start();
        assertThat(server.toString()).contains("transport=nio");
        try (RawHttpConnection connection = new RawHttpConnection(server.httpPort())) {
            connection.send(GET_HEALTH + "GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(connection.read().body()).isEqualTo(HEALTH_BODY);
            assertThat(connection.read().status()).isEqualTo(404);
        }
        assertThat(server.handledRequests()).isEqualTo(2);
    }

    @Test
    void unknownTransportPropertyIsRejectedAtBuild() {
        System.setProperty("gonogo.server.transport", "kqueue");
        try {
            assertThatThrownBy(() -> GovernanceServer.builder().build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gonogo.server.transport")
                    .hasMessageContaining("kqueue");
        } finally {
            System.clearProperty("gonogo.server.transport");
        }
    }
}
