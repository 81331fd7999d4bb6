package io.gonogo.maven;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.maven.plugin.logging.Log;

/**
 * Bytes written by gonogo's progress lines, passed on to Maven's log one line at a time, so they
 * show with Maven's {@code [INFO]} prefix and obey {@code -q}.
 */
final class LogStream extends OutputStream {
    private final Log log;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private LogStream(Log log) {
        this.log = log;
    }

    /** A print stream whose every line becomes one info line of {@code log}. */
    static PrintStream info(Log log) {
        return new PrintStream(new LogStream(log), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void flush() {
        // a partial line waits for its end: PrintStream flushes after every println
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        log.info(text);
    }
}
