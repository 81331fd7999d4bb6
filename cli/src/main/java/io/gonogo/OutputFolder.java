package io.gonogo;

import io.gonogo.core.AtomicFiles;
import io.gonogo.core.ExecutionException;
import io.gonogo.core.InvalidInputException;
import io.gonogo.render.Renderer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The output folder of one run. The run writes into a folder beside it, {@code <name>.new-<pid>}
 * (on the same file system, so it can be renamed), and {@link #commit} swaps that in once every
 * document is written: the new folder is renamed {@code <name>.swap-<pid>}, the previous output
 * folder {@code <name>.old-<pid>}, the new one takes the output folder's name, the entries of the
 * previous folder that are not gonogo's (a file of the user's beside the report) are moved into it,
 * and the previous folder is deleted. Until then nothing in the output folder changes, so a run
 * that fails or is stopped leaves the previous report whole.
 *
 * <p>A shutdown hook (SIGTERM, Ctrl-C, {@code System.exit} during the run) deletes the new folder
 * unless the swap has begun, in which case it lets the swap finish. Folders of this kind that an
 * earlier run left behind (killed with SIGKILL, a power loss) are settled when the next run opens
 * the output folder: an unfinished run's folder is deleted; a swap that had begun is finished,
 * since its documents were complete; a previous report set aside is deleted once its swap is done.
 */
final class OutputFolder implements AutoCloseable {
    /** How long the shutdown hook waits for the run to give up its folder before deleting it. */
    private static final long RELEASE_WAIT_MILLIS = 2_000;

    /** The siblings of the live runs of this JVM: never another run's leftovers. */
    private static final Set<Path> IN_USE = ConcurrentHashMap.newKeySet();

    private enum State {
        WRITING,
        STOPPED,
        SWAPPING,
        SWAPPED,
        KEPT,
        CLOSED
    }

    private final Path named;
    private final Path target;
    private final Path staging;
    private final Path swap;
    private final Path old;
    private final PrintStream progress;
    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread hook;
    private State state = State.WRITING;

    private OutputFolder(Path named, Path target, String suffix, PrintStream progress) {
        this.named = named;
        this.target = target;
        this.staging = sibling(target, "new", suffix);
        this.swap = sibling(target, "swap", suffix);
        this.old = sibling(target, "old", suffix);
        this.progress = progress;
        this.hook = new Thread(this::stop, "gonogo-output-folder");
    }

    /**
     * Opens the output folder {@code out} for a run: settles what earlier runs left beside it,
     * creates the folder the run writes to and registers the shutdown hook that deletes it.
     *
     * @throws InvalidInputException when {@code out} cannot be swapped whole: a file-system root,
     *     the working directory or a folder holding it, a mount point
     * @throws ExecutionException when the folder for the run cannot be created
     */
    static OutputFolder open(Path out, PrintStream progress) {
        Path target = resolve(out);
        Settle.siblings(target, progress);
        OutputFolder folder;
        synchronized (IN_USE) {
            String suffix = Long.toString(ProcessHandle.current().pid());
            for (int n = 2; inUse(target, suffix); n++) {
                suffix = ProcessHandle.current().pid() + "-" + n;
            }
            folder = new OutputFolder(out, target, suffix, progress);
            IN_USE.addAll(List.of(folder.staging, folder.swap, folder.old));
        }
        try {
            folder.create();
        } catch (RuntimeException | Error e) {
            folder.unregister();
            throw e;
        }
        return folder;
    }

    private static boolean inUse(Path target, String suffix) {
        return IN_USE.contains(sibling(target, "new", suffix));
    }

    private static Path sibling(Path target, String kind, String suffix) {
        return target.resolveSibling(target.getFileName() + "." + kind + "-" + suffix);
    }

    /** The absolute, real path of the folder to swap: a symbolic link's target, not the link. */
    private static Path resolve(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        if (abs.getParent() == null || abs.getFileName() == null) {
            throw InvalidInputException.of(
                    out.toString(),
                    "the output folder is the root of a file system; expected a folder of its own"
                            + " such as reports/");
        }
        try {
            Path real;
            if (Files.exists(abs)) {
                real = abs.toRealPath();
            } else if (Files.isSymbolicLink(abs)) {
                throw InvalidInputException.of(
                        out.toString(),
                        "the output folder is a symbolic link to nothing; expected a folder, a link"
                                + " to one, or a path that does not exist yet");
            } else {
                Files.createDirectories(abs.getParent());
                real = abs.getParent().toRealPath().resolve(abs.getFileName());
            }
            Path cwd = Path.of("").toAbsolutePath().toRealPath();
            if (cwd.startsWith(real)) {
                throw InvalidInputException.of(
                        out.toString(),
                        "the output folder is the working directory or holds it; gonogo replaces"
                            + " the output folder whole at the end of a run, so it must be a folder"
                            + " of its own, such as reports/");
            }
            return real;
        } catch (IOException e) {
            throw new ExecutionException(
                    "cannot prepare the output folder " + out + ": " + e.getMessage(), e);
        }
    }

    private void create() {
        try {
            if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
                // this pid's leftover that Settle could not remove: try once more
                deleteTree(staging, null);
            }
            Files.createDirectory(staging);
        } catch (IOException e) {
            throw new ExecutionException(
                    "cannot create "
                            + staging
                            + ", the folder this run writes to before it replaces "
                            + named
                            + ": "
                            + e.getMessage()
                            + "; the output folder's parent must be writable",
                    e);
        }
        if (Files.isDirectory(target) && !sameFileStore(target, staging)) {
            deleteTree(staging);
            throw InvalidInputException.of(
                    named.toString(),
                    "the output folder is a mount point (or on another file system than its"
                        + " parent); gonogo writes a run beside the output folder and renames it"
                        + " into place, which cannot cross file systems; expected a folder inside"
                        + " it, such as "
                            + named.resolve("reports"));
        }
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
            deleteTree(staging);
            throw new ExecutionException(
                    "the run was stopped before it started; " + named + " is left as it was", e);
        }
    }

    private static boolean sameFileStore(Path a, Path b) {
        try {
            FileStore sa = Files.getFileStore(a);
            FileStore sb = Files.getFileStore(b);
            return sa.equals(sb);
        } catch (IOException | SecurityException e) {
            return true; // unknown: the swap itself will say if it cannot rename
        }
    }

    /** The folder the run writes to: documents and the {@code evidence/} attachments. */
    Path staging() {
        return staging;
    }

    /**
     * Throws when the JVM is shutting down and the shutdown hook has claimed the run's folder.
     *
     * @throws ExecutionException when the run was stopped
     */
    synchronized void checkNotStopped() {
        if (state == State.STOPPED) {
            throw stopped();
        }
    }

    private ExecutionException stopped() {
        return new ExecutionException(
                "the run was stopped before its documents were in place; "
                        + named
                        + " is left as it was");
    }

    /**
     * Swaps the run's folder in as the output folder and returns {@code written} (paths in the
     * run's folder) as paths in the output folder, as the caller named it; files elsewhere (the
     * step summary) are returned unchanged.
     *
     * @throws ExecutionException when the run was stopped, or when the folders cannot be renamed
     *     (the previous output folder is then as it was, and the error names the folder holding the
     *     new documents)
     */
    synchronized List<Path> commit(List<Path> written) {
        if (state == State.STOPPED) {
            throw stopped();
        }
        if (state != State.WRITING) {
            throw new IllegalStateException("the output folder " + named + " is " + state);
        }
        state = State.SWAPPING;
        forceToDisk();
        try {
            rename(staging, swap);
        } catch (IOException e) {
            state = State.KEPT;
            throw cannotSwap(staging, e);
        }
        boolean hadTarget = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (hadTarget) {
            try {
                rename(target, old);
            } catch (IOException e) {
                state = State.KEPT;
                undo(swap, staging);
                throw cannotSwap(staging, e);
            }
        }
        try {
            rename(swap, target);
        } catch (IOException e) {
            state = State.KEPT;
            if (hadTarget) {
                undo(old, target);
            }
            undo(swap, staging);
            throw cannotSwap(staging, e);
        }
        state = State.SWAPPED;
        AtomicFiles.forceDirectory(target.getParent());
        if (hadTarget) {
            Settle.previous(old, target, progress);
        }
        List<Path> moved = new ArrayList<>();
        for (Path f : written) {
            moved.add(f.startsWith(staging) ? named.resolve(staging.relativize(f)) : f);
        }
        return List.copyOf(moved);
    }

    /**
     * Forces the run's folders and its attachments (copied in by the collector, where the documents
     * were written and forced by {@link AtomicFiles}) to the disk, so the swap never makes names
     * durable before the data they name; best effort, where the platform allows.
     */
    private void forceToDisk() {
        Path attachments = staging.resolve("evidence");
        try (Stream<Path> walk = Files.walk(staging)) {
            for (Path p : walk.toList()) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    AtomicFiles.forceDirectory(p);
                } else if (p.startsWith(attachments)
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (FileChannel channel = FileChannel.open(p, StandardOpenOption.READ)) {
                        channel.force(true);
                    } catch (IOException e) {
                        // cannot be forced here (Windows needs write access): written all the same
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the swap below reports a folder that cannot be read
        }
    }

    private ExecutionException cannotSwap(Path newDocuments, IOException e) {
        return new ExecutionException(
                "cannot swap the new documents into "
                        + named
                        + ": "
                        + describe(e)
                        + "; gonogo replaces the output folder by renaming folders, which this file"
                        + " system refused. "
                        + named
                        + " is left as it was; the new documents are in "
                        + newDocuments
                        + " (the next run removes that folder)",
                e);
    }

    private void undo(Path from, Path to) {
        try {
            rename(from, to);
        } catch (IOException e) {
            progress.println(
                    "gonogo: cannot rename " + from + " back to " + to + ": " + describe(e));
        }
    }

    /**
     * Deletes the run's folder unless it was swapped in (or kept for the user after a failed swap),
     * and removes the shutdown hook. Idempotent.
     */
    @Override
    public void close() {
        boolean delete;
        synchronized (this) {
            delete = state == State.WRITING || state == State.STOPPED;
            state = state == State.SWAPPED || state == State.KEPT ? state : State.CLOSED;
        }
        try {
            if (delete) {
                deleteTree(staging);
            }
        } finally {
            released.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or has run
            }
            unregister();
        }
    }

    private void unregister() {
        IN_USE.removeAll(List.of(staging, swap, old));
    }

    /**
     * The shutdown hook: claims the run's folder unless the swap has begun (holding this object's
     * lock, the swap finishes first), gives the run a moment to delete it itself, then deletes it.
     */
    void stop() {
        synchronized (this) {
            if (state != State.WRITING) {
                return;
            }
            state = State.STOPPED;
        }
        try {
            released.await(RELEASE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(staging);
    }

    private static void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }

    /**
     * Deletes {@code dir}, retrying while something still writes into it (a thread of a run being
     * stopped); quietly, since a leftover is removed by the next run.
     */
    private static void deleteTree(Path dir) {
        for (int attempt = 0;
                attempt < 20 && Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
                attempt++) {
            try {
                deleteTree(dir, null);
            } catch (IOException | UncheckedIOException e) {
                try {
                    Thread.sleep(25);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Deletes {@code dir} and everything under it, the entry named {@code last} (directly under
     * {@code dir}) last of all, so a deletion that stops halfway still leaves it.
     */
    private static void deleteTree(Path dir, String last) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
        } catch (NoSuchFileException e) {
            return;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return;
            }
            throw e.getCause();
        }
        if (last != null) {
            Path keep = dir.resolve(last);
            if (all.remove(keep)) {
                all.add(all.size() - 1, keep);
            }
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    /** Settles what runs left beside an output folder, and what a swap leaves of the previous. */
    static final class Settle {
        private Settle() {}

        /**
         * Settles the siblings of {@code target} that runs no longer alive left: a run's folder is
         * deleted, a begun swap is finished, a previous report set aside is deleted (its entries
         * that are not gonogo's moved into the output folder first).
         */
        static void siblings(Path target, PrintStream progress) {
            Pattern pattern =
                    Pattern.compile(
                            Pattern.quote(target.getFileName().toString())
                                    + "\\.(new|swap|old)-(\\d{1,18})(?:-\\d{1,9})?");
            List<Path> news = new ArrayList<>();
            List<Path> swaps = new ArrayList<>();
            List<Path> olds = new ArrayList<>();
            try (Stream<Path> list = Files.list(target.getParent())) {
                for (Path p : list.sorted(Comparator.comparing(Settle::modified)).toList()) {
                    Matcher m = pattern.matcher(p.getFileName().toString());
                    if (!m.matches() || IN_USE.contains(p)) {
                        continue;
                    }
                    String kind = m.group(1);
                    long pid = Long.parseLong(m.group(2));
                    // a folder set aside keeps the modification time of the output folder it was
                    if (ownerAlive(p, pid, !kind.equals("old"))) {
                        continue;
                    }
                    switch (kind) {
                        case "new" -> news.add(p);
                        case "swap" -> swaps.add(p);
                        default -> olds.add(p);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                return; // nothing to settle that can be listed
            }
            for (Path s : swaps) {
                Path aside =
                        s.resolveSibling(s.getFileName().toString().replace(".swap-", ".old-"));
                finishSwap(s, aside, target, progress);
                olds.remove(aside);
            }
            for (Path n : news) {
                try {
                    deleteTree(n, null);
                    progress.println(
                            "gonogo: removed "
                                    + n
                                    + ", the unfinished output of an earlier run that was"
                                    + " stopped");
                } catch (IOException | UncheckedIOException e) {
                    progress.println("gonogo: cannot remove " + n + ": " + e.getMessage());
                }
            }
            for (Path o : olds) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    previous(o, target, progress);
                } else {
                    try {
                        rename(o, target);
                        progress.println(
                                "gonogo: restored "
                                        + target
                                        + " from "
                                        + o
                                        + ", set aside by an earlier run that was stopped");
                    } catch (IOException e) {
                        progress.println(
                                "gonogo: cannot restore " + target + " from " + o + ": " + e);
                    }
                }
            }
        }

        /** Finishes a swap an earlier run began: its documents were complete. */
        private static void finishSwap(Path swap, Path aside, Path target, PrintStream progress) {
            try {
                boolean hasTarget = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
                boolean hasAside = Files.exists(aside, LinkOption.NOFOLLOW_LINKS);
                if (hasTarget && hasAside) {
                    progress.println(
                            "gonogo: "
                                    + swap
                                    + " and "
                                    + aside
                                    + " are left from an earlier run, but "
                                    + target
                                    + " exists too; left as they are");
                    return;
                }
                if (hasTarget) {
                    rename(target, aside);
                }
                rename(swap, target);
                AtomicFiles.forceDirectory(target.getParent());
                progress.println(
                        "gonogo: finished putting "
                                + target
                                + " in place, which an earlier run stopped while doing so");
                if (Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
                    previous(aside, target, progress);
                }
            } catch (IOException e) {
                progress.println(
                        "gonogo: cannot finish the swap of " + swap + " into " + target + ": " + e);
            }
        }

        /**
         * Moves the entries of the previous output folder {@code aside} that are not gonogo's into
         * {@code target}, then deletes {@code aside}; what cannot be moved or deleted stays there,
         * said on {@code progress}, for the next run.
         */
        static void previous(Path aside, Path target, PrintStream progress) {
            boolean report = Files.exists(aside.resolve(Renderer.EVIDENCE_JSON));
            List<Path> entries;
            try (Stream<Path> list = Files.list(aside)) {
                entries = list.sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                progress.println("gonogo: cannot list " + aside + ": " + e.getMessage());
                return;
            }
            boolean kept = false;
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (report && gonogos(name)) {
                    continue;
                }
                Path to = target.resolve(name);
                if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // the new run wrote a file of that name: it replaces the old one
                }
                try {
                    rename(e, to);
                } catch (IOException ex) {
                    kept = true;
                    progress.println(
                            "gonogo: cannot move "
                                    + e
                                    + " into "
                                    + target
                                    + ": "
                                    + describe(ex)
                                    + "; it stays in "
                                    + aside);
                }
            }
            if (kept) {
                return;
            }
            try {
                deleteTree(aside, Renderer.EVIDENCE_JSON);
            } catch (IOException | UncheckedIOException e) {
                progress.println(
                        "gonogo: cannot remove the previous report "
                                + aside
                                + ": "
                                + e.getMessage()
                                + "; the next run removes it");
            }
        }

        /** Whether {@code name}, directly under a report folder, is gonogo's. */
        private static boolean gonogos(String name) {
            return Renderer.FILES.contains(name)
                    || name.equals(Renderer.CHARTS_DIR)
                    || name.equals("evidence")
                    || (name.startsWith(".") && name.endsWith(".tmp"));
        }

        /**
         * Whether the run that named {@code dir} after {@code pid} may still be running: its
         * process is alive and (when {@code checkStart}) started before the folder was last written
         * to, so the pid was not reused. This JVM's own live runs are in {@link #IN_USE}.
         */
        private static boolean ownerAlive(Path dir, long pid, boolean checkStart) {
            if (pid == ProcessHandle.current().pid()) {
                return false;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return false;
            }
            ProcessHandle.Info info = process.get().info();
            Optional<String> command =
                    info.command().or(() -> info.commandLine().map(c -> c.split(" ", 2)[0]));
            if (command.isPresent() && !command.get().contains("java")) {
                return false; // the pid was reused by a process that is no JVM
            }
            Optional<Instant> start = info.startInstant();
            if (!checkStart || start.isEmpty()) {
                return true;
            }
            // a process's start time is known to some milliseconds only
            return !start.get().isAfter(modified(dir).plusSeconds(2));
        }

        private static Instant modified(Path p) {
            try {
                return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
            } catch (IOException e) {
                return Instant.EPOCH;
            }
        }
    }
}
