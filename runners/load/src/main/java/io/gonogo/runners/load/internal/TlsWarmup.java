package io.gonogo.runners.load.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Warms the JDK's TLS code once per JVM before the first {@code https} run starts its clock: full
 * handshakes and keep-alive request/response records between an in-memory client and server {@link
 * SSLEngine}, the server with a throw-away EC P-256 certificate made here; nothing is sent
 * anywhere.
 *
 * <p>The JDK's TLS stack is Java code whose fast paths (the handshake, the record layer, and the
 * AES and GHASH intrinsics) only exist once the JIT has compiled them; on a cold JVM the first
 * seconds of a TLS run are spent interpreting them, which a load generator should not count against
 * the service. The warm-up is bounded in time and runs before any connection is opened, so it is
 * outside every measured window. The certificate is hand-encoded DER because the JDK has no public
 * API that makes one.
 */
final class TlsWarmup {

    private static final AtomicBoolean DONE = new AtomicBoolean();

    /** How long the JIT must have had no TLS method to compile for the warm-up to end. */
    static final long SETTLED_MILLIS = 100;

    /** The packages of the JDK's TLS and cipher code, as the JIT's queue names their methods. */
    private static final List<String> TLS_CODE =
            List.of("sun.security.", "com.sun.crypto.", "javax.crypto.", "javax.net.ssl.");

    /** Request and response records per batch. */
    private static final int RECORDS = 500;

    /** The protocols warmed, in turn. */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private static final byte[] REQUEST =
            "GET /health HTTP/1.1\r\nHost: warmup\r\nUser-Agent: gonogo\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE =
            ("HTTP/1.1 200 OK\r\nServer: warmup\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 15\r\nConnection: keep-alive\r\n\r\n"
                            + "{\"status\":\"ok\"}")
                    .getBytes(StandardCharsets.US_ASCII);

    private TlsWarmup() {}

    /**
     * Warms the TLS code, the first time only: for at least {@code minMillis}, then until the JIT
     * has no TLS method left to compile (none queued, none in compilation, for {@link
     * #SETTLED_MILLIS}), and for at most {@code maxMillis}. On a busy machine the compiler threads
     * get less of the CPU, and the warm-up lasts longer.
     */
    static void once(long minMillis, long maxMillis) {
        if (!DONE.compareAndSet(false, true)) {
            return;
        }
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        long min = start + TimeUnit.MILLISECONDS.toNanos(minMillis);
        try {
            SSLContext server = serverContext();
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, new TrustManager[] {new TrustAll()}, null);
            // the handshakes: TLS 1.3 and 1.2 in turn (services speak either; their record layers
            // and handshakes are different code), each as a full handshake without a peer, then
            // with one: that resumes the session its ticket left, as a run's connections after
            // its first do. The resumed pairs stay open for the records.
            SSLEngine[][] open = new SSLEngine[PROTOCOLS.length][];
            for (int round = 0; round < 2 * PROTOCOLS.length; round++) {
                String protocol = PROTOCOLS[round / 2];
                SSLEngine c =
                        round % 2 == 0
                                ? client.createSSLEngine()
                                : client.createSSLEngine(protocol, 443);
                c.setUseClientMode(true);
                if (round % 2 == 1 && protocol.equals("TLSv1.2")) {
                    c.setEnabledProtocols(new String[] {protocol}); // as a run's later engines
                }
                SSLEngine s = server.createSSLEngine();
                s.setUseClientMode(false);
                s.setEnabledProtocols(new String[] {protocol});
                handshake(c, s);
                records(c, s, RECORDS, end);
                open[round / 2] = new SSLEngine[] {c, s};
            }
            // then the record layer, which is what a run spends its time in, until the JIT has
            // compiled it
            JitQueue jit = JitQueue.open();
            long settledSince = start;
            for (int batch = 0; System.nanoTime() - end < 0; batch++) {
                SSLEngine[] pair = open[batch % open.length];
                records(pair[0], pair[1], RECORDS, end);
                long now = System.nanoTime();
                if (jit.busyWith(TLS_CODE)) {
                    settledSince = now;
                } else if (now - min >= 0
                        && now - settledSince >= TimeUnit.MILLISECONDS.toNanos(SETTLED_MILLIS)) {
                    break;
                }
            }
        } catch (GeneralSecurityException | SSLException | RuntimeException e) {
            // the warm-up is an optimisation: without it the run starts cold
        }
    }

    /** A handshake between a new client and server engine, in memory. */
    static void handshake(SSLEngine c, SSLEngine s) throws SSLException {
        Buffers b = Buffers.of(c);
        ByteBuffer toServer = b.toServer();
        ByteBuffer toClient = b.toClient();
        ByteBuffer clientIn = b.clientIn();
        ByteBuffer serverIn = b.serverIn();
        ByteBuffer none = ByteBuffer.allocate(0);
        c.beginHandshake();
        s.beginHandshake();
        for (int i = 0; i < 100 && handshaking(c, s); i++) {
            c.wrap(none, toServer);
            tasks(c);
            s.wrap(none, toClient);
            tasks(s);
            toServer.flip();
            toClient.flip();
            s.unwrap(toServer, serverIn);
            tasks(s);
            c.unwrap(toClient, clientIn);
            tasks(c);
            toServer.compact();
            toClient.compact();
        }
    }

    /**
     * Up to {@code records} request and response records between a client and a server engine that
     * have done their handshake, in memory; fewer when {@code end} (a {@link System#nanoTime()})
     * comes first.
     */
    static void records(SSLEngine c, SSLEngine s, int records, long end) throws SSLException {
        Buffers b = Buffers.of(c);
        ByteBuffer toServer = b.toServer();
        ByteBuffer toClient = b.toClient();
        ByteBuffer clientIn = b.clientIn();
        ByteBuffer serverIn = b.serverIn();
        ByteBuffer request = ByteBuffer.wrap(REQUEST);
        ByteBuffer response = ByteBuffer.wrap(RESPONSE);
        for (int i = 0; i < records && System.nanoTime() - end < 0; i++) {
            request.clear();
            toServer.clear();
            c.wrap(request, toServer);
            toServer.flip();
            serverIn.clear();
            while (toServer.hasRemaining()) {
                s.unwrap(toServer, serverIn); // first time round: the client's session ticket
                tasks(s);
            }
            response.clear();
            toClient.clear();
            s.wrap(response, toClient);
            toClient.flip();
            clientIn.clear();
            while (toClient.hasRemaining()) {
                c.unwrap(toClient, clientIn);
                tasks(c);
            }
        }
    }

    /** The in-memory wire between a client and a server engine, sized by the client's session. */
    private record Buffers(
            ByteBuffer toServer, ByteBuffer toClient, ByteBuffer clientIn, ByteBuffer serverIn) {
        static Buffers of(SSLEngine c) {
            int packet = c.getSession().getPacketBufferSize();
            int app = c.getSession().getApplicationBufferSize();
            return new Buffers(
                    ByteBuffer.allocate(packet),
                    ByteBuffer.allocate(packet),
                    ByteBuffer.allocate(app),
                    ByteBuffer.allocate(app));
        }
    }

    private static boolean handshaking(SSLEngine c, SSLEngine s) {
        return c.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING
                || s.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING;
    }

    private static void tasks(SSLEngine e) {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** A server context with a throw-away self-signed EC P-256 certificate for CN=warmup. */
    static SSLContext serverContext() throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = ec.generateKeyPair();
        byte[] algorithm =
                der(0x30, oid(new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 4, 3, 2}));
        byte[] name =
                der(
                        0x30,
                        der(
                                0x31,
                                der(
                                        0x30,
                                        cat(
                                                oid(new byte[] {0x55, 4, 3}),
                                                der(
                                                        0x0c,
                                                        "warmup"
                                                                .getBytes(
                                                                        StandardCharsets
                                                                                .US_ASCII))))));
        byte[] validity =
                der(
                        0x30,
                        cat(
                                der(0x17, "250101000000Z".getBytes(StandardCharsets.US_ASCII)),
                                der(0x17, "491231235959Z".getBytes(StandardCharsets.US_ASCII))));
        byte[] tbs =
                der(
                        0x30,
                        cat(
                                der(0xa0, der(0x02, new byte[] {2})),
                                der(0x02, new byte[] {1}),
                                algorithm,
                                name,
                                validity,
                                name,
                                pair.getPublic().getEncoded()));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] certificate = der(0x30, cat(tbs, algorithm, der(0x03, bits)));
        X509Certificate cert =
                (X509Certificate)
                        CertificateFactory.getInstance("X.509")
                                .generateCertificate(new ByteArrayInputStream(certificate));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        char[] password = "warmup".toCharArray();
        store.setKeyEntry("warmup", pair.getPrivate(), password, new Certificate[] {cert});
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static byte[] oid(byte[] body) {
        return der(0x06, body);
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 4);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** Trusts the warm-up's own server. */
    static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
