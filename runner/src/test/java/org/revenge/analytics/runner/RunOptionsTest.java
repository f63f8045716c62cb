package org.revenge.analytics.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class RunOptionsTest {

    @Test
    void karafsShutdownPortIsFixedByDefaultAndCanBeChosen() {
        assertThat(RunOptions.parse(List.of()).shutdownPort()).isEqualTo(8105);
        assertThat(RunOptions.parse(List.of("--shutdown-port", "18105")).shutdownPort()).isEqualTo(18105);
    }

    @Test
    void aPortGivenForTwoListenersIsRefusedNamingBothOptions() {
        assertThatThrownBy(() -> RunOptions.parse(List.of("--http-port", "9000", "--shutdown-port", "9000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--shutdown-port must differ from --http-port: both are 9000");
        assertThatThrownBy(() -> RunOptions.parse(List.of("--shutdown-port", "8181")))
                .hasMessage("--shutdown-port must differ from --http-port: both are 8181");
    }

    @Test
    void aShutdownPortThatIsNoPortIsRefused() {
        assertThatThrownBy(() -> RunOptions.parse(List.of("--shutdown-port", "0")))
                .hasMessage("--shutdown-port must be a port number, was 0");
        assertThatThrownBy(() -> RunOptions.parse(List.of("--shutdown-port")))
                .hasMessage("--shutdown-port needs a value");
    }
}
