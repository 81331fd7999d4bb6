package io.gonogo.runners.load.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Warms the JDK's TLS cryptography once per JVM before the first {@code https} run starts its
 * clock: AES-GCM over record-sized buffers, X25519 and ECDHE P-256 key agreement, and ECDSA P-256
 * verification, with keys made for the purpose and nothing sent anywhere.
 *
 * <p>The JDK's ciphers are Java code whose fast paths (AES and GHASH intrinsics) only exist once
 * the JIT has compiled them; on a cold JVM the first seconds of a TLS run are spent interpreting
 * them, which a load generator should not count against the service. The warm-up is bounded in time
 * and runs before any connection is opened, so it is outside every measured window.
 */
final class TlsWarmup {

    private static final AtomicBoolean DONE = new AtomicBoolean();

    private TlsWarmup() {}

    /** Warms the ciphers for at most {@code budgetMillis}, the first time only. */
    static void once(long budgetMillis) {
        if (!DONE.compareAndSet(false, true)) {
            return;
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        try {
            SecureRandom random = new SecureRandom();
            byte[] record = new byte[256];
            byte[] sealed = new byte[record.length + 16];
            byte[] opened = new byte[record.length];
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher seal = Cipher.getInstance("AES/GCM/NoPadding");
            Cipher open = Cipher.getInstance("AES/GCM/NoPadding");
            SecretKeySpec[] keys = {
                new SecretKeySpec(new byte[16], "AES"), new SecretKeySpec(new byte[32], "AES")
            };
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair signer = ec.generateKeyPair();
            Signature sign = Signature.getInstance("SHA256withECDSA");
            sign.initSign(signer.getPrivate());
            sign.update(record);
            byte[] signature = sign.sign();
            KeyPairGenerator xdh = KeyPairGenerator.getInstance("X25519");
            KeyPair peer = xdh.generateKeyPair();
            KeyPair ecPeer = ec.generateKeyPair();
            for (int round = 0; System.nanoTime() - end < 0; round++) {
                for (int i = 0; i < 200; i++) {
                    iv[0]++;
                    SecretKeySpec key = keys[i & 1];
                    seal.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
                    seal.updateAAD(iv, 0, 5);
                    int n = seal.doFinal(record, 0, record.length, sealed, 0);
                    open.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
                    open.updateAAD(iv, 0, 5);
                    open.doFinal(sealed, 0, n, opened, 0);
                }
                if (round % 4 == 0) {
                    KeyAgreement x = KeyAgreement.getInstance("X25519");
                    x.init(xdh.generateKeyPair().getPrivate());
                    x.doPhase(peer.getPublic(), true);
                    x.generateSecret();
                    KeyAgreement e = KeyAgreement.getInstance("ECDH");
                    e.init(ec.generateKeyPair().getPrivate());
                    e.doPhase(ecPeer.getPublic(), true);
                    e.generateSecret();
                    Signature verify = Signature.getInstance("SHA256withECDSA");
                    verify.initVerify(signer.getPublic());
                    verify.update(record);
                    verify.verify(signature);
                }
            }
        } catch (GeneralSecurityException e) {
            // a JDK without one of these algorithms: TLS will negotiate others, cold
        }
    }
}
