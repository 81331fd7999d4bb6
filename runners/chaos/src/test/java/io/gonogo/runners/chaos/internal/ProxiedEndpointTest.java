package io.gonogo.runners.chaos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.runners.chaos.FaultProxy;
import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.TlsSettings;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The workload's endpoint through the fault proxy: the proxy's address, the same scheme and path,
 * and over TLS the service's own name for SNI and verification; the proxy frames nothing over TLS.
 */
class ProxiedEndpointTest {
    private static final TlsSettings CA = TlsSettings.trusting(Path.of("ca.pem"));

    @Test
    void anHttpsServiceByNameKeepsItsNameForSniAndVerification() {
        SutEndpoint e =
                ProxiedEndpoint.through(
                        new SutEndpoint(
                                URI.create("https://svc.example:8443/api"), "", "t", CA, false),
                        false,
                        4000);
        assertThat(e.httpBase()).isEqualTo(URI.create("https://127.0.0.1:4000/api"));
        assertThat(e.httpTls()).isTrue();
        assertThat(e.tls().serverName()).contains("svc.example");
        assertThat(e.tls().ca()).isEqualTo(CA.ca());
        assertThat(e.token()).isEqualTo("t");
    }

    @Test
    void aServiceAtTheProxysOwnAddressOrWithAGivenServerNameIsLeftAsItIs() {
        SutEndpoint byIp =
                ProxiedEndpoint.through(
                        new SutEndpoint(URI.create("https://127.0.0.1:8443"), "", "", CA, false),
                        false,
                        4000);
        assertThat(byIp.tls().serverName()).isEmpty();
        SutEndpoint named =
                ProxiedEndpoint.through(
                        new SutEndpoint(
                                URI.create("https://10.0.0.5:8443"),
                                "",
                                "",
                                CA.withServerName("svc.internal"),
                                false),
                        false,
                        4000);
        assertThat(named.tls().serverName()).contains("svc.internal");
        SutEndpoint otherIp =
                ProxiedEndpoint.through(
                        new SutEndpoint(URI.create("https://10.0.0.5:8443"), "", "", CA, false),
                        false,
                        4000);
        assertThat(otherIp.tls().serverName()).contains("10.0.0.5");
    }

    @Test
    void plaintextGetsNoServerName() {
        SutEndpoint e =
                ProxiedEndpoint.through(
                        new SutEndpoint(URI.create("http://svc.example:8080"), "", ""),
                        false,
                        4000);
        assertThat(e.httpBase()).isEqualTo(URI.create("http://127.0.0.1:4000"));
        assertThat(e.tls().serverName()).isEmpty();
    }

    @Test
    void theGrpcSideIsProxiedAloneWithItsOwnName() {
        SutEndpoint original =
                new SutEndpoint(
                        URI.create("http://svc.example:8080"), "grpc.example:9443", "", CA, true);
        SutEndpoint e = ProxiedEndpoint.through(original, true, 4001);
        assertThat(e.grpcAddress()).isEqualTo("127.0.0.1:4001");
        assertThat(e.grpcTls()).isTrue();
        assertThat(e.tls().serverName()).contains("grpc.example");
        assertThat(e.httpBase()).isEqualTo(original.httpBase());
        assertThat(ProxiedEndpoint.tls(original, true)).isTrue();
        assertThat(ProxiedEndpoint.tls(original, false)).isFalse();
    }

    @Test
    void theProxyFramesNothingOverTls() {
        assertThat(ChaosRun.protocol(false, true)).isEqualTo(FaultProxy.Protocol.TCP);
        assertThat(ChaosRun.protocol(true, true)).isEqualTo(FaultProxy.Protocol.TCP);
        assertThat(ChaosRun.protocol(false, false)).isEqualTo(FaultProxy.Protocol.HTTP1);
        assertThat(ChaosRun.protocol(true, false)).isEqualTo(FaultProxy.Protocol.HTTP2);
    }

    @Test
    void aServiceThatSpeaksOnlyGrpcIsReachedThroughTheProxyWithItsNameKept() {
        SutEndpoint e =
                ProxiedEndpoint.through(
                        SutEndpoint.grpcOnly("svc.example:9443", "", CA, true), true, 4000);
        assertThat(e.hasHttp()).isFalse();
        assertThat(e.grpcAddress()).isEqualTo("127.0.0.1:4000");
        assertThat(e.grpcTls()).isTrue();
        assertThat(e.tls().serverName()).contains("svc.example");
    }
}
