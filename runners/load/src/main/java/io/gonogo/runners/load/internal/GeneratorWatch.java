package io.gonogo.runners.load.internal;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.gonogo.runners.load.GeneratorBounds;
import io.gonogo.runners.load.GeneratorHealth;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the generator's own JVM during a run: GC pauses through the collectors' notifications and
 * the process's CPU time; at the end it judges them, with the engine threads' busy time and the
 * send lag, against {@link GeneratorBounds}.
 *
 * <p>Concurrent collector cycles (G1's, ZGC's and Shenandoah's concurrent phases) are not pauses
 * and are not counted. Notifications arrive on a JMX thread; the counters are atomic.
 */
final class GeneratorWatch implements AutoCloseable {

    /** The shortest wall time a GC pause share is taken over. */
    static final long SHARE_FLOOR_NANOS = 1_000_000_000L;

    private final AtomicLong pauseMicros = new AtomicLong();
    private final AtomicLong longestMicros = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private final long startNanos = System.nanoTime();
    private final long startCpu = processCpuNanos();

    GeneratorWatch() {
        this(ManagementFactory.getGarbageCollectorMXBeans());
    }

    /**
     * Watches the given collectors only; tests pass none, so that a collection of the test JVM
     * itself (other tests allocate beside them) cannot land in a run that lasts a few milliseconds.
     */
    GeneratorWatch(List<GarbageCollectorMXBean> collectors) {
        for (GarbageCollectorMXBean gc : collectors) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        String name = (info.getGcName() + " " + info.getGcAction()).toLowerCase(Locale.ROOT);
        if (name.contains("concurrent") || name.contains("cycles")) {
            return; // runs beside the application, not a pause
        }
        long us = info.getGcInfo().getDuration() * 1000; // the JDK reports whole milliseconds
        pauseMicros.addAndGet(us);
        pauses.incrementAndGet();
        longestMicros.accumulateAndGet(us, Math::max);
    }

    /** Records a GC pause as if a collector had reported it; for tests of the bounds. */
    void pause(long micros) {
        pauseMicros.addAndGet(micros);
        pauses.incrementAndGet();
        longestMicros.accumulateAndGet(micros, Math::max);
    }

    /** The engine threads' CPU time per request they resolved, in microseconds; -1 unknown. */
    private static double cpuPerRequest(List<Tally> tallies) {
        long cpu = 0;
        long requests = 0;
        for (Tally t : tallies) {
            if (t.cpuNanos < 0) {
                return -1;
            }
            cpu += t.cpuNanos;
            requests += t.warmupResolved + t.measuredResolved;
        }
        return requests == 0 ? -1 : cpu / 1000.0 / requests;
    }

    private static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * Judges the run so far.
     *
     * @param bounds the limits
     * @param tallies the engine threads' tallies (their busy and wall time)
     * @param open whether the run is open-model (the send lag counts)
     * @param sendLagP99Micros the run's send-lag p99
     * @return the health, with one reason per bound exceeded
     */
    GeneratorHealth judge(
            GeneratorBounds bounds, List<Tally> tallies, boolean open, long sendLagP99Micros) {
        long wall = Math.max(1, System.nanoTime() - startNanos);
        long cpu = processCpuNanos();
        double processShare =
                cpu >= 0 && startCpu >= 0
                        ? (cpu - startCpu)
                                / (double) wall
                                / Runtime.getRuntime().availableProcessors()
                        : -1;
        double engineShare = -1;
        for (Tally t : tallies) {
            if (t.wallNanos > 0) {
                engineShare =
                        Math.max(
                                engineShare,
                                Math.max(0.0, 1.0 - t.idleNanos / (double) t.wallNanos));
            }
        }
        double pauseMs = pauseMicros.get() / 1000.0;
        double longestMs = longestMicros.get() / 1000.0;
        List<String> reasons = new ArrayList<>();
        // Over the run or one second, whichever is longer: a young collection of a few ms is not
        // 5% of a run of tens of milliseconds in any sense that matters; the longest-pause bound
        // judges a single pause on its own.
        double pauseShare = pauseMicros.get() * 1000.0 / Math.max(wall, SHARE_FLOOR_NANOS);
        if (pauseShare > bounds.maxGcPauseShare()) {
            reasons.add(
                    String.format(
                            Locale.ROOT,
                            "the generator spent %.1f%% of %s in GC pauses (%.0f ms in %d"
                                    + " pauses; bound %.1f%%)",
                            pauseShare * 100,
                            wall < SHARE_FLOOR_NANOS ? "a second" : "the run",
                            pauseMs,
                            pauses.get(),
                            bounds.maxGcPauseShare() * 100));
        }
        if (longestMs > bounds.maxGcPauseMillis()) {
            reasons.add(
                    String.format(
                            Locale.ROOT,
                            "a GC pause of the generator lasted %.0f ms (bound %d ms)",
                            longestMs,
                            bounds.maxGcPauseMillis()));
        }
        if (engineShare > bounds.maxEngineBusyShare()) {
            reasons.add(
                    String.format(
                            Locale.ROOT,
                            "an engine thread was busy %.1f%% of the run (bound %.0f%%): it hardly"
                                    + " ever waited for the service",
                            engineShare * 100,
                            bounds.maxEngineBusyShare() * 100));
        }
        if (open && sendLagP99Micros > bounds.maxSendLagP99Micros()) {
            reasons.add(
                    String.format(
                            Locale.ROOT,
                            "requests left late against their schedule: send-lag p99 %.1f ms"
                                    + " (bound %.1f ms)",
                            sendLagP99Micros / 1000.0,
                            bounds.maxSendLagP99Micros() / 1000.0));
        }
        return new GeneratorHealth(
                pauseMs,
                longestMs,
                pauses.get(),
                engineShare,
                processShare,
                open ? sendLagP99Micros : 0,
                reasons,
                cpuPerRequest(tallies));
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
