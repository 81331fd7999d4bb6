package io.gonogo.collect.importers;

import java.nio.file.Path;

/**
 * Reads one kind of result file written by another tool (JMH, JUnit, k6, Gatling, JMeter,
 * HdrHistogram) into gonogo's evidence model.
 *
 * <p>Importers are found with {@link java.util.ServiceLoader} (register an implementation in {@code
 * META-INF/services/io.gonogo.collect.importers.Importer}) and can also be added in code through
 * {@link Importers.Builder#add(Importer)}. Each has a unique {@link #id()}, the name a targets
 * file's {@code results: [{format: ...}]} uses.
 *
 * <p>An importer maps the tool's names onto gonogo's ({@code http_req_duration} becomes {@code
 * latency}); it sets its own labels (such as {@code benchmark} or {@code operation}) but never
 * {@code suite}, {@code scenario} or {@code format}, which the caller adds, nor the measurement's
 * source. Implementations must be stateless and thread-safe.
 *
 * <pre>{@code
 * ImportedEvidence e = Importers.withServiceLoader().find("jmh").orElseThrow()
 *         .read(Path.of("jmh-result.json"));
 * }</pre>
 */
public interface Importer {

    /**
     * The format's id, e.g. {@code jmh}: letters, digits and '-'.
     *
     * @return the id, as {@code format:} in a targets file's {@code results:} entry names it
     */
    String id();

    /**
     * What the importer reads, in a few words, e.g. "JMH JSON results (-rf json), JMH 1.x".
     *
     * @return the description, for {@code gonogo formats} and error messages
     */
    String description();

    /**
     * Whether {@code file} looks like this importer's format, judged from its name and {@code
     * head}, the first {@value Importers#HEAD_BYTES} bytes of the file decoded as UTF-8 (malformed
     * bytes replaced). It must not read the file itself, and should be cheap and specific: a file
     * that two importers claim is read by the first registered.
     *
     * @param file the file, by name and place only
     * @param head the file's first bytes, decoded
     * @return true when the file is of this format
     */
    boolean detect(Path file, String head);

    /**
     * Reads {@code file}.
     *
     * @param file a file of this format
     * @return its measurements, outcomes and notes
     * @throws io.gonogo.core.InvalidInputException naming the file (and line or field where known)
     *     and what was wrong, when the file is unreadable, damaged or not of this format
     */
    ImportedEvidence read(Path file);

    /**
     * Whether {@code file}, met while importing a folder, belongs to a report this tool writes
     * beside its results (a page, a script, a stylesheet, a copy of figures the results already
     * hold), so that it is left out with a note instead of being read or reported as a file no
     * importer recognises. Judged from the file's name and place, such as the folder Gatling writes
     * a run into; it may look at sibling names but not read the file. Default: never.
     *
     * @param file a file met in a folder being imported
     * @return true to leave it out with a note
     */
    default boolean isReportAsset(Path file) {
        return false;
    }
}
