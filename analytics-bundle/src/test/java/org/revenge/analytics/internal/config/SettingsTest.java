package org.revenge.analytics.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsAreEnabledJvmZoneAndNinetyDays() {
        Settings settings = Settings.from(TestConfigs.analytics(Map.of()));

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.zone()).isEqualTo(ZoneId.systemDefault());
        assertThat(settings.rawRetention()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void aNamedZoneIsUsed() {
        assertThat(Settings.from(TestConfigs.analytics(Map.of("timezone", " Europe/Berlin "))).zone())
                .isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void anUnknownZoneIsRefusedByName() {
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("timezone", "Mars/Olympus"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("timezone = 'Mars/Olympus'")
                .hasMessageContaining("IANA");
    }

    @Test
    void aFixedOffsetIsRefusedBecausePostgresReadsItsSignTheOtherWay() {
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("timezone", "+02:00"))))
                .hasMessageContaining("timezone = '+02:00': must be a region");
        assertThat(Settings.from(TestConfigs.analytics(Map.of("timezone", "Z"))).zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void aNegativeRetentionIsRefused() {
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("retention.raw.days", -1))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("retention.raw.days = '-1': must be between 0 and 36525");
    }
}
