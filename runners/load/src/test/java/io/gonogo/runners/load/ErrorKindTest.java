package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ErrorKindTest {

    @Test
    void labels_are_the_kind_values_of_the_errors_metric() {
        assertThat(Arrays.stream(ErrorKind.values()).map(ErrorKind::label))
                .containsExactly(
                        "connect", "timeout", "reset", "http_4xx", "http_5xx", "protocol", "tls");
    }
}
