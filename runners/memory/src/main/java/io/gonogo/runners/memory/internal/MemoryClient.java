package io.gonogo.runners.memory.internal;

import io.gonogo.core.config.ConfigNode;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Who drives a memory scenario's workload: the {@code client} key. */
enum MemoryClient {
    /** {@code engine}: the load engine, keep-alive connections, closed or open model. */
    ENGINE("engine"),
    /** {@code open-close}: a closed loop that opens and closes a connection per operation. */
    OPEN_CLOSE("open-close"),
    /** {@code session-cycle}: a closed loop that opens a session, calls, and closes it. */
    SESSION_CYCLE("session-cycle");

    private final String id;

    MemoryClient(String id) {
        this.id = id;
    }

    /** The value written in targets files, e.g. {@code open-close}. */
    String id() {
        return id;
    }

    /**
     * The client {@code n} names.
     *
     * @throws io.gonogo.core.InvalidInputException naming file, line, column and the clients
     */
    static MemoryClient parse(ConfigNode n) {
        String v = n.asScalarText("'client'").strip();
        return Arrays.stream(values())
                .filter(c -> c.id.equals(v))
                .findFirst()
                .orElseThrow(
                        () ->
                                n.error(
                                        "'client' is '"
                                                + v
                                                + "'; expected one of "
                                                + Arrays.stream(values())
                                                        .map(MemoryClient::id)
                                                        .collect(Collectors.joining(", "))));
    }
}
