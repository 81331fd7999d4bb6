package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.ExecutionException;
import io.gonogo.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output folder on real files: a run writes beside it and swaps it in whole, keeping the files
 * of the user's that were in it; a run closed without its swap, or stopped, leaves it as it was;
 * what runs that were killed left beside it is settled by the next one.
 */
class OutputFolderTest {
    /** No process has this pid (Linux allows at most 2^22). */
    private static final long DEAD = 2_147_483_000L;

    @TempDir Path dir;

    private final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
    private final PrintStream progress =
            new PrintStream(progressBytes, true, StandardCharsets.UTF_8);

    /** A previous report with its attachments and chart, and files of the user's beside them. */
    private Path previousReport(Path reports) throws IOException {
        write(reports.resolve("evidence.json"), "old evidence");
        write(reports.resolve("decision.json"), "old decision");
        write(reports.resolve("go-no-go.md"), "old document");
        write(reports.resolve("charts/old.svg"), "<svg/>");
        write(reports.resolve("evidence/old-scenario/latency.hlog"), "old log");
        write(reports.resolve("notes.txt"), "the team's notes");
        write(reports.resolve("archive/2026-11/decision.json"), "archived");
        return reports;
    }

    /** A new report as a run writes it; returns the files. */
    private static List<Path> newReport(Path folder) throws IOException {
        return List.of(
                write(folder.resolve("evidence.json"), "new evidence"),
                write(folder.resolve("decision.json"), "new decision"),
                write(folder.resolve("go-no-go.md"), "new document"),
                write(folder.resolve("evidence/new-scenario/latency.hlog"), "new log"));
    }

    @Test
    void aRunWritesBesideTheFolderAndSwapsItInWithTheUsersFiles() throws IOException {
        Path reports = previousReport(dir.resolve("reports"));
        Map<String, String> before = tree(reports);
        Path summary = dir.resolve("summary.md");
        try (OutputFolder folder = OutputFolder.open(reports, progress)) {
            assertThat(folder.staging())
                    .isDirectory()
                    .hasFileName("reports.new-" + ProcessHandle.current().pid());
            assertThat(folder.staging().getParent()).isEqualTo(dir.toRealPath());
            List<Path> written = new java.util.ArrayList<>(newReport(folder.staging()));
            written.add(summary);
            assertThat(tree(reports)).as("nothing changes before the swap").isEqualTo(before);

            List<Path> files = folder.commit(written);

            assertThat(files)
                    .containsExactly(
                            reports.resolve("evidence.json"),
                            reports.resolve("decision.json"),
                            reports.resolve("go-no-go.md"),
                            reports.resolve("evidence/new-scenario/latency.hlog"),
                            summary);
        }
        assertThat(tree(reports))
                .containsExactlyEntriesOf(
                        new TreeMap<>(
                                Map.of(
                                        "archive/", "",
                                        "archive/2026-11/", "",
                                        "archive/2026-11/decision.json", "archived",
                                        "decision.json", "new decision",
                                        "evidence.json", "new evidence",
                                        "evidence/", "",
                                        "evidence/new-scenario/", "",
                                        "evidence/new-scenario/latency.hlog", "new log",
                                        "go-no-go.md", "new document",
                                        "notes.txt", "the team's notes")));
        assertThat(siblings(dir)).containsExactly("reports");
    }

    @Test
    void aFirstRunCreatesTheFolderAndItsParents() throws IOException {
        Path reports = dir.resolve("build/gonogo/reports");
        try (OutputFolder folder = OutputFolder.open(reports, progress)) {
            newReport(folder.staging());
            folder.commit(List.of());
        }
        assertThat(reports.resolve("go-no-go.md")).hasContent("new document");
        assertThat(siblings(reports.getParent())).containsExactly("reports");
    }

    @Test
    void aRunClosedBeforeItsSwapLeavesThePreviousFolderAsItWas() throws IOException {
        Path reports = previousReport(dir.resolve("reports"));
        Map<String, String> before = tree(reports);
        try (OutputFolder folder = OutputFolder.open(reports, progress)) {
            newReport(folder.staging());
            // the run fails here
        }
        assertThat(tree(reports)).isEqualTo(before);
        assertThat(siblings(dir)).containsExactly("reports");
    }

    @Test
    void aStoppedRunCannotSwapAndItsFolderIsDeleted() throws Exception {
        Path reports = previousReport(dir.resolve("reports"));
        Map<String, String> before = tree(reports);
        try (OutputFolder folder = OutputFolder.open(reports, progress)) {
            List<Path> written = newReport(folder.staging());
            CompletableFuture<Void> hook = CompletableFuture.runAsync(folder::stop);
            // the hook claims the folder at once, then waits for the run to let go of it
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!hook.isDone() && System.nanoTime() < deadline) {
                try {
                    folder.checkNotStopped();
                    Thread.sleep(10);
                } catch (ExecutionException stopped) {
                    break;
                }
            }
            assertThatThrownBy(folder::checkNotStopped)
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("is left as it was");
            assertThatThrownBy(() -> folder.commit(written)).isInstanceOf(ExecutionException.class);
            folder.close();
            hook.get();
        }
        assertThat(tree(reports)).isEqualTo(before);
        assertThat(siblings(dir)).containsExactly("reports");
    }

    @Test
    void aFolderThatHoldsNoReportKeepsWhatTheRunDoesNotReplace() throws IOException {
        Path reports = dir.resolve("reports");
        write(reports.resolve("go-no-go.md"), "a document of the user's");
        write(reports.resolve("charts/theirs.svg"), "<svg/>");
        try (OutputFolder folder = OutputFolder.open(reports, progress)) {
            newReport(folder.staging());
            folder.commit(List.of());
        }
        assertThat(reports.resolve("go-no-go.md")).hasContent("new document");
        assertThat(reports.resolve("charts/theirs.svg")).hasContent("<svg/>");
        assertThat(siblings(dir)).containsExactly("reports");
    }

    @Test
    void twoRunsOfOneJvmWriteToTwoFoldersAndNeitherRemovesTheOthers() throws IOException {
        Path reports = dir.resolve("reports");
        try (OutputFolder first = OutputFolder.open(reports, progress);
                OutputFolder second = OutputFolder.open(reports, progress)) {
            assertThat(second.staging()).isNotEqualTo(first.staging());
            assertThat(first.staging()).isDirectory();
            assertThat(second.staging()).isDirectory();
            newReport(first.staging());
            first.commit(List.of());
            write(second.staging().resolve("go-no-go.md"), "second");
            second.commit(List.of());
        }
        assertThat(reports.resolve("go-no-go.md")).hasContent("second");
        assertThat(siblings(dir)).containsExactly("reports");
    }

    @Test
    void aLinkedOutputFolderIsReplacedWhereItPointsAndStaysALink() throws IOException {
        Path real = previousReport(dir.resolve("real/reports"));
        Path link = Files.createSymbolicLink(dir.resolve("reports"), real);
        try (OutputFolder folder = OutputFolder.open(link, progress)) {
            assertThat(folder.staging().getParent()).isEqualTo(real.getParent().toRealPath());
            newReport(folder.staging());
            folder.commit(List.of());
        }
        assertThat(link).isSymbolicLink();
        assertThat(real.resolve("go-no-go.md")).hasContent("new document");
        assertThat(real.resolve("notes.txt")).hasContent("the team's notes");
        assertThat(siblings(real.getParent())).containsExactly("reports");
    }

    @Test
    void theWorkingDirectoryOrAFolderHoldingItIsRefused() {
        for (Path out : List.of(Path.of("."), Path.of(""), Path.of(".."))) {
            assertThatThrownBy(() -> OutputFolder.open(out, progress))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("the working directory or holds it");
        }
    }

    @Test
    void theFolderOfARunThatWasKilledIsRemovedByTheNext() throws IOException {
        Path reports = previousReport(dir.resolve("reports"));
        Map<String, String> before = tree(reports);
        write(dir.resolve("reports.new-" + DEAD + "/evidence/a/latency.hlog"), "partial");
        write(dir.resolve("reports.new-" + DEAD + "-2/go-no-go.md"), "partial");
        write(dir.resolve("reports.new-x/keep.txt"), "not a run's folder");
        try (OutputFolder folder = OutputFolder.open(reports, progress)) {
            assertThat(siblings(dir))
                    .contains("reports", folder.staging().getFileName().toString());
        }
        assertThat(siblings(dir)).containsExactly("reports", "reports.new-x");
        assertThat(tree(reports)).isEqualTo(before);
        assertThat(progressBytes.toString(StandardCharsets.UTF_8))
                .contains("removed " + dir.toRealPath().resolve("reports.new-" + DEAD));
    }

    @Test
    void aSwapKilledAfterSettingThePreviousFolderAsideIsFinishedByTheNextRun() throws IOException {
        previousReport(dir.resolve("reports.old-" + DEAD));
        newReport(dir.resolve("reports.swap-" + DEAD));
        try (OutputFolder folder = OutputFolder.open(dir.resolve("reports"), progress)) {
            // the new run starts from the finished swap
        }
        Path reports = dir.resolve("reports");
        assertThat(reports.resolve("go-no-go.md")).hasContent("new document");
        assertThat(reports.resolve("notes.txt")).hasContent("the team's notes");
        assertThat(reports.resolve("charts")).doesNotExist();
        assertThat(siblings(dir)).containsExactly("reports");
    }

    @Test
    void aSwapKilledBeforeSettingThePreviousFolderAsideIsFinishedByTheNextRun() throws IOException {
        previousReport(dir.resolve("reports"));
        newReport(dir.resolve("reports.swap-" + DEAD));
        try (OutputFolder folder = OutputFolder.open(dir.resolve("reports"), progress)) {
            // the new run starts from the finished swap
        }
        Path reports = dir.resolve("reports");
        assertThat(reports.resolve("go-no-go.md")).hasContent("new document");
        assertThat(reports.resolve("archive/2026-11/decision.json")).hasContent("archived");
        assertThat(siblings(dir)).containsExactly("reports");
    }

    @Test
    void aPreviousFolderLeftAsideIsSettledByTheNextRun() throws IOException {
        // killed while moving the user's files back: the new report is in place
        Path reports = dir.resolve("reports");
        newReport(reports);
        previousReport(dir.resolve("reports.old-" + DEAD));
        try (OutputFolder folder = OutputFolder.open(reports, progress)) {
            // settled on opening
        }
        assertThat(reports.resolve("go-no-go.md")).hasContent("new document");
        assertThat(reports.resolve("notes.txt")).hasContent("the team's notes");
        assertThat(siblings(dir)).containsExactly("reports");

        // the output folder gone (removed by hand): the folder set aside is the latest report
        Path other = dir.resolve("other");
        previousReport(dir.resolve("other.old-" + DEAD));
        try (OutputFolder folder = OutputFolder.open(other, progress)) {
            // restored on opening
        }
        assertThat(other.resolve("go-no-go.md")).hasContent("old document");
        assertThat(siblings(dir)).containsExactly("other", "reports");
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static List<String> siblings(Path parent) throws IOException {
        try (Stream<Path> list = Files.list(parent)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every file (with its text) and folder (with "") under {@code root}, by relative path. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
                String name = root.relativize(p).toString().replace('\\', '/');
                all.put(
                        Files.isDirectory(p) ? name + "/" : name,
                        Files.isDirectory(p) ? "" : Files.readString(p));
            }
        }
        return all;
    }
}
