package org.revenge.analytics.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTailTest {

    private static final String OURS = "2026-11-24T04:07:26,123 | INFO  | analytics-schema | SchemaMigrator                   "
            + "| 69 - org.revenge.analytics.bundle - 1.0.0.SNAPSHOT | Analytics schema is up to date";
    private static final String KARAF_INFO = "2026-11-24T04:07:26,123 | INFO  | features-3-thread-1 | FeaturesServiceImpl "
            + "             | 10 - org.apache.karaf.features.core - 4.4.10 | Done.";
    private static final String KARAF_WARN = "2026-11-24T04:07:26,123 | WARN  | main | Activator | 20 - "
            + "org.apache.karaf.management.server - 4.4.10 | something odd";

    @Test
    void showsOurLinesAndOthersWarningsShortly() {
        assertThat(LogTail.show(OURS, false)).contains("04:07:26 INFO  analytics: Analytics schema is up to date");
        assertThat(LogTail.show(KARAF_WARN, false)).contains("04:07:26 WARN  Activator: something odd");
    }

    @Test
    void hidesOtherInformationAndOthersWarningsWhileStopping() {
        assertThat(LogTail.show(KARAF_INFO, false)).contains("");
        assertThat(LogTail.show(KARAF_WARN, true)).contains("");
        assertThat(LogTail.show(OURS, true)).isNotEqualTo("");
    }

    @Test
    void aStackTraceLineIsAContinuation() {
        assertThat(LogTail.show("\tat org.revenge.analytics.internal.db.SchemaMigrator.run(SchemaMigrator.java:42)", false))
                .isEmpty();
    }
}
