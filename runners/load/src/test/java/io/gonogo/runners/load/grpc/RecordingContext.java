package io.gonogo.runners.load.grpc;

import io.gonogo.core.Measurement;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.SutEndpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario context for tests: keeps what a scenario publishes and attaches, as the engine's does,
 * for an endpoint the test chooses (a gRPC address that speaks TLS, before a {@code sut.url} can
 * say so).
 */
final class RecordingContext implements ScenarioContext {
    final List<Measurement> measurements = new ArrayList<>();
    final List<Path> attachments = new ArrayList<>();
    private final SutEndpoint sut;
    private final Path out;

    RecordingContext(SutEndpoint sut, Path out) {
        this.sut = sut;
        this.out = out;
    }

    @Override
    public SutEndpoint sut() {
        return sut;
    }

    @Override
    public synchronized void publish(Measurement measurement) {
        measurements.add(measurement);
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
    public void progress(String line) {
        System.err.println(line);
    }

    /** The value of {@code errors{kind}}, or -1 when it was not published. */
    synchronized double errors(String kind) {
        return measurements.stream()
                .filter(m -> m.metric().equals("errors") && kind.equals(m.labels().get("kind")))
                .mapToDouble(m -> ((io.gonogo.core.Scalar) m.value()).value())
                .findFirst()
                .orElse(-1);
    }

    /** The value of a scalar metric, or -1 when it was not published. */
    synchronized double scalar(String metric) {
        return measurements.stream()
                .filter(
                        m ->
                                m.metric().equals(metric)
                                        && m.value() instanceof io.gonogo.core.Scalar)
                .mapToDouble(m -> ((io.gonogo.core.Scalar) m.value()).value())
                .findFirst()
                .orElse(-1);
    }
}
