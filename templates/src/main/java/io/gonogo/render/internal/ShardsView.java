package io.gonogo.render.internal;

import io.gonogo.core.Numbers;
import io.gonogo.core.ShardedRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "Load shards" section of the go/no-go view model: which load generator shards gathered the
 * load figures, how far their clocks and starts were apart, and each shard's share and generator
 * health per split scenario. Absent ({@link #given} false, and the template prints nothing) for a
 * run on one generator.
 *
 * @param given whether the run was sharded (the section is printed at all)
 * @param text one paragraph: the run id, how many shards reported, how the figures were merged
 * @param shards a row per shard
 * @param scenarios a row per merged scenario: window, cut, skew
 * @param shares a row per scenario and shard: its share and generator health
 */
public record ShardsView(
        boolean given,
        String text,
        List<ShardRow> shards,
        List<ScenarioRow> scenarios,
        List<ShareRow> shares) {

    /** Copies the lists. */
    public ShardsView {
        shards = List.copyOf(shards);
        scenarios = List.copyOf(scenarios);
        shares = List.copyOf(shares);
    }

    /** A row of the shards table. */
    public record ShardRow(
            String shard, String platform, String started, String clockOffset, String status) {}

    /** A row of the merged scenarios table. */
    public record ScenarioRow(
            String scenario,
            String window,
            String cut,
            String skew,
            String barrierSkew,
            String verdict) {}

    /** A row of the shares table. */
    public record ShareRow(
            String scenario,
            String shard,
            String requests,
            String throughput,
            String startOffset,
            String generatorCpu,
            String generator) {}

    private static final ShardsView NONE =
            new ShardsView(false, "", List.of(), List.of(), List.of());

    /**
     * The section for {@code run}.
     *
     * @param run how the figures were sharded; null for a run on one generator
     * @return the section; not {@link #given} when {@code run} is null
     */
    static ShardsView of(ShardedRun run) {
        if (run == null) {
            return NONE;
        }
        long reported = run.reported();
        String text =
                "The load figures were gathered by "
                        + Formats.count(
                                run.count(), "load generator shard", "load generator shards")
                        + " of run "
                        + Markdown.code(run.runId())
                        + ", "
                        + (reported == run.count() ? "all" : reported + " of them")
                        + " reporting usable evidence. Their latency histograms were added bucket"
                        + " for bucket and their counts summed, so merged percentiles are those of"
                        + " every request; throughput is taken over the window all shards were"
                        + " measuring at once. Shards whose measured windows or actual starts lie"
                        + " more than "
                        + run.skewToleranceMillis()
                        + " ms apart flag the merged figures SKEWED, which keeps a passing target"
                        + " INCONCLUSIVE.";
        List<ShardRow> shards = new ArrayList<>();
        for (ShardedRun.Shard s : run.shards()) {
            String label = s.index() + "/" + run.count();
            if (!s.problem().isEmpty()) {
                shards.add(new ShardRow(label, "", "", "", Markdown.text(s.problem())));
                continue;
            }
            shards.add(
                    new ShardRow(
                            label,
                            Markdown.text(s.cpus() + " CPUs, " + s.jvm()),
                            s.startedAt() == null ? "" : s.startedAt().toString(),
                            Markdown.text(
                                    String.format(Locale.ROOT, "%+.3f ms", s.clockOffsetMillis())
                                            + (s.clockOffsetNote().isEmpty()
                                                    ? ""
                                                    : " (" + s.clockOffsetNote() + ")")),
                            "reported"));
        }
        List<ScenarioRow> scenarios = new ArrayList<>();
        List<ShareRow> shares = new ArrayList<>();
        for (ShardedRun.Scenario sc : run.scenarios()) {
            scenarios.add(
                    new ScenarioRow(
                            Markdown.code(sc.scenario()),
                            String.format(Locale.ROOT, "%.3f s", sc.windowSeconds()),
                            String.format(Locale.ROOT, "%.3f s", sc.cutSeconds()),
                            String.format(Locale.ROOT, "%.1f ms", sc.skewMillis()),
                            sc.barrierSkewMillis() == null
                                    ? "no coordinator"
                                    : String.format(Locale.ROOT, "%.3f ms", sc.barrierSkewMillis()),
                            sc.skewed() ? "SKEWED" : "together"));
            for (ShardedRun.Share sh : sc.shares()) {
                shares.add(
                        new ShareRow(
                                Markdown.code(sc.scenario()),
                                sh.shard() + "/" + run.count(),
                                Numbers.grouped(sh.requests()),
                                String.format(Locale.ROOT, "%,.0f/s", sh.throughputPerSecond()),
                                sh.startOffsetMillis() == null
                                        ? "no coordinator"
                                        : String.format(
                                                Locale.ROOT, "%+.3f ms", sh.startOffsetMillis()),
                                sh.generatorCpuMicrosPerRequest() == null
                                        ? "not measured"
                                        : Numbers.short4(sh.generatorCpuMicrosPerRequest()) + " µs",
                                sh.generatorBound() ? "BOUND: may describe gonogo" : "healthy"));
            }
        }
        return new ShardsView(true, text, shards, scenarios, shares);
    }
}
