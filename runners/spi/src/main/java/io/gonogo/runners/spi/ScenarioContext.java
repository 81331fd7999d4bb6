package io.gonogo.runners.spi;

import io.gonogo.core.Measurement;
import java.nio.file.Path;
import java.util.Optional;

/** What a running scenario may use: the service under test, publishing, progress. */
public interface ScenarioContext {

    /**
     * Where the service under test is.
     *
     * @return the endpoint, for the current process after a restart
     */
    SutEndpoint sut();

    /**
     * The service under test's process when gonogo started it; empty for a service reached by URL.
     *
     * @return the process, or empty
     */
    default Optional<ProcessHandle> sutProcess() {
        return Optional.empty();
    }

    /**
     * Process faults on the service under test when gonogo started it (chaos scenarios); after a
     * restart {@link #sut()} and {@link #sutProcess()} describe the new process.
     *
     * @return the control, or empty for a service gonogo did not start
     */
    default Optional<SutControl> sutControl() {
        return Optional.empty();
    }

    /**
     * Which share of the plan's load this process runs; {@link RunShard#WHOLE} when the run is not
     * sharded. Only scenarios that can split their load read it; the others run on shard 0 only.
     *
     * @return the shard, such as {@code 1/4}
     */
    default RunShard shard() {
        return RunShard.WHOLE;
    }

    /**
     * Where this shard waits for the other shards before it starts a scenario that splits its load,
     * so their shares start together.
     *
     * @return the barrier; {@link StartBarrier#NONE} without a coordinator
     */
    default StartBarrier startBarrier() {
        return StartBarrier.NONE;
    }

    /**
     * Publishes one measurement as a {@code gonogo.measurement} report entry; the suite and
     * scenario labels are added.
     *
     * @param measurement the measurement; its labels are kept, suite and scenario added
     */
    void publish(Measurement measurement);

    /**
     * A folder for files this scenario attaches.
     *
     * @return the folder, which exists
     */
    Path outputDirectory();

    /**
     * Publishes {@code file} (inside {@link #outputDirectory()}) as a file entry of this scenario.
     *
     * @param file a file inside {@link #outputDirectory()}, such as an interval log
     */
    void attach(Path file);

    /**
     * Writes one progress line to the person watching (stderr), prefixed with the scenario.
     *
     * @param line the line, without a line break
     */
    void progress(String line);
}
