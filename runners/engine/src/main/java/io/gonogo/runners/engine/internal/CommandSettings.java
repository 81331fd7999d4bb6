package io.gonogo.runners.engine.internal;

import io.gonogo.runners.spi.SutEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@code command} service's settings with its ports picked and {@code ${port:NAME}} replaced.
 *
 * @param command the program and its arguments
 * @param workdir where it runs
 * @param env variables added to gonogo's environment
 * @param ports the port picked for each name, fixed for the run
 * @param endpoint where scenarios reach it
 * @param ready how gonogo knows it is ready
 * @param readyTimeout how long it may take to be ready
 * @param stopSignal the signal that asks it to stop
 * @param grace how long it may take to stop before it is killed
 */
record CommandSettings(
        List<String> command,
        Path workdir,
        Map<String, String> env,
        Map<String, Integer> ports,
        SutEndpoint endpoint,
        Ready ready,
        Duration readyTimeout,
        StopSignal stopSignal,
        Duration grace) {

    static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    CommandSettings {
        command = List.copyOf(command);
        Objects.requireNonNull(workdir, "workdir");
        env = Map.copyOf(env);
        ports = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ports));
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(ready, "ready");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(grace, "grace");
    }

    /** The command as one line a shell would split back into these words. */
    String commandLine() {
        return ShellWords.join(command);
    }

    /** {@code d} as {@code 10s}, {@code 2min} or {@code 250ms}. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "min";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** How gonogo knows the service is ready. */
    sealed interface Ready {
        /** In words, for messages. */
        String describe();

        /**
         * A GET of {@code path} on the service's URL answers 2xx.
         *
         * @param path starts with '/'
         */
        record Http(String path) implements Ready {
            @Override
            public String describe() {
                return "GET " + path + " answering 2xx";
            }
        }

        /**
         * A TCP connection to {@code host:port} is accepted.
         *
         * @param host where to connect
         * @param port the port
         */
        record Tcp(String host, int port) implements Ready {
            @Override
            public String describe() {
                return "a connection to " + host + ":" + port + " accepted";
            }
        }

        /**
         * A line of its output matches {@code pattern}.
         *
         * @param pattern searched in each line
         */
        record Log(Pattern pattern) implements Ready {
            @Override
            public String describe() {
                return "a line of its output matching '" + pattern.pattern() + "'";
            }
        }
    }

    /** The signal that asks the service to stop. */
    enum StopSignal {
        /** SIGTERM, the usual request to stop. */
        TERM,
        /** SIGINT, as Ctrl-C in a terminal. */
        INT,
        /** SIGKILL: no graceful stop. */
        KILL
    }
}
