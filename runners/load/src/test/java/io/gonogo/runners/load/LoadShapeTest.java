package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.runners.load.grpc.FutureLoadRunner;
import io.gonogo.runners.load.grpc.GrpcLoadRunner;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LoadShapeTest {

    @Test
    void the_defaults_are_one_closed_request_with_a_ten_minute_hard_stop() {
        LoadShape s = LoadShape.builder().build();

        assertThat(s.concurrency()).isEqualTo(1);
        assertThat(s.connections()).isEqualTo(1);
        assertThat(s.threads()).isEqualTo(1);
        assertThat(s.requests()).isEqualTo(1);
        assertThat(s.duration()).isEmpty();
        assertThat(s.model()).isEqualTo(LoadModel.CLOSED);
        assertThat(s.rate()).isZero();
        assertThat(s.rampTo()).isZero();
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.maxDuration()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void each_argument_is_checked_when_it_is_set() {
        assertThatThrownBy(() -> LoadShape.builder().concurrency(0))
                .hasMessage("concurrency must be within 1..100000, got 0");
        assertThatThrownBy(() -> LoadShape.builder().connections(100_001))
                .hasMessage("connections must be within 1..100000, got 100001");
        assertThatThrownBy(() -> LoadShape.builder().threads(257))
                .hasMessage("threads must be within 1..256, got 257");
        assertThatThrownBy(() -> LoadShape.builder().requests(0))
                .hasMessage("requests must be >= 1, got 0");
        assertThatThrownBy(() -> LoadShape.builder().duration(Duration.ZERO))
                .hasMessage("duration must be > 0, got PT0S");
        assertThatThrownBy(() -> LoadShape.builder().rate(Double.NaN))
                .hasMessage("rate must be > 0 and <= 10000000 per second, got NaN");
        assertThatThrownBy(() -> LoadShape.builder().rampTo(20_000_000))
                .hasMessage("rampTo must be > 0 and <= 10000000 per second, got 2.0E7");
        assertThatThrownBy(() -> LoadShape.builder().warmupRequests(-1))
                .hasMessage("warmupRequests must be >= 0, got -1");
        assertThatThrownBy(() -> LoadShape.builder().requestTimeout(Duration.ofMillis(-1)))
                .hasMessage("requestTimeout must be > 0, got PT-0.001S");
        assertThatThrownBy(() -> LoadShape.builder().maxDuration(Duration.ZERO))
                .hasMessage("maxDuration must be > 0, got PT0S");
    }

    @Test
    void settings_that_do_not_go_together_fail_at_build() {
        assertThatThrownBy(
                        () ->
                                LoadShape.builder()
                                        .requests(5)
                                        .duration(Duration.ofSeconds(1))
                                        .build())
                .hasMessage("set either requests or duration, not both");
        assertThatThrownBy(() -> LoadShape.builder().rate(10).build())
                .hasMessage("rate needs a duration (the open model runs for a duration)");
        assertThatThrownBy(
                        () ->
                                LoadShape.builder()
                                        .rampTo(10)
                                        .duration(Duration.ofSeconds(1))
                                        .build())
                .hasMessage("rampTo needs a rate (the ramp starts from it)");
        assertThatThrownBy(
                        () ->
                                new LoadShape(
                                        1,
                                        1,
                                        1,
                                        1,
                                        Optional.empty(),
                                        0,
                                        5,
                                        0,
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(1)))
                .hasMessage("rampTo needs a rate (the ramp starts from it)");
    }

    @Test
    void an_open_shape_ramps_from_its_rate_and_stops_ten_minutes_after_its_duration() {
        LoadShape s =
                LoadShape.builder()
                        .concurrency(8)
                        .rate(100)
                        .rampTo(300)
                        .duration(Duration.ofSeconds(30))
                        .build();

        assertThat(s.model()).isEqualTo(LoadModel.OPEN);
        assertThat(s.connections()).isEqualTo(8);
        assertThat(s.rampTo()).isEqualTo(300);
        assertThat(s.maxDuration()).isEqualTo(Duration.ofSeconds(630));
        assertThat(LoadShape.builder().rate(50).duration(Duration.ofSeconds(1)).build().rampTo())
                .as("a constant rate ramps to itself")
                .isEqualTo(50);
    }

    @Test
    void to_builder_gives_back_the_same_shape() {
        LoadShape open =
                LoadShape.builder()
                        .concurrency(20)
                        .connections(4)
                        .threads(2)
                        .rate(100)
                        .rampTo(50)
                        .duration(Duration.ofSeconds(3))
                        .warmupRequests(10)
                        .requestTimeout(Duration.ofMillis(500))
                        .build();
        LoadShape closed = LoadShape.builder().concurrency(3).requests(1_000).build();

        assertThat(open.toBuilder().build()).isEqualTo(open);
        assertThat(closed.toBuilder().build()).isEqualTo(closed);
        LoadShape wider = closed.toBuilder().concurrency(5).build();
        assertThat(wider.requests()).isEqualTo(1_000);
        assertThat(wider.connections()).as("connections follow the concurrency").isEqualTo(5);
        assertThat(open.toBuilder().concurrency(30).build().connections())
                .as("connections set apart stay")
                .isEqualTo(4);
        assertThat(
                        LoadRunner.builder()
                                .target(URI.create("http://127.0.0.1:8080/"))
                                .shape(closed)
                                .concurrency(7)
                                .build()
                                .target()
                                .getPort())
                .isEqualTo(8080);
    }

    @Test
    void every_runner_takes_a_shape_and_checks_what_it_cannot_do() {
        LoadShape shape =
                LoadShape.builder()
                        .concurrency(4)
                        .connections(2)
                        .rate(10)
                        .rampTo(20)
                        .duration(Duration.ofSeconds(1))
                        .build();
        URI target = URI.create("http://127.0.0.1:8080/health");

        assertThatThrownBy(() -> LoadRunner.builder().target(target).shape(shape).build())
                .hasMessageContaining("connections 2 must equal concurrency 4");
        assertThat(
                        LoadRunner.builder()
                                .target(target)
                                .shape(shape.toBuilder().connections(4).build())
                                .build()
                                .target())
                .isEqualTo(target);
        assertThatThrownBy(
                        () ->
                                FutureLoadRunner.builder()
                                        .call(CompletableFuture::new)
                                        .shape(shape)
                                        .build())
                .hasMessageStartingWith("rampTo is not supported for calls");
        LoadShape constant = shape.toBuilder().rate(10).rampTo(10).build();
        assertThat(
                        GrpcLoadRunner.builder()
                                .target("127.0.0.1:50051")
                                .method("gonogo.test.v1.Echo/Echo")
                                .shape(constant)
                                .build()
                                .describe())
                .isEqualTo("open model at 10.0/s, 4 calls in flight over 2 connections");
    }
}
