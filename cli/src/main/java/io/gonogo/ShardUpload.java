package io.gonogo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gonogo.core.ExecutionException;
import io.gonogo.runners.spi.RunShard;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A shard's side of the {@link ShardCollector}: once the shard's run ended and its folder is
 * written, asks the coordinator whether it collects ({@code GET /collect}; 404 means it does not),
 * and if so sends the folder as a zip archive ({@code PUT /shards/I?runId=ID}). The archive holds
 * {@code shard.json}, {@code evidence.json} and the {@code evidence/} folder, read from the shard's
 * folder and written to a temporary file, so the folder itself is never changed.
 */
final class ShardUpload {
    private ShardUpload() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How often an upload that could not reach the coordinator is tried. */
    private static final int ATTEMPTS = 3;

    /**
     * Hands shard {@code shard}'s folder {@code dir} to the coordinator at {@code coordinator} when
     * it collects.
     *
     * @return true when the coordinator kept the folder, false when it does not collect
     * @throws ExecutionException when it collects but the folder could not be handed over
     */
    static boolean upload(
            URI coordinator, String runId, RunShard shard, Path dir, PrintStream progress) {
        HttpClient client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
        String run = URLEncoder.encode(runId, StandardCharsets.UTF_8);
        URI ask = coordinator.resolve("/collect?runId=" + run + "&shard=" + shard.index());
        HttpResponse<String> answer =
                send(
                        client,
                        HttpRequest.newBuilder(ask).timeout(Duration.ofSeconds(30)).GET().build(),
                        shard,
                        coordinator,
                        dir);
        if (answer.statusCode() == 404) {
            progress.println(
                    "gonogo: the coordinator at "
                            + coordinator
                            + " does not collect the shards' folders; shard "
                            + shard
                            + "'s is "
                            + dir
                            + ", for gonogo merge");
            return false;
        }
        JsonNode body = json(answer.body());
        if (answer.statusCode() != 200) {
            throw failed(shard, coordinator, dir, "it refused it: " + error(answer, body));
        }
        long maxBytes = body.path("maxBytes").asLong(Long.MAX_VALUE);
        Path zip = null;
        try {
            try {
                zip = Files.createTempFile("gonogo-shard-" + shard.index() + "-", ".zip");
                int files = zip(dir, zip);
                long size = Files.size(zip);
                if (size > maxBytes) {
                    throw failed(
                            shard,
                            coordinator,
                            dir,
                            "its archive holds "
                                    + size
                                    + " bytes, beyond the coordinator's limit of "
                                    + maxBytes);
                }
                progress.println(
                        "gonogo: shard "
                                + shard
                                + " hands its folder to the coordinator at "
                                + coordinator
                                + " ("
                                + files
                                + " files, "
                                + (size + 1023) / 1024
                                + " KiB)");
            } catch (IOException e) {
                throw failed(
                        shard,
                        coordinator,
                        dir,
                        "its archive cannot be written: " + e.getMessage());
            }
            URI put = coordinator.resolve("/shards/" + shard.index() + "?runId=" + run);
            HttpRequest request;
            try {
                request =
                        HttpRequest.newBuilder(put)
                                .timeout(Duration.ofMinutes(5))
                                .header("Content-Type", "application/zip")
                                .PUT(HttpRequest.BodyPublishers.ofFile(zip))
                                .build();
            } catch (IOException e) {
                throw failed(shard, coordinator, dir, e.getMessage());
            }
            HttpResponse<String> r = send(client, request, shard, coordinator, dir);
            JsonNode kept = json(r.body());
            if (r.statusCode() != 200) {
                throw failed(shard, coordinator, dir, "it refused it: " + error(r, kept));
            }
            List<String> waiting = new ArrayList<>();
            kept.path("waitingFor").forEach(n -> waiting.add(n.asText() + "/" + shard.count()));
            progress.println(
                    "gonogo: the coordinator kept shard "
                            + shard
                            + "'s folder"
                            + (waiting.isEmpty()
                                    ? "; every shard reported, it merges them now"
                                    : "; it waits for shard " + String.join(", ", waiting)));
            return true;
        } finally {
            if (zip != null) {
                try {
                    Files.deleteIfExists(zip);
                } catch (IOException e) {
                    // a temporary file
                }
            }
        }
    }

    /** Sends {@code request}, again after a second when the coordinator cannot be reached. */
    private static HttpResponse<String> send(
            HttpClient client, HttpRequest request, RunShard shard, URI coordinator, Path dir) {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = e;
                if (attempt < ATTEMPTS) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed(shard, coordinator, dir, "the shard was stopped while it sent it");
            }
        }
        throw failed(
                shard,
                coordinator,
                dir,
                "the coordinator cannot be reached (" + request.uri() + ": " + last + ")");
    }

    /** Zips {@code shard.json}, {@code evidence.json} and {@code evidence/} of {@code dir}. */
    private static int zip(Path dir, Path zip) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : List.of(ShardManifest.FILE, "evidence.json")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                files.add(dir.resolve(name));
            }
        }
        Path evidence = dir.resolve("evidence");
        if (Files.isDirectory(evidence)) {
            try (Stream<Path> walk = Files.walk(evidence)) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Path f : files) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                out.putNextEntry(new ZipEntry(name));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return files.size();
    }

    private static JsonNode json(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String error(HttpResponse<String> r, JsonNode body) {
        return body.hasNonNull("error")
                ? "HTTP " + r.statusCode() + ", " + body.get("error").asText()
                : "HTTP " + r.statusCode() + " " + r.body();
    }

    private static ExecutionException failed(
            RunShard shard, URI coordinator, Path dir, String why) {
        return new ExecutionException(
                "shard "
                        + shard
                        + " could not hand its folder to the coordinator at "
                        + coordinator
                        + ": "
                        + why
                        + "; the folder "
                        + dir
                        + " is whole, merge it with gonogo merge");
    }
}
