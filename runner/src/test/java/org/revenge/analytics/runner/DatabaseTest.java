package org.revenge.analytics.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DatabaseTest {

    private static final String EMBEDDED = "jdbc:postgresql://127.0.0.1:55432/postgres";

    @Test
    void withNothingSetItIsTheEmbeddedServer() {
        Database database = Database.choose(Map.of(), Map.of(), Optional.empty(), 55432);
        assertThat(database).isEqualTo(new Database(EMBEDDED, "postgres", "", Database.Source.EMBEDDED));
    }

    @Test
    void theEnvironmentWinsOverEverything() {
        Database database = Database.choose(Map.of("ANALYTICS_JDBC_URL", "jdbc:postgresql://db:5432/x",
                "ANALYTICS_JDBC_USER", "u", "ANALYTICS_JDBC_PASSWORD", "p"),
                Map.of("jdbc.url", "jdbc:postgresql://other/y"), Optional.empty(), 55432);
        assertThat(database).isEqualTo(new Database("jdbc:postgresql://db:5432/x", "u", "p", Database.Source.ENVIRONMENT));
    }

    @Test
    void aUrlTheOperatorWroteIntoTheFileIsKept() {
        Database database = Database.choose(Map.of(), Map.of("jdbc.url", "jdbc:postgresql://db/y", "jdbc.user", "me"),
                Optional.of(EMBEDDED), 55432);
        assertThat(database).isEqualTo(new Database("jdbc:postgresql://db/y", "me", "", Database.Source.CONFIG_FILE));
    }

    @Test
    void whatTheLauncherWroteBeforeIsItsOwnToChange() {
        // last run used ANALYTICS_JDBC_URL; this one has none, so it is the embedded server again
        Database database = Database.choose(Map.of(), Map.of("jdbc.url", "jdbc:postgresql://db:5432/x"),
                Optional.of("jdbc:postgresql://db:5432/x"), 55432);
        assertThat(database.source()).isEqualTo(Database.Source.EMBEDDED);
    }

    @Test
    void printsAPsqlCommandLine() {
        assertThat(Database.embedded(55432).psql()).isEqualTo("psql -h 127.0.0.1 -p 55432 -U postgres postgres");
    }
}
