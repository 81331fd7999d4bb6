package io.gonogo.runners.load.internal;

import java.time.Duration;

/**
 * Formats durations the way people write them in messages: {@code 200ms}, {@code 1.5s}, {@code
 * 1m30s}, {@code 10m}.
 */
public final class Durations {

    private Durations() {}

    /**
     * Formats a duration briefly, to the millisecond.
     *
     * @param d a non-negative duration
     * @return for example {@code 250ms}, {@code 2s}, {@code 2.5s}, {@code 1m30s}, {@code 1h}
     */
    public static String human(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long seconds = millis / 1000 % 60;
        long ms = millis % 1000;
        StringBuilder sb = new StringBuilder();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (minutes > 0) {
            sb.append(minutes).append('m');
        }
        if (seconds > 0 || ms > 0) {
            sb.append(seconds);
            if (ms > 0) {
                String frac = String.format("%03d", ms).replaceAll("0+$", "");
                sb.append('.').append(frac);
            }
            sb.append('s');
        }
        return sb.toString();
    }
}
