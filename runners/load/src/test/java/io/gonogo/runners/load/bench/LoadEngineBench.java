package io.gonogo.runners.load.bench;

import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.LoadRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The load engine's request path through its public API: a closed-model run of 20,000 GET requests
 * over 4 keep-alive connections against a canned-answer server in the same JVM (one thread per
 * connection that answers every request with the same 2-byte body). The figure is time per request,
 * engine and canned server together, so it is an upper bound of the engine's own cost per request
 * on this machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LoadEngineBench {
    static final int REQUESTS = 20_000;

    private ServerSocket server;
    private Thread acceptor;
    private URI target;

    /** Starts the canned-answer server on a free loopback port. */
    @Setup
    public void start() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        target = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/health");
        acceptor = new Thread(this::accept, "canned-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "canned-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static final byte[] ANSWER =
            ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
                    .getBytes(StandardCharsets.US_ASCII);

    /**
     * Answers each request (a GET without a body: ends with an empty line) with {@link #ANSWER}.
     */
    private static void serve(Socket s) {
        try (s;
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            byte[] buf = new byte[16 * 1024];
            int matched = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                int answers = 0;
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    matched =
                            (b == '\r' && (matched == 0 || matched == 2))
                                            || (b == '\n' && (matched == 1 || matched == 3))
                                    ? matched + 1
                                    : (b == '\r' ? 1 : 0);
                    if (matched == 4) {
                        answers++;
                        matched = 0;
                    }
                }
                for (int i = 0; i < answers; i++) {
                    out.write(ANSWER);
                }
                out.flush();
            }
        } catch (IOException ignored) {
            // the engine closed its connections
        }
    }

    /** Stops the server. */
    @TearDown
    public void stop() throws IOException {
        server.close();
    }

    /** One closed-model run; JMH divides its time by the request count. */
    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public LoadResult closedModelRequest() {
        LoadResult r =
                LoadRunner.builder()
                        .target(target)
                        .concurrency(4)
                        .requests(REQUESTS)
                        .warmupRequests(0)
                        .build()
                        .run();
        if (r.succeeded() != REQUESTS) {
            throw new IllegalStateException(
                    r.succeeded() + " of " + REQUESTS + " requests succeeded");
        }
        return r;
    }
}
