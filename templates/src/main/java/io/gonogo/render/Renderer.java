package io.gonogo.render;

import io.gonogo.core.AtomicFiles;
import io.gonogo.core.Decision;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.ExecutionException;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.json.Json;
import io.gonogo.render.internal.Charts;
import io.gonogo.render.internal.ComparisonView;
import io.gonogo.render.internal.GoNoGoView;
import io.gonogo.render.internal.Html;
import io.gonogo.render.internal.JUnitXml;
import io.gonogo.render.internal.Kinds;
import io.gonogo.render.internal.PageView;
import io.gonogo.render.internal.ProgressView;
import io.gonogo.render.internal.SummaryView;
import io.gonogo.render.internal.Templates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Renders a decision and the evidence it rests on into the documents of the output folder.
 *
 * <pre>{@code
 * Renderer renderer = Renderer.builder().build();
 * List<Path> files = renderer.render(decision, evidence, Path.of("reports"));
 * }</pre>
 *
 * <p>It writes {@value #GO_NO_GO_MD}, the same as {@value #GO_NO_GO_HTML}, {@value
 * #COMPARISON_MATRIX_MD} and {@value #COMPARISON_MATRIX_HTML}, {@value #DECISION_JSON}, {@value
 * #EVIDENCE_JSON}, {@value #JUNIT_XML} and {@value #SUMMARY_MD}; when run under GitHub Actions (the
 * environment variable {@value #GITHUB_STEP_SUMMARY} names a file), it also appends {@value
 * #SUMMARY_MD} to that file.
 *
 * <p>Rendering never re-evaluates: the same decision and evidence give byte-identical documents,
 * whatever the default locale or time zone. Every document is rendered in memory before the first
 * file is written, and each file is written under a temporary name and renamed, so a template error
 * leaves no half-written report and a reader never sees half a file.
 *
 * <p>Immutable and thread-safe: the templates are loaded and parsed once, by {@link
 * Builder#build()}.
 */
public final class Renderer {
    /** The go/no-go document. */
    public static final String GO_NO_GO_MD = "go-no-go.md";

    /** The go/no-go document as a self-contained web page. */
    public static final String GO_NO_GO_HTML = "go-no-go.html";

    /** Each operation measured over each value of the compared label, side by side. */
    public static final String COMPARISON_MATRIX_MD = "comparison-matrix.md";

    /** The comparison matrix as a self-contained web page. */
    public static final String COMPARISON_MATRIX_HTML = "comparison-matrix.html";

    /** The label the comparison matrix compares unless {@link Builder#compareBy} says otherwise. */
    public static final String DEFAULT_COMPARE_BY = "transport";

    /** The sprint's progress, from the targets file's {@code plan} section and the run. */
    public static final String PROGRESS_REPORT_MD = "progress-report.md";

    /** The progress report as a self-contained web page. */
    public static final String PROGRESS_REPORT_HTML = "progress-report.html";

    /** The folder of the chart files ({@code <name>.svg}), beside the documents. */
    public static final String CHARTS_DIR = Charts.FOLDER;

    /** The decision in its JSON form. */
    public static final String DECISION_JSON = "decision.json";

    /** The evidence in its JSON form. */
    public static final String EVIDENCE_JSON = "evidence.json";

    /** One JUnit test case per target, for CI dashboards. */
    public static final String JUNIT_XML = "junit.xml";

    /**
     * The decision in a pull-request-sized document (under {@value SummaryView#MAX_CHARS}
     * characters whatever the plan's size): decision, blockers and conditions, the targets not met,
     * a line per suite, what changed since the baseline, links to the full documents.
     */
    public static final String SUMMARY_MD = "summary.md";

    /** Every file {@link #render} writes to the output folder, in the order it returns them. */
    public static final List<String> FILES =
            List.of(
                    GO_NO_GO_MD,
                    GO_NO_GO_HTML,
                    COMPARISON_MATRIX_MD,
                    COMPARISON_MATRIX_HTML,
                    PROGRESS_REPORT_MD,
                    PROGRESS_REPORT_HTML,
                    DECISION_JSON,
                    EVIDENCE_JSON,
                    JUNIT_XML,
                    SUMMARY_MD);

    /** The environment variable of GitHub Actions that names the step summary file. */
    public static final String GITHUB_STEP_SUMMARY = "GITHUB_STEP_SUMMARY";

    private final Templates templates;
    private final Optional<Path> stepSummary;
    private final String compareBy;

    private Renderer(Templates templates, Optional<Path> stepSummary, String compareBy) {
        this.templates = templates;
        this.stepSummary = stepSummary;
        this.compareBy = compareBy;
    }

    /**
     * A builder for a renderer with the built-in templates.
     *
     * @return a builder: built-in templates, comparison by {@value #DEFAULT_COMPARE_BY}, step
     *     summary from the process environment
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes {@value #GO_NO_GO_MD}, {@value #GO_NO_GO_HTML}, {@value #COMPARISON_MATRIX_MD},
     * {@value #COMPARISON_MATRIX_HTML}, {@value #DECISION_JSON}, {@value #EVIDENCE_JSON}, {@value
     * #JUNIT_XML} and {@value #SUMMARY_MD} to {@code outDir}, creating it if needed; then, when the
     * renderer has a step summary file (see {@link Builder#stepSummary}), appends {@value
     * #SUMMARY_MD} to it. Returns the paths of every file written, in that order, the step summary
     * file last.
     *
     * <p>Every document is rendered in memory before the first file is written; each is written
     * under a temporary name and renamed into place. The step summary is appended to, never
     * replaced, and only after the reports are in place.
     *
     * @param decision the decision, made from {@code evidence}
     * @param evidence the evidence the decision rests on
     * @param outDir the report folder
     * @return the files written
     * @throws InvalidInputException when the decision was not made from this evidence, when {@code
     *     outDir} is not a folder, or when an override template fails
     * @throws ExecutionException when a built-in template fails or a file cannot be written
     */
    public List<Path> render(Decision decision, EvidenceSet evidence, Path outDir) {
        return render(decision, evidence, ReportContext.of(decision), outDir);
    }

    /**
     * Like {@link #render(Decision, EvidenceSet, Path)}, with what the targets file adds: the
     * planned scenarios, the sprint plan of {@value #PROGRESS_REPORT_MD} and the approvers. Also
     * writes the charts under {@value #CHARTS_DIR}/ (and removes charts there that this evidence no
     * longer draws). Returns the documents' paths, then the charts', then the step summary.
     *
     * @param decision the decision, made from {@code evidence}
     * @param evidence the evidence the decision rests on
     * @param context what the targets file adds: planned scenarios, sprint plan, approvers
     * @param outDir the report folder
     * @return the files written
     * @throws InvalidInputException when the decision was not made from this evidence, when {@code
     *     outDir} is not a folder, or when an override template fails
     * @throws ExecutionException when a built-in template fails or a file cannot be written
     */
    public List<Path> render(
            Decision decision, EvidenceSet evidence, ReportContext context, Path outDir) {
        Objects.requireNonNull(outDir, "outDir");
        return render(decision, evidence, context, outDir, evidenceFiles(outDir));
    }

    /**
     * {@link #render(Decision, EvidenceSet, ReportContext, Path)} with the attachments the
     * documents link to given: the files under {@code evidence/} of the run's folder.
     */
    private List<Path> render(
            Decision decision,
            EvidenceSet evidence,
            ReportContext context,
            Path outDir,
            List<String> attachments) {
        Objects.requireNonNull(context, "context");
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw InvalidInputException.of(
                    outDir.toString(), "is not a folder; expected a folder for the reports");
        }
        check(decision, evidence);
        // evidence.json, by far the largest file (a 100,000-measurement run writes 36 MB), needs
        // nothing the documents need: a second thread writes it under a temporary name, then
        // renders the comparison matrix, while this one renders the go/no-go document and the
        // rest; it is renamed into place with the documents, so a failed render still leaves no
        // report behind
        boolean outDirExisted = Files.isDirectory(outDir);
        boolean rendered = false;
        ExecutorService second = secondThread();
        Future<AtomicFiles.Pending> evidenceJson =
                second.submit(
                        () ->
                                AtomicFiles.prepare(
                                        outDir.resolve(EVIDENCE_JSON),
                                        out -> Json.writeLines(evidence, out)));
        try {
            Charts charts = Charts.of(evidence, compareBy, Kinds.of(decision));
            Future<String[]> matrixDocuments =
                    second.submit(() -> matrixDocuments(decision, evidence, charts));
            GoNoGoView.Document view = goNoGoView(decision, evidence, context, charts, attachments);
            Map<String, String> documents = documents(decision, evidence, context, charts, view);
            Optional<String> summary = stepSummary.map(f -> documents.get(SUMMARY_MD));
            String[] matrix = await(matrixDocuments);
            documents.put(COMPARISON_MATRIX_MD, matrix[0]);
            documents.put(COMPARISON_MATRIX_HTML, matrix[1]);
            List<Path> written = write(outDir, documents, await(evidenceJson));
            removeStaleCharts(outDir.resolve(CHARTS_DIR), charts.files().keySet());
            if (summary.isPresent()) {
                Path file = stepSummary.orElseThrow();
                append(file, summary.get());
                written.add(file);
            }
            rendered = true;
            return List.copyOf(written);
        } finally {
            cleanUp(
                    second,
                    evidenceJson,
                    rendered || outDirExisted ? Optional.empty() : Optional.of(outDir));
        }
    }

    /** The daemon thread that writes evidence.json and renders the comparison matrix. */
    private static ExecutorService secondThread() {
        return Executors.newSingleThreadExecutor(
                r -> {
                    Thread t = new Thread(r, "gonogo-render");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The comparison matrix in Markdown and as a page. */
    private String[] matrixDocuments(Decision decision, EvidenceSet evidence, Charts charts) {
        String matrix =
                templates.render(
                        Templates.COMPARISON_MATRIX, comparisonView(decision, evidence, charts));
        return new String[] {
            matrix, page(Templates.COMPARISON_MATRIX_HTML, decision, matrix, charts)
        };
    }

    /**
     * Every file's text by its path under the output folder, in the order {@link #FILES} lists
     * them, then the charts; the comparison matrix (rendered on the second thread) and
     * evidence.json (streamed to its file there) are placeholders.
     */
    private Map<String, String> documents(
            Decision decision,
            EvidenceSet evidence,
            ReportContext context,
            Charts charts,
            GoNoGoView.Document view) {
        String markdown = templates.render(Templates.GO_NO_GO, view);
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put(GO_NO_GO_MD, markdown);
        documents.put(GO_NO_GO_HTML, page(Templates.GO_NO_GO_HTML, decision, markdown, charts));
        documents.put(COMPARISON_MATRIX_MD, null); // rendered on the second thread
        documents.put(COMPARISON_MATRIX_HTML, null);
        String progress =
                templates.render(
                        Templates.PROGRESS_REPORT, progressView(decision, evidence, context));
        documents.put(PROGRESS_REPORT_MD, progress);
        documents.put(
                PROGRESS_REPORT_HTML,
                page(Templates.PROGRESS_REPORT_HTML, decision, progress, charts));
        documents.put(DECISION_JSON, Json.write(decision));
        documents.put(EVIDENCE_JSON, null); // streamed to its file on the second thread
        documents.put(JUNIT_XML, JUnitXml.of(decision));
        documents.put(
                SUMMARY_MD, templates.render(Templates.SUMMARY, SummaryView.of(decision, view)));
        for (Map.Entry<String, String> c : charts.files().entrySet()) {
            documents.put(CHARTS_DIR + "/" + c.getKey(), c.getValue());
        }
        return documents;
    }

    /**
     * Writes each document under a temporary name and renames it into place; evidence.json, already
     * written, is only renamed. Returns the files' paths, in order.
     */
    private static List<Path> write(
            Path outDir, Map<String, String> documents, AtomicFiles.Pending evidenceFile) {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> d : documents.entrySet()) {
            Path file = outDir.resolve(d.getKey());
            try {
                if (d.getKey().equals(EVIDENCE_JSON)) {
                    evidenceFile.commit();
                } else {
                    AtomicFiles.write(file, d.getValue().getBytes(StandardCharsets.UTF_8));
                }
            } catch (UncheckedIOException e) {
                throw new ExecutionException(e.getMessage(), e);
            }
            written.add(file);
        }
        return written;
    }

    /**
     * Stops the second thread and discards evidence.json's temporary file if it was not renamed;
     * removes {@code createdOutDir}, the output folder a failed render created, if still empty.
     */
    private static void cleanUp(
            ExecutorService second,
            Future<AtomicFiles.Pending> evidenceJson,
            Optional<Path> createdOutDir) {
        List<Runnable> neverStarted = second.shutdownNow();
        // a render that failed before taking evidence.json leaves no temporary file behind either
        try {
            if (!neverStarted.contains(evidenceJson)) {
                evidenceJson.get().discard();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // its failure is reported by await, or is moot after another one
        }
        if (createdOutDir.isPresent()) {
            try {
                // the folder the temporary file needed, if still empty
                Files.deleteIfExists(createdOutDir.get());
            } catch (IOException e) {
                // not empty (something else wrote there meanwhile): leave it
            }
        }
    }

    /**
     * The charts drawn from {@code evidence} alone, as {@link #render} writes them for a decision
     * that declares no suite kind: file name and SVG text; {@link #charts(Decision, EvidenceSet)}
     * gives those of a decision.
     *
     * @param evidence the evidence the decision rests on
     * @return SVG text by file name, in the order the documents show the charts; empty when nothing
     *     is drawn
     */
    public Map<String, String> charts(EvidenceSet evidence) {
        return Charts.of(Objects.requireNonNull(evidence, "evidence"), compareBy).files();
    }

    /**
     * The charts that {@link #render} writes under {@value #CHARTS_DIR}/ for {@code decision}: file
     * name and SVG text, drawn from {@code evidence} by the presentations of the suite kinds the
     * decision's plan declares.
     *
     * @param decision the decision, made from {@code evidence}
     * @param evidence the evidence the decision rests on
     * @return SVG text by file name, in the order the documents show the charts; empty when nothing
     *     is drawn
     */
    public Map<String, String> charts(Decision decision, EvidenceSet evidence) {
        return Charts.of(
                        Objects.requireNonNull(evidence, "evidence"),
                        compareBy,
                        Kinds.of(Objects.requireNonNull(decision, "decision")))
                .files();
    }

    /**
     * The text of {@value #PROGRESS_REPORT_MD}: the sprint of {@code context}'s plan, with its
     * tasks checked against this decision and evidence.
     *
     * @param decision the decision, made from {@code evidence}
     * @param evidence the evidence the decision rests on
     * @param context what the targets file adds: planned scenarios, sprint plan, approvers
     * @return the Markdown text
     * @throws InvalidInputException when the decision was not made from this evidence, or when an
     *     override template fails
     * @throws ExecutionException when the built-in template fails
     */
    public String progressReportMarkdown(
            Decision decision, EvidenceSet evidence, ReportContext context) {
        check(decision, evidence);
        return templates.render(
                Templates.PROGRESS_REPORT, progressView(decision, evidence, context));
    }

    /**
     * The text of {@value #PROGRESS_REPORT_HTML}: {@link #progressReportMarkdown} as a
     * self-contained page.
     *
     * @param decision the decision, made from {@code evidence}
     * @param evidence the evidence the decision rests on
     * @param context what the targets file adds: planned scenarios, sprint plan, approvers
     * @return the HTML page
     * @throws InvalidInputException when the decision was not made from this evidence, or when an
     *     override template fails
     * @throws ExecutionException when a built-in template fails
     */
    public String progressReportHtml(
            Decision decision, EvidenceSet evidence, ReportContext context) {
        return page(
                Templates.PROGRESS_REPORT_HTML,
                decision,
                progressReportMarkdown(decision, evidence, context),
                Charts.of(evidence, compareBy, Kinds.of(decision)));
    }

    /**
     * The text of {@value #GO_NO_GO_MD} with what {@code context} adds (planned scenarios,
     * approvers).
     *
     * @param decision the decision, made from {@code evidence}
     * @param evidence the evidence the decision rests on
     * @param context what the targets file adds: planned scenarios, sprint plan, approvers
     * @return the Markdown text
     * @throws InvalidInputException when the decision was not made from this evidence, or when an
     *     override template fails
     * @throws ExecutionException when the built-in template fails
     */
    public String goNoGoMarkdown(Decision decision, EvidenceSet evidence, ReportContext context) {
        check(decision, evidence);
        return templates.render(
                Templates.GO_NO_GO,
                goNoGoView(
                        decision,
                        evidence,
                        context,
                        Charts.of(evidence, compareBy, Kinds.of(decision)),
                        List.of()));
    }

    /**
     * The text of {@value #GO_NO_GO_HTML} with what {@code context} adds; charts are inlined.
     *
     * @param decision the decision, made from {@code evidence}
     * @param evidence the evidence the decision rests on
     * @param context what the targets file adds: planned scenarios, sprint plan, approvers
     * @return the HTML page
     * @throws InvalidInputException when the decision was not made from this evidence, or when an
     *     override template fails
     * @throws ExecutionException when a built-in template fails
     */
    public String goNoGoHtml(Decision decision, EvidenceSet evidence, ReportContext context) {
        return page(
                Templates.GO_NO_GO_HTML,
                decision,
                goNoGoMarkdown(decision, evidence, context),
                Charts.of(evidence, compareBy, Kinds.of(decision)));
    }

    private static GoNoGoView.Document goNoGoView(
            Decision decision,
            EvidenceSet evidence,
            ReportContext context,
            Charts charts,
            List<String> files) {
        return GoNoGoView.of(
                decision,
                evidence,
                context.scenarios(evidence),
                context.approvers(),
                charts,
                files);
    }

    private static ProgressView.Report progressView(
            Decision decision, EvidenceSet evidence, ReportContext context) {
        return ProgressView.of(
                decision,
                evidence,
                context.plan(),
                context.deliverables(),
                context.scenarios(evidence));
    }

    /**
     * The files under {@code outDir/evidence}, as paths relative to {@code outDir} with '/',
     * sorted.
     */
    private static List<String> evidenceFiles(Path outDir) {
        Path dir = outDir.resolve("evidence");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .map(
                            p ->
                                    outDir.relativize(p)
                                            .toString()
                                            .replace(java.io.File.separatorChar, '/'))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new ExecutionException(
                    "cannot list the evidence files under " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void removeStaleCharts(Path dir, java.util.Set<String> current) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> list = Files.list(dir)) {
            for (Path p :
                    list.filter(
                                    f ->
                                            f.getFileName().toString().endsWith(".svg")
                                                    && !current.contains(
                                                            f.getFileName().toString()))
                            .toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ExecutionException(
                    "cannot remove stale charts under " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Re-renders the documents of a stored decision without re-evaluating: reads {@value
     * #DECISION_JSON} and {@value #EVIDENCE_JSON} from {@code fromDir} and writes everything {@link
     * #render} writes to {@code outDir} (which may be {@code fromDir}); the same files give
     * byte-identical documents. When {@code outDir} is another folder, the run's attachments (its
     * {@code evidence/} folder, which the documents link to) are copied there after the documents
     * are written, so the links of the new copy work too.
     *
     * @param fromDir the folder of an earlier run's reports
     * @param outDir the folder to write to
     * @return the files written, as {@link #render} returns them
     * @throws InvalidInputException when either file is missing or invalid, or they come from
     *     different runs
     */
    public List<Path> renderFrom(Path fromDir, Path outDir) {
        Objects.requireNonNull(fromDir, "fromDir");
        for (String name : List.of(DECISION_JSON, EVIDENCE_JSON)) {
            if (!Files.isRegularFile(fromDir.resolve(name))) {
                throw InvalidInputException.of(
                        fromDir.resolve(name).toString(),
                        "not found; expected the " + name + " of an earlier run in " + fromDir);
            }
        }
        Decision decision = Json.readDecision(fromDir.resolve(DECISION_JSON));
        EvidenceSet evidence = Json.readEvidence(fromDir.resolve(EVIDENCE_JSON));
        List<Path> written =
                new ArrayList<>(
                        render(
                                decision,
                                evidence,
                                ReportContext.of(decision),
                                outDir,
                                evidenceFiles(fromDir)));
        if (!sameFolder(fromDir, outDir)) {
            written.addAll(copyAttachments(fromDir, outDir));
        }
        return List.copyOf(written);
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isDirectory(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /** Copies the files under {@code from/evidence/} to {@code out/evidence/}, replacing any. */
    private static List<Path> copyAttachments(Path from, Path out) {
        List<Path> copied = new ArrayList<>();
        for (String f : evidenceFiles(from)) {
            Path target = out.resolve(f);
            try {
                Files.createDirectories(target.getParent());
                Files.copy(
                        from.resolve(f), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new ExecutionException(
                        "cannot copy the attachment "
                                + from.resolve(f)
                                + " to "
                                + target
                                + ": "
                                + e.getMessage(),
                        e);
            }
            copied.add(target);
        }
        return copied;
    }

    /**
     * The text of {@value #GO_NO_GO_MD}.
     *
     * @param decision the decision, made from {@code evidence}
     * @param evidence the evidence the decision rests on
     * @return the Markdown text
     * @throws InvalidInputException when the decision was not made from this evidence, or when an
     *     override template fails
     * @throws ExecutionException when the built-in template fails
     */
    public String goNoGoMarkdown(Decision decision, EvidenceSet evidence) {
        return goNoGoMarkdown(decision, evidence, ReportContext.of(decision));
    }

    /**
     * The text of {@value #GO_NO_GO_HTML}: {@link #goNoGoMarkdown} rendered as HTML (raw HTML in it
     * shows as text), in a complete page with an embedded stylesheet and no external resources.
     *
     * @param decision the decision, made from {@code evidence}
     * @param evidence the evidence the decision rests on
     * @return the HTML page
     * @throws InvalidInputException when the decision was not made from this evidence, or when an
     *     override template fails
     * @throws ExecutionException when a built-in template fails
     */
    public String goNoGoHtml(Decision decision, EvidenceSet evidence) {
        return goNoGoHtml(decision, evidence, ReportContext.of(decision));
    }

    /**
     * The text of {@value #COMPARISON_MATRIX_MD}: for each operation (label {@code operation}), the
     * values of the compared label (see {@link Builder#compareBy}) side by side, each with the
     * client the load generator used and its CPU time per call, with the ratios of throughput and
     * p99 to the first value (none where either side was generator-bound), and a load testing
     * summary per value.
     *
     * @param decision the decision, made from {@code evidence}
     * @param evidence the evidence the decision rests on
     * @return the Markdown text
     * @throws InvalidInputException when the decision was not made from this evidence, or when an
     *     override template fails
     * @throws ExecutionException when the built-in template fails
     */
    public String comparisonMatrixMarkdown(Decision decision, EvidenceSet evidence) {
        check(decision, evidence);
        return templates.render(
                Templates.COMPARISON_MATRIX,
                comparisonView(
                        decision, evidence, Charts.of(evidence, compareBy, Kinds.of(decision))));
    }

    /**
     * The text of {@value #COMPARISON_MATRIX_HTML}: {@link #comparisonMatrixMarkdown} as a
     * self-contained page, like {@link #goNoGoHtml}.
     *
     * @param decision the decision, made from {@code evidence}
     * @param evidence the evidence the decision rests on
     * @return the HTML page
     * @throws InvalidInputException when the decision was not made from this evidence, or when an
     *     override template fails
     * @throws ExecutionException when a built-in template fails
     */
    public String comparisonMatrixHtml(Decision decision, EvidenceSet evidence) {
        return page(
                Templates.COMPARISON_MATRIX_HTML,
                decision,
                comparisonMatrixMarkdown(decision, evidence),
                Charts.of(evidence, compareBy, Kinds.of(decision)));
    }

    /**
     * The label whose values the comparison matrix compares ({@value #DEFAULT_COMPARE_BY} unless
     * set).
     *
     * @return the label, such as {@code transport}
     */
    public String compareBy() {
        return compareBy;
    }

    /**
     * The text of {@value #JUNIT_XML}: one test case per target, failed when the target was MISSED
     * or NOT MEASURED, with the outcome, release, profile and run id as suite properties.
     *
     * @param decision the decision
     * @return the JUnit XML report, one test case per target
     */
    public String junitXml(Decision decision) {
        Objects.requireNonNull(decision, "decision");
        return JUnitXml.of(decision);
    }

    /**
     * The text of {@value #SUMMARY_MD}, which {@link #render} also appends to a step summary file.
     *
     * @param decision the decision, made from {@code evidence}
     * @param evidence the evidence the decision rests on
     * @return the Markdown text
     * @throws InvalidInputException when the decision was not made from this evidence, or when an
     *     override template fails
     * @throws ExecutionException when the built-in template fails
     */
    public String summaryMarkdown(Decision decision, EvidenceSet evidence) {
        check(decision, evidence);
        return templates.render(
                Templates.SUMMARY, SummaryView.of(decision, GoNoGoView.of(decision, evidence)));
    }

    /**
     * The step summary file this renderer appends to, if any.
     *
     * @return the file, from {@link Builder#stepSummary} or the environment; empty when none
     */
    public Optional<Path> stepSummary() {
        return stepSummary;
    }

    private ComparisonView.Matrix comparisonView(
            Decision decision, EvidenceSet evidence, Charts charts) {
        return ComparisonView.of(decision.release().name(), evidence, compareBy, charts);
    }

    private String page(String template, Decision decision, String markdown, Charts charts) {
        return templates.render(
                template,
                PageView.of(
                        decision,
                        Html.fromMarkdown(markdown),
                        charts,
                        template.equals(Templates.GO_NO_GO_HTML)));
    }

    /** Appends {@code markdown} to {@code file}, after a blank line when the file has content. */
    private static void append(Path file, String markdown) {
        try {
            String separator = "";
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    ch.position(ch.size() - 1).read(last);
                    separator = last.get(0) == '\n' ? "\n" : "\n\n";
                }
            }
            Files.write(
                    file,
                    (separator + markdown).getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ExecutionException(
                    "cannot append the summary to the step summary file "
                            + file
                            + " ("
                            + GITHUB_STEP_SUMMARY
                            + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /** The result of a task of the second render thread, its failure rethrown as this thread's. */
    private static <T> T await(Future<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException("interrupted while rendering the reports", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw new ExecutionException(io.getMessage(), io);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new ExecutionException("cannot render the reports: " + cause, cause);
        }
    }

    private static void check(Decision decision, EvidenceSet evidence) {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(evidence, "evidence");
        if (!decision.runId().equals(evidence.runId())) {
            throw InvalidInputException.of(
                    DECISION_JSON,
                    "the decision was made from run '"
                            + decision.runId()
                            + "' but the evidence is from run '"
                            + evidence.runId()
                            + "'; render a decision with the evidence it was made from");
        }
    }

    /** Builds a {@link Renderer}; not thread-safe, unlike the renderer it builds. */
    public static final class Builder {
        private Path templatesDir;
        private Path stepSummary;
        private Map<String, String> environment = System.getenv();
        private String compareBy = DEFAULT_COMPARE_BY;

        private Builder() {}

        /**
         * The label whose values {@value #COMPARISON_MATRIX_MD} compares side by side, such as
         * {@code transport} (the default: http against grpc), {@code version} or {@code
         * configuration}. The first value (http for transports, else the first in natural order, so
         * 1.9 before 1.10) is the baseline of the ratios.
         *
         * @param label the label, such as {@code transport} or {@code version}
         * @return this builder
         * @throws InvalidInputException when {@code label} is blank, is {@code operation} (the
         *     label the matrix has a row for), or is {@code trial} or {@code shard} (repeats merged
         *     into one figure)
         */
        public Builder compareBy(String label) {
            Objects.requireNonNull(label, "label");
            if (label.isBlank() || !label.equals(label.strip())) {
                throw InvalidInputException.of(
                        "compareBy",
                        "the label to compare by is '"
                                + label
                                + "'; expected a label key such as transport, version or"
                                + " configuration");
            }
            if (label.equals("operation")) {
                throw InvalidInputException.of(
                        "compareBy",
                        "cannot compare by 'operation': the matrix has a row per operation;"
                                + " expected another label such as transport, version or"
                                + " configuration");
            }
            if (label.equals("trial") || label.equals("shard")) {
                throw InvalidInputException.of(
                        "compareBy",
                        "cannot compare by '"
                                + label
                                + "': trials and shards repeat one run and are merged into its"
                                + " figures; expected another label such as transport, version or"
                                + " configuration");
            }
            this.compareBy = label;
            return this;
        }

        /**
         * A folder of template overrides: a file there named like a built-in template (such as
         * {@code go-no-go.md.ftl}) replaces it; the others stay built-in.
         *
         * @param dir the folder of overrides
         * @return this builder
         * @throws InvalidInputException when {@code dir} is not an existing folder
         */
        public Builder templatesDir(Path dir) {
            Objects.requireNonNull(dir, "dir");
            if (!Files.isDirectory(dir)) {
                throw InvalidInputException.of(
                        dir.toString(),
                        "the templates folder does not exist or is not a"
                                + " folder; expected a folder holding template overrides such as "
                                + Templates.GO_NO_GO);
            }
            this.templatesDir = dir;
            return this;
        }

        /**
         * The file to append {@value #SUMMARY_MD} to, whatever the environment says. Without it,
         * the renderer appends to the file that {@value #GITHUB_STEP_SUMMARY} in the {@linkplain
         * #environment environment} names, if it names one.
         *
         * @param file the file, created when missing
         * @return this builder
         */
        public Builder stepSummary(Path file) {
            this.stepSummary = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * The environment variables to read {@value #GITHUB_STEP_SUMMARY} from; the process's own
         * ({@link System#getenv()}) unless set. Pass an empty map for no step summary.
         *
         * @param environment variable names to values; copied
         * @return this builder
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
            return this;
        }

        /**
         * Loads and parses the templates and builds the renderer.
         *
         * @return the renderer; it may render any number of times
         * @throws InvalidInputException when an override template does not parse, naming its file,
         *     line and column, or when {@value #GITHUB_STEP_SUMMARY} is not a usable path
         */
        public Renderer build() {
            Optional<Path> summary = Optional.ofNullable(stepSummary);
            String fromEnv = environment.get(GITHUB_STEP_SUMMARY);
            if (summary.isEmpty() && fromEnv != null && !fromEnv.isBlank()) {
                try {
                    summary = Optional.of(Path.of(fromEnv));
                } catch (InvalidPathException e) {
                    throw InvalidInputException.of(
                            GITHUB_STEP_SUMMARY,
                            "'"
                                    + fromEnv
                                    + "' is not a valid path: "
                                    + e.getReason()
                                    + "; expected the path of the step summary file, or unset it");
                }
            }
            if (summary.isPresent() && Files.isDirectory(summary.get())) {
                throw InvalidInputException.of(
                        summary.get().toString(),
                        "the step summary file is a folder;"
                                + " expected a file to append the summary to");
            }
            return new Renderer(
                    Templates.load(Optional.ofNullable(templatesDir)), summary, compareBy);
        }
    }
}
