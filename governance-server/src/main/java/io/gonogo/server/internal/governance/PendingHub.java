package io.gonogo.server.internal.governance;

import io.gonogo.server.internal.governance.Model.Decision;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * Fans newly submitted pending decisions out to watchers (SSE connections and gRPC streams).
 *
 * <p>Thread-safe. Watchers are called on the thread that published and must not block: each
 * transport writes asynchronously and drops a watcher that cannot keep up.
 */
public final class PendingHub {

    /** A registered watcher; closing it unregisters. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Watcher {
        final Consumer<Decision> each;
        final Runnable end;

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
     */
    public Subscription subscribe(Consumer<Decision> each, Runnable end) {
        Watcher w = new Watcher(each, end);
        watchers.add(w);
        if (ended) {
            endAll();
        }
        return () -> watchers.remove(w);
    }

    /**
     * Ends every watch, as the server stops, and every later one: each watcher's {@code end} runs
     * once.
     */
    public void endAll() {
        ended = true;
        for (Watcher w : watchers) {
            if (watchers.remove(w)) {
                try {
                    w.end.run();
                } catch (RuntimeException e) {
                    // ending anyway
                }
            }
        }
    }

    /** Returns how many watchers are registered. */
    public int watchers() {
        return watchers.size();
    }

    void publish(Decision decision) {
        for (Watcher w : watchers) {
            try {
                w.each.accept(decision);
            } catch (RuntimeException e) {
                watchers.remove(w);
            }
        }
    }
}
