package org.revenge.analytics.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The bundles a Karaf feature names, in order, as files of the local Maven repository (the system
 * property {@code maven.repo.local}, else {@code ~/.m2/repository}): the build ran {@code install}
 * before the modules that boot Felix, so every bundle of the feature is there. Reading them from the
 * features file keeps the tested set and the shipped set the same.
 */
public final class FeatureBundles {

    /**
     * @param url        the bundle's location in the features file, {@code mvn:group/artifact/version}
     * @param file       the jar in the local Maven repository
     * @param startLevel the start level the features file asks for, 0 if none
     */
    public record FeatureBundle(String url, File file, int startLevel) {
    }

    private FeatureBundles() {
    }

    /**
     * @param feature      the feature's name
     * @param featuresFile the features repository file
     * @return its bundles in the order the file gives
     */
    public static List<FeatureBundle> of(String feature, Path featuresFile) {
        Path repository = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            var document = factory.newDocumentBuilder().parse(featuresFile.toFile());
            NodeList features = document.getElementsByTagNameNS("*", "feature");
            for (int i = 0; i < features.getLength(); i++) {
                Element element = (Element) features.item(i);
                if (feature.equals(element.getAttribute("name"))) {
                    return bundlesOf(element, repository);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + featuresFile, e);
        }
        throw new IllegalStateException("no feature " + feature + " in " + featuresFile);
    }

    private static List<FeatureBundle> bundlesOf(Element feature, Path repository) {
        List<FeatureBundle> bundles = new ArrayList<>();
        NodeList children = feature.getElementsByTagNameNS("*", "bundle");
        for (int i = 0; i < children.getLength(); i++) {
            Element bundle = (Element) children.item(i);
            String url = bundle.getTextContent().strip();
            String level = bundle.getAttribute("start-level");
            File file = inRepository(url, repository);
            if (!Files.isRegularFile(file.toPath())) {
                throw new IllegalStateException(url + " is not in " + repository + " (" + file + "); run mvn install first");
            }
            bundles.add(new FeatureBundle(url, file, level.isEmpty() ? 0 : Integer.parseInt(level)));
        }
        return bundles;
    }

    /** {@code mvn:group/artifact/version[/type[/classifier]]} to its path in a Maven repository. */
    static File inRepository(String url, Path repository) {
        if (!url.startsWith("mvn:")) {
            throw new IllegalArgumentException("only mvn: bundle locations are supported, not " + url);
        }
        String[] parts = url.substring(4).split("/");
        String type = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : "jar";
        String classifier = parts.length > 4 ? "-" + parts[4] : "";
        return repository.resolve(parts[0].replace('.', '/')).resolve(parts[1]).resolve(parts[2])
                .resolve(parts[1] + "-" + parts[2] + classifier + "." + type).toFile();
    }
}
