package io.gonogo.runners.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessStatesTest {

    @Test
    void theStateIsTheFieldAfterTheCommandEvenWhenTheCommandHoldsParentheses() {
        assertThat(ProcessStates.state("4242 (java) S 1 4242 4242 0 -1")).isEqualTo('S');
        assertThat(ProcessStates.state("4242 (a) b (c)) T 1 4242")).isEqualTo('T');
    }

    @Test
    void aStoppedChildIsSeenStoppedAndARunningOneIsNot() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(ProcessStates.awaitStopped(p.pid(), Duration.ofMillis(50))).isFalse();
            new ProcessBuilder("kill", "-s", "STOP", Long.toString(p.pid())).start().waitFor();
            assertThat(ProcessStates.awaitStopped(p.pid(), Duration.ofSeconds(2))).isTrue();
        } finally {
            p.destroyForcibly();
        }
    }
}
