package org.revenge.analytics.internal.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The plugin's one configuration, PID {@value #PID}. Every component of the bundle reads the
 * attributes it needs from it; nothing starts until it exists.
 */
@ObjectClassDefinition(
        id = AnalyticsConfiguration.PID,
        name = "Revenge Analytics",
        description = "Privacy-respecting usage analytics, stored in PostgreSQL on this machine only.")
public @interface AnalyticsConfiguration {

    /** The configuration PID. */
    String PID = "org.revenge.analytics";

    /** The service property our own pool carries, which {@link #dataSource_target()} selects by default. */
    String POOL_PROPERTY = "revenge.analytics.pool";

    @AttributeDefinition(name = "Enabled",
            description = "Record plays and run jobs. When off, stored figures can still be read.")
    boolean enabled() default true;

    @AttributeDefinition(name = "JDBC URL",
            description = "PostgreSQL to connect to, for example jdbc:postgresql://127.0.0.1:5432/revenge. "
                    + "Leave empty to use a DataSource service of the host instead (see dataSource.target).")
    String jdbc_url() default "";

    @AttributeDefinition(name = "JDBC user", description = "Database user; empty to take it from the URL.")
    String jdbc_user() default "";

    @AttributeDefinition(name = "JDBC password", type = AttributeType.PASSWORD,
            description = "Database password; empty to take it from the URL or from .pgpass.")
    String jdbc_password() default "";

    @AttributeDefinition(name = "Pool size", min = "1", max = "100",
            description = "Most connections the plugin's own pool opens (1 to 100).")
    int jdbc_pool_size() default 5;

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "300",
            description = "Seconds to wait for a database connection before the call fails (1 to 300).")
    int jdbc_connect_timeout_sec() default 5;

    @AttributeDefinition(name = "DataSource target",
            description = "LDAP filter selecting the javax.sql.DataSource service to use. The default selects "
                    + "the pool built from jdbc.url; name a host DataSource, e.g. (dataSourceName=revenge), to use it.")
    String dataSource_target() default "(" + POOL_PROPERTY + "=true)";

    @AttributeDefinition(name = "Time zone",
            description = "IANA time zone that days and hours are counted in, e.g. Europe/Berlin. Empty: the JVM's zone.")
    String timezone() default "";

    @AttributeDefinition(name = "Raw event retention (days)", min = "1", max = "36525",
            description = "Days that individual plays are kept; older plays are refused on arrival.")
    int retention_raw_days() default 90;
}
