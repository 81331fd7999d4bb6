package io.gonogo;

import io.gonogo.core.Distribution;
import io.gonogo.core.Environment;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.ShardedRun;
import io.gonogo.core.Source;
import io.gonogo.core.TestOutcome;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Unit;
import io.gonogo.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Merges the shard evidence sets of one sharded run into the evidence of the whole run.
 *
 * <p>Rules: every shard folder must hold a readable {@code shard.json} and {@code evidence.json} of
 * the same run id and shard count, one per shard index; a folder that does not (missing, damaged,
 * another run, a duplicate index) is named, and every scenario that needed it is NOT EXECUTED,
 * never decided on a share of the load. A split scenario's latency and connect-time histograms are
 * added bucket for bucket ({@link HistogramMerge}), its request and error counts summed, its
 * success rate recomputed over the summed requests, its throughput taken over the common measured
 * window (the intersection of the shards' windows, read from their interval logs, whose sample
 * counts must equal their histograms': a truncated log is a damaged shard); its quality flags are
 * the union of the shards' (one generator-bound shard marks the merged figures) plus {@link
 * Quality#SKEWED} when the shards' first measured instants lie further apart than {@link
 * #SKEW_TOLERANCE}. A scenario run on shard 0 only is taken from shard 0.
 */
final class ShardMerge {

    /** How far apart the shards' starts may lie before merged figures are flagged SKEWED. */
    static final Duration SKEW_TOLERANCE = Duration.ofMillis(50);

    private ShardMerge() {}

    /** The merged evidence, what could not be used, and what the document says about the merge. */
    record Merged(
            String runId,
            Environment environment,
            List<Measurement> measurements,
            List<TestOutcome> outcomes,
            List<String> problems,
            List<String> notes,
            ShardedRun shards) {}

    /** One readable shard folder. */
    private record Loaded(Path dir, ShardManifest manifest, EvidenceSet evidence) {}

    /** A load scenario's measured window on one shard, from its interval log. */
    private record Window(double start, double end, long samples, List<double[]> intervals) {

        /**
         * This window on the coordinator's clock, for a shard whose clock is {@code offsetMillis}
         * ahead of it: interval logs carry the shard host's own time stamps.
         */
        Window onReferenceClock(double offsetMillis) {
            double d = offsetMillis / 1000.0;
            List<double[]> shifted = new ArrayList<>();
            for (double[] iv : intervals) {
                shifted.add(new double[] {iv[0] - d, iv[1] - d, iv[2]});
            }
            return new Window(start - d, end - d, samples, shifted);
        }

        /** The share of the samples recorded within [from, to], intervals prorated. */
        double shareWithin(double from, double to) {
            double in = 0;
            for (double[] iv : intervals) {
                double len = iv[1] - iv[0];
                double overlap = Math.max(0, Math.min(iv[1], to) - Math.max(iv[0], from));
                in += len <= 0 ? (iv[0] >= from && iv[0] <= to ? iv[2] : 0) : iv[2] * overlap / len;
            }
            return samples == 0 ? 0 : in / samples;
        }
    }

    /**
     * Merges the shard folders {@code dirs} against the plan; {@code absent} says why a shard index
     * that has no folder among {@code dirs} is absent (such as a shard that never reported to the
     * coordinator), in place of "is missing"; {@code splits} says which scenarios split their load.
     *
     * @throws InvalidInputException when no folder is a readable shard, or when shards recorded
     *     histograms of different range or precision
     */
    static Merged merge(
            List<Path> dirs,
            List<PlannedScenario> plan,
            java.util.function.Predicate<PlannedScenario> splits,
            Map<Integer, String> absent) {
        List<Loaded> loaded = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        // shards whose shard.json names them but whose evidence cannot be read
        Map<Integer, String> damaged = new TreeMap<>();
        for (Path dir : dirs) {
            ShardManifest m = null;
            try {
                m =
                        Json.readValue(
                                dir.resolve(ShardManifest.FILE), ShardManifest.class, "shard.json");
                EvidenceSet e = Json.readEvidence(dir.resolve("evidence.json"));
                loaded.add(new Loaded(dir, m, e));
            } catch (RuntimeException e) {
                String why =
                        m == null
                                ? "shard folder " + dir + " is damaged or not a shard: "
                                : "shard "
                                        + m.label()
                                        + "'s folder "
                                        + dir
                                        + " is damaged: its evidence.json cannot be read: ";
                problems.add(why + e.getMessage());
                if (m != null) {
                    damaged.putIfAbsent(m.shard(), why + e.getMessage());
                }
            }
        }
        if (loaded.isEmpty()) {
            throw InvalidInputException.of(
                    String.join(" ", dirs.stream().map(Path::toString).toList()),
                    "none of the folders holds a readable shard (shard.json and evidence.json, as"
                            + " written by gonogo run --shard I/N)");
        }
        loaded.sort(java.util.Comparator.comparingInt(l -> l.manifest().shard()));
        ShardManifest ref = loaded.get(0).manifest();
        String runId = ref.runId();
        int count = ref.shards();
        Map<Integer, Loaded> byIndex = new TreeMap<>();
        Map<Integer, String> unusable = new TreeMap<>();
        for (Loaded l : loaded) {
            ShardManifest m = l.manifest();
            if (!m.runId().equals(runId)) {
                problems.add(
                        "shard folder "
                                + l.dir()
                                + " belongs to run "
                                + m.runId()
                                + ", not "
                                + runId
                                + "; it is left out");
            } else if (m.shards() != count) {
                problems.add(
                        "shard folder "
                                + l.dir()
                                + " is shard "
                                + m.label()
                                + " of "
                                + m.shards()
                                + " shards where shard "
                                + ref.label()
                                + " counts "
                                + count
                                + "; it is left out");
            } else if (byIndex.containsKey(m.shard()) || unusable.containsKey(m.shard())) {
                Loaded other = byIndex.remove(m.shard());
                unusable.put(
                        m.shard(),
                        "shard "
                                + m.label()
                                + " is there twice ("
                                + (other == null ? "" : other.dir() + " and ")
                                + l.dir()
                                + ")");
            } else {
                byIndex.put(m.shard(), l);
            }
        }
        for (int i = 0; i < count; i++) {
            if (!byIndex.containsKey(i) && !unusable.containsKey(i)) {
                String why = damaged.get(i);
                why = why != null ? why : absent.get(i);
                unusable.put(i, why != null ? why : "shard " + i + "/" + count + " is missing");
            }
        }
        problems.addAll(
                unusable.entrySet().stream()
                        .filter(u -> !damaged.containsKey(u.getKey()))
                        .map(Map.Entry::getValue)
                        .toList());
        List<Loaded> shards = new ArrayList<>(byIndex.values());
        List<Measurement> measurements = new ArrayList<>();
        List<TestOutcome> outcomes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<ShardedRun.Scenario> merges = new ArrayList<>();
        notes.add(
                "merged from "
                        + byIndex.size()
                        + " of "
                        + count
                        + " load shards of run "
                        + runId
                        + (unusable.isEmpty() ? "" : "; " + String.join("; ", unusable.values())));
        for (Loaded l : shards) {
            Environment env = l.evidence().environment();
            ShardManifest m = l.manifest();
            notes.add(
                    "shard "
                            + m.label()
                            + ": "
                            + env.cpus()
                            + " cpus, "
                            + env.jvm()
                            + ", started "
                            + m.startedAt()
                            + ", clock offset "
                            + Numbers.short4(m.clockOffsetMillis())
                            + " ms"
                            + (m.clockOffsetNote().isEmpty()
                                    ? ""
                                    : " (" + m.clockOffsetNote() + ")"));
        }
        for (PlannedScenario p : plan) {
            String qid = p.qualifiedId();
            boolean split =
                    shards.stream().anyMatch(l -> l.manifest().split().contains(qid))
                            || (shards.isEmpty() && splits.test(p));
            if (!split) {
                Loaded first = byIndex.get(0);
                if (first == null) {
                    outcomes.add(notExecuted(p, unusable.get(0) + ", and it alone runs " + qid));
                    continue;
                }
                first.evidence().scenarioOutcome(p.suite(), p.id()).ifPresent(outcomes::add);
                for (Measurement m : first.evidence().measurements()) {
                    if (of(m, p)) {
                        measurements.add(m);
                    }
                }
                continue;
            }
            if (!unusable.isEmpty()) {
                outcomes.add(
                        notExecuted(
                                p,
                                String.join("; ", unusable.values())
                                        + "; the other shards sent only a share of the load,"
                                        + " never decided on as the whole"));
                continue;
            }
            mergeScenario(p, shards, measurements, outcomes, notes, merges);
        }
        Environment base = shards.isEmpty() ? null : shards.get(0).evidence().environment();
        Environment env = base == null ? null : environment(base, shards);
        List<ShardedRun.Shard> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Loaded l = byIndex.get(i);
            if (l == null) {
                all.add(
                        new ShardedRun.Shard(
                                i, "", 0, null, 0, "", unusable.getOrDefault(i, "missing")));
            } else {
                Environment e = l.evidence().environment();
                ShardManifest m = l.manifest();
                all.add(
                        new ShardedRun.Shard(
                                i,
                                e.jvm(),
                                e.cpus(),
                                m.startedAt(),
                                m.clockOffsetMillis(),
                                m.clockOffsetNote(),
                                ""));
            }
        }
        return new Merged(
                runId,
                env,
                measurements,
                outcomes,
                problems,
                notes,
                new ShardedRun(runId, count, SKEW_TOLERANCE.toMillis(), all, merges));
    }

    private static Environment environment(Environment base, List<Loaded> shards) {
        Instant start = base.startedAt();
        Instant end = base.endedAt();
        Set<String> suts = new TreeSet<>();
        for (Loaded l : shards) {
            Environment e = l.evidence().environment();
            start = e.startedAt().isBefore(start) ? e.startedAt() : start;
            end = e.endedAt().isAfter(end) ? e.endedAt() : end;
            if (!e.serviceUnderTest().isEmpty()) {
                suts.add(e.serviceUnderTest());
            }
        }
        return new Environment(
                base.gonogoVersion(),
                base.jvm(),
                base.os(),
                base.cpus(),
                base.memoryBytes(),
                base.gitCommit(),
                start,
                end,
                base.profile(),
                String.join("; ", suts));
    }

    /** A shard's scalar figure of {@code metric} for the scenario {@code p}, the first found. */
    private static java.util.OptionalDouble scalar(Loaded l, PlannedScenario p, String metric) {
        for (Measurement m : l.evidence().measurements()) {
            if (of(m, p) && m.metric().equals(metric) && m.value() instanceof Scalar sc) {
                return java.util.OptionalDouble.of(sc.value());
            }
        }
        return java.util.OptionalDouble.empty();
    }

    private static boolean of(Measurement m, PlannedScenario p) {
        return p.suite().equals(m.labels().get("suite"))
                && p.id().equals(m.labels().get("scenario"));
    }

    private static TestOutcome notExecuted(PlannedScenario p, String why) {
        return new TestOutcome(
                p.testId(), p.id(), p.suite(), p.id(), false, TestStatus.NOT_EXECUTED, 0, why);
    }

    private static void mergeScenario(
            PlannedScenario p,
            List<Loaded> shards,
            List<Measurement> measurements,
            List<TestOutcome> outcomes,
            List<String> notes,
            List<ShardedRun.Scenario> merges) {
        String qid = p.qualifiedId();
        List<TestOutcome> each = new ArrayList<>();
        for (Loaded l : shards) {
            Optional<TestOutcome> o = l.evidence().scenarioOutcome(p.suite(), p.id());
            if (o.isEmpty()) {
                outcomes.add(
                        notExecuted(p, "shard " + l.manifest().label() + " recorded no outcome"));
                return;
            }
            each.add(o.get());
        }
        if (each.stream().allMatch(o -> o.status() == TestStatus.NOT_SELECTED)) {
            outcomes.add(each.get(0));
            return;
        }
        for (int i = 0; i < each.size(); i++) {
            TestOutcome o = each.get(i);
            if (o.status() != TestStatus.SUCCESSFUL) {
                String label = shards.get(i).manifest().label();
                outcomes.add(
                        o.status() == TestStatus.NOT_SELECTED
                                ? notExecuted(p, "shard " + label + " did not run it")
                                : new TestOutcome(
                                        o.testId(),
                                        o.displayName(),
                                        o.suite(),
                                        o.scenario(),
                                        false,
                                        o.status(),
                                        o.durationMillis(),
                                        "shard " + label + ": " + o.message()));
                return;
            }
        }
        // the interval logs: each shard's measured window, and a check that the log is whole
        List<Window> windows = new ArrayList<>();
        for (Loaded l : shards) {
            Optional<Measurement> latency =
                    l.evidence().measurements().stream()
                            .filter(m -> of(m, p) && m.metric().equals("latency"))
                            .filter(m -> m.source().attachment().isPresent())
                            .findFirst();
            String label = l.manifest().label();
            if (latency.isEmpty()) {
                outcomes.add(notExecuted(p, "shard " + label + " attached no interval log"));
                return;
            }
            Path hlog = l.dir().resolve(latency.get().source().attachment().get());
            long expected = ((Distribution) latency.get().value()).count();
            Window w;
            try {
                w = window(hlog).onReferenceClock(l.manifest().clockOffsetMillis());
            } catch (IOException | RuntimeException e) {
                outcomes.add(
                        notExecuted(
                                p,
                                "shard "
                                        + label
                                        + ": its interval log "
                                        + hlog
                                        + " cannot be read: "
                                        + e.getMessage()));
                return;
            }
            if (w.samples() != expected) {
                outcomes.add(
                        notExecuted(
                                p,
                                "shard "
                                        + label
                                        + ": its interval log "
                                        + hlog
                                        + " holds "
                                        + w.samples()
                                        + " of the "
                                        + expected
                                        + " latencies its evidence counts (truncated or"
                                        + " damaged)"));
                return;
            }
            windows.add(w);
        }
        double from = windows.stream().mapToDouble(Window::start).max().orElse(0);
        double to = windows.stream().mapToDouble(Window::end).min().orElse(0);
        double earliest = windows.stream().mapToDouble(Window::start).min().orElse(0);
        double skew = from - earliest;
        if (to <= from) {
            outcomes.add(
                    notExecuted(
                            p,
                            "the shards' measured windows do not overlap (the last started "
                                    + Numbers.short4(skew)
                                    + " s after the first), so no instant saw the whole load"));
            return;
        }
        boolean skewed = skew * 1000 > SKEW_TOLERANCE.toMillis();
        // with a coordinator each shard recorded how far its actual start was from the one start
        // instant: the spread of the actual starts is the barrier's skew
        List<ShardManifest.Start> starts = new ArrayList<>();
        for (Loaded l : shards) {
            l.manifest().start(qid).ifPresent(starts::add);
        }
        String barrier = "";
        Double barrierSkew = null;
        if (!starts.isEmpty()) {
            double first = Double.MAX_VALUE;
            double last = -Double.MAX_VALUE;
            StringBuilder offsets = new StringBuilder();
            for (Loaded l : shards) {
                Optional<ShardManifest.Start> st = l.manifest().start(qid);
                if (st.isEmpty()) {
                    continue;
                }
                double actual = st.get().startAt().toEpochMilli() + st.get().offsetMillis();
                first = Math.min(first, actual);
                last = Math.max(last, actual);
                offsets.append(offsets.length() == 0 ? "" : ", ")
                        .append(l.manifest().label())
                        .append(String.format(Locale.ROOT, " %+.3f ms", st.get().offsetMillis()));
            }
            double spread = last - first;
            barrierSkew = spread;
            boolean barrierSkewed =
                    starts.size() < shards.size() || spread > SKEW_TOLERANCE.toMillis();
            skewed |= barrierSkewed;
            barrier =
                    String.format(
                            Locale.ROOT,
                            "; started together at %s by the coordinator (%d of %d shards), start"
                                    + " offsets %s, barrier skew %.3f ms%s",
                            starts.get(0).startAt(),
                            starts.size(),
                            shards.size(),
                            offsets,
                            spread,
                            barrierSkewed
                                    ? " beyond the "
                                            + SKEW_TOLERANCE.toMillis()
                                            + " ms tolerance, or a shard started without the"
                                            + " barrier: figures flagged SKEWED"
                                    : "");
        }
        double cut = 0;
        for (Window w : windows) {
            cut = Math.max(cut, (w.end() - w.start()) - (to - from));
        }
        notes.add(
                String.format(
                                Locale.ROOT,
                                "%s: common measured window %.3f s (up to %.3f s of a shard's"
                                        + " window cut), start skew %d ms%s",
                                qid,
                                to - from,
                                cut,
                                Math.round(skew * 1000),
                                skewed
                                        ? " beyond the "
                                                + SKEW_TOLERANCE.toMillis()
                                                + " ms tolerance: figures flagged SKEWED"
                                        : "")
                        + barrier);
        List<String> labels = shards.stream().map(l -> l.manifest().label()).toList();
        List<String> bound = new ArrayList<>();
        // one merged measurement per (metric, labels), in shard 0's order
        Map<String, Measurement[]> byKey = new LinkedHashMap<>();
        for (int i = 0; i < shards.size(); i++) {
            Loaded l = shards.get(i);
            boolean isBound = false;
            for (Measurement m : l.evidence().measurements()) {
                if (of(m, p)) {
                    byKey.computeIfAbsent(
                                            m.metric() + m.labels(),
                                            k -> new Measurement[shards.size()])[i] =
                            m;
                    isBound |= m.quality().contains(Quality.GENERATOR_BOUND);
                }
            }
            if (isBound) {
                bound.add(l.manifest().label());
            }
        }
        if (!bound.isEmpty()) {
            notes.add(qid + ": generator-bound on shard " + String.join(", ", bound));
        }
        List<ShardedRun.Share> shares = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            Loaded l = shards.get(i);
            shares.add(
                    new ShardedRun.Share(
                            l.manifest().shard(),
                            (long) scalar(l, p, "requests").orElse(0),
                            scalar(l, p, "throughput").orElse(0),
                            l.manifest()
                                    .start(qid)
                                    .map(ShardManifest.Start::offsetMillis)
                                    .orElse(null),
                            scalar(l, p, "generator_cpu_per_request").isPresent()
                                    ? scalar(l, p, "generator_cpu_per_request").getAsDouble()
                                    : null,
                            bound.contains(l.manifest().label())));
        }
        merges.add(
                new ShardedRun.Scenario(
                        qid, to - from, cut, skew * 1000, barrierSkew, skewed, shares));
        long durationMillis = each.stream().mapToLong(TestOutcome::durationMillis).max().orElse(0);
        TestOutcome first = each.get(0);
        outcomes.add(
                new TestOutcome(
                        first.testId(),
                        first.displayName(),
                        first.suite(),
                        first.scenario(),
                        false,
                        TestStatus.SUCCESSFUL,
                        durationMillis,
                        "merged from " + shards.size() + " shards"));
        for (Measurement[] parts : byKey.values()) {
            measurements.add(mergeOne(parts, byKey, labels, windows, from, to, skewed));
        }
    }

    /**
     * Merges one measurement of a split scenario; {@code parts[i]} is shard {@code i}'s, null where
     * that shard has none (a count it never incremented).
     */
    private static Measurement mergeOne(
            Measurement[] parts,
            Map<String, Measurement[]> byKey,
            List<String> labels,
            List<Window> windows,
            double from,
            double to,
            boolean skewed) {
        Measurement first = null;
        List<String> present = new ArrayList<>();
        List<Distribution> ds = new ArrayList<>();
        Set<Quality> quality = EnumSet.noneOf(Quality.class);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != null) {
                first = first == null ? parts[i] : first;
                quality.addAll(parts[i].quality());
                present.add(labels.get(i));
                if (parts[i].value() instanceof Distribution d) {
                    ds.add(d);
                }
            }
        }
        if (skewed) {
            quality.add(Quality.SKEWED);
        }
        Source source =
                new Source(
                        first.source().runId(),
                        "0-" + (parts.length - 1),
                        first.source().testId(),
                        "");
        if (first.value() instanceof Distribution) {
            return new Measurement(
                    first.metric(),
                    first.labels(),
                    first.unit(),
                    HistogramMerge.merge(first.metric() + " " + first.labels(), present, ds),
                    quality,
                    source);
        }
        double value;
        if (first.unit() == Unit.COUNT) {
            value = 0;
            for (Measurement m : parts) {
                value += m == null ? 0 : scalar(m);
            }
        } else if (first.metric().equals("throughput")) {
            // each shard's requests within the common window, over that window
            double inWindow = 0;
            for (int i = 0; i < parts.length; i++) {
                if (parts[i] != null) {
                    Window w = windows.get(i);
                    inWindow += scalar(parts[i]) * (w.end() - w.start()) * w.shareWithin(from, to);
                }
            }
            value = inWindow / (to - from);
        } else {
            // a rate per request (success rate, CPU per request): weighted by the shard's requests
            Map<String, String> l = new TreeMap<>(first.labels());
            l.remove("kind");
            l.remove("client");
            Measurement[] requests = byKey.get("requests" + io.gonogo.core.LabelMap.of(l));
            double weighted = 0;
            double total = 0;
            for (int i = 0; i < parts.length; i++) {
                if (parts[i] != null) {
                    double n = requests == null || requests[i] == null ? 1 : scalar(requests[i]);
                    weighted += scalar(parts[i]) * n;
                    total += n;
                }
            }
            value = total == 0 ? 0 : weighted / total;
        }
        return new Measurement(
                first.metric(), first.labels(), first.unit(), new Scalar(value), quality, source);
    }

    private static double scalar(Measurement m) {
        return m.value() instanceof Scalar s ? s.value() : 0;
    }

    /** Reads an interval log: its first start, last end, sample count and intervals. */
    private static Window window(Path hlog) throws IOException {
        double start = Double.MAX_VALUE;
        double end = -Double.MAX_VALUE;
        long samples = 0;
        List<double[]> intervals = new ArrayList<>();
        try (InputStream in = Files.newInputStream(hlog)) {
            HistogramLogReader reader = new HistogramLogReader(in);
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                org.HdrHistogram.Histogram hist = (org.HdrHistogram.Histogram) h;
                double s = h.getStartTimeStamp() / 1000.0;
                double e = h.getEndTimeStamp() / 1000.0;
                start = Math.min(start, s);
                end = Math.max(end, e);
                samples += hist.getTotalCount();
                intervals.add(new double[] {s, e, hist.getTotalCount()});
            }
        }
        if (intervals.isEmpty()) {
            throw new IllegalStateException("it holds no interval");
        }
        return new Window(start, end, samples, intervals);
    }
}
