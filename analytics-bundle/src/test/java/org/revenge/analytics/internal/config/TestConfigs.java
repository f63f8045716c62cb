package org.revenge.analytics.internal.config;

import java.util.Map;

/** Builds {@link AnalyticsConfiguration} instances as DS would: defaults, with some attributes set. */
public final class TestConfigs {

    private TestConfigs() {
    }

    /**
     * @param attributes attribute values by their {@code .cfg} name, e.g. {@code jdbc.pool.size}
     * @return a configuration that answers those values and the defaults for the rest
     */
    public static AnalyticsConfiguration analytics(Map<String, Object> attributes) {
        return ConfigurationValues.of(attributes);
    }
}
