package org.revenge.analytics.runner;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The PostgreSQL server the plugin is pointed at, and who chose it. In order: the environment
 * ({@code ANALYTICS_JDBC_URL}, {@code _USER}, {@code _PASSWORD}); then a URL the operator wrote into
 * {@code etc/org.revenge.analytics.cfg} (any URL other than the one the launcher itself wrote last);
 * else the embedded server, started under the data directory.
 */
record Database(String url, String user, String password, Source source) {

    enum Source {
        EMBEDDED("embedded PostgreSQL"),
        ENVIRONMENT("ANALYTICS_JDBC_URL"),
        CONFIG_FILE("etc/org.revenge.analytics.cfg");

        final String description;

        Source(String description) {
            this.description = description;
        }
    }

    static final String URL_VARIABLE = "ANALYTICS_JDBC_URL";
    static final String USER_VARIABLE = "ANALYTICS_JDBC_USER";
    static final String PASSWORD_VARIABLE = "ANALYTICS_JDBC_PASSWORD";

    /**
     * @param environment  the process environment
     * @param configured   jdbc.url, jdbc.user, jdbc.password as they stand in the plugin's .cfg (absent
     *                     values: no file yet, or not set)
     * @param launcherUrl  the jdbc.url the launcher wrote into the .cfg last time, if any
     * @param embeddedPort the port the embedded server listens on
     */
    static Database choose(Map<String, String> environment, Map<String, String> configured, Optional<String> launcherUrl,
            int embeddedPort) {
        String fromEnvironment = environment.getOrDefault(URL_VARIABLE, "").strip();
        if (!fromEnvironment.isEmpty()) {
            return new Database(fromEnvironment, environment.getOrDefault(USER_VARIABLE, ""),
                    environment.getOrDefault(PASSWORD_VARIABLE, ""), Source.ENVIRONMENT);
        }
        String inFile = configured.getOrDefault("jdbc.url", "").strip();
        if (!inFile.isEmpty() && !launcherUrl.map(inFile::equals).orElse(false)) {
            return new Database(inFile, configured.getOrDefault("jdbc.user", ""), configured.getOrDefault("jdbc.password", ""),
                    Source.CONFIG_FILE);
        }
        return embedded(embeddedPort);
    }

    static Database embedded(int port) {
        return new Database("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "", Source.EMBEDDED);
    }

    /** @return a psql command line that opens this database (without the password) */
    String psql() {
        try {
            URI uri = URI.create(url.substring("jdbc:".length()));
            String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
            return "psql -h " + (uri.getHost() == null ? "127.0.0.1" : uri.getHost()) + " -p "
                    + (uri.getPort() < 0 ? 5432 : uri.getPort()) + (user.isEmpty() ? "" : " -U " + user) + " " + database;
        } catch (IllegalArgumentException e) {
            return "psql (" + url + ")";
        }
    }
}
