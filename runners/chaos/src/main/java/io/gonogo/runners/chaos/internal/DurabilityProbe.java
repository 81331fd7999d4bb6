package io.gonogo.runners.chaos.internal;

import io.gonogo.core.NotExecutedException;
import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.TlsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records the writes the governance service acknowledged while a process fault runs, and checks
 * afterwards that each is still there. One writer thread alternates {@code POST /decisions} and
 * {@code POST /sessions} through the fault proxy (so the client-facing port stays stable across
 * restarts), keeps the id of every 201 answer, and {@link #verify()} GETs each id ({@code
 * /decisions/{id}}, {@code /sessions/{id}/stats}): 200 is present, 404 is missing, and an id that
 * cannot be read after three tries counts as missing (no answer is never evidence of durability).
 */
final class DurabilityProbe implements AutoCloseable {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"?([A-Za-z0-9_-]+)");

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    private volatile long attempts;

    /**
     * A probe writing to {@code endpoint}'s HTTP API (through the fault proxy), over TLS with its
     * settings when the base URL is {@code https}.
     *
     * @throws NotExecutedException when TLS cannot be set up, or the certificate would have to be
     *     verified under a name other than the host of the base URL: the JDK's HTTP client verifies
     *     the host it connects to
     */
    DurabilityProbe(SutEndpoint endpoint, int maxWritesPerSecond) {
        this.base = endpoint.httpBase();
        this.token = endpoint.token();
        HttpClient.Builder b =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2));
        if (endpoint.httpTls()) {
            TlsSettings tls = endpoint.tls();
            if (!tls.insecure()
                    && tls.serverName().isPresent()
                    && !tls.serverName().get().equals(base.getHost())) {
                throw new NotExecutedException(
                        "the durability check writes over TLS through the fault proxy at "
                                + base
                                + ", and the JDK's HTTP client verifies the certificate against"
                                + " that host, not against "
                                + tls.serverName().get()
                                + "; give the service's certificate an IP SAN of 127.0.0.1, or"
                                + " set durability: false");
            }
            try {
                b.sslContext(tls.sslContext());
            } catch (java.io.IOException e) {
                throw new NotExecutedException(
                        "the durability check cannot set up TLS: " + e.getMessage(), e);
            }
        }
        this.http = b.build();
        long pauseMillis = Math.max(1, 1000 / Math.max(1, maxWritesPerSecond));
        this.writer = new Thread(() -> writeUntilStopped(pauseMillis), "gonogo-chaos-writer");
        writer.setDaemon(true);
    }

    /** Alternates decision and session writes until stopped, keeping the acknowledged ones. */
    private void writeUntilStopped(long pauseMillis) {
        long n = 0;
        while (running) {
            n++;
            attempts = n;
            boolean decision = n % 2 == 1;
            try {
                write(decision, n);
            } catch (java.io.IOException e) {
                // not acknowledged: the fault is doing its work
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One write; when the service acknowledges it (201), its read-back path is kept. */
    private void write(boolean decision, long n) throws java.io.IOException, InterruptedException {
        String body =
                decision
                        ? "{\"title\":\"chaos durability " + n + "\",\"riskLevel\":\"LOW\"}"
                        : "{\"operator\":\"gonogo-chaos\"}";
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(base.resolve(decision ? "/decisions" : "/sessions"))
                                .timeout(Duration.ofSeconds(5))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 201) {
            Matcher m = ID.matcher(r.body());
            if (m.find()) {
                acknowledged.add(
                        (decision ? "/decisions/" : "/sessions/")
                                + m.group(1)
                                + (decision ? "" : "/stats"));
            }
        }
    }

    void start() {
        writer.start();
    }

    /** Stops writing and waits for the writer to finish its call. */
    void stopWriting() throws InterruptedException {
        running = false;
        writer.join(5000);
    }

    long attempted() {
        return attempts;
    }

    /** The outcome of a check: ids checked and missing, and a few missing ones as examples. */
    record Result(long checked, long missing, List<String> examples) {}

    /** How many writes the service has acknowledged so far. */
    int acknowledged() {
        return acknowledged.size();
    }

    /** GETs every acknowledged id; call after the service is back. */
    Result verify() throws InterruptedException {
        long checked = 0;
        long missing = 0;
        List<String> examples = new ArrayList<>();
        for (String path : acknowledged) {
            checked++;
            int status = -1;
            for (int attempt = 0; attempt < 3 && (status < 0 || status >= 500); attempt++) {
                try {
                    status =
                            http.send(
                                            HttpRequest.newBuilder(base.resolve(path))
                                                    .timeout(Duration.ofSeconds(5))
                                                    .GET()
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                } catch (java.io.IOException e) {
                    status = -1;
                    Thread.sleep(200);
                }
            }
            if (status != 200) {
                missing++;
                if (examples.size() < 5) {
                    examples.add(path + (status < 0 ? " (no answer)" : " (" + status + ")"));
                }
            }
        }
        return new Result(checked, missing, examples);
    }

    @Override
    public void close() {
        running = false;
        writer.interrupt();
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%d writes acknowledged of %d attempted",
                acknowledged.size(),
                attempts);
    }
}
