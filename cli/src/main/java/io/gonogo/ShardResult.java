package io.gonogo;

import io.gonogo.core.EvidenceSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a shard run produced: its evidence and manifest, and the files written. A shard decides
 * nothing; {@link Gonogo#merge} decides over all shards.
 *
 * @param manifest the shard's {@code shard.json}
 * @param evidence its measurements and outcomes
 * @param files the files written ({@code evidence.json}, {@code shard.json})
 */
public record ShardResult(ShardManifest manifest, EvidenceSet evidence, List<Path> files) {

    /**
     * Checks and copies.
     *
     * @param manifest the shard's {@code shard.json}
     * @param evidence its measurements and outcomes
     * @param files the files written ({@code evidence.json}, {@code shard.json})
     */
    public ShardResult {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(evidence, "evidence");
        files = List.copyOf(files);
    }
}
