package io.gonogo.runners.load.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.runners.load.ErrorKind;
import io.grpc.Status;
import java.io.EOFException;
import java.net.ConnectException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * How a failed call is counted, from the exceptions grpc-java completes calls with: a handshake
 * that refused something is {@code tls}; a connection that closed before the handshake finished (a
 * killed service, or the fault proxy in front of one) is {@code reset}, as it would be without TLS.
 */
class CallClassificationTest {

    private static ErrorKind unanswered(Throwable cause) {
        return GrpcLoadRunner.classify(Status.UNAVAILABLE.withCause(cause).asRuntimeException())
                .unansweredKind()
                .orElseThrow();
    }

    @Test
    void aRefusedCertificateIsATlsError() {
        assertThat(
                        unanswered(
                                new SSLHandshakeException(
                                        "PKIX path validation failed: signature check failed")))
                .isEqualTo(ErrorKind.TLS);
    }

    @Test
    void aConnectionClosedDuringTheHandshakeIsAReset() {
        assertThat(
                        unanswered(
                                new SSLHandshakeException(
                                        "Connection closed while SSL/TLS handshake was in"
                                                + " progress")))
                .isEqualTo(ErrorKind.RESET);
        assertThat(unanswered(new SSLHandshakeException("Remote host terminated the handshake")))
                .isEqualTo(ErrorKind.RESET);
        SSLHandshakeException eof = new SSLHandshakeException("handshake failed");
        eof.initCause(new EOFException());
        assertThat(unanswered(eof)).isEqualTo(ErrorKind.RESET);
    }

    @Test
    void aRefusedConnectionStaysAConnectError() {
        assertThat(unanswered(new ConnectException("Connection refused")))
                .isEqualTo(ErrorKind.CONNECT);
    }
}
