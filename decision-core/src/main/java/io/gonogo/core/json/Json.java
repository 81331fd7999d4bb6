package io.gonogo.core.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gonogo.core.AtomicFiles;
import io.gonogo.core.Decision;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JSON forms of gonogo's own data: {@code evidence.json}, {@code decision.json} and the
 * measurement carried by a {@code gonogo.measurement} report entry (schema version 1).
 *
 * <p>Output is indented ({@code evidence.json}: one measurement per line), map keys sorted and
 * instants in ISO-8601, so the same data always gives the same bytes. Enums are spelled as in Java.
 * Unknown fields are errors on reading. Thread-safe.
 */
public final class Json {
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .addModule(new Jdk8Module())
                    .addModule(new JavaTimeModule())
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build();
    private static final ObjectMapper COMPACT =
            MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT);

    /**
     * {@link #COMPACT} writing measurements with {@link MeasurementSerializer}: the same JSON,
     * faster.
     */
    private static final ObjectMapper LINES =
            COMPACT.copy()
                    .registerModule(
                            new com.fasterxml.jackson.databind.module.SimpleModule(
                                            "gonogo-measurements")
                                    .addSerializer(Measurement.class, new MeasurementSerializer()));

    private Json() {}

    /**
     * A measurement as one line of JSON, the value of a {@code gonogo.measurement} report entry.
     *
     * @param m the measurement
     * @return compact JSON on one line, which {@link #readMeasurement} reads back
     */
    public static String measurement(Measurement m) {
        try {
            return COMPACT.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise measurement " + m.metric(), e);
        }
    }

    /**
     * Reads the JSON of one measurement.
     *
     * @param json the JSON text, as {@link #measurement} writes it
     * @param where where it was found, such as a report file and entry, for the error
     * @return the measurement, its histogram checked against its count
     * @throws InvalidInputException naming {@code where} when the JSON is not a valid measurement
     */
    public static Measurement readMeasurement(String json, String where) {
        try {
            Measurement m = MAPPER.readValue(json, Measurement.class);
            if (m == null) {
                throw InvalidInputException.of(
                        where, "not a valid gonogo measurement: found JSON null");
            }
            checkHistogram(m, where);
            return m;
        } catch (JsonProcessingException e) {
            throw InvalidInputException.of(
                    where, "not a valid gonogo measurement: " + e.getOriginalMessage(), e);
        }
    }

    private static void checkHistogram(Measurement m, String where) {
        if (m.value() instanceof io.gonogo.core.Distribution d) {
            try {
                if (d.decode().getTotalCount() != d.count()) {
                    throw InvalidInputException.of(
                            where,
                            "not a valid gonogo measurement: '"
                                    + m.metric()
                                    + "' says count "
                                    + d.count()
                                    + " but its histogram holds "
                                    + d.decode().getTotalCount()
                                    + " samples");
                }
            } catch (IllegalStateException e) {
                throw InvalidInputException.of(
                        where,
                        "not a valid gonogo measurement: '" + m.metric() + "': " + e.getMessage(),
                        e);
            }
        }
    }

    /**
     * The JSON text of {@code value} (a decision, an evidence set, ...).
     *
     * @param value the value
     * @return indented JSON ending in a newline
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Streams the JSON text of {@code value} to {@code out} in UTF-8 through one {@link
     * JsonGenerator}: the same bytes as {@link #write(Object)}, without building the text (a
     * 100,000-measurement evidence set is ~55 MB). Leaves {@code out} open.
     *
     * @param value the value
     * @param out the stream, left open
     * @throws IOException when {@code out} fails
     */
    public static void writeTo(Object value, OutputStream out) throws IOException {
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            MAPPER.writeValue(g, value);
            g.writeRaw('\n');
        }
    }

    /**
     * Streams the JSON text of {@code value} to {@code out} in UTF-8 with no indentation but one
     * line per field of the top-level object and per item of its arrays, so a 100,000-measurement
     * {@code evidence.json} is one measurement per line: half the bytes of the indented form,
     * written in a fraction of the time, and still greppable and diffable line by line. Reads back
     * as any other JSON. Leaves {@code out} open.
     *
     * @param value the value, such as an evidence set
     * @param out the stream, left open
     * @throws IOException when {@code out} fails
     */
    public static void writeLines(Object value, OutputStream out) throws IOException {
        try (JsonGenerator g = LINES.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setPrettyPrinter(new LinePerItem());
            LINES.writeValue(g, value);
            g.writeRaw('\n');
        }
    }

    /**
     * Breaks lines between the top-level object's fields and between the items of its arrays only.
     */
    private static final class LinePerItem extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        /**
         * Whether the generator is directly inside the top-level object (a line per field) or in an
         * array that is one of its fields (a line per item); everything deeper stays on its line.
         */
        private static boolean breaksLines(JsonGenerator g) {
            JsonStreamContext c = g.getOutputContext();
            JsonStreamContext parent = c.getParent();
            if (parent == null) {
                return false;
            }
            return c.inObject()
                    ? parent.inRoot()
                    : c.inArray() && parent.getParent() != null && parent.getParent().inRoot();
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            if (breaksLines(g)) {
                g.writeRaw('\n');
            }
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(breaksLines(g) ? ",\n" : ",");
        }

        @Override
        public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
            if (breaksLines(g) && nrOfEntries > 0) {
                g.writeRaw('\n');
            }
            g.writeRaw('}');
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (breaksLines(g)) {
                g.writeRaw('\n');
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(breaksLines(g) ? ",\n" : ",");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            if (breaksLines(g) && nrOfValues > 0) {
                g.writeRaw('\n');
            }
            g.writeRaw(']');
        }
    }

    /**
     * Writes {@code value} as JSON to {@code file}, atomically, streamed.
     *
     * @param value the value
     * @param file the file to create or replace; parent folders are created
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Object value, Path file) {
        AtomicFiles.write(file, out -> writeTo(value, out));
    }

    /**
     * Reads {@code decision.json}.
     *
     * @param file the {@code decision.json}
     * @return the decision; an earlier schema's file reads with the later fields empty
     * @throws InvalidInputException naming the file, line and column when it is not such JSON
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Decision readDecision(Path file) {
        return read(file, Decision.class, "decision");
    }

    /**
     * Reads {@code evidence.json}, checking that every distribution's histogram decodes.
     *
     * @param file the {@code evidence.json}
     * @return the evidence set
     * @throws InvalidInputException naming the file, line and column when it is not such JSON
     * @throws UncheckedIOException when the file cannot be read
     */
    public static EvidenceSet readEvidence(Path file) {
        EvidenceSet set = read(file, EvidenceSet.class, "evidence set");
        for (Measurement m : set.measurements()) {
            checkHistogram(m, file.toString());
        }
        return set;
    }

    /**
     * Reads {@code file} as a {@code decision.json} or an {@code evidence.json}, whichever it is,
     * returning a {@link Decision} or an {@link EvidenceSet}.
     *
     * @param file the JSON file
     * @return a {@link Decision} or an {@link EvidenceSet}
     * @throws InvalidInputException when it is neither
     */
    public static Object readDecisionOrEvidence(Path file) {
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw InvalidInputException.of(
                    file.toString(), "not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (tree != null && tree.has("outcome") && tree.has("verdicts")) {
            return readDecision(file);
        }
        if (tree != null && tree.has("measurements") && tree.has("outcomes")) {
            return readEvidence(file);
        }
        throw InvalidInputException.of(
                file.toString(),
                "neither a gonogo decision.json (no 'outcome' and"
                        + " 'verdicts') nor an evidence.json (no 'measurements' and 'outcomes')");
    }

    /**
     * Reads {@code file} as a {@code type}, such as a load shard's {@code shard.json}.
     *
     * @param file the JSON file
     * @param type the class to read
     * @param what what the file is, for the error message
     * @param <T> the type read
     * @return the value
     * @throws InvalidInputException naming the file when it is not such JSON
     */
    public static <T> T readValue(Path file, Class<T> type, String what) {
        return read(file, type, what);
    }

    private static <T> T read(Path file, Class<T> type, String what) {
        try {
            return MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), type);
        } catch (JsonProcessingException e) {
            String at =
                    e.getLocation() == null
                            ? file.toString()
                            : file
                                    + ":"
                                    + e.getLocation().getLineNr()
                                    + ":"
                                    + e.getLocation().getColumnNr();
            throw InvalidInputException.of(
                    at, "not a valid gonogo " + what + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
