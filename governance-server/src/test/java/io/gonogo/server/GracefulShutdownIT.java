package io.gonogo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Stopping lets admitted work finish and closes storage cleanly. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GracefulShutdownIT {

    static final String TOKEN = "graceful";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dataDir;

    @Test
    void stopDuringABurstKeepsEveryAnsweredWriteAndTheDataReopens() throws Exception {
        HttpClient client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        GovernanceServer server =
                GovernanceServer.builder().dataDir(dataDir).operatorToken(TOKEN).build();
        server.start();
        for (int i = 0; i < 100; i++) {
            calls.add(
                    client.sendAsync(
                            HttpRequest.newBuilder(server.httpBaseUri().resolve("/decisions"))
                                    .timeout(Duration.ofSeconds(20))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"title\":\"g"
                                                            + i
                                                            + "\",\"riskLevel\":\"LOW\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(20);
        server.stop();
        List<String> acknowledged = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            try {
                HttpResponse<String> r = call.get(20, TimeUnit.SECONDS);
                if (r.statusCode() == 201) {
                    acknowledged.add(JSON.readTree(r.body()).get("id").asText());
                }
            } catch (Exception refusedOrCutOff) {
                // sent after the stop began: not acknowledged, nothing to find
            }
        }
        try (GovernanceServer reopened =
                GovernanceServer.builder().dataDir(dataDir).operatorToken(TOKEN).build()) {
            reopened.start();
            for (String id : acknowledged) {
                HttpResponse<String> r =
                        client.send(
                                HttpRequest.newBuilder(
                                                reopened.httpBaseUri().resolve("/decisions/" + id))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("decision %s", id).isEqualTo(200);
            }
        }
    }
}
