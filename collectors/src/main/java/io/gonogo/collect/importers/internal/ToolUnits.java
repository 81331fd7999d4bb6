package io.gonogo.collect.importers.internal;

import io.gonogo.core.Unit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Other tools' unit names mapped onto gonogo's units, with the factor a value is multiplied by. */
final class ToolUnits {

    /** A unit and the factor that turns the tool's value into a value in that unit. */
    record Mapped(Unit unit, double factor) {
        double apply(double value) {
            return value * factor;
        }
    }

    private static final Map<String, Mapped> KNOWN =
            Map.ofEntries(
                    Map.entry("ops/s", new Mapped(Unit.PER_SECOND, 1)),
                    Map.entry("ops/sec", new Mapped(Unit.PER_SECOND, 1)),
                    Map.entry("ops/ms", new Mapped(Unit.PER_SECOND, 1e3)),
                    Map.entry("ops/us", new Mapped(Unit.PER_SECOND, 1e6)),
                    Map.entry("ops/ns", new Mapped(Unit.PER_SECOND, 1e9)),
                    Map.entry("ops/min", new Mapped(Unit.PER_SECOND, 1 / 60.0)),
                    Map.entry("ops/hr", new Mapped(Unit.PER_SECOND, 1 / 3600.0)),
                    Map.entry("ns/op", new Mapped(Unit.NANOSECONDS, 1)),
                    Map.entry("us/op", new Mapped(Unit.MICROSECONDS, 1)),
                    Map.entry("ms/op", new Mapped(Unit.MILLISECONDS, 1)),
                    Map.entry("s/op", new Mapped(Unit.SECONDS, 1)),
                    Map.entry("min/op", new Mapped(Unit.MINUTES, 1)),
                    Map.entry("hr/op", new Mapped(Unit.HOURS, 1)),
                    Map.entry("b/op", new Mapped(Unit.BYTES, 1)),
                    Map.entry("ns", new Mapped(Unit.NANOSECONDS, 1)),
                    Map.entry("us", new Mapped(Unit.MICROSECONDS, 1)),
                    Map.entry("ms", new Mapped(Unit.MILLISECONDS, 1)),
                    Map.entry("s", new Mapped(Unit.SECONDS, 1)),
                    Map.entry("b", new Mapped(Unit.BYTES, 1)),
                    Map.entry("counts", new Mapped(Unit.COUNT, 1)),
                    Map.entry("#", new Mapped(Unit.COUNT, 1)),
                    Map.entry("", new Mapped(Unit.COUNT, 1)));

    private ToolUnits() {}

    /**
     * The gonogo unit of a JMH score unit such as {@code ops/us}, {@code us/op}, {@code B/op},
     * {@code counts}.
     */
    static Optional<Mapped> jmh(String unit) {
        return Optional.ofNullable(KNOWN.get(unit.strip().toLowerCase(Locale.ROOT)));
    }
}
