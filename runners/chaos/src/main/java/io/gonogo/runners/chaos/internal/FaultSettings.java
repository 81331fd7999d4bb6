package io.gonogo.runners.chaos.internal;

import io.gonogo.core.Quantity;
import io.gonogo.core.Unit;
import io.gonogo.runners.chaos.Direction;
import java.util.Locale;
import java.util.Map;

/** Typed reading of a fault's text settings; every error names the setting and the value. */
final class FaultSettings {
    private final String kind;
    private final Map<String, String> values;

    FaultSettings(String kind, Map<String, String> values) {
        this.kind = kind;
        this.values = values;
    }

    private IllegalArgumentException bad(String key, String expected) {
        return new IllegalArgumentException(
                kind + " fault: '" + key + "' is '" + values.get(key) + "'; expected " + expected);
    }

    private Quantity quantity(String key, String expected) {
        try {
            return Quantity.parse(values.get(key));
        } catch (IllegalArgumentException e) {
            throw bad(key, expected);
        }
    }

    long nanos(String key, long fallback) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        String expected = "a duration from 0ms to 1h such as 100ms";
        Quantity q = quantity(key, expected);
        if (q.unit().dimension() != Unit.Dimension.DURATION
                || q.value() < 0
                || q.valueIn(Unit.HOURS) > 1) {
            throw bad(key, expected);
        }
        return (long) q.valueIn(Unit.NANOSECONDS);
    }

    long requiredNanos(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException(
                    kind + " fault: missing '" + key + "', such as " + key + ": 100ms");
        }
        return nanos(key, 0);
    }

    /** A share from 0 to 1, written as a percentage (30%) or a fraction (0.3). */
    double share(String key, double fallback) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        String expected = "a share from 0% to 100% such as 30%";
        Quantity q = quantity(key, expected);
        double v =
                q.unit() == Unit.PERCENT
                        ? q.value() / 100
                        : q.unit() == Unit.COUNT ? q.value() : -1;
        if (!(v >= 0 && v <= 1)) {
            throw bad(key, expected);
        }
        return v;
    }

    /** Bytes per second, written as 1MB/s, 100KB/s or 500000/s (bytes). */
    double bytesPerSecond(String key) {
        String text = values.get(key);
        if (text == null) {
            throw new IllegalArgumentException(
                    kind + " fault: missing '" + key + "', such as " + key + ": 100KB/s");
        }
        String expected = "a rate in bytes per second such as 100KB/s or 1MB/s";
        String t = text.strip();
        if (!t.endsWith("/s")) {
            throw bad(key, expected);
        }
        String amount = t.substring(0, t.length() - 2);
        Quantity q;
        try {
            q = Quantity.parse(amount);
        } catch (IllegalArgumentException e) {
            throw bad(key, expected);
        }
        double bps =
                q.unit() == Unit.COUNT
                        ? q.value()
                        : q.unit().dimension() == Unit.Dimension.BYTES ? q.valueIn(Unit.BYTES) : -1;
        if (!(bps >= 1)) {
            throw bad(key, expected);
        }
        return bps;
    }

    int status(String key, int fallback) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        try {
            int s = Integer.parseInt(values.get(key).strip());
            if (s >= 400 && s <= 599) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, "an HTTP error status from 400 to 599 such as 503");
    }

    /** A gRPC status other than OK: its name (UNAVAILABLE, any case) or its code (1..16). */
    int grpcStatus(String key, int fallback) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        String text = values.get(key).strip().toUpperCase(Locale.ROOT);
        int code = Http2Framer.CODES.indexOf(text);
        if (code < 0) {
            try {
                code = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                code = -1;
            }
        }
        if (code >= 1 && code < Http2Framer.CODES.size()) {
            return code;
        }
        throw bad(key, "a gRPC status other than OK, by name or code, such as UNAVAILABLE or 14");
    }

    Direction direction(Direction fallback) {
        if (!values.containsKey(key("direction"))) {
            return fallback;
        }
        try {
            return Direction.valueOf(values.get("direction").strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad("direction", "upstream, downstream or both");
        }
    }

    private static String key(String k) {
        return k;
    }
}
