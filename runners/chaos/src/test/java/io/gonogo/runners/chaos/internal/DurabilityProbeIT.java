package io.gonogo.runners.chaos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.runners.chaos.FaultProxy;
import io.gonogo.server.GovernanceServer;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The durability probe records acknowledged writes through the proxy and finds them again. */
class DurabilityProbeIT {
    @Test
    void recordsAcknowledgedWritesThroughTheProxyAndFindsEachAgain() throws Exception {
        try (GovernanceServer server =
                GovernanceServer.builder().host("127.0.0.1").httpPort(0).build()) {
            server.start();
            try (FaultProxy proxy =
                    FaultProxy.builder()
                            .upstream(new InetSocketAddress("127.0.0.1", server.httpPort()))
                            .build()) {
                proxy.start();
                DurabilityProbe probe =
                        new DurabilityProbe(
                                new io.gonogo.runners.spi.SutEndpoint(
                                        URI.create("http://127.0.0.1:" + proxy.port()),
                                        "",
                                        server.operatorToken()),
                                100);
                probe.start();
                // until the service has acknowledged a few writes, for at most 10 s
                long deadline =
                        System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
                while (probe.acknowledged() < 5 && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
                }
                probe.stopWriting();
                assertThat(probe.acknowledged()).as(probe.toString()).isGreaterThanOrEqualTo(5);
                DurabilityProbe.Result r = probe.verify();
                assertThat(r.checked()).as(probe.toString()).isPositive();
                assertThat(r.missing()).isZero();
            }
        }
    }
}
