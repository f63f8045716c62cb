package org.revenge.analytics.internal.ingest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.revenge.analytics.internal.config.TestConfigs;

/** Two copies of the plugin (a feature's, and another version's jar in deploy/) must not both record. */
class SecondCopyTest {

    private static Bundle bundle(long id, String version, String location, int state) {
        Bundle bundle = mock(Bundle.class);
        when(bundle.getBundleId()).thenReturn(id);
        when(bundle.getSymbolicName()).thenReturn("org.revenge.analytics.bundle");
        when(bundle.getVersion()).thenReturn(Version.parseVersion(version));
        when(bundle.getLocation()).thenReturn(location);
        when(bundle.getState()).thenReturn(state);
        return bundle;
    }

    @Test
    void theCopyThatStartsSecondIsRefusedNamingBoth() {
        Bundle first = bundle(70, "1.0.0", "mvn:org.revenge.analytics/analytics-bundle/1.0.0", Bundle.ACTIVE);
        Bundle second = bundle(91, "1.0.1", "file:/karaf/deploy/analytics-bundle-1.0.1.jar", Bundle.STARTING);
        BundleContext context = mock(BundleContext.class);
        when(context.getBundle()).thenReturn(second);
        when(context.getBundles()).thenReturn(new Bundle[] {first, second});

        assertThatThrownBy(() -> new IngestPipeline(context, TestConfigs.analytics(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Analytics is not started in bundle 91 (1.0.1, file:/karaf/deploy/analytics-bundle-1.0.1.jar): "
                        + "bundle 70 (1.0.0, mvn:org.revenge.analytics/analytics-bundle/1.0.0) already records");
    }
}
