package org.revenge.analytics.internal.config;

/**
 * An attribute of the plugin's configuration has a value the plugin cannot work with. The
 * message names the attribute as an operator writes it in the {@code .cfg} file.
 */
public final class ConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param attribute the attribute, for example {@code jdbc.pool.size}
     * @param value     the value it has
     * @param reason    what is wrong with it
     */
    public ConfigurationException(String attribute, Object value, String reason) {
        super("configuration " + AnalyticsConfiguration.PID + ", " + attribute + " = '" + value + "': " + reason);
    }
}
