package io.gonogo.runners.load.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channels shared by consecutive runs, and a method resolved once into a descriptor set, against a
 * real gRPC server.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrpcChannelsIT {

    static TestGrpcServer server;

    @TempDir Path dir;

    @BeforeAll
    static void start() {
        server = TestGrpcServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void consecutive_runs_share_the_channels_and_leave_them_open() {
        GrpcChannels channels = GrpcChannels.open(server.target(), 2);
        try {
            assertThat(channels.size()).isEqualTo(2);
            assertThat(channels.target()).isEqualTo(server.target());
            for (int run = 0; run < 3; run++) {
                CallLoadResult r =
                        GrpcLoadRunner.builder()
                                .channels(channels)
                                .method(TestGrpcServer.ECHO)
                                .body("{}")
                                .concurrency(4)
                                .requests(200)
                                .build()
                                .run();
                assertThat(r.figures().succeeded()).isEqualTo(200);
                // opened by their owner, so not the runs' connection set-up
                assertThat(r.figures().connectTimeMicros().getTotalCount()).isZero();
            }
            assertThat(channels.list()).hasSize(2).allMatch(ch -> !ch.isShutdown());
        } finally {
            channels.close();
        }
        channels.close(); // idempotent
        assertThatThrownBy(channels::list).hasMessageContaining("are closed");
    }

    @Test
    void a_descriptor_set_written_once_resolves_the_method_without_reflection() throws Exception {
        Path file = dir.resolve("echo.desc");
        String name =
                GrpcLoadRunner.builder()
                        .target(server.target())
                        .method(TestGrpcServer.ECHO)
                        .build()
                        .writeDescriptorSet(file);
        assertThat(name).isEqualTo(TestGrpcServer.ECHO);
        try (TestGrpcServer bare = TestGrpcServer.startWithoutReflection()) {
            CallLoadResult r =
                    GrpcLoadRunner.builder()
                            .target(bare.target())
                            .method(TestGrpcServer.ECHO)
                            .descriptorSet(file)
                            .body("{\"text\":\"hi\"}")
                            .requests(50)
                            .build()
                            .run();
            assertThat(r.figures().succeeded()).isEqualTo(50);
        }
        assertThat(Files.size(file)).isPositive();
    }

    @Test
    void bad_arguments_are_errors() {
        assertThatThrownBy(() -> GrpcChannels.open(server.target(), 0))
                .hasMessageContaining("1..10000");
        assertThatThrownBy(() -> GrpcChannels.open("nowhere", 1))
                .hasMessageContaining("malformed gRPC target");
    }
}
