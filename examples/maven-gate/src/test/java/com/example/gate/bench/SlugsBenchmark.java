package com.example.gate.bench;

import com.example.gate.Slugs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The throughput of {@link Slugs#of}, which the targets file gates on. */
@State(Scope.Benchmark)
public class SlugsBenchmark {
    private final String title = "Héllo, World! Release 2.4 of the shop";

    @Benchmark
    public String slug() {
        return Slugs.of(title);
    }
}
