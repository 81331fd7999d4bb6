package io.gonogo.runners.load.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JitQueueTest {

    /** The listing as HotSpot's {@code compilerQueue} command prints it (JDK 17). */
    private static final String LISTING =
            "Current compiles: \n"
                    + "C2 CompilerThread0  1262       4       jdk.internal.org.objectweb.asm"
                    + ".ByteVector::putShort (52 bytes)\n"
                    + "C1 CompilerThread0  1396       3       javax.management.ImmutableDescriptor"
                    + "::getFieldValue (87 bytes)\n\n"
                    + "C1 compile queue:\n"
                    + "1394       3       javax.management.MBeanFeatureInfo::<init> (20 bytes)\n\n"
                    + "C2 compile queue:\n"
                    + "1844       4       com.sun.crypto.provider.GaloisCounterMode::engineDoFinal"
                    + " (21 bytes)\n"
                    + "2335   !   4       sun.security.ssl.SSLEngineImpl::wrap (129 bytes)\n";

    @Test
    void aQueuedOrRunningCompilationOfAListedPackageMakesTheQueueBusy() {
        assertThat(JitQueue.busyWith(LISTING, List.of("sun.security."))).isTrue();
        assertThat(JitQueue.busyWith(LISTING, List.of("com.sun.crypto."))).isTrue();
        assertThat(JitQueue.busyWith(LISTING, List.of("jdk.internal.org."))).isTrue();
    }

    @Test
    void packagesMatchOnlyAtTheStartOfTheQualifiedName() {
        assertThat(JitQueue.busyWith(LISTING, List.of("java.util.", "crypto.", "ssl."))).isFalse();
        assertThat(
                        JitQueue.busyWith(
                                "C1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n",
                                List.of("sun.security.")))
                .isFalse();
    }

    @Test
    void onHotSpotTheQueueIsReadAndListsBothCompilersQueues() throws Exception {
        assertThat(JitQueue.open().readable()).isTrue();
        assertThat(JitQueue.open().listing())
                .contains("C1 compile queue:")
                .contains("C2 compile queue:");
    }
}
