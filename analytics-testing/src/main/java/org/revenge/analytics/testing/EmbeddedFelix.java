package org.revenge.analytics.testing;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * A Felix framework launched inside this JVM through the framework launching API, with the host's
 * bundles and then a feature's bundles: the host the fuzz test ({@code OwnFelix}) and the benchmark
 * ({@code Host}) run the plugin in. EventAdmin's and ConfigAdmin's API packages come from this JVM's
 * class path through the system bundle, so the caller posts real events and configures the plugin.
 */
public final class EmbeddedFelix {

    private EmbeddedFelix() {
    }

    /**
     * @param workDir where the bundle cache goes (emptied when the framework is first initialised)
     * @return the framework properties both hosts share, to add to
     */
    public static Map<String, String> properties(Path workDir) {
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, workDir.resolve("felix-cache").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                "org.osgi.service.event;version=1.4.1,org.osgi.service.cm;version=1.6.1");
        return properties;
    }

    /**
     * Installs the host bundles at {@code hostLevel}, then the feature's bundles (those the features
     * file gives a start level, SPI Fly and ASM, at level 1, so they weave before anything else
     * starts; the rest at {@code featureLevel}), starts the framework and every bundle, and raises
     * the framework's start level to {@code frameworkLevel}.
     *
     * @return the started framework; the caller stops it
     */
    public static Framework launch(Map<String, String> properties, List<File> hostBundles, int hostLevel,
            List<FeatureBundles.FeatureBundle> featureBundles, int featureLevel, int frameworkLevel) throws Exception {
        Framework framework = new FrameworkFactory().newFramework(properties);
        framework.init();
        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (File jar : hostBundles) {
            installed.add(install(context, jar, hostLevel));
        }
        for (FeatureBundles.FeatureBundle bundle : featureBundles) {
            installed.add(install(context, bundle.file(), bundle.startLevel() > 0 ? 1 : featureLevel));
        }
        framework.start();
        for (Bundle bundle : installed) {
            bundle.start();
        }
        framework.adapt(FrameworkStartLevel.class).setStartLevel(frameworkLevel);
        return framework;
    }

    private static Bundle install(BundleContext context, File jar, int level) throws Exception {
        Bundle bundle = context.installBundle(jar.toURI().toString());
        bundle.adapt(BundleStartLevel.class).setStartLevel(level);
        return bundle;
    }
}
