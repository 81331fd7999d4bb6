package io.gonogo.render;

import io.gonogo.core.AtomicFiles;
import io.gonogo.core.Decision;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.ExecutionException;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.json.Json;
import io.gonogo.render.internal.GoNoGoView;
import io.gonogo.render.internal.Templates;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders a decision and the evidence it rests on into the documents of the output folder.
 *
 * <pre>{@code
 * Renderer renderer = Renderer.builder().build();
 * List<Path> files = renderer.render(decision, evidence, Path.of("reports"));
 * }</pre>
 *
 * <p>Rendering never re-evaluates: the same decision and evidence give byte-identical documents,
 * whatever the default locale or time zone. Every document is rendered in memory before the
 * first file is written, and each file is written under a temporary name and renamed, so a
 * template error leaves no half-written report and a reader never sees half a file.
 *
 * <p>Immutable and thread-safe: the templates are loaded and parsed once, by {@link Builder#build()}.
 */
public final class Renderer {
    /** The go/no-go document. */
    public static final String GO_NO_GO_MD = "go-no-go.md";
    /** The decision in its JSON form. */
    public static final String DECISION_JSON = "decision.json";
    /** The evidence in its JSON form. */
    public static final String EVIDENCE_JSON = "evidence.json";

    private final Templates templates;

    private Renderer(Templates templates) {
        this.templates = templates;
    }

    /** A builder for a renderer with the built-in templates. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes {@value #GO_NO_GO_MD}, {@value #DECISION_JSON} and {@value #EVIDENCE_JSON} to
     * {@code outDir}, creating it if needed, and returns their paths in that order.
     *
     * @throws InvalidInputException when the decision was not made from this evidence, when
     *     {@code outDir} is not a folder, or when an override template fails
     * @throws ExecutionException when a built-in template fails or a file cannot be written
     */
    public List<Path> render(Decision decision, EvidenceSet evidence, Path outDir) {
        Objects.requireNonNull(outDir, "outDir");
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw InvalidInputException.of(outDir.toString(), "is not a folder; expected a folder for the reports");
        }
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put(GO_NO_GO_MD, goNoGoMarkdown(decision, evidence));
        documents.put(DECISION_JSON, Json.write(decision));
        documents.put(EVIDENCE_JSON, Json.write(evidence));
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> d : documents.entrySet()) {
            Path file = outDir.resolve(d.getKey());
            try {
                AtomicFiles.write(file, d.getValue().getBytes(StandardCharsets.UTF_8));
            } catch (UncheckedIOException e) {
                throw new ExecutionException(e.getMessage(), e);
            }
            written.add(file);
        }
        return List.copyOf(written);
    }

    /**
     * The text of {@value #GO_NO_GO_MD}.
     *
     * @throws InvalidInputException when the decision was not made from this evidence, or when an
     *     override template fails
     * @throws ExecutionException when the built-in template fails
     */
    public String goNoGoMarkdown(Decision decision, EvidenceSet evidence) {
        check(decision, evidence);
        return templates.render(Templates.GO_NO_GO, GoNoGoView.of(decision, evidence));
    }

    private static void check(Decision decision, EvidenceSet evidence) {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(evidence, "evidence");
        if (!decision.runId().equals(evidence.runId())) {
            throw InvalidInputException.of(DECISION_JSON, "the decision was made from run '" + decision.runId()
                    + "' but the evidence is from run '" + evidence.runId()
                    + "'; render a decision with the evidence it was made from");
        }
    }

    /** Builds a {@link Renderer}; not thread-safe, unlike the renderer it builds. */
    public static final class Builder {
        private Path templatesDir;

        private Builder() {}

        /**
         * A folder of template overrides: a file there named like a built-in template (such as
         * {@code go-no-go.md.ftl}) replaces it; the others stay built-in.
         *
         * @throws InvalidInputException when {@code dir} is not an existing folder
         */
        public Builder templatesDir(Path dir) {
            Objects.requireNonNull(dir, "dir");
            if (!Files.isDirectory(dir)) {
                throw InvalidInputException.of(dir.toString(), "the templates folder does not exist or is not a"
                        + " folder; expected a folder holding template overrides such as "
                        + Templates.GO_NO_GO);
            }
            this.templatesDir = dir;
            return this;
        }

        /**
         * Loads and parses the templates and builds the renderer.
         *
         * @throws InvalidInputException when an override template does not parse, naming its file,
         *     line and column
         */
        public Renderer build() {
            return new Renderer(Templates.load(Optional.ofNullable(templatesDir)));
        }
    }
}
