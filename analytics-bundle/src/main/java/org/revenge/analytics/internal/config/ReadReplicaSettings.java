package org.revenge.analytics.internal.config;

import java.time.Duration;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * The optional read replica for the queries: {@code jdbc.read.*}.
 *
 * @param url      {@code jdbc.read.url}, empty when none is configured
 * @param user     {@code jdbc.read.user}, or {@code jdbc.user} when that is empty
 * @param password {@code jdbc.read.password}, or {@code jdbc.password} when that is empty
 * @param poolSize {@code jdbc.read.pool.size}
 * @param maxLag   {@code jdbc.read.max.lag.sec}: further behind than this, the queries read the primary
 */
public record ReadReplicaSettings(String url, String user, String password, int poolSize, Duration maxLag) {

    /** The URL's prefix, as {@code jdbc.url} must have it. */
    static final String POSTGRES = "jdbc:postgresql:";

    /**
     * @throws ConfigurationException naming the first bad attribute
     */
    public static ReadReplicaSettings from(AnalyticsConfiguration config) {
        String url = config.jdbc_read_url() == null ? "" : config.jdbc_read_url().strip();
        if (!url.isEmpty() && !url.startsWith(POSTGRES)) {
            throw new ConfigurationException("jdbc.read.url", url, "must start with " + POSTGRES
                    + " (or be empty, so that the queries read the primary)");
        }
        if (!url.isEmpty()) {
            try {
                new PGSimpleDataSource().setURL(url);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("jdbc.read.url", url, "is not a valid PostgreSQL JDBC URL (" + e.getMessage() + ")");
            }
        }
        String user = config.jdbc_read_user() == null || config.jdbc_read_user().isBlank() ? config.jdbc_user()
                : config.jdbc_read_user();
        String password = config.jdbc_read_password() == null || config.jdbc_read_password().isEmpty() ? config.jdbc_password()
                : config.jdbc_read_password();
        return new ReadReplicaSettings(url, user == null ? "" : user.strip(), password == null ? "" : password,
                Settings.within("jdbc.read.pool.size", config.jdbc_read_pool_size(), 1, 50),
                Duration.ofSeconds(Settings.within("jdbc.read.max.lag.sec", config.jdbc_read_max_lag_sec(), 1, 3600)));
    }

    /** @return whether a replica is configured */
    public boolean configured() {
        return !url.isEmpty();
    }

    /** @return the replica's server and database, without the query string (which may hold a password) */
    public String server() {
        return url.replaceFirst("\\?.*", "").substring(POSTGRES.length()).replaceFirst("^//", "");
    }
}
