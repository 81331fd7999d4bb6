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
import io.gonogo.runners.spi.TlsSettings;
import io.gonogo.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrlSutProviderTest {

    @TempDir Path dir;

    private static SutSpec spec(String yaml) {
        return spec("t.yaml", yaml);
    }

    private static SutSpec spec(String file, String yaml) {
        ConfigNode root = ConfigNode.read(file, yaml);
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
                .hasMessageContaining("needs 'base' (the HTTP API's URL), 'grpc'");
    }

    @Test
    void aServiceThatSpeaksOnlyGrpcGivesNoBase() {
        Sut sut = provider.start(spec("url: {grpc: 'grpcs://127.0.0.1:9443'}\n"), Path.of("."));
        assertThat(sut.endpoint().hasHttp()).isFalse();
        assertThat(sut.endpoint().grpcTls()).isTrue();
        assertThat(sut.endpoint().grpcAddress()).isEqualTo("127.0.0.1:9443");
        assertThat(sut.description()).contains("127.0.0.1:9443");
        assertThatThrownBy(() -> sut.endpoint().httpBase())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no HTTP URL");
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

    /**
     * Writes certs/ca.pem and certs/key.pem, a certificate for localhost and its key; returns the
     * targets file's path.
     */
    private Path files() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        TestCertificates.Pair a = TestCertificates.make(certs, "a", "CN=localhost", null);
        Files.copy(a.cert(), certs.resolve("ca.pem"));
        Files.copy(a.key(), certs.resolve("key.pem"));
        return dir.resolve("targets.yaml");
    }

    @Test
    void anHttpsBaseWithTlsFilesRelativeToTheTargetsFileAndAGrpcsAddress() throws Exception {
        String targets = files().toString();
        Sut sut =
                provider.start(
                        spec(
                                targets,
                                "url:\n"
                                        + "  base: https://127.0.0.1:8443\n"
                                        + "  grpc: grpcs://127.0.0.1:9443\n"
                                        + "  tls:\n"
                                        + "    ca: certs/ca.pem\n"
                                        + "    client-cert: certs/ca.pem\n"
                                        + "    client-key: certs/key.pem\n"
                                        + "    server-name: api.example.org\n"),
                        Path.of("."));
        assertThat(sut.endpoint().httpTls()).isTrue();
        assertThat(sut.endpoint().grpcTls()).isTrue();
        assertThat(sut.endpoint().grpcAddress()).isEqualTo("127.0.0.1:9443");
        TlsSettings tls = sut.endpoint().tls();
        assertThat(tls.ca()).contains(dir.resolve("certs/ca.pem"));
        assertThat(tls.clientCert()).contains(dir.resolve("certs/ca.pem"));
        assertThat(tls.clientKey()).contains(dir.resolve("certs/key.pem"));
        assertThat(tls.serverName()).contains("api.example.org");
        assertThat(tls.insecure()).isFalse();
        assertThat(tls.sslContext()).isNotNull();
    }

    @Test
    void plainGrpcAddressesStayPlaintextAndABareHttpsUrlUsesTheJdkTrust() {
        Sut sut =
                provider.start(
                        spec(
                                "url: {base: 'https://h.example:8443', grpc:"
                                        + " 'grpc://h.example:9090'}\n"),
                        Path.of("."));
        assertThat(sut.endpoint().grpcTls()).isFalse();
        assertThat(sut.endpoint().grpcAddress()).isEqualTo("h.example:9090");
        assertThat(sut.endpoint().tls()).isEqualTo(TlsSettings.DEFAULT);
        assertThat(
                        provider.start(spec("url: https://h.example\n"), Path.of("."))
                                .endpoint()
                                .httpTls())
                .isTrue();
        Sut insecure =
                provider.start(
                        spec("url: {base: 'https://h.example', tls: {insecure: true}}\n"),
                        Path.of("."));
        assertThat(insecure.endpoint().tls().insecure()).isTrue();
        assertThat(insecure.endpoint().tls().ca()).isEqualTo(Optional.empty());
        assertThat(insecure.description()).contains("not verified");
        assertThat(sut.description()).doesNotContain("not verified");
    }

    @Test
    void aMissingOrUnreadableTlsFileIsAnErrorAtItsLine() throws Exception {
        String targets = files().toString();
        assertThatThrownBy(
                        () ->
                                provider.validate(
                                        spec(
                                                targets,
                                                "url:\n"
                                                        + "  base: https://127.0.0.1:8443\n"
                                                        + "  tls:\n"
                                                        + "    ca: certs/nope.pem\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(targets + ":4:9:")
                .hasMessageContaining("'sut.url.tls.ca' names " + dir.resolve("certs/nope.pem"))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(
                        () ->
                                provider.validate(
                                        spec(
                                                targets,
                                                "url:\n"
                                                        + "  base: https://127.0.0.1:8443\n"
                                                        + "  tls:\n"
                                                        + "    client-cert: certs/ca.pem\n"
                                                        + "    client-key: certs/ca.pem\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(targets + ":5:17:")
                .hasMessageContaining("PRIVATE KEY");
        assertThatThrownBy(
                        () ->
                                provider.validate(
                                        spec(
                                                targets,
                                                "url:\n"
                                                        + "  base: https://127.0.0.1:8443\n"
                                                        + "  tls: {client-cert: certs/ca.pem}\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'client-cert' without 'client-key'");
    }

    @Test
    void tlsOnAServiceWithoutTlsAndUnknownTlsKeysAreErrors() {
        assertThatThrownBy(
                        () ->
                                provider.validate(
                                        spec(
                                                "url:\n"
                                                        + "  base: http://127.0.0.1:8080\n"
                                                        + "  tls: {insecure: true}\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("t.yaml:3:8:")
                .hasMessageContaining("https:// base or a grpcs:// grpc address");
        assertThatThrownBy(
                        () ->
                                provider.validate(
                                        spec(
                                                "url:\n"
                                                        + "  base: https://127.0.0.1:8443\n"
                                                        + "  tls: {cacert: x.pem}\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cacert");
        assertThatThrownBy(() -> provider.validate(spec("url: ftp://127.0.0.1:21\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not an http or https URL");
    }
}
