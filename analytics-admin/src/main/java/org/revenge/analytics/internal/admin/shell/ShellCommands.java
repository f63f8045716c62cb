package org.revenge.analytics.internal.admin.shell;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.revenge.analytics.internal.admin.names.ShownNames;
import org.revenge.analytics.spi.AnalyticsAdmin;
import org.revenge.analytics.spi.AnalyticsImporter;
import org.revenge.analytics.spi.AnalyticsNames;
import org.revenge.analytics.spi.AnalyticsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@code analytics:} commands as Gogo functions on a host with a plain Gogo shell.
 * In Karaf, whose shell API the bundle imports optionally, Karaf's shell runs the actions of
 * {@code shell.karaf} instead (with completion, help and the command ACL), so nothing is registered
 * here. Without a shell the bundle still resolves; then this component registers nothing and says so once. AnalyticsAdmin is optional too: with an analytics bundle older than
 * SPI 1.3 the read-only commands still work and the others say what is missing.
 */
@Component(immediate = true)
public final class ShellCommands {

    private static final Logger LOG = LoggerFactory.getLogger(ShellCommands.class);
    private static final String FUNCTION = "org.apache.felix.service.command.Function";

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    /** Optional: an analytics bundle older than SPI 1.3 has none, and the rest still works (a field, as DS sets it dynamically). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AnalyticsAdmin admin;
    /** Optional likewise: an analytics bundle older than SPI 1.4 has no importer. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AnalyticsImporter importer;
    /** Optional: without it (an analytics bundle older than SPI 1.4) the commands show short ids. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AnalyticsNames names;

    @Activate
    public ShellCommands(BundleContext context, @Reference AnalyticsService analytics) {
        if (karafShellPresent()) {
            // Karaf's shell runs the actions of the Karaf-Commands header: completion, help, ACL
            LOG.info("Karaf shell: the analytics: commands are its actions (org.revenge.analytics.internal.admin.shell.karaf)");
            return;
        }
        if (!gogoPresent()) {
            LOG.info("No Gogo shell API on this host: the analytics: shell commands are not registered");
            return;
        }
        AnalyticsCommands commands = new AnalyticsCommands(analytics, () -> admin, Clock.systemDefaultZone(), ZoneId.systemDefault(),
                TextTable::new, ShownNames.of(() -> names));
        for (CommandSpec spec : AnalyticsCommands.specs()) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("osgi.command.scope", CommandSpec.SCOPE);
            properties.put("osgi.command.function", spec.name());
            properties.put("osgi.command.description", spec.description());
            registrations.add(context.registerService(FUNCTION, new GogoCommand(spec.name(), commands), properties));
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.command.scope", CommandSpec.SCOPE);
        properties.put("osgi.command.function", ImportCommand.SPEC.name());
        properties.put("osgi.command.description", ImportCommand.SPEC.description());
        registrations.add(context.registerService(FUNCTION, new ImportGogoCommand(new ImportCommand(() -> importer)), properties));
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        registrations.clear();
    }

    private static boolean gogoPresent() {
        return loadable(FUNCTION);
    }

    /** Karaf's shell API wired to this bundle (its import is optional): Karaf runs the actions instead. */
    private static boolean karafShellPresent() {
        return loadable("org.apache.karaf.shell.api.action.Action");
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, ShellCommands.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
