package org.revenge.analytics.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

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
    void aNodeTakesItsJournalsIdAndAThirtySecondLeaseUnlessConfigured() {
        assertThat(NodeSettings.from(TestConfigs.analytics(Map.of())))
                .isEqualTo(new NodeSettings(null, Duration.ofSeconds(30), Duration.ofSeconds(5)));
        assertThat(NodeSettings.from(TestConfigs.analytics(Map.of("node.id", " living-room.1 ", "node.lease.sec", 10,
                "node.lease.renew.sec", 5)))).isEqualTo(new NodeSettings("living-room.1", Duration.ofSeconds(10), Duration.ofSeconds(5)));
    }

    @Test
    void badNodeSettingsAreRefusedByName() {
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("node.id", "host 1"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("node.id = 'host 1': must be 1 to 64 letters, digits");
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("node.lease.sec", 1))))
                .hasMessageContaining("node.lease.sec = '1': must be between 2 and 600");
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("node.lease.sec", 10, "node.lease.renew.sec", 6))))
                .hasMessageContaining("node.lease.renew.sec = '6': must be at most half of node.lease.sec (10)");
    }

    @Test
    void noReadReplicaUnlessAReadUrlIsSetAndItsCredentialsAreThePrimarysUnlessItsOwn() {
        assertThat(ReadReplicaSettings.from(TestConfigs.analytics(Map.of())).configured()).isFalse();
        ReadReplicaSettings read = ReadReplicaSettings.from(TestConfigs.analytics(Map.of("jdbc.user", "revenge",
                "jdbc.password", "secret", "jdbc.read.url", " jdbc:postgresql://replica.local:5433/revenge?sslmode=require ")));
        assertThat(read).isEqualTo(new ReadReplicaSettings("jdbc:postgresql://replica.local:5433/revenge?sslmode=require", "revenge",
                "secret", 3, Duration.ofSeconds(30)));
        assertThat(read.server()).as("never the query string, which may hold a password").isEqualTo("replica.local:5433/revenge");
        assertThat(ReadReplicaSettings.from(TestConfigs.analytics(Map.of("jdbc.user", "revenge", "jdbc.read.url",
                "jdbc:postgresql://replica.local/revenge", "jdbc.read.user", "reader", "jdbc.read.password", "other",
                "jdbc.read.pool.size", 2, "jdbc.read.max.lag.sec", 5))))
                .isEqualTo(new ReadReplicaSettings("jdbc:postgresql://replica.local/revenge", "reader", "other", 2, Duration.ofSeconds(5)));
    }

    @Test
    void badReadReplicaSettingsAreRefusedByNameAndStopThePlugin() {
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("jdbc.read.url", "jdbc:mysql://replica/revenge"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("jdbc.read.url = 'jdbc:mysql://replica/revenge': must start with jdbc:postgresql:");
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("jdbc.read.url", "jdbc:postgresql://replica:port/db"))))
                .hasMessageContaining("jdbc.read.url = 'jdbc:postgresql://replica:port/db': is not a valid PostgreSQL JDBC URL");
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("jdbc.read.pool.size", 0))))
                .hasMessageContaining("jdbc.read.pool.size = '0': must be between 1 and 50");
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("jdbc.read.max.lag.sec", 3601))))
                .hasMessageContaining("jdbc.read.max.lag.sec = '3601': must be between 1 and 3600");
    }

    @Test
    void aNegativeRetentionIsRefused() {
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("retention.raw.days", -1))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("retention.raw.days = '-1': must be between 0 and 36525");
    }

    @Test
    void dailyRollupsShorterThanTheLongestRankingPeriodAreRefusedNamingWhy() {
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("retention.daily.aggregates.days", 30))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("retention.daily.aggregates.days = '30': must be 0 (forever) or at least 365");
        assertThat(Settings.from(TestConfigs.analytics(Map.of("retention.daily.aggregates.days", 0))).retention()
                .dailyAggregateDays()).isZero();
        assertThat(Settings.from(TestConfigs.analytics(Map.of("retention.daily.aggregates.days", 365))).retention()
                .dailyAggregateDays()).isEqualTo(365);
    }

    @Test
    void excludedUsersAndLibrariesAreReadFromListsAndCommaSeparatedValues() {
        Settings settings = Settings.from(TestConfigs.analytics(Map.of(
                "privacy.excluded.users", new String[] {"00000000-0000-0001-0000-000000000001, 00000000-0000-0001-0000-000000000002",
                        "00000000-0000-0001-0000-000000000003"},
                "privacy.excluded.libraries", "00000000-0000-0002-0000-000000000001")));

        assertThat(settings.privacy().excludedUsers()).containsExactlyInAnyOrder(new UUID(1, 1), new UUID(1, 2), new UUID(1, 3));
        assertThat(settings.privacy().excludedLibraries()).containsExactly(new UUID(2, 1));
        assertThat(Settings.from(TestConfigs.analytics(Map.of())).privacy()).isEqualTo(Settings.Privacy.NONE);
    }

    @Test
    void anExcludedUserThatIsNotAUuidIsRefusedByNameAndValue() {
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("privacy.excluded.users",
                "00000000-0000-0001-0000-000000000001,alice"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("privacy.excluded.users = 'alice': is not a UUID");
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("privacy.excluded.libraries", "1-2-3-4-5"))))
                .hasMessageContaining("privacy.excluded.libraries = '1-2-3-4-5': is not a UUID");
    }

    @Test
    void theJournalIsSyncedAtIntervalsUnlessSaidOtherwise() {
        Settings defaults = Settings.from(TestConfigs.analytics(Map.of()));
        assertThat(defaults.journaling()).isEqualTo(new Settings.Journaling(JournalSync.INTERVAL, java.time.Duration.ofSeconds(1), 50_000));
        assertThat(Settings.from(TestConfigs.analytics(Map.of("journal.sync", " Batch "))).journaling().sync())
                .isEqualTo(JournalSync.BATCH);
        assertThat(Settings.from(TestConfigs.analytics(Map.of("journal.sync", "never"))).journaling().sync())
                .isEqualTo(JournalSync.NEVER);
    }

    @Test
    void anUnknownSyncModeIsRefusedByNameAndValue() {
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("journal.sync", "always"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("journal.sync = 'always': must be one of batch, interval, never");
        assertThatThrownBy(() -> Settings.from(TestConfigs.analytics(Map.of("journal.sync.interval.ms", 0))))
                .hasMessageContaining("journal.sync.interval.ms = '0': must be between 10 and 60000");
    }
}
