package io.gonogo.collect.importers.internal;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** A tiny JMH benchmark whose real results the JMH importer's tests read. */
@State(Scope.Thread)
public class TinyBenchmark {
    /** Bytes allocated per operation. */
    @Param({"16", "256"})
    public int size;

    /** Allocates {@code size} bytes: its allocation per operation is known. */
    @Benchmark
    public byte[] allocate() {
        return new byte[size];
    }

    /** Burns a few CPU cycles without allocating. */
    @Benchmark
    public void spin() {
        Blackhole.consumeCPU(size);
    }
}
