package io.gonogo.runners.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.config.SutSpec;
import io.gonogo.runners.engine.Sut;
import io.gonogo.runners.engine.SutControl;
import io.gonogo.runners.engine.SutEndpoint;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server's process faults: SIGKILL and start again, SIGSTOP/SIGCONT, graceful stop.
 */
class EmbeddedSutControlIT {
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(
                b.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String submit(SutEndpoint e) throws Exception {
        HttpResponse<String> r =
                send(
                        HttpRequest.newBuilder(e.http("/decisions"))
                                .header("Authorization", "Bearer " + e.token())
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"title\":\"durable\",\"riskLevel\":\"LOW\"}")));
        assertThat(r.statusCode()).isEqualTo(201);
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"?([^\",}]+)").matcher(r.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private int get(SutEndpoint e, String path) throws Exception {
        return send(HttpRequest.newBuilder(e.http(path)).GET()).statusCode();
    }

    @Test
    void killedServerStartsAgainOnItsDataWithTheSameTokenAndAFrozenOneAnswersOnlyAfterSigcont(
            @TempDir Path work) throws Exception {
        try (Sut sut = new EmbeddedSutProvider().start(SutSpec.embedded(), work)) {
            SutControl control = sut.control().orElseThrow();
            SutEndpoint first = sut.endpoint();
            String id = submit(first);
            long pid = control.currentProcess().pid();

            control.kill();
            assertThat(control.alive()).isFalse();
            assertThatThrownBy(() -> get(first, "/health")).isInstanceOf(java.io.IOException.class);

            SutEndpoint second = control.start();
            assertThat(control.currentProcess().pid()).isNotEqualTo(pid);
            assertThat(sut.endpoint()).isEqualTo(second);
            assertThat(sut.process().orElseThrow().pid()).isEqualTo(control.currentProcess().pid());
            assertThat(second.token()).isEqualTo(first.token()).isNotEmpty();
            assertThat(get(second, "/decisions/" + id)).isEqualTo(200);
            submit(second); // the kept token is accepted

            control.pause();
            assertThatThrownBy(
                            () ->
                                    http.send(
                                            HttpRequest.newBuilder(second.http("/health"))
                                                    .timeout(Duration.ofMillis(1500))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.net.http.HttpTimeoutException.class);
            assertThat(control.alive()).isTrue();
            control.resume();
            assertThat(get(second, "/health")).isEqualTo(200);

            control.stop(Duration.ofSeconds(10));
            assertThat(control.alive()).isFalse();
            SutEndpoint third = control.start();
            assertThat(get(third, "/decisions/" + id)).isEqualTo(200);
        }
    }
}
