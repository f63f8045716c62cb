package org.revenge.analytics.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told how far a running import got, from the importing thread; must return quickly.
 *
 * @since 1.4
 */
@ConsumerType
@FunctionalInterface
public interface ImportProgress {

    /**
     * @param phase what the import is doing, in words ({@code reading}, {@code counting plays and rollups})
     * @param rows  rows read so far
     */
    void progress(String phase, long rows);
}
