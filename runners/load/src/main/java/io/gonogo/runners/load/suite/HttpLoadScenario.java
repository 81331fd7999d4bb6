package io.gonogo.runners.load.suite;

import io.gonogo.core.Numbers;
import io.gonogo.core.Quality;
import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.LoadOperation;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.LoadRunner;
import io.gonogo.runners.load.OperationResult;
import io.gonogo.runners.load.suite.LoadSettings.MixOp;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.ScenarioSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The {@code transport: http} branch of {@code suites.load}, over {@link LoadRunner}. */
final class HttpLoadScenario {
    private HttpLoadScenario() {}

    static void run(ScenarioSpec<LoadSettings> scenario, ScenarioContext context) throws Exception {
        LoadSettings s = scenario.settings();
        Path hlog = context.outputDirectory().resolve("latency.hlog");
        LoadRunner.Builder builder = builder(s, context);
        builder.intervalLog(hlog, scenario.planned().id());
        LoadRunner runner = builder.build();
        // the shards of a sharded run start each scenario together, warm-up included: the barrier
        // is passed before the runner's warm-up, which every shard sends its share of, and each
        // shard's clock (its open-model schedule, its interval log's grid) counts from the one
        // start instant, however long it took to get going after it
        runner.warm(); // before the barrier: an https warm-up would make the shard late
        java.util.Optional<io.gonogo.runners.spi.StartBarrier.Start> together =
                context.startBarrier().await(scenario.planned().qualifiedId());
        together.ifPresent(
                start ->
                        context.progress(
                                String.format(
                                        Locale.ROOT,
                                        "started with the other shards at %s, %.3f ms" + " from it",
                                        start.at(),
                                        start.offset().toNanos() / 1e6)));
        LoadResult r =
                together.isPresent() ? runner.runFrom(together.get().localAt()) : runner.run();
        Map<String, String> labels = LoadFigures.labels(scenario);
        Set<Quality> quality = LoadFigures.quality(r, context);
        LoadFigures.publishTotals(context, labels, r, hlog, quality);
        LoadFigures.publishGeneratorCost(context, labels, r, "gonogo", quality);
        for (ErrorKind kind : ErrorKind.values()) {
            LoadFigures.publishErrors(context, labels, kind.label(), r.errorCount(kind), quality);
        }
        for (OperationResult op : r.operations()) {
            Map<String, Long> errors = new LinkedHashMap<>();
            for (ErrorKind kind : ErrorKind.values()) {
                errors.put(kind.label(), op.errorCount(kind));
            }
            LoadFigures.publishOperation(context, labels, op, errors, quality, "requests", "req/s");
        }
        context.progress(LoadFigures.summary(r, "requests", "req/s"));
        LoadFigures.failWhenAbortedOrGone(
                r,
                "%d connects failed (refused or timed out) and %d connections were reset among %s"
                        + " requests");
        if (r.succeeded() == 0) {
            throw new IllegalStateException(
                    "none of " + Numbers.grouped(r.attempted()) + " requests succeeded");
        }
    }

    /** The runner for the scenario's settings, with progress lines every 2 s. */
    private static LoadRunner.Builder builder(LoadSettings s, ScenarioContext context) {
        long[] lastPrinted = {0};
        LoadRunner.Builder builder =
                LoadRunner.builder()
                        .target(context.sut().http(s.path()))
                        .tls(context.sut().tls()) // read only when the base is https
                        .method(s.method())
                        .concurrency(s.concurrency())
                        .threads(s.threads())
                        .generatorBounds(s.bounds())
                        .warmupRequests(s.warmup())
                        .requestTimeout(s.timeout())
                        .maxDuration(s.maxDuration())
                        .shard(context.shard())
                        .progressListener(
                                p -> {
                                    long now = p.elapsed().toMillis();
                                    if (now - lastPrinted[0] >= 2000) {
                                        lastPrinted[0] = now;
                                        context.progress(
                                                String.format(
                                                        Locale.ROOT,
                                                        "%s %5.1fs %,12d requests %,10.0f req/s %,d"
                                                                + " errors",
                                                        p.warmup() ? "warm-up " : "measured",
                                                        now / 1000.0,
                                                        p.completed(),
                                                        p.currentRatePerSecond(),
                                                        p.errors()));
                                    }
                                });
        if (s.duration() != null) {
            builder.duration(s.duration());
        } else {
            builder.requests(s.requests());
        }
        if (s.model() == LoadModel.OPEN) {
            builder.rate(s.rate());
            if (s.rampTo() != s.rate()) {
                builder.rampTo(s.rampTo());
            }
        }
        s.headers().forEach(builder::header);
        String token = context.sut().token();
        if (!token.isEmpty() && LoadSuiteKind.mutating(s.method())) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (s.body() != null) {
            builder.body(s.body().getBytes(StandardCharsets.UTF_8), "application/json");
        }
        for (MixOp op : s.mix()) {
            builder.operation(operation(op, token));
        }
        return builder;
    }

    private static LoadOperation operation(MixOp op, String token) {
        LoadOperation.Builder ob =
                LoadOperation.builder(op.name())
                        .method(op.method())
                        .path(op.path())
                        .weight(op.weight());
        op.headers().forEach(ob::header);
        if (!token.isEmpty() && LoadSuiteKind.mutating(op.method())) {
            ob.header("Authorization", "Bearer " + token);
        }
        if (op.body() != null) {
            ob.body(op.body().getBytes(StandardCharsets.UTF_8), "application/json");
        }
        for (int[] range : op.statuses()) {
            ob.successStatuses(range[0], range[1]);
        }
        if (op.timeout() != null) {
            ob.timeout(op.timeout());
        }
        return ob.build();
    }
}
