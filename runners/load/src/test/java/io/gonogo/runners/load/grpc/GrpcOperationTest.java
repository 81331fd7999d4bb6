package io.gonogo.runners.load.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GrpcOperationTest {

    private static GrpcOperation health(String name) {
        return GrpcOperation.builder(name).method("p.S/Health").build();
    }

    @Test
    void anOperationSucceedsOnOkUnlessToldOtherwise() {
        assertThat(health("h").success()).containsExactly(Status.Code.OK);
        GrpcOperation lookup =
                GrpcOperation.builder("lookup")
                        .method("/p.S/Get")
                        .body("{\"id\":\"x\"}")
                        .success(Status.Code.NOT_FOUND)
                        .success(Status.Code.OK)
                        .weight(3)
                        .timeout(Duration.ofSeconds(2))
                        .build();
        assertThat(lookup.method()).isEqualTo("p.S/Get");
        assertThat(lookup.success())
                .containsExactlyInAnyOrder(Status.Code.OK, Status.Code.NOT_FOUND);
        assertThat(lookup.weight()).isEqualTo(3);
        assertThat(lookup.timeout()).contains(Duration.ofSeconds(2));
    }

    @Test
    void badOperationSettingsAreRefusedWithTheBound() {
        assertThatThrownBy(() -> GrpcOperation.builder("a b"))
                .hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> GrpcOperation.builder("a").weight(0))
                .hasMessageContaining("within 1..1000, got 0");
        assertThatThrownBy(() -> GrpcOperation.builder("a").build())
                .hasMessageContaining("operation 'a' needs a method");
        assertThatThrownBy(() -> GrpcOperation.builder("a").timeout(Duration.ZERO))
                .hasMessageContaining("positive");
    }

    @Test
    void aMixRunsOnGonogosClientWithItsOwnMethodsOnly() {
        assertThatThrownBy(
                        () ->
                                GrpcLoadRunner.builder()
                                        .target("127.0.0.1:1")
                                        .operation(health("a"))
                                        .operation(health("a")))
                .hasMessageContaining("operation 'a' is in the mix twice");
        assertThatThrownBy(
                        () ->
                                GrpcLoadRunner.builder()
                                        .target("127.0.0.1:1")
                                        .method("p.S/Health")
                                        .operation(health("a"))
                                        .build())
                .hasMessageContaining("set the method or operations, not both");
        assertThatThrownBy(
                        () ->
                                GrpcLoadRunner.builder()
                                        .target("127.0.0.1:1")
                                        .operation(health("a"))
                                        .client(GrpcLoadRunner.Client.GRPC_JAVA)
                                        .build())
                .hasMessageContaining("a mix runs on gonogo's client only");
        assertThatThrownBy(
                        () ->
                                GrpcLoadRunner.builder()
                                        .target("127.0.0.1:1")
                                        .operation(health("a"))
                                        .concurrency(4)
                                        .connections(2)
                                        .build())
                .hasMessageContaining("a mix runs on gonogo's client only");
        assertThat(
                        GrpcLoadRunner.builder()
                                .target("127.0.0.1:1")
                                .operation(health("a"))
                                .operation(health("b"))
                                .build()
                                .client())
                .isEqualTo(GrpcLoadRunner.Client.GONOGO);
    }
}
