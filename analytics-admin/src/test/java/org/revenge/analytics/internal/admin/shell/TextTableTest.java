package org.revenge.analytics.internal.admin.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellAndNumbersAlignRight() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TextTable("NAME", "PLAYS").right(1).row("web", "1,234").row("android-tv", "5").print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "  ");
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "  NAME        PLAYS",
                "  web         1,234",
                "  android-tv      5");
    }

    @Test
    void figuresReadAsAnAdminExpects() {
        assertThat(Formats.count(1234567)).isEqualTo("1,234,567");
        assertThat(Formats.hours(5400)).isEqualTo("1.5");
        assertThat(Formats.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Formats.bytes(512)).isEqualTo("512 B");
        assertThat(Formats.duration(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(Formats.duration(Duration.ofSeconds(90))).isEqualTo("1 min 30 s");
        assertThat(Formats.period(Duration.ofDays(7))).isEqualTo("7 days");
        assertThat(Formats.period(Duration.ofDays(36_525))).isEqualTo("all time");
        assertThat(Formats.period(Duration.ofHours(6))).isEqualTo("6 hours");
    }
}
