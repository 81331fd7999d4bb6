package io.gonogo.runners.load.internal;

import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the JIT compilers have queued and are compiling, read through HotSpot's {@code
 * compilerQueue} diagnostic command (the one {@code jcmd PID Compiler.queue} runs), so that a
 * warm-up can last until the code it exercised is compiled rather than for a fixed time.
 *
 * <p>The total compilation time of {@link java.lang.management.CompilationMXBean} cannot tell this:
 * it grows only when a compilation ends, so it stays flat while the optimizing compiler spends
 * hundreds of milliseconds on one large method with more queued behind it, which is when a warm-up
 * that watched it would stop. Where the command is missing (another JVM), {@link #busyWith} answers
 * {@code false} and the warm-up falls back to its minimum time.
 */
final class JitQueue {

    private static final String[] SIGNATURE = {String[].class.getName()};

    private final MBeanServer server;
    private final ObjectName command;

    private JitQueue(MBeanServer server, ObjectName command) {
        this.server = server;
        this.command = command;
    }

    /** The queue of this JVM; one that always answers "not busy" where it cannot be read. */
    static JitQueue open() {
        try {
            ObjectName name = new ObjectName("com.sun.management:type=DiagnosticCommand");
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            return new JitQueue(server.isRegistered(name) ? server : null, name);
        } catch (JMException | RuntimeException e) {
            return new JitQueue(null, null);
        }
    }

    /**
     * Whether a method of one of {@code packages} (as prefixes of its qualified class name) is
     * being compiled or waits to be.
     */
    boolean busyWith(List<String> packages) {
        return busyWith(listing(), packages);
    }

    /** Whether this JVM has the command. */
    boolean readable() {
        return server != null;
    }

    /** The command's listing, empty where it cannot be read. */
    String listing() {
        if (server == null) {
            return "";
        }
        try {
            return String.valueOf(
                    server.invoke(command, "compilerQueue", new Object[] {null}, SIGNATURE));
        } catch (JMException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Whether the command's {@code listing} names a method of {@code packages}: each compilation
     * there is one line holding its compile id, its tier and {@code package.Class::method}.
     */
    static boolean busyWith(String listing, List<String> packages) {
        for (String line : listing.split("\n")) {
            int method = line.indexOf("::");
            if (method < 0) {
                continue;
            }
            int from = line.lastIndexOf(' ', method) + 1;
            for (String p : packages) {
                if (line.startsWith(p, from)) {
                    return true;
                }
            }
        }
        return false;
    }
}
