package io.gonogo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gonogo.core.NotExecutedException;
import io.gonogo.runners.spi.RunShard;
import io.gonogo.runners.spi.StartBarrier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A shard's side of the {@link Coordinator}'s barrier: registers over HTTP before each load
 * scenario, sleeps until the start instant the coordinator answers, and keeps each start for the
 * shard's {@code shard.json}. Thread-safe.
 */
final class CoordinatorBarrier implements StartBarrier {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How much longer than the barrier timeout the shard waits for the coordinator's answer. */
    private static final Duration ANSWER_GRACE = Duration.ofSeconds(10);

    private final URI register;
    private final String runId;
    private final RunShard shard;
    private final Duration barrierTimeout;
    private final HttpClient client;
    private final Map<String, Start> starts = new LinkedHashMap<>();

    CoordinatorBarrier(URI coordinator, String runId, RunShard shard, Duration barrierTimeout) {
        this.register = coordinator.resolve("/register");
        this.runId = runId;
        this.shard = shard;
        this.barrierTimeout = barrierTimeout;
        this.client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
        warm();
    }

    /**
     * Asks the coordinator once for nothing ({@code GET /register}, answered 405), so that the
     * first start instant is not spent loading the HTTP client's classes: on a busy machine a cold
     * client received it a few hundred milliseconds late. Any failure is left to {@link #await}.
     */
    private void warm() {
        try {
            HttpResponse<String> r =
                    client.send(
                            HttpRequest.newBuilder(register)
                                    .timeout(Duration.ofSeconds(2))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JSON.readTree(r.body());
            Instant.parse("2026-01-01T00:00:00.000Z");
        } catch (IOException e) {
            // the coordinator may not be up yet; await() says so if it never is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public java.util.Optional<Start> await(String scenario) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", runId);
        body.put("shard", shard.index());
        body.put("shards", shard.count());
        body.put("scenario", scenario);
        HttpResponse<String> response;
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(register)
                            .timeout(barrierTimeout.plus(ANSWER_GRACE))
                            .header("Content-Type", "application/json")
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            JSON.writeValueAsString(body)))
                            .build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new NotExecutedException(
                    "shard "
                            + shard
                            + " could not pass the start barrier: the coordinator at "
                            + register
                            + " did not answer within "
                            + barrierTimeout.plus(ANSWER_GRACE).toSeconds()
                            + " s ("
                            + e
                            + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotExecutedException(
                    "shard " + shard + " was stopped while it waited at the start barrier", e);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (response.statusCode() != 200) {
            String why =
                    answer != null && answer.hasNonNull("error")
                            ? answer.get("error").asText()
                            : "HTTP " + response.statusCode() + " " + response.body();
            throw new NotExecutedException(
                    "the shards did not start together (coordinator " + register + "): " + why);
        }
        Instant at;
        try {
            at = Instant.parse(answer == null ? "" : answer.path("startAt").asText());
        } catch (DateTimeParseException e) {
            throw new NotExecutedException(
                    "the coordinator at "
                            + register
                            + " answered no start instant: "
                            + response.body(),
                    e);
        }
        // a wall-clock instant: sleep most of the way, then spin the last stretch for precision
        while (true) {
            long left = Duration.between(Instant.now(), at).toNanos();
            if (left <= 0) {
                break;
            }
            if (left > 2_000_000) {
                LockSupport.parkNanos(left - 1_000_000);
            } else {
                Thread.onSpinWait();
            }
        }
        Start start = new Start(scenario, at, Duration.between(at, Instant.now()));
        synchronized (starts) {
            starts.put(scenario, start);
        }
        return java.util.Optional.of(start);
    }

    /** The starts recorded so far, in order, for {@code shard.json}. */
    List<ShardManifest.Start> starts() {
        synchronized (starts) {
            List<ShardManifest.Start> all = new ArrayList<>();
            for (Start s : starts.values()) {
                all.add(new ShardManifest.Start(s.scenario(), s.at(), s.offset().toNanos() / 1e6));
            }
            return all;
        }
    }
}
