package io.gonogo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The start barrier of a sharded run ({@code gonogo coordinate}): an HTTP server the shards
 * register with before each load scenario, which answers all of them at once, when the last has
 * registered, with one start instant a short lead in the future, so every shard's share of the load
 * starts together.
 *
 * <pre>{@code
 * try (Coordinator c = Coordinator.builder(4).barrierTimeout(Duration.ofSeconds(60)).build()) {
 *     c.start();
 *     System.out.println("shards register at " + c.uri());
 *     ...
 * }
 * }</pre>
 *
 * <p>Protocol: {@code GET /time} answers the coordinator's clock, {@code {"now":
 * "2026-12-07T20:59:58.123456Z"}}, which each shard samples before it first registers to measure
 * its clock's offset from the coordinator's. {@code POST /register} with the JSON object {@code
 * {"runId": "r-1", "shard": 0, "shards": 4, "scenario": "load/health"}}. The answer waits for the
 * barrier of that run and scenario:
 *
 * <ul>
 *   <li>200 {@code {"startAt": "2026-12-07T21:00:00.200Z", "shards": [0, 1, 2, 3]}} once every
 *       shard registered: all waiting shards get the same instant, {@link Builder#lead} after the
 *       last registration;
 *   <li>504 {@code {"error": "...", "missing": [3]}} when the barrier timeout passed, counted from
 *       the scenario's first registration, before every shard registered;
 *   <li>409 for a shard that registers twice for one scenario, or a run id other than the first
 *       registration's (or {@link Builder#runId}'s);
 *   <li>410 for a registration after the scenario's barrier timed out;
 *   <li>400 for a body that is not such an object, or a shard or shard count out of range.
 * </ul>
 *
 * <p>With a {@link Builder#collector ShardCollector} the coordinator also ends the run: each shard
 * hands it its folder when its run ends, and the collector merges them (see {@link ShardCollector}
 * for that protocol, {@code GET /collect} and {@code PUT /shards/I}).
 *
 * <p>The server binds the loopback address unless told otherwise; port 0 picks a free port, which
 * {@link #port()} reports once started. Thread-safe; {@link #close()} is idempotent.
 */
public final class Coordinator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int shards;
    private final Duration barrierTimeout;
    private final Duration lead;
    private final InetSocketAddress bind;
    private final Clock clock;
    private final ShardCollector collector;
    private final Object lock = new Object();
    private final Map<String, Barrier> barriers = new LinkedHashMap<>();
    private String runId;
    private HttpServer server;
    private ExecutorService executor;
    private boolean closed;

    private Coordinator(Builder b) {
        this.shards = b.shards;
        this.barrierTimeout = b.barrierTimeout;
        this.lead = b.lead;
        this.bind = new InetSocketAddress(b.host, b.port);
        this.runId = b.runId;
        this.clock = b.clock;
        this.collector = b.collector;
    }

    /**
     * A builder for the barrier of {@code shards} shards.
     *
     * @param shards how many shards register for each scenario, 1..{@value
     *     io.gonogo.runners.spi.RunShard#MAX_SHARDS}
     * @return the builder
     * @throws IllegalArgumentException when {@code shards} is out of range
     */
    public static Builder builder(int shards) {
        return new Builder(shards);
    }

    /** Builds a {@link Coordinator}; checks each setting as it is given. */
    public static final class Builder {
        private final int shards;
        private Duration barrierTimeout = Duration.ofSeconds(60);
        private Duration lead = Duration.ofMillis(500);
        private InetAddress host = InetAddress.getLoopbackAddress();
        private int port;
        private String runId;
        private Clock clock = Clock.systemUTC();
        private ShardCollector collector;

        private Builder(int shards) {
            new io.gonogo.runners.spi.RunShard(0, shards); // checks the count as a shard's does
            this.shards = shards;
        }

        /**
         * How long a scenario's barrier waits, from its first registration, for the last shard;
         * default 60 s.
         *
         * @param value more than zero
         * @return this builder
         */
        public Builder barrierTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(
                        "the barrier timeout must be more than 0, got " + value);
            }
            this.barrierTimeout = value;
            return this;
        }

        /**
         * How far after the last registration the start instant lies, so every shard has the answer
         * before it; default 500 ms, enough for cold shard processes on a busy machine.
         *
         * @param value 0 or more
         * @return this builder
         */
        public Builder lead(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException(
                        "the start lead must be 0 or more, got " + value);
            }
            this.lead = value;
            return this;
        }

        /**
         * The address to listen on; default the loopback address. Give the wildcard address for
         * shards on other hosts.
         *
         * @param value the address
         * @return this builder
         */
        public Builder host(InetAddress value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /**
         * The port; default 0, a free port, reported by {@link Coordinator#port()}.
         *
         * @param value 0..65535
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException(
                        "the port must be within 0..65535, got " + value);
            }
            this.port = value;
            return this;
        }

        /**
         * The run id every registration must carry; default the first registration's.
         *
         * @param value the run id
         * @return this builder
         */
        public Builder runId(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("the run id must not be blank");
            }
            this.runId = value;
            return this;
        }

        /**
         * Also collects the shards' folders when their runs end, and merges them ({@link
         * ShardCollector}): the coordinator then answers {@code GET /collect} and {@code PUT
         * /shards/I} too. Without one it is the start barrier only, and answers those 404.
         *
         * @param value the collector, for as many shards as this coordinator starts
         * @return this builder
         */
        public Builder collector(ShardCollector value) {
            Objects.requireNonNull(value, "collector");
            if (value.shards() != shards) {
                throw new IllegalArgumentException(
                        "the collector waits for "
                                + value.shards()
                                + " shards; this coordinator starts "
                                + shards);
            }
            this.collector = value;
            return this;
        }

        /** The clock the start instants are read from; the system's UTC clock by default. */
        Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Builds the coordinator.
         *
         * @return the coordinator, not started yet
         */
        public Coordinator build() {
            return new Coordinator(this);
        }
    }

    /**
     * Starts listening.
     *
     * @return this coordinator
     * @throws UncheckedIOException when the address cannot be bound
     * @throws IllegalStateException when already started or closed
     */
    public Coordinator start() {
        synchronized (lock) {
            if (server != null || closed) {
                throw new IllegalStateException("the coordinator was already started");
            }
            try {
                server = HttpServer.create(bind, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "the coordinator cannot listen on " + bind + ": " + e.getMessage(), e);
            }
            // every waiting shard holds a thread until its barrier answers
            executor =
                    Executors.newCachedThreadPool(
                            r -> {
                                Thread t = new Thread(r, "gonogo-coordinator");
                                t.setDaemon(true);
                                return t;
                            });
            server.setExecutor(executor);
            com.sun.net.httpserver.HttpContext register =
                    server.createContext("/register", this::register);
            server.createContext("/time", this::time);
            if (collector != null) {
                collector.route(server, register, this::runId);
            }
            server.start();
            return this;
        }
    }

    /**
     * The port listened on.
     *
     * @return the port; the free port picked when built with port 0
     * @throws IllegalStateException before {@link #start()}
     */
    public int port() {
        synchronized (lock) {
            if (server == null) {
                throw new IllegalStateException("the coordinator is not started");
            }
            return server.getAddress().getPort();
        }
    }

    /**
     * The URL shards give as {@code --coordinator}.
     *
     * @return such as {@code http://127.0.0.1:40123}; a wildcard address is given as loopback
     * @throws IllegalStateException before {@link #start()}
     */
    public URI uri() {
        InetAddress a = bind.getAddress();
        String host =
                a.isAnyLocalAddress()
                        ? InetAddress.getLoopbackAddress().getHostAddress()
                        : a.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /**
     * How many shards register for each scenario.
     *
     * @return the shard count every barrier waits for
     */
    public int shards() {
        return shards;
    }

    /**
     * How many shards have registered for a scenario so far, for a caller that waits on them.
     *
     * @param scenario the scenario's qualified id
     * @return the shards registered at its barrier; 0 before the first
     */
    int registered(String scenario) {
        synchronized (lock) {
            Barrier b = barriers.get(scenario);
            return b == null ? 0 : b.registered.size();
        }
    }

    /**
     * The run id registrations must carry, for the {@link ShardCollector}.
     *
     * @return the builder's run id, else the first registration's; null before it
     */
    String runId() {
        synchronized (lock) {
            return runId;
        }
    }

    /** Stops listening; waiting shards get no answer. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (server != null) {
                server.stop(0);
                executor.shutdownNow();
                server = null;
            }
        }
    }

    /** One scenario's barrier. Guarded by {@link #lock}. */
    private static final class Barrier {
        final TreeSet<Integer> registered = new TreeSet<>();
        final long deadlineNanos;
        Instant startAt;
        boolean timedOut;

        Barrier(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }
    }

    private void register(HttpExchange exchange) throws IOException {
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                answer(exchange, 405, Map.of("error", "expected POST /register"));
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(exchange.getRequestBody());
            } catch (IOException e) {
                answer(exchange, 400, Map.of("error", "the body is not JSON: " + e.getMessage()));
                return;
            }
            String run = body == null ? null : text(body, "runId");
            String scenario = body == null ? null : text(body, "scenario");
            JsonNode shardNode = body == null ? null : body.get("shard");
            JsonNode countNode = body == null ? null : body.get("shards");
            if (run == null
                    || scenario == null
                    || shardNode == null
                    || !shardNode.canConvertToInt()) {
                answer(
                        exchange,
                        400,
                        Map.of(
                                "error",
                                "expected {\"runId\": ID, \"shard\": I, \"shards\": N,"
                                        + " \"scenario\": SUITE/SCENARIO}"));
                return;
            }
            int shard = shardNode.asInt();
            if (countNode != null && countNode.asInt() != shards) {
                answer(
                        exchange,
                        400,
                        Map.of(
                                "error",
                                "shard "
                                        + shard
                                        + " counts "
                                        + countNode.asInt()
                                        + " shards; this coordinator starts "
                                        + shards));
                return;
            }
            if (shard < 0 || shard >= shards) {
                answer(
                        exchange,
                        400,
                        Map.of(
                                "error",
                                "shard "
                                        + shard
                                        + " is out of range; expected 0.."
                                        + (shards - 1)));
                return;
            }
            await(exchange, run, shard, scenario);
        } finally {
            exchange.close();
        }
    }

    /**
     * {@code GET /time}: the coordinator's clock, {@code {"now": "2026-12-07T21:00:00.123456Z"}},
     * which shards sample to measure how far their own clock is from it.
     */
    private void time(HttpExchange exchange) throws IOException {
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET");
                answer(exchange, 405, Map.of("error", "expected GET /time"));
                return;
            }
            answer(exchange, 200, Map.of("now", clock.instant().toString()));
        } finally {
            exchange.close();
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || !n.isTextual() || n.asText().isBlank() ? null : n.asText();
    }

    /** Registers {@code shard} for {@code scenario} and answers once its barrier is settled. */
    private void await(HttpExchange exchange, String run, int shard, String scenario)
            throws IOException {
        Barrier b;
        synchronized (lock) {
            if (runId == null) {
                runId = run;
            }
            if (!runId.equals(run)) {
                answer(
                        exchange,
                        409,
                        Map.of(
                                "error",
                                "shard "
                                        + shard
                                        + " registers for run "
                                        + run
                                        + "; this coordinator starts run "
                                        + runId));
                return;
            }
            b =
                    barriers.computeIfAbsent(
                            scenario,
                            k -> new Barrier(System.nanoTime() + barrierTimeout.toNanos()));
            if (b.timedOut) {
                answer(
                        exchange,
                        410,
                        Map.of(
                                "error",
                                "shard "
                                        + shard
                                        + " registered late for "
                                        + scenario
                                        + ": its barrier timed out after "
                                        + barrierTimeout.toMillis()
                                        + " ms with shards "
                                        + b.registered
                                        + " of "
                                        + shards
                                        + " registered"));
                return;
            }
            if (!b.registered.add(shard)) {
                answer(
                        exchange,
                        409,
                        Map.of(
                                "error",
                                "shard "
                                        + shard
                                        + " already registered for "
                                        + scenario
                                        + "; a shard registers once for each scenario"));
                return;
            }
            if (b.registered.size() == shards) {
                b.startAt = clock.instant().plus(lead);
                lock.notifyAll();
            }
            try {
                while (b.startAt == null && !b.timedOut) {
                    long left = b.deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        b.timedOut = true;
                        lock.notifyAll();
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // answered outside the lock, so every waiting shard is answered in parallel
        if (b.startAt != null) {
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("startAt", b.startAt.toString());
            ok.put("shards", List.copyOf(b.registered));
            answer(exchange, 200, ok);
            return;
        }
        List<Integer> missing;
        List<Integer> registered;
        synchronized (lock) {
            registered = List.copyOf(b.registered);
            missing = new java.util.ArrayList<>();
            for (int i = 0; i < shards; i++) {
                if (!b.registered.contains(i)) {
                    missing.add(i);
                }
            }
        }
        Map<String, Object> late = new LinkedHashMap<>();
        late.put(
                "error",
                "shard"
                        + (missing.size() == 1 ? " " : "s ")
                        + String.join(", ", missing.stream().map(i -> i + "/" + shards).toList())
                        + " never registered for "
                        + scenario
                        + " within the barrier timeout of "
                        + barrierTimeout.toMillis()
                        + " ms (registered: "
                        + registered
                        + ")");
        late.put("missing", missing);
        answer(exchange, 504, late);
    }

    private static void answer(HttpExchange exchange, int status, Map<String, ?> body)
            throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
