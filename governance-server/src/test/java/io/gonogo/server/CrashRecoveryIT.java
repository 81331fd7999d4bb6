package io.gonogo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server process with SIGKILL during a stream of acknowledged writes, restarts it on the
 * same data directory and finds every acknowledged write. Covers a process crash, not a power loss.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashRecoveryIT {

    static final String TOKEN = "crash-token";
    static final Pattern READY = Pattern.compile("ready http=([^ ]+) grpc=");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path temp;

    private static final class Child implements AutoCloseable {
        final Process process;
        final URI base;

        Child(Path dataDir, Path stderr) throws Exception {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            process =
                    new ProcessBuilder(
                                    java.toString(),
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    GovernanceServerMain.class.getName(),
                                    "--http-port",
                                    "0",
                                    "--grpc-port",
                                    "none",
                                    "--data-dir",
                                    dataDir.toString(),
                                    "--token",
                                    TOKEN)
                            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                            .start();
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(
                                    process.getInputStream(), StandardCharsets.UTF_8));
            String line =
                    CompletableFuture.supplyAsync(
                                    () -> {
                                        try {
                                            return out.readLine();
                                        } catch (IOException e) {
                                            throw new UncheckedIOException(e);
                                        }
                                    })
                            .get(60, TimeUnit.SECONDS);
            Matcher m = READY.matcher(line == null ? "" : line);
            assertThat(m.find()).as("ready line: %s", line).isTrue();
            base = URI.create("http://" + m.group(1));
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static HttpResponse<String> send(HttpClient client, URI uri, String method, String body)
            throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + TOKEN)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkillOfTheServer() throws Exception {
        Path dataDir = temp.resolve("data");
        Path stderr = temp.resolve("stderr.txt");
        HttpClient client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        Set<String> submitted = ConcurrentHashMap.newKeySet();
        Set<String> approved = ConcurrentHashMap.newKeySet();
        String session;
        AtomicInteger acks = new AtomicInteger();
        try (Child child = new Child(dataDir, stderr)) {
            HttpResponse<String> s =
                    send(
                            client,
                            child.base.resolve("/sessions"),
                            "POST",
                            "{\"operator\":\"crash\"}");
            assertThat(s.statusCode()).isEqualTo(201);
            session = JSON.readTree(s.body()).get("id").asText();

            int writers = 4;
            CountDownLatch enough = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                Thread t =
                        new Thread(
                                () -> {
                                    for (int i = 0; ; i++) {
                                        try {
                                            HttpResponse<String> r =
                                                    send(
                                                            client,
                                                            child.base.resolve("/decisions"),
                                                            "POST",
                                                            "{\"title\":\"w"
                                                                    + writer
                                                                    + "-"
                                                                    + i
                                                                    + "\",\"riskLevel\":\"LOW\"}");
                                            if (r.statusCode() != 201) {
                                                continue;
                                            }
                                            String id = JSON.readTree(r.body()).get("id").asText();
                                            submitted.add(id);
                                            if (i % 2 == 0) {
                                                HttpResponse<String> a =
                                                        send(
                                                                client,
                                                                child.base.resolve(
                                                                        "/decisions/"
                                                                                + id
                                                                                + "/approve"),
                                                                "POST",
                                                                "{\"sessionId\":\""
                                                                        + session
                                                                        + "\"}");
                                                if (a.statusCode() == 200) {
                                                    approved.add(id);
                                                }
                                            }
                                            if (acks.incrementAndGet() >= 300) {
                                                enough.countDown();
                                            }
                                        } catch (Exception e) {
                                            return; // the server is gone
                                        }
                                    }
                                },
                                "writer-" + w);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            assertThat(enough.await(60, TimeUnit.SECONDS)).as("writes acknowledged").isTrue();
            child.process.destroyForcibly(); // SIGKILL while the writers are still sending
            assertThat(child.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            for (Thread t : threads) {
                t.join(20_000);
            }
        }
        assertThat(submitted).hasSizeGreaterThanOrEqualTo(300);

        try (Child restarted = new Child(dataDir, stderr)) {
            List<String> missing = new ArrayList<>();
            List<String> notApproved = new ArrayList<>();
            for (String id : submitted) {
                HttpResponse<String> r =
                        send(client, restarted.base.resolve("/decisions/" + id), "GET", null);
                if (r.statusCode() != 200) {
                    missing.add(id);
                    continue;
                }
                JsonNode d = JSON.readTree(r.body());
                if (approved.contains(id) && !d.get("status").asText().equals("APPROVED")) {
                    notApproved.add(id);
                }
            }
            assertThat(missing).as("acknowledged decisions lost by the crash").isEmpty();
            assertThat(notApproved).as("acknowledged approvals lost by the crash").isEmpty();
            HttpResponse<String> stats =
                    send(
                            client,
                            restarted.base.resolve("/sessions/" + session + "/stats"),
                            "GET",
                            null);
            assertThat(JSON.readTree(stats.body()).get("approved").asLong())
                    .isGreaterThanOrEqualTo(approved.size());
        }
    }
}
