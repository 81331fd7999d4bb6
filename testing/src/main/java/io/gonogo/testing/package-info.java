/**
 * Helpers the gonogo modules' tests share: {@link io.gonogo.testing.TestCertificates} (self-signed
 * certificates made by keytool, as PEM files and key stores), {@link
 * io.gonogo.testing.BenchmarkJars} (a JMH benchmark jar compiled with javac and JMH's annotation
 * processor), {@link io.gonogo.testing.TestHttpsServer} (the JDK's HTTPS server on 127.0.0.1) and
 * {@link io.gonogo.testing.HttpsEchoServer} (one such server around a test class).
 *
 * <p>A test-scope dependency only; the JDK and the JUnit Jupiter API, nothing of gonogo's own.
 */
package io.gonogo.testing;
