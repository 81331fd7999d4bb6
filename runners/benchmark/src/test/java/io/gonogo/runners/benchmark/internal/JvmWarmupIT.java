package io.gonogo.runners.benchmark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.server.GovernanceServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link JvmWarmup} against a real governance server in this JVM, over HTTP. */
class JvmWarmupIT {

    @Test
    void theRealServerIsWarmedOncePerTransportAndAddress(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (GovernanceServer server = GovernanceServer.builder().httpPort(0).build()) {
            server.start();
            String base = server.httpBaseUri().toString();
            java.nio.file.Path token =
                    java.nio.file.Files.writeString(dir.resolve("token"), server.operatorToken());
            String previous =
                    System.setProperty(io.gonogo.runners.benchmark.GonogoSut.HTTP_BASE, base);
            System.setProperty(io.gonogo.runners.benchmark.GonogoSut.TOKEN_FILE, token.toString());
            try {
                List<String> lines = new ArrayList<>();
                long before = server.handledRequests();
                JvmWarmup.Result first = JvmWarmup.once("http", base, 30_000, lines::add);
                JvmWarmup.Result again = JvmWarmup.once("http", base, 30_000, lines::add);

                assertThat(first).isNotNull();
                assertThat(first.failure()).isNull();
                assertThat(first.calls()).isGreaterThanOrEqualTo(JvmWarmup.MIN_CALLS);
                assertThat(server.handledRequests() - before)
                        .as("every call reached the service")
                        .isGreaterThanOrEqualTo(first.calls());
                assertThat(again).as("already warm").isNull();
                assertThat(lines).hasSize(2);
                assertThat(lines.get(1))
                        .startsWith("warmed the http client and the service in this JVM (forks 0)");
            } finally {
                System.clearProperty(io.gonogo.runners.benchmark.GonogoSut.TOKEN_FILE);
                if (previous == null) {
                    System.clearProperty(io.gonogo.runners.benchmark.GonogoSut.HTTP_BASE);
                } else {
                    System.setProperty(io.gonogo.runners.benchmark.GonogoSut.HTTP_BASE, previous);
                }
            }
        }
    }
}
