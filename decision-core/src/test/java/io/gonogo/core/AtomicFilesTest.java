package io.gonogo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written through a temporary name, its data forced to the disk before the rename: it is
 * whole or absent, and nothing of the temporary file is left.
 */
class AtomicFilesTest {

    @TempDir Path dir;

    @Test
    void aStreamedFileIsWholeEvenWhenTheContentClosesTheStream() throws IOException {
        Path file = dir.resolve("a/b/evidence.json");
        byte[] big = "0123456789abcdef".repeat(10_000).getBytes(StandardCharsets.UTF_8);

        AtomicFiles.write(
                file,
                out -> {
                    out.write(big);
                    out.close(); // as a writer that closes its target does
                });

        assertThat(file).hasBinaryContent(big);
        assertThat(entries(file.getParent())).containsExactly("evidence.json");
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-r--r--");
        }
    }

    @Test
    void aFileIsReplacedWhole() throws IOException {
        Path file = Files.writeString(dir.resolve("go-no-go.md"), "old");
        AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(file).hasContent("new");
        assertThat(entries(dir)).containsExactly("go-no-go.md");
    }

    @Test
    void aWriteThatFailsLeavesThePreviousFileAndNoTemporaryOne() throws IOException {
        Path file = Files.writeString(dir.resolve("decision.json"), "previous");
        assertThatThrownBy(
                        () ->
                                AtomicFiles.write(
                                        file,
                                        out -> {
                                            out.write('x');
                                            throw new IOException("disk full");
                                        }))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("disk full");
        assertThat(file).hasContent("previous");
        assertThat(entries(dir)).containsExactly("decision.json");
    }

    @Test
    void aPreparedFileAppearsOnlyWhenCommitted() throws IOException {
        Path file = dir.resolve("evidence.json");
        AtomicFiles.Pending pending =
                AtomicFiles.prepare(file, out -> out.write("{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(file).doesNotExist();
        pending.commit();
        pending.discard();
        assertThat(file).hasContent("{}");
        assertThat(entries(dir)).containsExactly("evidence.json");
    }

    @Test
    void forcingAFolderNeverFails() {
        AtomicFiles.forceDirectory(dir);
        AtomicFiles.forceDirectory(dir.resolve("missing"));
    }

    private static java.util.List<String> entries(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
