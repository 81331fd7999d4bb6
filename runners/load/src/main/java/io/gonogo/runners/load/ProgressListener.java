package io.gonogo.runners.load;

/**
 * Receives progress snapshots of a running load on the engine thread; it must return quickly.
 *
 * <p>An exception thrown by the listener ends the run: the engine closes its connections and
 * rethrows it from {@link LoadRunner#run()}.
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * Called on the engine thread about once per second while a run is in progress.
     *
     * @param progress the current snapshot
     */
    void onProgress(LoadProgress progress);
}
