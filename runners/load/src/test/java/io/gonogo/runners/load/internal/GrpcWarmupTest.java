package io.gonogo.runners.load.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.runners.load.GeneratorBounds;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrpcWarmupTest {

    @Test
    void strings_are_huffman_coded_as_rfc_7541_c_4_1_shows() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GrpcWarmup.Server.huffman(out, "www.example.com");
        assertThat(HexFormat.of().formatHex(out.toByteArray()))
                .isEqualTo("8c" + "f1e3c2e5f23a6ba0ab90f4ff");
    }

    @Test
    void the_warm_up_server_over_tls_answers_the_engines_calls_with_ok() throws Exception {
        GrpcRequests grpc =
                GrpcRequests.of(
                        List.of(new GrpcRequests.Call("/p.S/M", new byte[] {8, 1}, 2_000_000_000L)),
                        "127.0.0.1",
                        true,
                        Map.of());
        boolean[] ok = new boolean[600];
        ok[0] = true;
        try (GrpcWarmup.Server server = GrpcWarmup.Server.start(true)) {
            int port = server.port();
            LoadPlan plan =
                    new LoadPlan(
                            URI.create("grpcs://127.0.0.1:" + port),
                            "127.0.0.1",
                            port,
                            new byte[0],
                            false,
                            2,
                            200,
                            0,
                            Duration.ofSeconds(5),
                            0,
                            0,
                            Optional.empty(),
                            Duration.ofSeconds(20),
                            Optional.empty(),
                            0,
                            0,
                            1,
                            GeneratorBounds.DEFAULT,
                            Optional.empty(),
                            "t",
                            List.of(new OpPlan("", new byte[0], false, ok, 2_000_000_000L, 1)),
                            new io.gonogo.runners.spi.TlsSettings(
                                    Optional.empty(),
                                    true,
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty()),
                            Optional.of(grpc));
            EngineRun.Calls calls = EngineRun.runCalls(plan);
            assertThat(calls.figures().succeeded()).isEqualTo(200);
        }
    }

    @Test
    void the_warm_up_server_answers_every_call_of_both_models_with_ok() throws Exception {
        GrpcRequests grpc =
                GrpcRequests.of(
                        List.of(new GrpcRequests.Call("/p.S/M", new byte[] {8, 1}, 2_000_000_000L)),
                        "127.0.0.1",
                        false,
                        Map.of());
        boolean[] ok = new boolean[600];
        ok[0] = true;
        try (GrpcWarmup.Server server = GrpcWarmup.Server.start()) {
            for (double rate : new double[] {0, 2_000}) {
                int port = server.port();
                LoadPlan plan =
                        new LoadPlan(
                                URI.create("grpc://127.0.0.1:" + port),
                                "127.0.0.1",
                                port,
                                new byte[0],
                                false,
                                4,
                                1,
                                0,
                                Duration.ofSeconds(2),
                                0,
                                0,
                                Optional.empty(),
                                Duration.ofSeconds(5),
                                Optional.of(Duration.ofMillis(300)),
                                rate,
                                rate,
                                1,
                                GeneratorBounds.DEFAULT,
                                Optional.empty(),
                                "t",
                                List.of(new OpPlan("", new byte[0], false, ok, 2_000_000_000L, 1)),
                                io.gonogo.runners.spi.TlsSettings.DEFAULT,
                                Optional.of(grpc));
                EngineRun.Calls calls = EngineRun.runCalls(plan);
                assertThat(calls.figures().attempted()).isGreaterThan(10);
                assertThat(calls.figures().succeeded())
                        .as("rate %s", rate)
                        .isEqualTo(calls.figures().answered())
                        .isEqualTo(calls.figures().attempted());
            }
        }
    }
}
