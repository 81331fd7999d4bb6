package io.gonogo.collect.importers.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gonogo.collect.importers.ImportedEvidence;
import io.gonogo.core.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * k6's granular output, {@code k6 run --out json=points.json}: one JSON object a line, either
 * {@code {"type":"Metric","data":{type, contains, thresholds, ...},"metric":name}} declaring a
 * metric, or {@code {"type":"Point","data":{"time":RFC 3339,"value":v,"tags":{...}},"metric":name}}
 * holding one sample (times in ms).
 *
 * <p>Read: the points of {@code http_req_duration}, one per request, recorded sample by sample per
 * operation (the tag {@code name}, which k6 sets to the URL unless the script names the request;
 * and {@code group}, k6's {@code ::}-separated group path, as {@code " / "}-joined label when not
 * empty): {@code latency} (requests tagged {@code expected_response:true}, or without the tag) and
 * {@code failed_latency} ({@code expected_response:false}, what k6 counts in {@code
 * http_req_failed}), in microseconds (k6's fractional ms rounded to the us), with {@code requests},
 * {@code errors}, {@code success_rate} and {@code throughput} as for JMeter. Other metrics' points
 * are left out with a note. The file holds no threshold verdicts (k6 decides them at the end, in
 * its summary).
 */
final class K6Points {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private K6Points() {}

    /** Whether {@code head} starts like k6's JSON output. */
    static boolean detect(String head) {
        String first = head.lines().findFirst().orElse("").strip();
        return first.startsWith("{")
                && first.contains("\"metric\":")
                && (first.contains("\"type\":\"Metric\"") || first.contains("\"type\":\"Point\""));
    }

    static ImportedEvidence read(Path file) {
        RequestStats stats = new RequestStats();
        Set<String> leftOut = new TreeSet<>();
        long points = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    throw InvalidInputException.at(
                            file.toString(),
                            lineNo,
                            e.getLocation() == null ? 1 : e.getLocation().getColumnNr(),
                            "not a JSON object (is the line cut short?): "
                                    + e.getOriginalMessage());
                }
                String type = n.path("type").asText("");
                String metric = n.path("metric").asText("");
                if (type.equals("Metric")) {
                    continue;
                }
                if (!type.equals("Point") || metric.isEmpty()) {
                    throw InvalidInputException.at(
                            file.toString(),
                            lineNo,
                            1,
                            "expected a k6 line {\"type\":\"Metric\"|\"Point\", \"data\","
                                    + " \"metric\"}");
                }
                if (!metric.equals("http_req_duration")) {
                    leftOut.add(metric);
                    continue;
                }
                point(n.path("data"), file, lineNo, stats);
                points++;
            }
        } catch (IOException e) {
            throw InvalidInputException.of(
                    file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
        List<String> notes = new ArrayList<>();
        if (points == 0) {
            throw InvalidInputException.of(
                    file.toString(),
                    "holds no http_req_duration point; gonogo reads the requests of k6's --out"
                            + " json");
        }
        if (!leftOut.isEmpty()) {
            notes.add("left out the points of " + String.join(", ", leftOut));
        }
        notes.add("k6 --out json holds no threshold verdicts; import k6's summary for them");
        return new ImportedEvidence(stats.measurements(), List.of(), notes);
    }

    private static void point(JsonNode data, Path file, int lineNo, RequestStats stats) {
        JsonNode value = data.get("value");
        if (value == null || !value.isNumber() || !(value.asDouble() >= 0)) {
            throw InvalidInputException.at(
                    file.toString(),
                    lineNo,
                    1,
                    "data.value is " + value + "; expected a duration in ms");
        }
        String time = data.path("time").asText("");
        long endMicros;
        try {
            endMicros =
                    ChronoUnit.MICROS.between(java.time.Instant.EPOCH, OffsetDateTime.parse(time));
        } catch (DateTimeParseException e) {
            throw InvalidInputException.at(
                    file.toString(),
                    lineNo,
                    1,
                    "data.time is '" + time + "'; expected an RFC 3339 time");
        }
        JsonNode tags = data.path("tags");
        Map<String, String> labels = new LinkedHashMap<>();
        String name = tags.path("name").asText(tags.path("url").asText(""));
        labels.put("operation", name);
        String group = tags.path("group").asText("");
        if (!group.isEmpty()) {
            String g = group.startsWith("::") ? group.substring(2) : group;
            labels.put("group", String.join(" / ", g.split("::", -1)));
        }
        boolean ok = !tags.path("expected_response").asText("true").equals("false");
        long elapsed = Math.round(value.asDouble() * 1000);
        stats.addMicros(labels, endMicros - elapsed, elapsed, ok);
    }
}
