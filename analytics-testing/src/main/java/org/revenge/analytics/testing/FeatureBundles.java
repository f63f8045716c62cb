package org.revenge.analytics.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
     * @param dependency whether the features file marks it {@code dependency="true"}: Karaf installs
     *                   it only if nothing else provides what it exports
     */
    public record FeatureBundle(String url, File file, int startLevel, boolean dependency) {
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
            Map<String, Element> features = new HashMap<>();
            NodeList elements = document.getDocumentElement().getElementsByTagNameNS("*", "feature");
            for (int i = 0; i < elements.getLength(); i++) {
                Element element = (Element) elements.item(i);
                if (element.getParentNode() == document.getDocumentElement()) {
                    features.put(element.getAttribute("name"), element);
                }
            }
            if (!features.containsKey(feature)) {
                throw new IllegalStateException("no feature " + feature + " in " + featuresFile);
            }
            List<FeatureBundle> bundles = new ArrayList<>();
            addBundles(features.get(feature), features, repository, bundles);
            return bundles;
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + featuresFile, e);
        }
    }

    /**
     * A feature's bundles in document order, with those of the features it includes from the same
     * file in their place; features of Karaf's own (scr, eventadmin) are the host's business.
     */
    private static void addBundles(Element feature, Map<String, Element> features, Path repository, List<FeatureBundle> bundles) {
        NodeList children = feature.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (!(children.item(i) instanceof Element child)) {
                continue;
            }
            if ("feature".equals(child.getLocalName())) {
                Element included = features.get(child.getTextContent().strip());
                if (included != null) {
                    addBundles(included, features, repository, bundles);
                }
            } else if ("bundle".equals(child.getLocalName())) {
                String url = child.getTextContent().strip();
                String level = child.getAttribute("start-level");
                File file = inRepository(url, repository);
                if (!Files.isRegularFile(file.toPath())) {
                    throw new IllegalStateException(url + " is not in " + repository + " (" + file + "); run mvn install first");
                }
                bundles.add(new FeatureBundle(url, file, level.isEmpty() ? 0 : Integer.parseInt(level),
                        "true".equals(child.getAttribute("dependency"))));
            }
        }
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
