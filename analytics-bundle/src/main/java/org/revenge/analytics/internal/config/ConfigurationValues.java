package org.revenge.analytics.internal.config;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds an {@link AnalyticsConfiguration} as DS would from a configuration's properties, for code
 * that runs the plugin's parts outside a framework (tests, the benchmark).
 */
public final class ConfigurationValues {

    private ConfigurationValues() {
    }

    /**
     * @param attributes attribute values by their {@code .cfg} name, e.g. {@code jdbc.pool.size}
     * @return a configuration that answers those values and the defaults for the rest
     */
    public static AnalyticsConfiguration of(Map<String, Object> attributes) {
        return (AnalyticsConfiguration) Proxy.newProxyInstance(AnalyticsConfiguration.class.getClassLoader(),
                new Class<?>[] {AnalyticsConfiguration.class}, (proxy, method, args) -> {
                    String key = method.getName().replace('_', '.');
                    if (!attributes.containsKey(key)) {
                        return method.getDefaultValue();
                    }
                    Object value = attributes.get(key);
                    // as DS converts it: a single string for a list attribute is a list of one
                    return method.getReturnType() == String[].class && value instanceof String single
                            ? new String[] {single} : value;
                });
    }
}
