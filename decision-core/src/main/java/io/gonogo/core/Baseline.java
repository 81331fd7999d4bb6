package io.gonogo.core;

import io.gonogo.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An earlier run to compare with: its decision, its evidence, or both.
 *
 * <p>{@link #load} reads a {@code decision.json} or an {@code evidence.json} and picks up the other
 * one when it sits beside it with the same run id; {@link #lastGo} finds the most recent GO
 * decision of a history folder. Relative criteria are judged against the baseline's figures (from
 * its evidence when present, else from its decision's achieved values); the regression section
 * needs its evidence, and "what changed" its decision. Immutable.
 *
 * <pre>{@code
 * Baseline b = Baseline.load(Path.of("last-release/decision.json"));
 * }</pre>
 */
public final class Baseline {
    private final Path file;
    private final Decision decision;
    private final EvidenceSet evidence;
    private final String how;

    private Baseline(Path file, Decision decision, EvidenceSet evidence, String how) {
        this.file = file;
        this.decision = decision;
        this.evidence = evidence;
        this.how = how;
    }

    /**
     * A baseline made in code from an earlier decision and its evidence (either may be null, not
     * both).
     *
     * @param file the file the baseline is named after in the documents
     * @param decision the earlier decision, or empty
     * @param evidence its evidence, or empty
     * @return the baseline
     * @throws IllegalArgumentException when both are empty
     */
    public static Baseline of(
            Path file, Optional<Decision> decision, Optional<EvidenceSet> evidence) {
        if (decision.isEmpty() && evidence.isEmpty()) {
            throw new IllegalArgumentException("a baseline needs a decision or an evidence set");
        }
        return new Baseline(
                Objects.requireNonNull(file, "file"),
                decision.orElse(null),
                evidence.orElse(null),
                "given as " + file);
    }

    /**
     * Reads {@code file}, a {@code decision.json} or an {@code evidence.json}, with its companion
     * beside it when that holds the same run.
     *
     * @param file the earlier {@code decision.json} or {@code evidence.json}
     * @return the baseline, with the companion file's content when it belongs to the same run
     * @throws InvalidInputException when the file does not exist or is neither
     */
    public static Baseline load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw InvalidInputException.of(
                    file.toString(),
                    "the baseline file does not exist; expected an earlier"
                            + " decision.json or evidence.json");
        }
        Object read = Json.readDecisionOrEvidence(file);
        Path dir = file.toAbsolutePath().getParent();
        if (read instanceof Decision d) {
            EvidenceSet e =
                    companion(dir.resolve("evidence.json"), EvidenceSet.class)
                            .filter(x -> x.runId().equals(d.runId()))
                            .orElse(null);
            return new Baseline(file, d, e, "given as " + file);
        }
        EvidenceSet e = (EvidenceSet) read;
        Decision d =
                companion(dir.resolve("decision.json"), Decision.class)
                        .filter(x -> x.runId().equals(e.runId()))
                        .orElse(null);
        return new Baseline(file, d, e, "given as " + file);
    }

    private static <T> Optional<T> companion(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Object o = Json.readDecisionOrEvidence(file);
        return type.isInstance(o) ? Optional.of(type.cast(o)) : Optional.empty();
    }

    /**
     * The most recent GO decision (by its reference instant, not after {@code asOf}) among the
     * {@code decision.json} files in {@code dir} and its subfolders (two levels deep), or empty
     * when there is none.
     *
     * @param dir the history folder, such as the earlier runs' report folders
     * @param asOf the reference instant of the decision being made; later decisions are ignored
     * @return the last GO decision with its evidence when beside it, or empty
     * @throws InvalidInputException when {@code dir} is not a folder or one of its decision files
     *     does not read
     */
    public static Optional<Baseline> lastGo(Path dir, Instant asOf) {
        if (!Files.isDirectory(dir)) {
            throw InvalidInputException.of(
                    dir.toString(),
                    "the baseline history folder does not exist; expected a"
                            + " folder of earlier reports, each with its decision.json");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, 3)) {
            walk.filter(
                            p ->
                                    p.getFileName().toString().equals("decision.json")
                                            && Files.isRegularFile(p))
                    .sorted()
                    .forEach(files::add);
        } catch (IOException | UncheckedIOException e) {
            throw InvalidInputException.of(
                    dir.toString(), "cannot read the baseline history folder: " + e.getMessage());
        }
        Baseline best = null;
        for (Path f : files) {
            Baseline b = load(f);
            Decision d = b.decision;
            if (d == null || d.outcome() != Outcome.GO || d.asOf().isAfter(asOf)) {
                continue;
            }
            if (best == null || d.asOf().isAfter(best.decision.asOf())) {
                best =
                        new Baseline(
                                f,
                                d,
                                b.evidence,
                                "the last GO decision in " + dir + " (" + d.asOf() + ")");
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The baseline's run id.
     *
     * @return the run id of its decision, else of its evidence
     */
    public String id() {
        return decision != null ? decision.runId() : evidence.runId();
    }

    /**
     * The file it was read from.
     *
     * @return the path as given, or the history folder's decision file that was chosen
     */
    public Path file() {
        return file;
    }

    /**
     * The baseline's decision, if known.
     *
     * @return the decision, empty when only an evidence file was given
     */
    public Optional<Decision> decision() {
        return Optional.ofNullable(decision);
    }

    /**
     * The baseline's evidence, if known.
     *
     * @return the evidence, empty when only a decision file was given
     */
    public Optional<EvidenceSet> evidence() {
        return Optional.ofNullable(evidence);
    }

    /**
     * The reference {@code decision.json} records for it.
     *
     * @return the reference: run id, file, kind, whether evidence was beside it, outcome and how it
     *     was chosen
     */
    public BaselineRef ref() {
        return new BaselineRef(
                true,
                id(),
                file.toString(),
                decision != null ? "decision" : "evidence",
                evidence != null,
                decision != null ? decision.outcome().name() : "",
                how
                        + (decision != null && evidence == null
                                ? "; its evidence.json is not beside it"
                                : "")
                        + (decision == null
                                ? "; no decision.json of the same run is beside it"
                                : ""));
    }
}
