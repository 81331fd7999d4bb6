package io.gonogo.render.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.TestStatus;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void writesDurationsInTheLargestHelpfulUnit() {
        assertThat(Formats.duration(0)).isEqualTo("0ms");
        assertThat(Formats.duration(999)).isEqualTo("999ms");
        assertThat(Formats.duration(1_000)).isEqualTo("1s");
        assertThat(Formats.duration(13_359)).isEqualTo("13.36s");
        assertThat(Formats.duration(59_949)).isEqualTo("59.95s");
        assertThat(Formats.duration(59_999)).isEqualTo("1min 00s");
        assertThat(Formats.duration(125_400)).isEqualTo("2min 05s");
        assertThat(Formats.duration(3_725_000)).isEqualTo("1h 02min 05s");
    }

    @Test
    void writesMemoryInBinaryUnits() {
        assertThat(Formats.bytes(512)).isEqualTo("512B");
        assertThat(Formats.bytes(1L << 30)).isEqualTo("1GiB");
        assertThat(Formats.bytes(3L << 29)).isEqualTo("1.5GiB");
        assertThat(Formats.bytes(256L << 20)).isEqualTo("256MiB");
    }

    @Test
    void writesStatusesAndCountsAsPeopleReadThem() {
        assertThat(Formats.status(TestStatus.NOT_EXECUTED)).isEqualTo("NOT EXECUTED");
        assertThat(Formats.count(1, "blocker", "blockers")).isEqualTo("1 blocker");
        assertThat(Formats.count(1200, "blocker", "blockers")).isEqualTo("1,200 blockers");
    }
}
