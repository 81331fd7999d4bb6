package io.gonogo.server.internal.governance;

import io.gonogo.server.internal.governance.GovernanceException.Kind;
import io.gonogo.server.internal.governance.Model.Decision;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Fans newly submitted pending decisions out to watchers (SSE connections and gRPC streams).
 *
 * <p>At most {@code maxWatchers} watchers are registered at once, over both transports together: a
 * watcher costs a connection or a stream and a write on every publish, so past the bound a watch is
 * refused with RESOURCE_EXHAUSTED rather than slowing every other one.
 *
 * <p>Thread-safe. Watchers are called on the thread that published and must not block: each
 * transport writes asynchronously and drops a watcher that cannot keep up.
 */
public final class PendingHub {

    private final int maxWatchers;

    /** Registered watchers plus those being registered: the count the bound applies to. */
    private final AtomicInteger held = new AtomicInteger();

    private final LongAdder refused = new LongAdder();

    /** Creates a hub that admits at most {@code maxWatchers} watchers at once. */
    public PendingHub(int maxWatchers) {
        if (maxWatchers < 1) {
            throw new IllegalArgumentException("maxWatchers must be 1 or more, got " + maxWatchers);
        }
        this.maxWatchers = maxWatchers;
    }

    /** A registered watcher; closing it unregisters. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Watcher {
        final Consumer<Decision> each;
        final Runnable end;

        /** Set once the watcher is unregistered and its place freed. */
        final AtomicBoolean closed = new AtomicBoolean();

        Watcher(Consumer<Decision> each, Runnable end) {
            this.each = each;
            this.end = end;
        }
    }

    private final CopyOnWriteArraySet<Watcher> watchers = new CopyOnWriteArraySet<>();
    private volatile boolean ended;

    /**
     * Registers a watcher of new pending decisions; {@code end} runs if the server stops. A watch
     * that arrives after the server began stopping is ended at once, so it cannot hold the stop.
     * Closing the subscription frees its place; closing it again does nothing.
     *
     * @throws GovernanceException RESOURCE_EXHAUSTED if {@code maxWatchers} are registered already
     */
    public Subscription subscribe(Consumer<Decision> each, Runnable end) {
        int now = held.incrementAndGet();
        if (now > maxWatchers) {
            held.decrementAndGet();
            refused.increment();
            throw new GovernanceException(
                    Kind.RESOURCE_EXHAUSTED,
                    "too many watchers: "
                            + maxWatchers
                            + " are watching pending decisions already, the most this server"
                            + " serves at once; retry later");
        }
        Watcher w = new Watcher(each, end);
        watchers.add(w);
        if (ended) {
            endAll();
        }
        return () -> release(w);
    }

    /**
     * Ends every watch, as the server stops, and every later one: each watcher's {@code end} runs
     * once.
     */
    public void endAll() {
        ended = true;
        for (Watcher w : watchers) {
            if (release(w)) {
                try {
                    w.end.run();
                } catch (RuntimeException e) {
                    // ending anyway
                }
            }
        }
    }

    /** Unregisters {@code w} and frees its place; returns false if that was done before. */
    private boolean release(Watcher w) {
        if (!w.closed.compareAndSet(false, true)) {
            return false;
        }
        watchers.remove(w);
        held.decrementAndGet();
        return true;
    }

    /** Returns how many watchers are registered. */
    public int watchers() {
        return watchers.size();
    }

    /** Returns the bound on watchers registered at once. */
    public int maxWatchers() {
        return maxWatchers;
    }

    /** Returns how many watches were refused at the bound since start. */
    public long refused() {
        return refused.sum();
    }

    void publish(Decision decision) {
        for (Watcher w : watchers) {
            try {
                w.each.accept(decision);
            } catch (RuntimeException e) {
                release(w);
            }
        }
    }
}
