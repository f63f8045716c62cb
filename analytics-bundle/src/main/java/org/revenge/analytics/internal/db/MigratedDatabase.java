package org.revenge.analytics.internal.db;

import javax.sql.DataSource;

/**
 * A database whose analytics schema is up to date. The schema migrator registers it once
 * Liquibase has succeeded; components that touch tables require it, so none of them ever sees a
 * half-migrated schema.
 */
public interface MigratedDatabase {

    /**
     * @return the DataSource the schema was migrated on
     */
    DataSource dataSource();
}
