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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A shard's side of the {@link Coordinator}'s barrier: registers over HTTP before each load
 * scenario, sleeps until the start instant the coordinator answers, and keeps each start for the
 * shard's {@code shard.json}. Thread-safe.
 */
final class CoordinatorBarrier implements StartBarrier, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How much longer than the barrier timeout the shard waits for the coordinator's answer. */
    private static final Duration ANSWER_GRACE = Duration.ofSeconds(10);

    private final URI register;
    private final String runId;
    private final RunShard shard;
    private final Duration barrierTimeout;
    private final HttpClient client;
    private final Map<String, Start> starts = new LinkedHashMap<>();
    private long clockOffsetNanos;
    private String clockOffsetNote = "";
    private long bestRttNanos = Long.MAX_VALUE;
    private int clockSamples;
    private boolean measuredAtRegistration;

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
        measureClock();
    }

    /** How many round trips to the coordinator's clock the offset is measured from. */
    private static final int CLOCK_SAMPLES = 8;

    /**
     * Measures this host's clock against the coordinator's ({@code GET /time}), as NTP does for one
     * exchange: the coordinator read its clock somewhere between sending and receiving, so this
     * host's clock at the middle of the round trip minus the coordinator's reading is the offset,
     * known to within half the round trip. Of {@link #CLOCK_SAMPLES} exchanges the one with the
     * shortest round trip is kept, the least delayed by either side's scheduling. The exchanges
     * also load the HTTP client's classes, so the first start instant is not spent on them: on a
     * busy machine a cold client received it a few hundred milliseconds late. They run when the
     * shard starts and again just before its first registration, when its JVM is no longer busy
     * starting, and the shortest round trip of all is kept: the offset is then fixed, the same for
     * every scenario. When the coordinator cannot be reached the offset stays 0, "not measured",
     * and {@link #await} says what is wrong.
     */
    private void measureClock() {
        URI time = register.resolve("/time");
        long bestRtt = bestRttNanos;
        long bestOffset = clockOffsetNanos;
        String failure = null;
        for (int i = 0; i < CLOCK_SAMPLES; i++) {
            try {
                HttpRequest request =
                        HttpRequest.newBuilder(time).timeout(Duration.ofSeconds(2)).GET().build();
                Instant sent = Instant.now();
                long t0 = System.nanoTime();
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                long rtt = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    failure = "GET " + time + " answered HTTP " + r.statusCode();
                    break;
                }
                Instant theirs = Instant.parse(JSON.readTree(r.body()).path("now").asText());
                long offset = Duration.between(theirs, sent.plusNanos(rtt / 2)).toNanos();
                clockSamples++;
                if (rtt < bestRtt) {
                    bestRtt = rtt;
                    bestOffset = offset;
                }
            } catch (IOException | DateTimeParseException e) {
                failure = "GET " + time + " failed: " + e.getMessage();
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
                break;
            }
        }
        if (bestRtt == Long.MAX_VALUE) {
            clockOffsetNanos = 0;
            clockOffsetNote =
                    "not measured: the coordinator's clock could not be read ("
                            + (failure == null ? "no answer" : failure)
                            + ")";
            return;
        }
        bestRttNanos = bestRtt;
        clockOffsetNanos = bestOffset;
        clockOffsetNote =
                String.format(
                        Locale.ROOT,
                        "this host's clock minus the coordinator's, measured over the shortest of"
                                + " %d round trips (%.3f ms), so within %.3f ms",
                        clockSamples,
                        bestRtt / 1e6,
                        bestRtt / 2e6);
    }

    /**
     * This host's clock minus the coordinator's.
     *
     * @return the offset in milliseconds; 0 when it could not be measured
     */
    double clockOffsetMillis() {
        return clockOffsetNanos / 1e6;
    }

    /**
     * How the offset was known, for {@code shard.json}.
     *
     * @return the note
     */
    String clockOffsetNote() {
        return clockOffsetNote;
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
            response = send(request);
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
        // the instant is on the coordinator's clock: on this host's it is the offset later. Sleep
        // most of the way, then spin the last stretch for precision
        Instant local = at.plusNanos(clockOffsetNanos);
        while (true) {
            long left = Duration.between(Instant.now(), local).toNanos();
            if (left <= 0) {
                break;
            }
            if (left > 2_000_000) {
                LockSupport.parkNanos(left - 1_000_000);
            } else {
                Thread.onSpinWait();
            }
        }
        Start start =
                new Start(
                        scenario,
                        at,
                        Duration.between(local, Instant.now()),
                        Duration.ofNanos(clockOffsetNanos));
        synchronized (starts) {
            starts.put(scenario, start);
        }
        return java.util.Optional.of(start);
    }

    /**
     * Sends a registration; while the coordinator refuses connections (it may start after the
     * shards, as pods of a cluster start in any order) retries every 250 ms up to the barrier
     * timeout, measuring the clock once it answers if it could not be before.
     */
    private HttpResponse<String> send(HttpRequest request)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + barrierTimeout.toNanos();
        while (true) {
            try {
                if (!measuredAtRegistration || clockOffsetNote.startsWith("not measured")) {
                    measureClock();
                    measuredAtRegistration = !clockOffsetNote.startsWith("not measured");
                }
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private volatile Thread asker;

    /**
     * Keeps telling a collecting coordinator that this shard is running: asks {@code GET
     * /collect?runId=ID&shard=I} again every {@code askEveryMillis} its answer gives, on a daemon
     * thread, until {@link #close()}. The collector ends a run once no shard has said a word for
     * its collect timeout; a shard in a long scenario, or in shard 0's scenarios after the others
     * reported, would otherwise fall silent. A coordinator that does not collect (404) or refuses
     * (it merged, or another run) ends the asking; one that cannot be reached is asked again a
     * second later.
     */
    void keepTelling() {
        URI ask =
                register.resolve(
                        "/collect?runId="
                                + java.net.URLEncoder.encode(
                                        runId, java.nio.charset.StandardCharsets.UTF_8)
                                + "&shard="
                                + shard.index());
        Thread t =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                long every = 1_000;
                                try {
                                    HttpResponse<String> r =
                                            client.send(
                                                    HttpRequest.newBuilder(ask)
                                                            .timeout(Duration.ofSeconds(10))
                                                            .GET()
                                                            .build(),
                                                    HttpResponse.BodyHandlers.ofString());
                                    if (r.statusCode() != 200) {
                                        return; // not collecting, or no longer for this shard
                                    }
                                    every =
                                            Math.max(
                                                    100,
                                                    JSON.readTree(r.body())
                                                            .path("askEveryMillis")
                                                            .asLong(15_000));
                                } catch (IOException e) {
                                    // not reachable now: asked again a second later
                                } catch (InterruptedException e) {
                                    return;
                                }
                                try {
                                    Thread.sleep(every);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "gonogo-shard-alive");
        t.setDaemon(true);
        asker = t;
        t.start();
    }

    /** Stops telling the coordinator this shard runs; the shard's run has ended. */
    @Override
    public void close() {
        Thread t = asker;
        if (t != null) {
            t.interrupt();
        }
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
