package io.gonogo.collect.importers.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gonogo.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reading JSON result files with errors that name the file, line and column, or the field. */
final class JsonFiles {
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .build();

    private JsonFiles() {}

    /** The whole file as a tree; a syntax error or a cut-short file names its line and column. */
    static JsonNode read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode root = MAPPER.readTree(in);
            if (root == null || root.isMissingNode()) {
                throw InvalidInputException.of(file.toString(), "the file is empty; expected JSON");
            }
            return root;
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null
                            ? file.toString()
                            : file
                                    + ":"
                                    + e.getLocation().getLineNr()
                                    + ":"
                                    + e.getLocation().getColumnNr();
            String what = e.getOriginalMessage();
            if (what != null && what.startsWith("Unexpected end-of-input")) {
                what = "the JSON ends early (is the file cut short?): " + what;
            }
            throw InvalidInputException.of(where, "not valid JSON: " + firstLine(what));
        } catch (IOException e) {
            throw InvalidInputException.of(
                    file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
    }

    /**
     * A number field: JSON numbers, and the strings {@code "NaN"}, {@code "Infinity"} JMH writes;
     * empty when absent or null.
     */
    static Optional<Double> number(JsonNode node, String field, Path file, String where) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (n.isNumber()) {
            return Optional.of(n.asDouble());
        }
        if (n.isTextual()) {
            String t = n.asText().strip();
            if (t.equals("NaN")) {
                return Optional.of(Double.NaN);
            }
            try {
                return Optional.of(Double.parseDouble(t));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw InvalidInputException.of(
                file.toString(), where + ": '" + field + "' is " + n + "; expected a number");
    }

    /** A required number field. */
    static double requiredNumber(JsonNode node, String field, Path file, String where) {
        return number(node, field, file, where)
                .orElseThrow(
                        () ->
                                InvalidInputException.of(
                                        file.toString(),
                                        where + ": '" + field + "' is missing; expected a number"));
    }

    /** A required text field. */
    static String requiredText(JsonNode node, String field, Path file, String where) {
        JsonNode n = node.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw InvalidInputException.of(
                    file.toString(),
                    where
                            + ": '"
                            + field
                            + "' is "
                            + (n == null ? "missing" : n.toString())
                            + "; expected text");
        }
        return n.asText();
    }

    /** A required object field. */
    static JsonNode requiredObject(JsonNode node, String field, Path file, String where) {
        JsonNode n = node.get(field);
        if (n == null || !n.isObject()) {
            throw InvalidInputException.of(
                    file.toString(),
                    where
                            + ": '"
                            + field
                            + "' is "
                            + (n == null ? "missing" : "not an object")
                            + "; expected an object");
        }
        return n;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
