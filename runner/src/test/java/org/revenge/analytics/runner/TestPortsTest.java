package org.revenge.analytics.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.revenge.analytics.testing.TestPorts;

/** The shared test fixture's ports (they live in analytics-testing, which has no tests of its own). */
class TestPortsTest {

    @Test
    void aPortOfTheEphemeralRangeIsRefusedNamingTheRange() {
        int[] range = TestPorts.ephemeralRange();
        assertThatThrownBy(() -> TestPorts.outsideEphemeral(range[0])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("test port " + range[0] + " lies in this machine's ephemeral port range " + range[0] + "-"
                        + range[1]);
        assertThat(TestPorts.outsideEphemeral(range[0] - 1)).isEqualTo(range[0] - 1);
    }

    @Test
    void aRandomPortIsBelowTheEphemeralRange() {
        int port = TestPorts.randomUnused();
        assertThat(port).isBetween(TestPorts.RANDOM_FROM, TestPorts.RANDOM_TO - 1)
                .isLessThan(TestPorts.ephemeralRange()[0]);
    }
}
