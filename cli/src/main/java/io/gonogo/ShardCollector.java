package io.gonogo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gonogo.core.ExecutionException;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.config.TargetsFile;
import io.gonogo.core.config.TargetsParser;
import io.gonogo.core.json.Json;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The coordinator's collecting side ({@code gonogo coordinate --targets FILE --out DIR}): each
 * shard hands it its folder when its run ends; once all have, or once the shards fell silent for
 * the collect timeout, it merges them as {@code gonogo merge} does ({@link Gonogo#merge}) into the
 * output folder, and the coordinator's run ends with that decision.
 *
 * <pre>{@code
 * ShardCollector collector = ShardCollector.builder(RunOptions.builder(targets).out(out).build(), 2)
 *         .collectTimeout(Duration.ofMinutes(10))
 *         .build();
 * try (Coordinator c = Coordinator.builder(2).collector(collector).build().start()) {
 *     RunResult merged = collector.await();
 *     System.exit(merged.exitCode());
 * }
 * }</pre>
 *
 * <p>Protocol, on the {@link Coordinator}'s address, beside its {@code POST /register}:
 *
 * <ul>
 *   <li>{@code GET /collect?runId=ID&shard=I}: a shard asks, when its run ends, whether the
 *       coordinator collects. 200 {@code {"collect": true, "upload": "/shards/I?runId=ID",
 *       "maxBytes": N}} when it would take shard I's folder; otherwise the refusal the upload would
 *       get (400, 409, 410, below). A coordinator without a collector answers 404: the shard then
 *       uploads nothing and its folder is for {@code gonogo merge}.
 *   <li>{@code PUT /shards/I?runId=ID}, {@code Content-Type: application/zip}: the shard's folder
 *       as a zip archive of relative names ({@code shard.json}, {@code evidence.json}, {@code
 *       evidence/...}). It is unpacked beside the output folder's {@code shards/} folder, checked,
 *       and moved into {@code DIR/shards/shard-I}. 200 {@code {"shard": I, "received": [0, 1],
 *       "waitingFor": [2]}} once kept;
 *   <li>400: a shard index not within 0..N-1, a body that is not a zip archive, an entry that would
 *       land outside the folder (an absolute name, {@code ..}, a drive or a backslash), an archive
 *       without a readable {@code shard.json}, or one whose {@code shard.json} is another shard's,
 *       of another shard count or run id;
 *   <li>409: a run id other than the coordinator's ({@link Coordinator.Builder#runId}, else its
 *       first registration's, else the first upload's), or a shard that already reported or is
 *       reporting;
 *   <li>410: the collector stopped waiting (it merged without that shard);
 *   <li>413: a body, or what it unpacks to, beyond {@link Builder#maxBytes}, or more than {@value
 *       #MAX_ENTRIES} entries; 405 another method.
 * </ul>
 *
 * <p>Ending: {@link #await} returns once all N shards reported. A running shard asks {@code GET
 * /collect} again every {@code askEveryMillis} of the answer (a quarter of the collect timeout,
 * within 100 ms and 15 s), however long its scenarios run, so a shard that is still running is
 * heard from; once a shard has spoken, and no request from any shard (a registration at a barrier,
 * a question, an upload) is under way and none came for the collect timeout (10 min by default),
 * the shards that would report have either reported or died, and it stops waiting and merges what
 * it has: a run whose every shard died ends too, after the timeout. Before any shard has spoken it
 * waits as long as it runs, as shards may take long to be scheduled and started; on Kubernetes the
 * coordinator Job's deadline bounds that wait. A shard that never reported is named in the merge:
 * its scenarios are NOT EXECUTED, "shard I/N never reported to the coordinator", never decided on a
 * share of the load. The shards that reported are merged from {@code DIR/shards/shard-I}; a folder
 * left there by an earlier run is replaced when that shard reports, and never merged otherwise.
 *
 * <p>Thread-safe: the coordinator's threads receive the uploads while one thread awaits.
 */
public final class ShardCollector {

    /** The collect timeout unless {@link Builder#collectTimeout} is given: 10 minutes. */
    public static final Duration DEFAULT_COLLECT_TIMEOUT = Duration.ofMinutes(10);

    /** The size limit unless {@link Builder#maxBytes} is given: 512 MiB. */
    public static final long DEFAULT_MAX_BYTES = 512L << 20;

    /** The most entries one shard's archive may hold. */
    public static final int MAX_ENTRIES = 100_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunOptions options;
    private final int shards;
    private final Duration collectTimeout;
    private final long maxBytes;
    private final Path out;
    private final Path shardsDir;
    private final Object lock = new Object();
    private final Map<Integer, Path> received = new TreeMap<>();
    private final TreeSet<Integer> receiving = new TreeSet<>();
    private final Map<Integer, String> refused = new TreeMap<>();
    private Supplier<String> coordinatorRunId = () -> null;
    private String runId;
    private long lastWordNanos;
    private boolean heard;
    private int inFlight;
    private boolean done;
    private boolean routed;

    private ShardCollector(Builder b, Path out) {
        this.options = b.options;
        this.shards = b.shards;
        this.collectTimeout = b.collectTimeout;
        this.maxBytes = b.maxBytes;
        this.out = out;
        this.shardsDir = out.resolve("shards");
    }

    /**
     * A builder for the collector of {@code shards} shards.
     *
     * @param options the targets file the shards run, the output folder ({@link RunOptions#out()},
     *     else the file's {@code reports.out}, else {@code reports/}), the profile, strict, and
     *     where progress goes; as {@link Gonogo#merge} takes them
     * @param shards how many shards report, the coordinator's shard count
     * @return the builder
     * @throws IllegalArgumentException when {@code shards} is out of range
     */
    public static Builder builder(RunOptions options, int shards) {
        return new Builder(options, shards);
    }

    /** Builds a {@link ShardCollector}; checks each setting as it is given. */
    public static final class Builder {
        private final RunOptions options;
        private final int shards;
        private Duration collectTimeout = DEFAULT_COLLECT_TIMEOUT;
        private long maxBytes = DEFAULT_MAX_BYTES;

        private Builder(RunOptions options, int shards) {
            this.options = Objects.requireNonNull(options, "options");
            new io.gonogo.runners.spi.RunShard(0, shards); // checks the count as a shard's does
            this.shards = shards;
        }

        /**
         * How long the collector waits, once a shard has spoken, without a word from any shard
         * before it merges what it has; running shards ask every quarter of it. Default {@link
         * #DEFAULT_COLLECT_TIMEOUT}.
         *
         * @param value more than zero
         * @return this builder
         */
        public Builder collectTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(
                        "the collect timeout must be more than 0, got " + value);
            }
            this.collectTimeout = value;
            return this;
        }

        /**
         * The most bytes one shard's upload may hold, both as sent and as unpacked; default {@link
         * #DEFAULT_MAX_BYTES}.
         *
         * @param value more than zero
         * @return this builder
         */
        public Builder maxBytes(long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(
                        "the upload size limit must be more than 0, got " + value);
            }
            this.maxBytes = value;
            return this;
        }

        /**
         * Checks the targets file (so a wrong one is refused before any shard runs) and creates the
         * output folder's {@code shards/} folder.
         *
         * @return the collector, to give to {@link Coordinator.Builder#collector}
         * @throws InvalidInputException for an invalid targets file, or an output folder that
         *     cannot be created
         */
        public ShardCollector build() {
            TargetsFile file = TargetsParser.parse(options.targets(), options.values());
            Path out = Gonogo.outFolder(options, file);
            try {
                Files.createDirectories(out.resolve("shards"));
            } catch (IOException e) {
                throw InvalidInputException.of(
                        out.resolve("shards").toString(),
                        "cannot create the folder the shards' folders are collected in: "
                                + e.getMessage(),
                        e);
            }
            return new ShardCollector(this, out);
        }
    }

    /**
     * How many shards report.
     *
     * @return the shard count
     */
    public int shards() {
        return shards;
    }

    /**
     * The output folder the merged reports are written to; the shards' folders are kept in its
     * {@code shards/} folder.
     *
     * @return the output folder
     */
    public Path out() {
        return out;
    }

    /**
     * How long the collector waits without a word from any shard.
     *
     * @return the collect timeout
     */
    public Duration collectTimeout() {
        return collectTimeout;
    }

    /**
     * Adds the collector's routes to the coordinator's server, and hears the shards' registrations
     * at {@code register}; {@code runId} is the coordinator's run id, null until it has one.
     */
    void route(HttpServer server, HttpContext register, Supplier<String> runId) {
        synchronized (lock) {
            if (routed) {
                throw new IllegalStateException("the collector already serves a coordinator");
            }
            routed = true;
            coordinatorRunId = runId;
        }
        Filter hear =
                new Filter() {
                    @Override
                    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                        word(1);
                        try {
                            chain.doFilter(exchange);
                        } finally {
                            word(-1);
                        }
                    }

                    @Override
                    public String description() {
                        return "marks a word from a shard, for the collect timeout";
                    }
                };
        register.getFilters().add(hear);
        server.createContext("/collect", this::ask).getFilters().add(hear);
        server.createContext("/shards/", this::upload).getFilters().add(hear);
    }

    /** A shard's request began ({@code +1}) or ended ({@code -1}). */
    private void word(int change) {
        synchronized (lock) {
            inFlight += change;
            heard = true;
            lastWordNanos = System.nanoTime();
            lock.notifyAll();
        }
    }

    /**
     * Waits until every shard reported, or, once one did, until no shard spoke for the collect
     * timeout, then merges the shards that reported into the output folder, as {@link Gonogo#merge}
     * does; a shard that never reported is named, and the scenarios that needed it are NOT
     * EXECUTED. Progress goes to the options' progress stream.
     *
     * @return the decision over the whole load, with its exit code
     * @throws InterruptedException when interrupted while waiting
     * @throws ExecutionException when no shard reported at all before the collect timeout
     * @throws InvalidInputException when the shards recorded histograms of different range or
     *     precision
     */
    public RunResult await() throws InterruptedException {
        Map<Integer, Path> dirs;
        Map<Integer, String> absent = new TreeMap<>();
        String run;
        synchronized (lock) {
            while (received.size() < shards) {
                if (heard && inFlight == 0) {
                    long left = lastWordNanos + collectTimeout.toNanos() - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(lock, left);
                } else {
                    lock.wait();
                }
            }
            done = true;
            dirs = new TreeMap<>(received);
            run = runId();
            for (int i = 0; i < shards; i++) {
                if (!received.containsKey(i)) {
                    String refusal = refused.get(i);
                    absent.put(
                            i,
                            "shard "
                                    + i
                                    + "/"
                                    + shards
                                    + " never reported to the coordinator: no folder came before"
                                    + " every shard had been silent for the collect timeout of "
                                    + human(collectTimeout)
                                    + (refusal == null
                                            ? " (it was stopped or lost before its run ended)"
                                            : " (its upload was refused: " + refusal + ")"));
                }
            }
        }
        if (dirs.isEmpty()) {
            throw new ExecutionException(
                    "none of the "
                            + shards
                            + " shards"
                            + (run == null ? "" : " of run " + run)
                            + " reported a folder the coordinator could keep within the collect"
                            + " timeout of "
                            + human(collectTimeout)
                            + ", so there is nothing to decide on");
        }
        options.progress()
                .println(
                        "gonogo: "
                                + dirs.size()
                                + " of "
                                + shards
                                + " shards reported"
                                + (absent.isEmpty()
                                        ? ""
                                        : "; "
                                                + String.join(
                                                        ", ",
                                                        absent.keySet().stream()
                                                                .map(i -> i + "/" + shards)
                                                                .toList())
                                                + " never did")
                                + "; merging into "
                                + out);
        return Gonogo.merge(options, List.copyOf(dirs.values()), absent);
    }

    /** The run id uploads must carry; null until the coordinator or an upload gives one. */
    private String runId() {
        if (runId == null) {
            runId = coordinatorRunId.get();
        }
        return runId;
    }

    /** Why shard {@code shard} of run {@code run} cannot report now, or null when it can. */
    private Refusal refusal(int shard, String run) {
        if (shard < 0 || shard >= shards) {
            return new Refusal(
                    400, "shard " + shard + " is out of range; expected 0.." + (shards - 1));
        }
        if (run == null || run.isBlank()) {
            return new Refusal(400, "expected the run id: ?runId=ID");
        }
        String expected = runId();
        if (expected != null && !expected.equals(run)) {
            return new Refusal(
                    409,
                    "shard "
                            + shard
                            + " reports for run "
                            + run
                            + "; this coordinator collects run "
                            + expected);
        }
        if (done) {
            return new Refusal(
                    410,
                    "shard "
                            + label(shard)
                            + " reported too late: the coordinator stopped waiting after the"
                            + " collect timeout of "
                            + human(collectTimeout)
                            + " and merged without it");
        }
        if (received.containsKey(shard) || receiving.contains(shard)) {
            return new Refusal(
                    409,
                    "shard " + label(shard) + " already reported; a shard reports its folder once");
        }
        return null;
    }

    private record Refusal(int status, String message) {}

    private void ask(HttpExchange exchange) throws IOException {
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET");
                answer(exchange, 405, Map.of("error", "expected GET /collect?runId=ID&shard=I"));
                return;
            }
            Map<String, String> query = query(exchange);
            Integer shard = integer(query.get("shard"));
            if (shard == null) {
                answer(
                        exchange,
                        400,
                        Map.of("error", "expected GET /collect?runId=ID&shard=I, I a number"));
                return;
            }
            String run = query.get("runId");
            Refusal r;
            synchronized (lock) {
                r = refusal(shard, run);
            }
            if (r != null) {
                answer(exchange, r.status(), Map.of("error", r.message()));
                return;
            }
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("collect", true);
            ok.put(
                    "upload",
                    "/shards/"
                            + shard
                            + "?runId="
                            + java.net.URLEncoder.encode(run, StandardCharsets.UTF_8));
            ok.put("maxBytes", maxBytes);
            ok.put("askEveryMillis", askEvery().toMillis());
            answer(exchange, 200, ok);
        } finally {
            exchange.close();
        }
    }

    /**
     * How often a running shard asks again ({@code GET /collect}), so that the collect timeout
     * hears from every shard still running, however long its scenarios: a quarter of the timeout,
     * within 100 ms and 15 s.
     */
    Duration askEvery() {
        long quarter = collectTimeout.toMillis() / 4;
        return Duration.ofMillis(Math.max(100, Math.min(15_000, quarter)));
    }

    private void upload(HttpExchange exchange) throws IOException {
        try {
            if (!"PUT".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "PUT");
                answer(exchange, 405, Map.of("error", "expected PUT /shards/I?runId=ID"));
                return;
            }
            String rest = exchange.getRequestURI().getPath().substring("/shards/".length());
            Integer shard = integer(rest);
            if (shard == null) {
                answer(
                        exchange,
                        400,
                        Map.of(
                                "error",
                                "expected PUT /shards/I?runId=ID with I a shard index, got /shards/"
                                        + rest));
                return;
            }
            String run = query(exchange).get("runId");
            Refusal r;
            synchronized (lock) {
                r = refusal(shard, run);
                if (r == null) {
                    if (runId == null) {
                        runId = run;
                    }
                    receiving.add(shard);
                }
            }
            if (r != null) {
                answer(exchange, r.status(), Map.of("error", r.message()));
                return;
            }
            Path kept = null;
            try {
                String length = exchange.getRequestHeaders().getFirst("Content-Length");
                if (length != null && parseLong(length) > maxBytes) {
                    throw new Refused(
                            413,
                            "shard "
                                    + label(shard)
                                    + "'s upload of "
                                    + length
                                    + " bytes exceeds the limit of "
                                    + maxBytes
                                    + " bytes");
                }
                kept = receive(exchange.getRequestBody(), shard, run);
            } catch (Refused e) {
                synchronized (lock) {
                    refused.put(shard, e.getMessage());
                }
                options.progress()
                        .println(
                                "gonogo: refused shard "
                                        + label(shard)
                                        + "'s folder: "
                                        + e.getMessage());
                answer(exchange, e.status, Map.of("error", e.getMessage()));
                return;
            } catch (IOException e) {
                String why =
                        "the coordinator could not keep shard "
                                + label(shard)
                                + "'s folder: "
                                + e.getMessage();
                synchronized (lock) {
                    refused.put(shard, why);
                }
                options.progress().println("gonogo: " + why);
                answer(exchange, 500, Map.of("error", why));
                return;
            } finally {
                synchronized (lock) {
                    receiving.remove(shard);
                    if (kept != null) {
                        received.put(shard, kept);
                        refused.remove(shard);
                    }
                    lock.notifyAll();
                }
            }
            List<Integer> got;
            List<Integer> waiting = new ArrayList<>();
            synchronized (lock) {
                got = List.copyOf(received.keySet());
                for (int i = 0; i < shards; i++) {
                    if (!received.containsKey(i)) {
                        waiting.add(i);
                    }
                }
            }
            options.progress()
                    .println(
                            "gonogo: shard "
                                    + label(shard)
                                    + " reported, its folder in "
                                    + kept
                                    + (waiting.isEmpty()
                                            ? "; all " + shards + " shards reported"
                                            : "; waiting for shard "
                                                    + String.join(
                                                            ", ",
                                                            waiting.stream()
                                                                    .map(this::label)
                                                                    .toList())));
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("shard", shard);
            ok.put("received", got);
            ok.put("waitingFor", waiting);
            answer(exchange, 200, ok);
        } finally {
            exchange.close();
        }
    }

    /** A refused upload: its HTTP status and why. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * Unpacks the zip archive {@code body} into a new folder beside {@code shards/shard-I}, checks
     * its {@code shard.json}, and moves it into place.
     */
    private Path receive(InputStream body, int shard, String run) throws Refused, IOException {
        Path incoming = Files.createTempDirectory(shardsDir, ".incoming-" + shard + "-");
        try {
            long unpacked = 0;
            int entries = 0;
            try (ZipInputStream zip = new ZipInputStream(new Limited(body, maxBytes, shard))) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    if (++entries > MAX_ENTRIES) {
                        throw new Refused(
                                413,
                                "shard "
                                        + label(shard)
                                        + "'s archive holds more than "
                                        + MAX_ENTRIES
                                        + " entries");
                    }
                    Path target = inside(incoming, e.getName(), shard);
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (OutputStream o = Files.newOutputStream(target)) {
                        byte[] buf = new byte[64 * 1024];
                        int n;
                        while ((n = zip.read(buf)) > 0) {
                            unpacked += n;
                            if (unpacked > maxBytes) {
                                throw new Refused(
                                        413,
                                        "shard "
                                                + label(shard)
                                                + "'s archive unpacks to more than the limit of "
                                                + maxBytes
                                                + " bytes");
                            }
                            o.write(buf, 0, n);
                        }
                    }
                }
            } catch (ZipException | java.io.EOFException e) {
                throw new Refused(
                        400,
                        "shard "
                                + label(shard)
                                + "'s upload is not a whole zip archive: "
                                + e.getMessage());
            } catch (TooLarge e) {
                throw new Refused(413, e.getMessage());
            }
            if (entries == 0) {
                throw new Refused(
                        400,
                        "shard "
                                + label(shard)
                                + "'s upload is not a zip archive of its folder (no entry)");
            }
            checkManifest(incoming, shard, run);
            Path target = shardsDir.resolve("shard-" + shard);
            if (Files.exists(target)) {
                // an earlier run's folder: replaced, never merged with this run's
                Path old = Files.createTempDirectory(shardsDir, ".replaced-" + shard + "-");
                Files.move(target, old.resolve("shard-" + shard));
                deleteTree(old);
            }
            try {
                Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new Refused(409, "shard " + label(shard) + " already reported");
            }
            incoming = null;
            return target;
        } finally {
            if (incoming != null) {
                deleteTree(incoming);
            }
        }
    }

    /** The archive's {@code shard.json}: readable, and this shard's, of this run and count. */
    private void checkManifest(Path dir, int shard, String run) throws Refused {
        Path file = dir.resolve(ShardManifest.FILE);
        if (!Files.isRegularFile(file)) {
            throw new Refused(
                    400,
                    "shard "
                            + label(shard)
                            + "'s archive holds no "
                            + ShardManifest.FILE
                            + "; expected the folder gonogo run --shard wrote");
        }
        ShardManifest m;
        try {
            m = Json.readValue(file, ShardManifest.class, ShardManifest.FILE);
        } catch (RuntimeException e) {
            throw new Refused(
                    400,
                    "shard "
                            + label(shard)
                            + "'s "
                            + ShardManifest.FILE
                            + " cannot be read: "
                            + e.getMessage());
        }
        if (m.shard() != shard || m.shards() != shards || !m.runId().equals(run)) {
            throw new Refused(
                    400,
                    "the folder uploaded as shard "
                            + label(shard)
                            + " of run "
                            + run
                            + " is shard "
                            + m.label()
                            + " of run "
                            + m.runId());
        }
    }

    /** Where archive entry {@code name} lands in {@code dir}; refuses a name that leaves it. */
    private Path inside(Path dir, String name, int shard) throws Refused {
        if (name.isEmpty()
                || name.startsWith("/")
                || name.contains("\\")
                || name.contains(":")
                || name.contains("\0")) {
            throw new Refused(
                    400,
                    "shard "
                            + label(shard)
                            + "'s archive holds the entry '"
                            + name
                            + "'; expected relative names with '/' inside the folder");
        }
        Path target = dir.resolve(name).normalize();
        if (!target.startsWith(dir) || target.equals(dir)) {
            throw new Refused(
                    400,
                    "shard "
                            + label(shard)
                            + "'s archive holds the entry '"
                            + name
                            + "', which would land outside its folder");
        }
        return target;
    }

    /** The request body, refused once it exceeds the limit. */
    private final class Limited extends FilterInputStream {
        private final long limit;
        private final int shard;
        private long read;

        Limited(InputStream in, long limit, int shard) {
            super(in);
            this.limit = limit;
            this.shard = shard;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge(
                        "shard "
                                + label(shard)
                                + "'s upload exceeds the limit of "
                                + limit
                                + " bytes");
            }
        }
    }

    /** A body beyond the size limit, thrown from inside the zip reader. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    private String label(int shard) {
        return shard + "/" + shards;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Integer integer(String s) {
        if (s == null || s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(s);
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.putIfAbsent(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    /** Such as "10 min", "3 s" or "500 ms". */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return ms + " ms";
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    // left for the next run's upload to replace
                                }
                            });
        } catch (IOException e) {
            // nothing to delete
        }
    }

    private static void answer(HttpExchange exchange, int status, Map<String, ?> body)
            throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(bytes);
        }
    }
}
