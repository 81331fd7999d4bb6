package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gonogo.runners.load.grpc.CallLoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadSummaryTest {

    private static final String NL = System.lineSeparator();

    @TempDir Path dir;

    private static Histogram micros(long... values) {
        Histogram h = new Histogram(3_600_000_000L, 3);
        for (long v : values) {
            h.recordValue(v);
        }
        return h;
    }

    private static LoadResult closed() {
        return new LoadResult(
                micros(400, 900, 1_500, 2_500_000),
                micros(120),
                5,
                4,
                3,
                Map.of(ErrorKind.TIMEOUT, 1L, ErrorKind.HTTP_5XX, 1L),
                Duration.ofMillis(2_000),
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:02Z"),
                1,
                Optional.empty(),
                LoadModel.CLOSED);
    }

    private static LoadResult open() {
        return new LoadResult(
                micros(700),
                new Histogram(3),
                1,
                1,
                1,
                Map.of(),
                Duration.ofMillis(500),
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:01Z"),
                0,
                Optional.of("interrupted with 9 requests not sent"),
                LoadModel.OPEN,
                micros(30));
    }

    @Test
    void headersSayTheModelTheAmountAndTheConnections() {
        LoadShape closed = LoadShape.builder().concurrency(50).threads(2).requests(10_000).build();
        LoadShape ramp =
                LoadShape.builder()
                        .concurrency(8)
                        .rate(50)
                        .rampTo(150.5)
                        .duration(Duration.ofMillis(2500))
                        .warmupRequests(10)
                        .build();

        assertThat(LoadSummary.header("http://h/x", closed))
                .isEqualTo(
                        "Running 10,000 requests closed-model test @ http://h/x"
                                + NL
                                + "  50 connections, 2 thread(s) (+0 warm-up)"
                                + NL);
        assertThat(LoadSummary.header("http://h/x", ramp))
                .isEqualTo(
                        "Running 2500ms open-model test @ http://h/x"
                                + NL
                                + "  50 -> 150.5 req/s over up to 8 connections, 1 thread(s) (+10"
                                + " warm-up)"
                                + NL);
        assertThat(LoadSummary.header("grpc://h:1", "p.S/M", closed))
                .isEqualTo(
                        "Running 10,000 calls closed-model gRPC test @ grpc://h:1 p.S/M"
                                + NL
                                + "  50 connections (+0 warm-up)"
                                + NL);
    }

    @Test
    void aClosedSummaryEndsWithRequestsPerSecond() {
        assertThat(LoadSummary.text(closed()))
                .isEqualTo(
                        "  Latency     p50 900us  p90 2.50s  p99 2.50s  p99.9 2.50s  max 2.50s"
                                + "  (mean 625.60ms, closed model)"
                                + NL
                                + "  Connect     p50 120us  max 120us  (1 connections opened)"
                                + NL
                                + "  5 requests in 2.00s: 4 answered, 3 succeeded (60.00%)"
                                + NL
                                + "  Errors: timeout 1 http_5xx 1"
                                + NL
                                + "Requests/sec:      2.00"
                                + NL);
    }

    @Test
    void anOpenSummaryShowsTheSendLagAndTheAbortReason() {
        String text = LoadSummary.text(open());

        assertThat(text)
                .contains("(mean 700us, open model)")
                .contains("  Send lag    p50 30us  p99 30us  max 30us")
                .contains("  Aborted: interrupted with 9 requests not sent" + NL)
                .doesNotContain("Connect")
                .doesNotContain("Errors:")
                .endsWith("Requests/sec:      2.00" + NL);
    }

    @Test
    void aCallSummaryCountsCallsAndNamesAnsweredKinds() {
        CallLoadResult r = new CallLoadResult(closed(), Map.of("grpc_NOT_FOUND", 2L));

        assertThat(LoadSummary.text(r))
                .contains("  5 calls in 2.00s")
                .contains("  Errors: timeout 1 grpc_NOT_FOUND 2" + NL);
    }

    @Test
    void progressLinesSayThePhaseTheCountAndTheRate() {
        LoadProgress p = new LoadProgress(Duration.ofMillis(1500), 12_345, 2, 8_000.4, false);

        assertThat(LoadSummary.progress(p))
                .isEqualTo("[   1.5s] measured       12,345 requests      8,000 req/s 2 errors");
        assertThat(LoadSummary.callProgress(p)).contains("12,345 calls").contains("calls/s");
    }

    @Test
    void theJsonHoldsTheSettingsTheCountsAndTheFigures() throws Exception {
        LoadShape shape =
                LoadShape.builder()
                        .concurrency(4)
                        .rate(300)
                        .rampTo(400)
                        .duration(Duration.ofSeconds(2))
                        .build();
        Path file = dir.resolve("out/result.json");

        LoadSummary.writeJson(file, LoadSummary.json("http://h/x", shape, open()));

        JsonNode j = new ObjectMapper().readTree(Files.readString(file));
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsExactly(
                        "target",
                        "model",
                        "connections",
                        "rate",
                        "rampTo",
                        "threads",
                        "attempted",
                        "answered",
                        "succeeded",
                        "successRatePercent",
                        "throughputPerSecond",
                        "measuredSeconds",
                        "startedAt",
                        "endedAt",
                        "connectionsOpened",
                        "abortReason",
                        "errors",
                        "generator",
                        "latencyMicros",
                        "connectMicros",
                        "sendLagMicros");
        assertThat(j.get("model").asText()).isEqualTo("open");
        assertThat(j.get("rampTo").asDouble()).isEqualTo(400);
        assertThat(j.get("errors").get("http_4xx").asLong()).isZero();
        assertThat(j.get("latencyMicros").get("p99.9").asLong()).isEqualTo(700);
        assertThat(j.get("connectMicros").get("count").asLong()).isZero();
        assertThat(Files.exists(dir.resolve("out/result.json.tmp"))).isFalse();

        JsonNode g =
                new ObjectMapper()
                        .readTree(
                                LoadSummary.json(
                                        "grpc://h:1",
                                        "p.S/M",
                                        LoadShape.builder().concurrency(8).connections(2).build(),
                                        new CallLoadResult(closed(), Map.of("grpc_INTERNAL", 1L))));
        assertThat(g.get("transport").asText()).isEqualTo("grpc");
        assertThat(g.get("connections").asInt()).isEqualTo(2);
        assertThat(g.has("rate")).isFalse();
        assertThat(g.get("errors").get("grpc_INTERNAL").asLong()).isEqualTo(1);
        assertThat(g.has("sendLagMicros")).isFalse();
    }
}
