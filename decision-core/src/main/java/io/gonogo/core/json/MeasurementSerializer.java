package io.gonogo.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.gonogo.core.Distribution;
import io.gonogo.core.Interval;
import io.gonogo.core.Measurement;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.Series;
import io.gonogo.core.Source;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link Measurement} with direct generator calls, the same JSON Jackson's record
 * serialization writes (field order, omitted empty source fields and absent interval, map keys
 * sorted), at a fraction of its cost: {@code evidence.json} of a 100,000-measurement run is written
 * in about a third of the time. {@code JsonTest} checks the two agree field for field.
 */
final class MeasurementSerializer extends StdSerializer<Measurement> {
    private static final long serialVersionUID = 1L;

    MeasurementSerializer() {
        super(Measurement.class);
    }

    @Override
    public void serialize(Measurement m, JsonGenerator g, SerializerProvider provider)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("metric", m.metric());
        g.writeFieldName("labels");
        writeSorted(m.labels(), g);
        g.writeStringField("unit", m.unit().name());
        g.writeFieldName("value");
        if (m.value() instanceof Scalar s) {
            g.writeStartObject();
            g.writeStringField("type", "scalar");
            g.writeNumberField("value", s.value());
            g.writeEndObject();
        } else if (m.value() instanceof Distribution d) {
            g.writeStartObject();
            g.writeStringField("type", "distribution");
            g.writeStringField("histogram", d.histogram());
            g.writeNumberField("count", d.count());
            g.writeNumberField("min", d.min());
            g.writeNumberField("max", d.max());
            g.writeNumberField("mean", d.mean());
            g.writeFieldName("percentiles");
            g.writeStartObject();
            for (Map.Entry<String, Double> p : sorted(d.percentiles()).entrySet()) {
                g.writeFieldName(p.getKey());
                if (p.getValue() == null) {
                    g.writeNull();
                } else {
                    g.writeNumber(p.getValue());
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        } else {
            Series s = (Series) m.value(); // MeasuredValue is sealed: Scalar, Distribution, Series
            g.writeStartObject();
            g.writeStringField("type", "series");
            g.writeArrayFieldStart("points");
            for (Series.Point p : s.points()) {
                g.writeStartObject();
                g.writeNumberField("epochMillis", p.epochMillis());
                g.writeNumberField("value", p.value());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeArrayFieldStart("quality");
        for (Quality q : m.quality()) {
            g.writeString(q.name());
        }
        g.writeEndArray();
        Source s = m.source();
        g.writeFieldName("source");
        g.writeStartObject();
        writeIfNotEmpty(g, "runId", s.runId());
        writeIfNotEmpty(g, "shard", s.shard());
        writeIfNotEmpty(g, "testId", s.testId());
        writeIfNotEmpty(g, "file", s.file());
        g.writeEndObject();
        Interval i = m.interval();
        if (!i.isNone()) {
            g.writeFieldName("interval");
            g.writeStartObject();
            g.writeNumberField("low", i.low());
            g.writeNumberField("high", i.high());
            g.writeNumberField("confidence", i.confidence());
            g.writeStringField("method", i.method());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeSorted(Map<String, String> map, JsonGenerator g) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, String> e : sorted(map).entrySet()) {
            g.writeFieldName(e.getKey());
            if (e.getValue() == null) {
                g.writeNull();
            } else {
                g.writeString(e.getValue());
            }
        }
        g.writeEndObject();
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return map instanceof java.util.SortedMap<String, V>
                        || map instanceof io.gonogo.core.LabelMap
                ? map
                : new TreeMap<>(map);
    }

    private static void writeIfNotEmpty(JsonGenerator g, String field, String value)
            throws IOException {
        if (value != null && !value.isEmpty()) {
            g.writeStringField(field, value);
        }
    }
}
