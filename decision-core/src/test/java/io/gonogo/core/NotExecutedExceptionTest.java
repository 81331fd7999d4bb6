package io.gonogo.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link NotExecutedException#in} finds the reason a scenario did not run wherever it is wrapped.
 */
class NotExecutedExceptionTest {

    @Test
    void isFoundInTheChainOfCauses() {
        NotExecutedException why = new NotExecutedException("the fault proxy could not start");
        assertThat(NotExecutedException.in(why)).isSameAs(why);
        assertThat(
                        NotExecutedException.in(
                                new IllegalStateException("suite", new RuntimeException(why))))
                .isSameAs(why);
    }

    @Test
    void aPlainFailureHasNone() {
        assertThat(NotExecutedException.in(new IllegalStateException("answered 500"))).isNull();
        assertThat(NotExecutedException.in(null)).isNull();
        RuntimeException selfCaused = new RuntimeException("loop");
        assertThat(NotExecutedException.in(selfCaused)).isNull();
    }
}
