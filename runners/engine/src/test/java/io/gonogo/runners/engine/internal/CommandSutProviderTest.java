package io.gonogo.runners.engine.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.core.config.SutSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checking {@code sut: {command: ...}} without starting anything. */
class CommandSutProviderTest {
    @TempDir Path dir;

    private SutSpec spec(String yaml) throws Exception {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, yaml);
        ConfigNode.Mapping m = ConfigNode.read(f).asMapping("sut").accept("sut");
        ConfigNode.Mapping sut = m.node("sut").asMapping("sut").accept("command");
        return new SutSpec("command", sut.node("command"));
    }

    private void validate(String yaml) throws Exception {
        new CommandSutProvider().validate(spec(yaml));
    }

    @Test
    void portReferencesAreAcceptedInCommandEnvUrlAndReadyWithoutStartingAnything()
            throws Exception {
        assertThatCode(
                        () ->
                                validate(
                                        """
                                        sut:
                                          command:
                                            command: [./app, --port, '${port:http}', '--grpc=${port:grpc}']
                                            env: {ADMIN_PORT: '${port:admin}'}
                                            ports: [http, grpc, admin]
                                            url:
                                              base: http://127.0.0.1:${port:http}
                                              grpc: 127.0.0.1:${port:grpc}
                                              token: ${env:TOKEN}
                                            ready: {tcp: admin}
                                            ready-timeout: 2min
                                            stop: {signal: SIGINT, grace: 0s}
                                        """))
                .doesNotThrowAnyException();
        assertThatCode(
                        () ->
                                validate(
                                        """
                                        sut:
                                          command:
                                            command: "python3 -m http.server ${port:web}"
                                            ports: [web]
                                        """))
                .doesNotThrowAnyException();
    }

    @Test
    void anUndeclaredPortIsAnErrorAtItsNodeListingTheDeclaredOnes() {
        assertThatThrownBy(
                        () ->
                                validate(
                                        """
                                        sut:
                                          command:
                                            command: app --port ${port:http}
                                            ports: [web]
                                        """))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("t.yaml:3:14:")
                .hasMessageContaining(
                        "'${port:http}' names no port; 'sut.command.ports' declares [web]");
        assertThatThrownBy(
                        () ->
                                validate(
                                        """
                                        sut:
                                          command:
                                            command: app
                                            url: http://127.0.0.1:${port:http}
                                        """))
                .hasMessageContaining("t.yaml:4:10:")
                .hasMessageContaining("declare it in 'sut.command.ports', such as ports: [http]");
    }

    @Test
    void aCommandThatCannotBeSplitOrIsEmptyIsAnError() {
        assertThatThrownBy(
                        () ->
                                validate(
                                        """
                                        sut:
                                          command: {command: "app 'unclosed", ports: [http]}
                                        """))
                .hasMessageContaining("t.yaml:2:22:")
                .hasMessageContaining("cannot be split into words: the single quote");
        assertThatThrownBy(() -> validate("sut:\n  command: {command: [], ports: [http]}\n"))
                .hasMessageContaining("'sut.command.command' is empty");
    }

    @Test
    void withoutUrlOrPortsGonogoCannotReachTheServiceAndSaysSo() {
        assertThatThrownBy(() -> validate("sut:\n  command: {command: app}\n"))
                .hasMessageContaining("t.yaml:2:12:")
                .hasMessageContaining("neither where the service listens ('url') nor which ports");
        assertThatThrownBy(() -> validate("sut:\n  command: app --port 8080\n"))
                .hasMessageContaining("expected 'sut.command' as a mapping such as {command:");
    }

    @Test
    void badReadyStopAndTimeoutSettingsAreErrorsSayingWhatIsExpected() {
        String base = "sut:\n  command:\n    command: app\n    ports: [http]\n";
        assertThatThrownBy(() -> validate(base + "    ready: {http: health}\n"))
                .hasMessageContaining("t.yaml:5:19:")
                .hasMessageContaining("expected a path on the service's URL, such as /health");
        assertThatThrownBy(() -> validate(base + "    ready: {tcp: admin}\n"))
                .hasMessageContaining("expected a name from 'ports' [http] or a port number");
        assertThatThrownBy(() -> validate(base + "    ready: {log: 'Started (in'}\n"))
                .hasMessageContaining("'sut.command.ready.log' is not a regular expression");
        assertThatThrownBy(() -> validate(base + "    ready: {http: /a, log: b}\n"))
                .hasMessageContaining("expected 'sut.command.ready' to be one of");
        assertThatThrownBy(() -> validate(base + "    stop: {signal: HUP}\n"))
                .hasMessageContaining(
                        "'sut.command.stop.signal' is 'HUP'; expected TERM, INT or KILL");
        assertThatThrownBy(() -> validate(base + "    ready-timeout: 100ms\n"))
                .hasMessageContaining(
                        "'sut.command.ready-timeout' is '100ms'; expected a duration from 1s to"
                                + " 60min");
        assertThatThrownBy(() -> validate(base + "    restart: always\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("restart");
    }

    @Test
    void theWorkdirIsRelativeToTheTargetsFileAndMustExist() throws Exception {
        Files.createDirectories(dir.resolve("svc"));
        String base = "sut:\n  command:\n    command: app\n    ports: [http]\n";
        assertThatCode(() -> validate(base + "    workdir: svc\n")).doesNotThrowAnyException();
        assertThatThrownBy(() -> validate(base + "    workdir: nope\n"))
                .hasMessageContaining("t.yaml:5:14:")
                .hasMessageContaining(dir.resolve("nope") + ", which is not a folder");
    }

    @Test
    void aPortNamedTwiceIsAnError() {
        assertThatThrownBy(() -> validate("sut:\n  command: {command: app, ports: [a, a]}\n"))
                .hasMessageContaining("the port 'a' is named twice");
    }

    @Test
    void theTargetsFileReferenceExampleIsValid() throws Exception {
        String doc = Files.readString(Path.of("../../docs/targets-file.md"));
        int at = doc.indexOf("### Your service, started by gonogo: `sut: command`");
        int start = doc.indexOf("```yaml\n", at) + "```yaml\n".length();
        String yaml = doc.substring(start, doc.indexOf("```", start));
        Files.createDirectories(dir.resolve("perf"));
        Path f = dir.resolve("perf").resolve("targets.yaml");
        Files.writeString(f, yaml);
        ConfigNode.Mapping m = ConfigNode.read(f).asMapping("sut").accept("sut");
        SutSpec spec =
                new SutSpec(
                        "command",
                        m.node("sut").asMapping("sut").accept("command").node("command"));
        assertThatCode(() -> new CommandSutProvider().validate(spec)).doesNotThrowAnyException();
    }
}
