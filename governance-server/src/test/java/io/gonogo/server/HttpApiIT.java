package io.gonogo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every governance operation over HTTP/JSON against a real server, results and error codes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpApiIT {

    static final String TOKEN = "test-token-123";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dataDir;
    static GovernanceServer server;
    static HttpClient client;

    @BeforeAll
    static void start() {
        server =
                GovernanceServer.builder()
                        .httpPort(0)
                        .dataDir(dataDir)
                        .operatorToken(TOKEN)
                        .build();
        server.start();
        client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    record Answer(int status, JsonNode json, HttpResponse<String> raw) {
        String field() {
            return json.path("field").asText(null);
        }

        String error() {
            return json.path("error").asText(null);
        }
    }

    static Answer call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(server.httpBaseUri().resolve(path))
                        .timeout(Duration.ofSeconds(20))
                        .method(
                                method,
                                body == null
                                        ? BodyPublishers.noBody()
                                        : BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = client.send(b.build(), BodyHandlers.ofString());
        JsonNode json =
                r.body().startsWith("{") ? JSON.readTree(r.body()) : JSON.createObjectNode();
        return new Answer(r.statusCode(), json, r);
    }

    static Answer post(String path, String body) throws Exception {
        return call("POST", path, body, TOKEN);
    }

    static Answer get(String path) throws Exception {
        return call("GET", path, null, null);
    }

    static String openSession(String operator) throws Exception {
        Answer a = post("/sessions", "{\"operator\":\"" + operator + "\"}");
        assertThat(a.status()).isEqualTo(201);
        return a.json().get("id").asText();
    }

    static String submit(String title) throws Exception {
        Answer a =
                post(
                        "/decisions",
                        "{\"title\":\""
                                + title
                                + "\",\"riskLevel\":\"HIGH\",\"context\":{\"env\":\"prod\"}}");
        assertThat(a.status()).isEqualTo(201);
        return a.json().get("id").asText();
    }

    @Test
    void healthAnswersUpWithoutAToken() throws Exception {
        Answer a = get("/health");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void createSessionReturnsAnOpenSessionForTheOperator() throws Exception {
        Answer a = post("/sessions", "{\"operator\":\"alice\"}");
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.json().get("operator").asText()).isEqualTo("alice");
        assertThat(a.json().get("status").asText()).isEqualTo("OPEN");
        assertThat(a.json().get("id").asText()).hasSize(36);
    }

    @Test
    void closeSessionClosesItOnceAndThenAnswers409() throws Exception {
        String id = openSession("bob");
        Answer closed = call("DELETE", "/sessions/" + id, null, TOKEN);
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.json().get("status").asText()).isEqualTo("CLOSED");
        assertThat(closed.json().has("closedAt")).isTrue();
        Answer again = call("DELETE", "/sessions/" + id, null, TOKEN);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("conflict");
    }

    @Test
    void sessionStatsCountEachKindOfAction() throws Exception {
        String session = openSession("carol");
        String a = submit("a");
        String b = submit("b");
        String c = submit("c");
        assertThat(
                        post("/decisions/" + a + "/approve", "{\"sessionId\":\"" + session + "\"}")
                                .status())
                .isEqualTo(200);
        assertThat(
                        post(
                                        "/decisions/" + b + "/reject",
                                        "{\"sessionId\":\""
                                                + session
                                                + "\",\"reason\":\"too risky\"}")
                                .status())
                .isEqualTo(200);
        assertThat(
                        post(
                                        "/decisions/" + c + "/escalate",
                                        "{\"sessionId\":\""
                                                + session
                                                + "\",\"reason\":\"unsure\",\"target\":\"lead\"}")
                                .status())
                .isEqualTo(200);
        Answer stats = get("/sessions/" + session + "/stats");
        assertThat(stats.status()).isEqualTo(200);
        assertThat(stats.json().get("approved").asLong()).isEqualTo(1);
        assertThat(stats.json().get("rejected").asLong()).isEqualTo(1);
        assertThat(stats.json().get("escalated").asLong()).isEqualTo(1);
        assertThat(stats.json().get("session").get("operator").asText()).isEqualTo("carol");
    }

    @Test
    void submitAndGetDecisionReturnTheSameFields() throws Exception {
        Answer submitted =
                post(
                        "/decisions",
                        "{\"title\":\"deploy"
                            + " 1.2\",\"riskLevel\":\"critical\",\"context\":{\"svc\":\"api\"}}");
        assertThat(submitted.status()).isEqualTo(201);
        JsonNode d = submitted.json();
        assertThat(d.get("status").asText()).isEqualTo("PENDING");
        assertThat(d.get("riskLevel").asText()).isEqualTo("CRITICAL");
        assertThat(d.get("context").get("svc").asText()).isEqualTo("api");
        Answer got = get("/decisions/" + d.get("id").asText());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("title").asText()).isEqualTo("deploy 1.2");
        assertThat(got.json().get("actions")).isEmpty();
    }

    @Test
    void approveRecordsOperatorTimeAndReason() throws Exception {
        String session = openSession("dave");
        String id = submit("x");
        Answer a =
                post(
                        "/decisions/" + id + "/approve",
                        "{\"sessionId\":\"" + session + "\",\"reason\":\"looks fine\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("status").asText()).isEqualTo("APPROVED");
        JsonNode action = a.json().get("actions").get(0);
        assertThat(action.get("kind").asText()).isEqualTo("APPROVE");
        assertThat(action.get("operator").asText()).isEqualTo("dave");
        assertThat(action.get("reason").asText()).isEqualTo("looks fine");
        assertThat(action.get("at").asText()).isNotBlank();
        assertThat(a.json().has("decidedAt")).isTrue();
    }

    @Test
    void rejectAndEscalateMoveThePendingDecision() throws Exception {
        String session = openSession("erin");
        String r = submit("r");
        Answer rejected =
                post(
                        "/decisions/" + r + "/reject",
                        "{\"sessionId\":\"" + session + "\",\"reason\":\"no\"}");
        assertThat(rejected.json().get("status").asText()).isEqualTo("REJECTED");
        String e = submit("e");
        Answer escalated =
                post(
                        "/decisions/" + e + "/escalate",
                        "{\"sessionId\":\""
                                + session
                                + "\",\"reason\":\"big\",\"target\":\"cto\"}");
        assertThat(escalated.json().get("status").asText()).isEqualTo("ESCALATED");
        assertThat(escalated.json().get("actions").get(0).get("target").asText()).isEqualTo("cto");
    }

    @ParameterizedTest(name = "{0} after {1} is a 409")
    @CsvSource({
        "approve,approve",
        "approve,reject",
        "approve,escalate",
        "reject,approve",
        "reject,reject",
        "reject,escalate",
        "escalate,approve",
        "escalate,reject",
        "escalate,escalate"
    })
    void everyActionOnADecidedDecisionIsAConflict(String second, String first) throws Exception {
        String session = openSession("frank");
        String id = submit("t");
        String body = "{\"sessionId\":\"" + session + "\",\"reason\":\"r\",\"target\":\"t\"}";
        assertThat(post("/decisions/" + id + "/" + first, body).status()).isEqualTo(200);
        Answer again = post("/decisions/" + id + "/" + second, body);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("conflict");
        assertThat(again.json().get("message").asText()).contains("only a PENDING decision");
    }

    @ParameterizedTest(name = "a closed session cannot {0}")
    @CsvSource({"approve", "reject", "escalate"})
    void aClosedSessionCannotAct(String action) throws Exception {
        String session = openSession("gina");
        assertThat(call("DELETE", "/sessions/" + session, null, TOKEN).status()).isEqualTo(200);
        String id = submit("t");
        Answer a =
                post(
                        "/decisions/" + id + "/" + action,
                        "{\"sessionId\":\"" + session + "\",\"reason\":\"r\",\"target\":\"t\"}");
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.json().get("message").asText()).contains("closed");
        assertThat(get("/decisions/" + id).json().get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void unknownIdsAnswer404() throws Exception {
        String session = openSession("hank");
        String missing = "00000000-0000-0000-0000-000000000000";
        assertThat(get("/decisions/" + missing).status()).isEqualTo(404);
        assertThat(get("/sessions/" + missing + "/stats").status()).isEqualTo(404);
        assertThat(call("DELETE", "/sessions/" + missing, null, TOKEN).status()).isEqualTo(404);
        Answer a =
                post("/decisions/" + missing + "/approve", "{\"sessionId\":\"" + session + "\"}");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.error()).isEqualTo("not_found");
        String id = submit("t");
        assertThat(
                        post("/decisions/" + id + "/approve", "{\"sessionId\":\"" + missing + "\"}")
                                .status())
                .isEqualTo(404);
    }

    @ParameterizedTest(name = "{0} {1} with {2} names field {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POST | /sessions | '{}' | operator",
                "POST | /sessions | '{\"operator\":\"   \"}' | operator",
                "POST | /sessions | '{\"operator\":42}' | operator",
                "POST | /sessions | 'not json' | body",
                "POST | /sessions | '[1,2]' | body",
                "POST | /sessions | '' | body",
                "POST | /decisions | '{\"riskLevel\":\"LOW\"}' | title",
                "POST | /decisions | '{\"title\":\"t\"}' | riskLevel",
                "POST | /decisions | '{\"title\":\"t\",\"riskLevel\":\"HUGE\"}' | riskLevel",
                "POST | /decisions | '{\"title\":\"t\",\"riskLevel\":\"LOW\",\"context\":[1]}' |"
                        + " context",
                "POST | /decisions |"
                        + " '{\"title\":\"t\",\"riskLevel\":\"LOW\",\"context\":{\"k\":1}}' |"
                        + " context.k",
                "POST | /decisions/x/approve | '{}' | sessionId",
                "POST | /decisions/x/reject | '{\"sessionId\":\"s\"}' | reason",
                "POST | /decisions/x/escalate | '{\"sessionId\":\"s\",\"reason\":\"r\"}' | target",
                "POST | /decisions/x/escalate | '{\"sessionId\":\"s\",\"target\":\"t\"}' | reason",
                "GET | /decisions?status=MAYBE | '' | status",
                "GET | /decisions?page=-1 | '' | page",
                "GET | /decisions?size=0x | '' | size",
                "GET | /decisions?size=501 | '' | size",
            })
    void malformedInputAnswers400NamingTheField(
            String method, String path, String body, String field) throws Exception {
        Answer a = call(method, path, method.equals("GET") ? null : body, TOKEN);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(400);
        assertThat(a.error()).isEqualTo("invalid_argument");
        assertThat(a.field()).isEqualTo(field);
        assertThat(a.json().get("message").asText()).isNotBlank();
    }

    @Test
    void overlongStringsAreRejectedNamingTheField() throws Exception {
        Answer a = post("/sessions", "{\"operator\":\"" + "x".repeat(129) + "\"}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.field()).isEqualTo("operator");
        String session = openSession("ivy");
        String id = submit("t");
        Answer r =
                post(
                        "/decisions/" + id + "/reject",
                        "{\"sessionId\":\""
                                + session
                                + "\",\"reason\":\""
                                + "y".repeat(2001)
                                + "\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.field()).isEqualTo("reason");
    }

    @Test
    void bodyOverTheLimitAnswers413() throws Exception {
        Answer a = post("/decisions", "{\"title\":\"" + "x".repeat(1024 * 1024 + 1) + "\"}");
        assertThat(a.status()).isEqualTo(413);
    }

    @Test
    void mutatingCallsWithoutOrWithAWrongTokenAnswer401() throws Exception {
        for (String token : new String[] {null, "wrong"}) {
            Answer a = call("POST", "/sessions", "{\"operator\":\"x\"}", token);
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.error()).isEqualTo("unauthenticated");
            assertThat(a.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(
                            call(
                                            "POST",
                                            "/decisions",
                                            "{\"title\":\"t\",\"riskLevel\":\"LOW\"}",
                                            token)
                                    .status())
                    .isEqualTo(401);
            assertThat(call("DELETE", "/sessions/x", null, token).status()).isEqualTo(401);
            assertThat(call("POST", "/decisions/x/approve", "{}", token).status()).isEqualTo(401);
        }
        assertThat(get("/decisions").status()).as("reads need no token").isEqualTo(200);
    }

    @Test
    void listDecisionsFiltersByStatusAndPages() throws Exception {
        String session = openSession("jane");
        String tag = "list-" + System.nanoTime();
        for (int i = 0; i < 5; i++) {
            submit(tag + i);
        }
        String approved = submit(tag + "approved");
        post("/decisions/" + approved + "/approve", "{\"sessionId\":\"" + session + "\"}");

        Answer pending = get("/decisions?status=PENDING&page=0&size=2");
        assertThat(pending.status()).isEqualTo(200);
        assertThat(pending.json().get("decisions")).hasSize(2);
        assertThat(pending.json().get("size").asInt()).isEqualTo(2);
        assertThat(pending.json().get("total").asLong()).isGreaterThanOrEqualTo(5);
        pending.json()
                .get("decisions")
                .forEach(d -> assertThat(d.get("status").asText()).isEqualTo("PENDING"));
        Answer second = get("/decisions?status=pending&page=1&size=2");
        assertThat(second.json().get("decisions").get(0).get("id"))
                .isNotEqualTo(pending.json().get("decisions").get(0).get("id"));
        Answer onlyApproved = get("/decisions?status=APPROVED&size=500");
        assertThat(onlyApproved.json().get("decisions").findValuesAsText("id")).contains(approved);
        assertThat(get("/decisions?page=100000&size=10").json().get("decisions")).isEmpty();
    }

    @Test
    void metricsCountByStatusAndGiveTheMeanTimeToDecide() throws Exception {
        String session = openSession("kim");
        String id = submit("m");
        post("/decisions/" + id + "/approve", "{\"sessionId\":\"" + session + "\"}");
        Answer m = get("/metrics/governance");
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.json().get("countsByStatus").get("APPROVED").asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(m.json().get("countsByStatus").has("PENDING")).isTrue();
        assertThat(m.json().get("decided").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(m.json().get("meanTimeToDecideMillis").asDouble()).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void wrongMethodsOnKnownPathsAnswer405AndUnknownPaths404() throws Exception {
        assertThat(call("PUT", "/sessions", "{}", TOKEN).status()).isEqualTo(405);
        assertThat(call("GET", "/decisions/x/approve", null, TOKEN).status()).isEqualTo(405);
        assertThat(call("GET", "/decisions/x/frobnicate", null, TOKEN).status()).isEqualTo(404);
        assertThat(call("GET", "/sessionsx", null, TOKEN).status()).isEqualTo(404);
    }

    @Test
    void streamSendsEachNewPendingDecisionAsAnEvent() throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(server.httpBaseUri().resolve("/decisions/stream"))
                        .timeout(Duration.ofSeconds(30))
                        .build();
        HttpResponse<InputStream> r = client.send(request, BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse(""))
                .startsWith("text/event-stream");
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).startsWith(":");
            String id = submit("streamed");
            CompletableFuture<String> data =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    for (String line = lines.readLine();
                                            line != null;
                                            line = lines.readLine()) {
                                        if (line.startsWith("data: ") && line.contains(id)) {
                                            return line.substring(6);
                                        }
                                    }
                                    return null;
                                } catch (Exception e) {
                                    throw new RuntimeException(e);
                                }
                            });
            JsonNode event = JSON.readTree(data.get(20, TimeUnit.SECONDS));
            assertThat(event.get("status").asText()).isEqualTo("PENDING");
            assertThat(event.get("title").asText()).isEqualTo("streamed");
        }
    }

    @Test
    void pipelinedApiRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttpConnection c = new RawHttpConnection(server.httpPort())) {
            String submit = "{\"title\":\"p\",\"riskLevel\":\"LOW\"}";
            String req =
                    "POST /decisions HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer "
                            + TOKEN
                            + "\r\nContent-Length: "
                            + submit.length()
                            + "\r\n\r\n"
                            + submit;
            c.send(
                    req
                            + "GET /health HTTP/1.1\r\nHost: t\r\n\r\n"
                            + req
                            + "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(201);
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().status()).isEqualTo(201);
            assertThat(c.read().status()).isEqualTo(404);
        }
    }

    static URI base() {
        return server.httpBaseUri();
    }
}
