package io.gonogo.collect.importers.internal;

import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per group figures built from Gatling's group records, one record per pass of a virtual user
 * through a group: its path, start and end, cumulated response time (the sum of the response times
 * of the requests in it, nested groups' included) and status.
 *
 * <p>Per group path (label {@code group}, the path joined with {@code " / "}, as the requests in it
 * are labelled and as Gatling's report names it; no {@code operation} label), in microseconds from
 * Gatling's whole milliseconds:
 *
 * <ul>
 *   <li>{@code group_duration}: end minus start of every pass, {@code OK} and {@code KO} (what
 *       Gatling's report shows with {@code gatling.charting.useGroupDurationMetric = true});
 *   <li>{@code group_response_time}: the cumulated response time of every pass, {@code OK} and
 *       {@code KO} (what the report shows by default);
 *   <li>{@code failed_group_duration} and {@code failed_group_response_time}: the same of the
 *       {@code KO} passes alone, published only for a group with failures;
 *   <li>{@code groups}: passes counted; {@code group_errors}: {@code KO} passes counted.
 * </ul>
 *
 * <p>A distribution's summary (min, max, mean) is the exact figure of the passes; its histogram,
 * what targets merge, holds each within HdrHistogram's 3 significant digits.
 *
 * <p><b>Why failed passes are in {@code group_duration} and {@code group_response_time}</b>, unlike
 * {@code latency}, which holds only {@code OK} requests. A request's failures still count against a
 * percentile of {@code latency}: the evaluator bounds the requests that may have timed out by the
 * {@code errors} and {@code requests} published beside it, and a bound beyond the 1 - p a
 * percentile may leave out makes it MISSED (decision 30, floors and unknown timeouts). That rule
 * belongs to the metric {@code latency}; a percentile of any other metric is judged on its
 * distribution alone. A group distribution of {@code OK} passes would so let a failed pass drop out
 * unseen: a checkout that ran into a 60 s timeout would leave the group's p95 better than if it had
 * succeeded. Holding every pass, a slow failure counts with the time it took, as in the total
 * column of Gatling's report. A failure that shortens a pass (a group left at its first failure,
 * {@code exitBlockOnFail}) counts with its shorter time; {@code group_errors} beside it counts it,
 * so a target on the group's errors catches what the time cannot.
 */
final class GatlingGroupStats {
    private final Map<String, Group> groups = new TreeMap<>();

    private static final class Group {
        final Map<String, String> labels;
        final RequestStats.Samples duration = new RequestStats.Samples();
        final RequestStats.Samples responseTime = new RequestStats.Samples();
        final RequestStats.Samples failedDuration = new RequestStats.Samples();
        final RequestStats.Samples failedResponseTime = new RequestStats.Samples();

        Group(String path) {
            this.labels = Map.of("group", path);
        }
    }

    /**
     * One pass through the group {@code path} (outermost first), lasting {@code durationMillis},
     * its requests' response times summing to {@code cumulatedMillis}. A negative figure (a clock
     * stepped back while the group ran) counts as 0, as a request's elapsed time does.
     */
    void add(List<String> path, long durationMillis, long cumulatedMillis, boolean ok) {
        String name = String.join(" / ", path);
        Group g = groups.computeIfAbsent(name, Group::new);
        long duration = Math.max(0, durationMillis) * 1000;
        long cumulated = Math.max(0, cumulatedMillis) * 1000;
        g.duration.add(duration);
        g.responseTime.add(cumulated);
        if (!ok) {
            g.failedDuration.add(duration);
            g.failedResponseTime.add(cumulated);
        }
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    /** The figures of every group, in the order of their paths. */
    List<Measurement> measurements() {
        List<Measurement> out = new ArrayList<>();
        for (Group g : groups.values()) {
            Map<String, String> labels = g.labels;
            out.add(dist("group_duration", labels, g.duration));
            out.add(dist("group_response_time", labels, g.responseTime));
            if (g.failedDuration.count > 0) {
                out.add(dist("failed_group_duration", labels, g.failedDuration));
                out.add(dist("failed_group_response_time", labels, g.failedResponseTime));
            }
            out.add(Measurement.of("groups", labels, Unit.COUNT, new Scalar(g.duration.count)));
            out.add(
                    Measurement.of(
                            "group_errors",
                            labels,
                            Unit.COUNT,
                            new Scalar(g.failedDuration.count)));
        }
        return out;
    }

    private static Measurement dist(
            String metric, Map<String, String> labels, RequestStats.Samples s) {
        return Measurement.of(metric, labels, Unit.MICROSECONDS, RequestStats.distribution(s));
    }
}
