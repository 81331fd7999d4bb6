package io.gonogo.runners.memory;

import io.gonogo.core.Measurement;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.SutEndpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scenario context for tests: keeps what a scenario publishes and attaches, as the engine's does.
 */
final class RecordingContext implements ScenarioContext {
    final List<Measurement> measurements = new ArrayList<>();
    final List<Path> attachments = new ArrayList<>();
    final List<String> progress = new ArrayList<>();
    private final SutEndpoint sut;
    private final Optional<ProcessHandle> process;
    private final Path out;
    private final String scenario;

    RecordingContext(SutEndpoint sut, Optional<ProcessHandle> process, Path out, String scenario) {
        this.sut = sut;
        this.process = process;
        this.out = out;
        this.scenario = scenario;
    }

    @Override
    public SutEndpoint sut() {
        return sut;
    }

    @Override
    public Optional<ProcessHandle> sutProcess() {
        return process;
    }

    @Override
    public synchronized void publish(Measurement measurement) {
        measurements.add(measurement.withLabels(Map.of("suite", "memory", "scenario", scenario)));
    }

    @Override
    public Path outputDirectory() {
        return out;
    }

    @Override
    public synchronized void attach(Path file) {
        attachments.add(file);
    }

    @Override
    public synchronized void progress(String line) {
        progress.add(line);
        System.err.println("[" + scenario + "] " + line);
    }

    Optional<Measurement> metric(String name) {
        return measurements.stream().filter(m -> m.metric().equals(name)).findFirst();
    }
}
