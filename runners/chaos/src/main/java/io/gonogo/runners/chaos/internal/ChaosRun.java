package io.gonogo.runners.chaos.internal;

import io.gonogo.core.Distribution;
import io.gonogo.core.Measurement;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.Series;
import io.gonogo.core.Source;
import io.gonogo.core.Unit;
import io.gonogo.runners.chaos.Fault;
import io.gonogo.runners.chaos.FaultInjectors;
import io.gonogo.runners.chaos.FaultProxy;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.LoadRunner;
import io.gonogo.runners.load.grpc.GrpcChannels;
import io.gonogo.runners.load.grpc.GrpcLoadRunner;
import io.gonogo.runners.spi.GovernanceOperation;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.ScenarioSpec;
import io.gonogo.runners.spi.SutControl;
import io.gonogo.runners.spi.SutEndpoint;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of a chaos scenario.
 *
 * <p>The workload runs through a fault proxy in consecutive windows (one load engine run per
 * window, so every window has its own histogram and counts). The fault is applied at the first
 * window boundary at or after {@code at} and removed at the first boundary {@code for} after it
 * started, so no window straddles a change; a restart after {@code kill} or {@code restart} runs in
 * the background while the workload keeps measuring. Phases: {@code before} holds the windows that
 * ended before the fault started; {@code during} those from the fault's start until the service
 * recovered; {@code after} those from recovery on (every window after the fault's end when it never
 * recovered). A window is healthy when it meets the hypothesis's per-window checks (the {@code
 * after} checks, else {@code before}, else success_rate >= 99%). Recovery time is the start of the
 * first healthy window that starts at or after the fault's end, minus the fault's end (an upper
 * bound, resolution one window); detect time is the end of the first unhealthy window overlapping
 * the fault, minus the fault's start.
 *
 * <p>Over gRPC each window is one run of the gRPC load engine through the proxy in HTTP/2 mode, on
 * channels opened once for the whole scenario, as a long-lived client keeps them: a frozen or
 * blackholed service gives deadline timeouts, and a reset connection is opened again by grpc-java
 * with its own back-off (1 s, then x1.6, +-20%), which the recovery time includes.
 */
final class ChaosRun {
    private final ScenarioSpec<?> spec;
    private final ChaosScenario s;
    private final String faultDescription;
    private final FaultInjectors injectors;
    private final ScenarioContext context;
    private final Map<String, String> labels;
    private final AtomicLong faultStart = new AtomicLong(-1);
    private final AtomicLong faultEnd = new AtomicLong(-1);
    private final AtomicReference<String> faultError = new AtomicReference<>();
    private long t0Nanos;
    private long t0Epoch;

    ChaosRun(
            ScenarioSpec<?> spec,
            ChaosScenario s,
            String faultDescription,
            FaultInjectors injectors,
            ScenarioContext context) {
        this.spec = spec;
        this.s = s;
        this.faultDescription = faultDescription;
        this.injectors = injectors;
        this.context = context;
        Map<String, String> l = new LinkedHashMap<>(spec.planned().labels());
        l.remove("suite");
        l.remove("scenario");
        this.labels = l;
    }

    private long elapsedMillis() {
        return (System.nanoTime() - t0Nanos) / 1_000_000;
    }

    void run() throws Exception {
        SutEndpoint endpoint = context.sut();
        Optional<SutControl> control = context.sutControl();
        if (s.processFault() && control.isEmpty()) {
            throw new io.gonogo.core.NotExecutedException(
                    "process fault '"
                            + s.faultKind()
                            + "' needs a service gonogo started (sut: embedded or command); this"
                            + " run reaches the service by URL");
        }
        Fault fault = s.processFault() ? null : injectors.create(s.faultKind(), s.faultSettings());
        boolean tls = ProxiedEndpoint.tls(endpoint, s.grpc());
        if (tls && fault != null && fault.readsMessages()) {
            // the plan could not tell (the service's scheme was known only once it started)
            throw new io.gonogo.core.NotExecutedException(
                    ChaosSuiteKind.overTls(s.faultKind(), s.transport(), "at " + endpoint));
        }
        InetSocketAddress upstream;
        if (s.grpc()) {
            if (endpoint.grpcAddress().isEmpty()) {
                throw new io.gonogo.core.NotExecutedException(
                        "the service under test has no gRPC address, so the grpc chaos scenario"
                            + " cannot run (give sut.url.grpc, or let gonogo start the service)");
            }
            upstream = grpcAddress(endpoint.grpcAddress());
            if (s.protoSet() != null) {
                descriptors = s.protoSet();
            } else {
                descriptors = java.nio.file.Files.createTempFile("gonogo-chaos-", ".desc");
                ownDescriptors = true;
            }
            try {
                if (ownDescriptors) {
                    // resolved once, directly at the service: reflection through the proxy could
                    // meet the fault
                    GrpcLoadRunner.Builder reflection =
                            GrpcLoadRunner.builder()
                                    .target(endpoint.grpcAddress())
                                    .method(s.method())
                                    .requestTimeout(Duration.ofSeconds(10));
                    if (endpoint.grpcTls()) {
                        reflection.tls(endpoint.tls());
                    }
                    reflection.build().writeDescriptorSet(descriptors);
                }
                GrpcLoadRunner.Builder check =
                        GrpcLoadRunner.builder().target(endpoint.grpcAddress());
                if (endpoint.grpcTls()) {
                    check.tls(endpoint.tls());
                }
                grpcRunner(check, Duration.ofSeconds(1), endpoint.token()).check();
            } catch (RuntimeException e) {
                deleteDescriptors();
                throw new io.gonogo.core.NotExecutedException(
                        "the gRPC method " + s.method() + " cannot be called: " + e.getMessage(),
                        e);
            }
        } else {
            upstream = httpAddress(endpoint);
        }
        FaultProxy proxy =
                FaultProxy.builder().upstream(upstream).protocol(protocol(s.grpc(), tls)).build();
        int proxyPort;
        try {
            proxyPort = proxy.start();
        } catch (Exception | Error e) {
            proxy.close();
            deleteDescriptors();
            throw new io.gonogo.core.NotExecutedException(
                    "the fault proxy could not start on 127.0.0.1: " + e, e);
        }
        try {
            proxied = ProxiedEndpoint.through(endpoint, s.grpc(), proxyPort);
            if (s.grpc()) {
                channels =
                        proxied.grpcTls()
                                ? GrpcChannels.open(
                                        proxied.grpcAddress(), grpcConnections(), proxied.tls())
                                : GrpcChannels.open(proxied.grpcAddress(), grpcConnections());
            } else {
                checkHttpWorkload(endpoint.token());
            }
            runThrough(proxy, proxyPort, fault, control, endpoint.token());
        } finally {
            if (channels != null) {
                channels.close();
            }
            proxy.close();
            deleteDescriptors();
        }
    }

    /**
     * How the proxy frames the traffic: not at all when the service speaks TLS (the bytes are
     * opaque, only connection-level faults act), else HTTP/2 for gRPC and HTTP/1.1 for HTTP.
     */
    static FaultProxy.Protocol protocol(boolean grpc, boolean tls) {
        if (tls) {
            return FaultProxy.Protocol.TCP;
        }
        return grpc ? FaultProxy.Protocol.HTTP2 : FaultProxy.Protocol.HTTP1;
    }

    /** The service's HTTP address, the scheme's default port when the URL gives none. */
    private static InetSocketAddress httpAddress(SutEndpoint endpoint) {
        URI b = endpoint.httpBase();
        return new InetSocketAddress(
                b.getHost(), b.getPort() >= 0 ? b.getPort() : endpoint.httpTls() ? 443 : 80);
    }

    /** Where the workload reaches the service: through the proxy, TLS settings kept. */
    private SutEndpoint proxied;

    /**
     * Builds the HTTP workload once before measuring, so a target the load engine cannot reach
     * makes the scenario NOT EXECUTED with the engine's reason rather than failed windows.
     */
    private void checkHttpWorkload(String token) {
        try {
            runner(proxied.http(s.path()), Duration.ofSeconds(1), token);
        } catch (IllegalArgumentException e) {
            throw new io.gonogo.core.NotExecutedException(
                    "the HTTP workload cannot reach "
                            + proxied.httpBase()
                            + " (the fault proxy): "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * The descriptor set of the gRPC method (transport grpc): the scenario's {@code proto-set}, or
     * written before the run from the service's reflection.
     */
    private java.nio.file.Path descriptors;

    /** Whether {@link #descriptors} is a temporary file of this run, deleted at its end. */
    private boolean ownDescriptors;

    private void deleteDescriptors() {
        if (descriptors != null && ownDescriptors) {
            try {
                java.nio.file.Files.deleteIfExists(descriptors);
            } catch (java.io.IOException e) {
                // a temporary file left behind
            }
        }
    }

    private static InetSocketAddress grpcAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** gRPC multiplexes calls: {@code concurrency} calls in flight over at most 8 connections. */
    private int grpcConnections() {
        return Math.min(s.concurrency(), 8);
    }

    /**
     * Whether calls of the scenario's operation carry the operator token: all but the catalogue's
     * read-only operations (as in the load suite).
     */
    private boolean sendsToken() {
        return GovernanceOperation.byId(s.operation()).map(o -> !o.readOnly()).orElse(true);
    }

    /** The workload's channels through the proxy, open for the whole scenario (transport grpc). */
    private GrpcChannels channels;

    private GrpcLoadRunner grpcRunner(Duration length, String token) {
        return grpcRunner(GrpcLoadRunner.builder().channels(channels), length, token);
    }

    private GrpcLoadRunner grpcRunner(GrpcLoadRunner.Builder b, Duration length, String token) {
        b.method(s.method())
                .descriptorSet(descriptors)
                .concurrency(s.concurrency())
                .requestTimeout(s.timeout())
                .duration(length)
                .maxDuration(length.plus(s.timeout()).plus(Duration.ofSeconds(30)));
        if (s.rate() > 0) {
            b.rate(s.rate());
        }
        if (!s.body().isEmpty()) {
            b.body(s.body());
        }
        if (!token.isEmpty() && sendsToken()) {
            b.header("authorization", "Bearer " + token);
        }
        return b.build();
    }

    private LoadRunner runner(URI target, Duration length, String token) {
        LoadRunner.Builder b =
                LoadRunner.builder()
                        .target(target)
                        .method(s.method())
                        .concurrency(s.concurrency())
                        .requestTimeout(s.timeout())
                        .duration(length)
                        .maxDuration(length.plus(s.timeout()).plus(Duration.ofSeconds(30)));
        if (proxied.httpTls()) {
            b.tls(proxied.tls());
        }
        if (s.rate() > 0) {
            b.rate(s.rate());
        }
        if (!s.body().isEmpty()) {
            b.body(s.body().getBytes(StandardCharsets.UTF_8), "application/json");
        }
        if (!token.isEmpty() && !(s.method().equals("GET") || s.method().equals("HEAD"))) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    /** Runs the workload for {@code length} through the proxy; the window's figures. */
    private WindowStats window(Duration length, String token, long ws) {
        if (s.grpc()) {
            return WindowStats.of(grpcRunner(length, token).run(), ws, elapsedMillis());
        }
        LoadResult r = runner(proxied.http(s.path()), length, token).run();
        return WindowStats.of(r, ws, elapsedMillis());
    }

    private void runThrough(
            FaultProxy proxy,
            int proxyPort,
            Fault fault,
            Optional<SutControl> control,
            String token)
            throws Exception {
        context.progress(
                "fault proxy on 127.0.0.1:"
                        + proxyPort
                        + " -> "
                        + proxy.upstream().getPort()
                        + (ProxiedEndpoint.tls(proxied, s.grpc()) ? " (TLS, relayed as TCP)" : "")
                        + "; fault: "
                        + s.faultLine(faultDescription));
        if (!s.warmup().isZero()) {
            window(s.warmup(), token, 0);
        }
        DurabilityProbe probe = s.durability() ? new DurabilityProbe(proxied, 50) : null;
        FaultLife life = new FaultLife(proxy, fault, control);
        t0Nanos = System.nanoTime();
        t0Epoch = System.currentTimeMillis();
        if (probe != null) {
            probe.start();
        }
        Measured measured;
        try {
            measured = measure(token, life);
        } finally {
            if (faultStart.get() >= 0) {
                life.remove(); // never leave a fault behind (a frozen or killed service, a proxy
                // fault)
            }
            life.awaitRestart();
            if (probe != null) {
                probe.stopWriting();
            }
        }
        judge(measured.windows(), measured.recoveredAt(), verify(probe));
    }

    /** The windows measured and when the service recovered, -1 when it did not. */
    private record Measured(List<WindowStats> windows, long recoveredAt) {}

    /**
     * Runs the workload window after window, applying and removing the fault on schedule, until the
     * service has settled after the fault or the hard stop.
     */
    private Measured measure(String token, FaultLife life) {
        List<WindowStats> windows = new ArrayList<>();
        long window = s.window().toMillis();
        long duration = s.duration().toMillis();
        long recoveryLimit =
                s.hypothesis()
                        .recovery()
                        .map(c -> (long) c.threshold().valueIn(Unit.MILLISECONDS))
                        .orElse(10_000L);
        long hardStop = duration + recoveryLimit + 2 * window + (s.processFault() ? 60_000 : 0);
        long recoveredAt = -1;
        int healthyAfter = 0;
        while (true) {
            // faults start and end at window boundaries, so every window is wholly in one state
            if (faultStart.get() < 0 && elapsedMillis() >= s.at().toMillis()) {
                life.apply();
            } else if (faultStart.get() >= 0
                    && !life.removed
                    && elapsedMillis() >= faultStart.get() + s.lasts().toMillis()) {
                life.remove();
            }
            long ws = elapsedMillis();
            WindowStats w = window(s.window(), token, ws);
            windows.add(w);
            boolean healthy = healthy(w);
            long end = faultEnd.get();
            if (end >= 0 && ws >= end && recoveredAt < 0 && healthy) {
                recoveredAt = ws;
            }
            if (recoveredAt >= 0 && healthy) {
                healthyAfter++;
            }
            progress(w, ws, recoveredAt);
            long now = elapsedMillis();
            end = faultEnd.get();
            boolean settled =
                    end >= 0
                            && !life.restarting()
                            && (recoveredAt >= 0
                                    ? healthyAfter >= 2
                                    : now >= end + recoveryLimit + window);
            if ((now >= duration && settled) || now >= hardStop) {
                return new Measured(windows, recoveredAt);
            }
        }
    }

    private void progress(WindowStats w, long ws, long recoveredAt) {
        context.progress(
                String.format(
                        Locale.ROOT,
                        "%6.1fs %-6s %6.0f req/s  ok %5.1f%%  p99 %s%s",
                        ws / 1000.0,
                        phaseOf(w, recoveredAt),
                        w.throughput(),
                        w.successRate(),
                        p99(w),
                        w.abort.isEmpty() ? "" : "  (" + w.abort + ")"));
    }

    /** Checks the probe's acknowledged writes; null without a probe. */
    private DurabilityProbe.Result verify(DurabilityProbe probe) throws InterruptedException {
        if (probe == null) {
            return null;
        }
        DurabilityProbe.Result durability = probe.verify();
        context.progress(
                "durability: "
                        + probe
                        + "; "
                        + durability.checked()
                        + " checked, "
                        + durability.missing()
                        + " missing"
                        + (durability.examples().isEmpty()
                                ? ""
                                : " (" + String.join(", ", durability.examples()) + ")"));
        probe.close();
        return durability;
    }

    /**
     * The fault's life in one scenario: applied at {@code at}, removed at {@code at + for}; a
     * killed or stopped service is started again on its own thread, since starting a JVM takes
     * seconds and traffic keeps flowing (and failing) meanwhile.
     */
    private final class FaultLife {
        private final FaultProxy proxy;
        private final Fault fault;
        private final Optional<SutControl> control;
        private boolean applied;
        private boolean removed;
        private Thread restarter;

        FaultLife(FaultProxy proxy, Fault fault, Optional<SutControl> control) {
            this.proxy = proxy;
            this.fault = fault;
            this.control = control;
        }

        void apply() {
            faultStart.set(elapsedMillis());
            try {
                if (fault != null) {
                    proxy.add(fault);
                } else {
                    SutControl c = control.orElseThrow();
                    switch (s.faultKind()) {
                        case "kill" -> c.kill();
                        case "pause" -> c.pause();
                        default -> c.stop(Duration.ofSeconds(15));
                    }
                }
                applied = true;
            } catch (Exception e) {
                faultError.compareAndSet(null, "applying the fault failed: " + e.getMessage());
            }
        }

        void remove() {
            if (removed) {
                return;
            }
            removed = true;
            faultEnd.set(elapsedMillis());
            try {
                if (fault != null) {
                    proxy.remove(fault);
                } else if (s.faultKind().equals("pause")) {
                    control.orElseThrow().resume();
                } else if (applied) {
                    restarter = new Thread(this::restart, "gonogo-chaos-restart");
                    restarter.setDaemon(true);
                    restarter.start();
                }
            } catch (Exception e) {
                faultError.compareAndSet(null, "ending the fault failed: " + e.getMessage());
            }
        }

        private void restart() {
            try {
                SutEndpoint now = control.orElseThrow().start();
                proxy.upstream(s.grpc() ? grpcAddress(now.grpcAddress()) : httpAddress(now));
                context.progress(
                        "service started again ("
                                + (elapsedMillis() - faultEnd.get())
                                + " ms): "
                                + now);
            } catch (Exception e) {
                faultError.compareAndSet(
                        null,
                        "ending the fault failed (the service did not come back): "
                                + e.getMessage());
            }
        }

        boolean restarting() {
            return restarter != null && restarter.isAlive();
        }

        void awaitRestart() throws InterruptedException {
            if (restarter != null) {
                restarter.join(90_000);
            }
        }
    }

    private static String p99(WindowStats w) {
        return w.latency.getTotalCount() == 0
                ? "-"
                : String.format(Locale.ROOT, "%.1fms", w.latency.getValueAtPercentile(99) / 1000.0);
    }

    private List<Hypothesis.Check> windowChecks() {
        Hypothesis h = s.hypothesis();
        List<Hypothesis.Check> base = !h.after().isEmpty() ? h.after() : h.before();
        List<Hypothesis.Check> out = base.stream().filter(Hypothesis.Check::perWindow).toList();
        return out.isEmpty()
                ? List.of(
                        new Hypothesis.Check(
                                "success_rate", io.gonogo.core.Criterion.parse(">= 99%")))
                : out;
    }

    private boolean healthy(WindowStats w) {
        for (Hypothesis.Check c : windowChecks()) {
            if (!c.holds(w)) {
                return false;
            }
        }
        return true;
    }

    /** The phase of a window: see the class comment. */
    private String phaseOf(WindowStats w, long recoveredAt) {
        long start = faultStart.get();
        long end = faultEnd.get();
        if (start < 0 || w.endMillis <= start) {
            return "before";
        }
        if (recoveredAt >= 0
                ? w.startMillis >= recoveredAt
                : end >= 0 && w.startMillis >= end && !recoveryPossible) {
            return "after";
        }
        return "during";
    }

    private boolean recoveryPossible = true;

    private void judge(
            List<WindowStats> windows, long recoveredAt, DurabilityProbe.Result durability)
            throws Exception {
        long start = faultStart.get();
        long end = faultEnd.get();
        recoveryPossible = false;
        Map<String, List<WindowStats>> phases = new LinkedHashMap<>();
        phases.put("before", new ArrayList<>());
        phases.put("during", new ArrayList<>());
        phases.put("after", new ArrayList<>());
        for (WindowStats w : windows) {
            phases.get(phaseOf(w, recoveredAt)).add(w);
        }
        Map<String, WindowStats> merged = new LinkedHashMap<>();
        phases.forEach((phase, ws) -> merged.put(phase, WindowStats.merge(ws)));
        // evidence per phase
        for (Map.Entry<String, WindowStats> e : merged.entrySet()) {
            if (phases.get(e.getKey()).isEmpty()) {
                continue;
            }
            publishPhase(e.getKey(), e.getValue());
        }
        publishSeries(windows);
        scalar("fault_start", Unit.MILLISECONDS, start, Set.of());
        scalar("fault_end", Unit.MILLISECONDS, end, Set.of());
        long lastEnd = windows.isEmpty() ? end : windows.get(windows.size() - 1).endMillis;
        long recovery =
                recoveredAt >= 0 ? Math.max(0, recoveredAt - end) : Math.max(0, lastEnd - end);
        // not recovered: the time observed is a lower bound, flagged PARTIAL
        scalar(
                "recovery_time",
                Unit.MILLISECONDS,
                recovery,
                recoveredAt >= 0 ? Set.of() : Set.of(Quality.PARTIAL));
        OptionalDetect detect = detect(windows, start);
        if (detect.found) {
            scalar("detect_time", Unit.MILLISECONDS, detect.millis, Set.of());
        }
        if (durability != null) {
            scalar("acknowledged_writes_checked", Unit.COUNT, durability.checked(), Set.of());
            scalar("acknowledged_writes_missing", Unit.COUNT, durability.missing(), Set.of());
        }
        context.progress(
                String.format(
                        Locale.ROOT,
                        "fault %d..%d ms; %s; %s",
                        start,
                        end,
                        recoveredAt >= 0
                                ? "recovered " + recovery + " ms after the fault ended"
                                : "did NOT recover within "
                                        + recovery
                                        + " ms after the fault ended",
                        detect.found
                                ? "detected " + detect.millis + " ms after it started"
                                : "not visible to the hypothesis"));
        List<String> failed = failures(phases, merged, recoveredAt, recovery, durability);
        if (!failed.isEmpty()) {
            throw new AssertionError(
                    "steady-state hypothesis failed for "
                            + s.faultLine(faultDescription)
                            + ": "
                            + String.join("; ", failed));
        }
    }

    /** The throughput and p99 series over the scenario's windows. */
    private void publishSeries(List<WindowStats> windows) {
        List<Series.Point> tput = new ArrayList<>();
        List<Series.Point> p99 = new ArrayList<>();
        for (WindowStats w : windows) {
            tput.add(new Series.Point(t0Epoch + w.startMillis, w.throughput()));
            if (w.latency.getTotalCount() > 0) {
                p99.add(
                        new Series.Point(
                                t0Epoch + w.startMillis,
                                w.latency.getValueAtPercentile(99) / 1000.0));
            }
        }
        context.publish(
                new Measurement(
                        "throughput",
                        labels,
                        Unit.PER_SECOND,
                        new Series(tput),
                        Set.of(),
                        Source.UNATTRIBUTED));
        context.publish(
                new Measurement(
                        "p99",
                        labels,
                        Unit.MILLISECONDS,
                        new Series(p99),
                        Set.of(),
                        Source.UNATTRIBUTED));
    }

    /** What of the hypothesis, the recovery and the durability check failed; empty when none. */
    private List<String> failures(
            Map<String, List<WindowStats>> phases,
            Map<String, WindowStats> merged,
            long recoveredAt,
            long recovery,
            DurabilityProbe.Result durability) {
        List<String> failed = new ArrayList<>();
        if (faultError.get() != null) {
            failed.add(faultError.get());
        }
        Hypothesis h = s.hypothesis();
        check(failed, "before", h.before(), merged.get("before"), phases.get("before").isEmpty());
        check(failed, "during", h.during(), merged.get("during"), phases.get("during").isEmpty());
        check(failed, "after", h.after(), merged.get("after"), phases.get("after").isEmpty());
        if (h.recovery().isPresent()) {
            io.gonogo.core.Criterion c = h.recovery().get();
            if (recoveredAt < 0) {
                failed.add(
                        "recovery: the service did not return to its steady state within "
                                + recovery
                                + " ms after the fault ended (criterion "
                                + c
                                + ")");
            } else if (!c.holds(recovery, Unit.MILLISECONDS)) {
                failed.add("recovery: " + recovery + "ms, expected " + c);
            }
        } else if (recoveredAt < 0) {
            failed.add(
                    "recovery: the service did not return to its steady state within "
                            + recovery
                            + " ms after the fault ended");
        }
        if (durability != null && durability.missing() > 0) {
            failed.add(
                    "durability: "
                            + durability.missing()
                            + " of "
                            + durability.checked()
                            + " acknowledged writes are missing after the fault, e.g. "
                            + String.join(", ", durability.examples()));
        }
        if (durability != null && durability.checked() == 0) {
            failed.add("durability: no write was acknowledged, so nothing could be checked");
        }
        return failed;
    }

    private record OptionalDetect(boolean found, long millis) {}

    private OptionalDetect detect(List<WindowStats> windows, long start) {
        for (WindowStats w : windows) {
            if (w.endMillis > start && !healthy(w)) {
                return new OptionalDetect(true, Math.max(0, w.endMillis - start));
            }
        }
        return new OptionalDetect(false, 0);
    }

    private void check(
            List<String> failed,
            String phase,
            List<Hypothesis.Check> checks,
            WindowStats stats,
            boolean empty) {
        if (checks.isEmpty()) {
            return;
        }
        if (empty) {
            failed.add(phase + ": no window was measured in this phase");
            return;
        }
        for (Hypothesis.Check c : checks) {
            if (c.percentile() && stats.latency.getTotalCount() == 0) {
                failed.add(phase + " " + c.figure() + ": no request was answered");
            } else if (!c.holds(stats)) {
                failed.add(
                        phase
                                + " "
                                + c.figure()
                                + " = "
                                + c.shown(stats)
                                + ", expected "
                                + c.criterion());
            }
        }
    }

    private void publishPhase(String phase, WindowStats w) {
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put("phase", phase);
        Set<Quality> q = Set.of();
        if (w.latency.getTotalCount() > 0) {
            context.publish(
                    new Measurement(
                            "latency",
                            l,
                            Unit.MICROSECONDS,
                            Distribution.of(w.latency),
                            q,
                            Source.UNATTRIBUTED));
        }
        publish("throughput", l, Unit.PER_SECOND, w.throughput(), q);
        publish("success_rate", l, Unit.PERCENT, w.successRate(), q);
        publish("error_rate", l, Unit.PERCENT, 100 - w.successRate(), q);
        publish("requests", l, Unit.COUNT, w.attempted, q);
        for (Map.Entry<String, Long> e : w.errors.entrySet()) {
            Map<String, String> withKind = new LinkedHashMap<>(l);
            withKind.put("kind", e.getKey());
            publish("errors", withKind, Unit.COUNT, e.getValue(), q);
        }
    }

    private void scalar(String metric, Unit unit, double value, Set<Quality> quality) {
        publish(metric, labels, unit, value, quality);
    }

    private void publish(
            String metric, Map<String, String> l, Unit unit, double value, Set<Quality> quality) {
        context.publish(
                new Measurement(metric, l, unit, new Scalar(value), quality, Source.UNATTRIBUTED));
    }
}
