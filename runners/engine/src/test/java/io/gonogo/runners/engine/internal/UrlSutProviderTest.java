package io.gonogo.runners.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.core.config.SutSpec;
import io.gonogo.core.config.TargetsParser;
import io.gonogo.core.config.Values;
import io.gonogo.runners.spi.DeclaredEndpoint;
import io.gonogo.runners.spi.Sut;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlSutProviderTest {

    private static SutSpec spec(String yaml) {
        ConfigNode root = ConfigNode.read("t.yaml", yaml);
        ConfigNode.Mapping m = root.asMapping("sut").accept("url");
        return new SutSpec("url", m.node("url"));
    }

    /** The sut of a targets file read with {@code GOV_TOKEN} in its environment. */
    private static SutSpec parsed(String sutYaml) {
        return TargetsParser.parse(
                        Path.of("t.yaml"),
                        "release: {name: x}\nsut:\n" + sutYaml.indent(2),
                        Values.builder().environment(Map.of("GOV_TOKEN", "s3cret")).build())
                .sut();
    }

    private final UrlSutProvider provider = new UrlSutProvider();

    @Test
    void aBareUrlHasNoToken() {
        Sut sut = provider.start(spec("url: http://127.0.0.1:8080\n"), Path.of("."));
        assertThat(sut.endpoint().token()).isEmpty();
        assertThat(sut.endpoint().httpBase().toString()).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void theTokenIsALiteralOrReadFromTheEnvironmentAndNeverPrinted() {
        Sut literal =
                provider.start(
                        spec("url: {base: 'http://127.0.0.1:8080', token: abc}\n"), Path.of("."));
        assertThat(literal.endpoint().token()).isEqualTo("abc");
        Sut env =
                provider.start(
                        parsed("url:\n  base: http://127.0.0.1:8080\n  token: ${env:GOV_TOKEN}\n"),
                        Path.of("."));
        assertThat(env.endpoint().token()).isEqualTo("s3cret");
        assertThat(env.description() + env.endpoint()).doesNotContain("s3cret");
    }

    @Test
    void badTokensAreErrorsWithPositions() {
        // an unset variable is the parser's error, at the token's position
        assertThatThrownBy(
                        () ->
                                parsed(
                                        "url:\n"
                                                + "  base: http://127.0.0.1:8080\n"
                                                + "  token: ${env:NOPE}\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("t.yaml:5:12:")
                .hasMessageContaining("NOPE");
        assertThatThrownBy(
                        () ->
                                provider.validate(
                                        spec(
                                                "url:\n"
                                                        + "  base: http://127.0.0.1:8080\n"
                                                        + "  token: ''\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("t.yaml:3:10:")
                .hasMessageContaining("'sut.url.token' is empty");
        assertThatThrownBy(
                        () ->
                                provider.validate(
                                        spec(
                                                "url:\n"
                                                        + "  base: http://127.0.0.1:8080\n"
                                                        + "  token: 'a b'\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("printable");
        assertThatThrownBy(() -> provider.validate(spec("url:\n  token: abc\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("missing required key 'base'");
    }

    @Test
    void theDeclaredEndpointSaysWhetherTheUrlIsTlsWithoutStartingAnything() {
        DeclaredEndpoint tls = provider.declaredEndpoint(spec("url: https://svc.example:1/\n"));
        assertThat(tls.httpTls()).isTrue();
        assertThat(tls.source()).isEqualTo("sut.url 'https://svc.example:1/'");
        DeclaredEndpoint plain =
                provider.declaredEndpoint(spec("url: {base: 'http://127.0.0.1:8080'}\n"));
        assertThat(plain.httpTls()).isFalse();
        assertThat(plain.grpcTls()).isFalse();
        assertThat(new EmbeddedSutProvider().declaredEndpoint(SutSpec.embedded()).httpTls())
                .isFalse();
    }
}
