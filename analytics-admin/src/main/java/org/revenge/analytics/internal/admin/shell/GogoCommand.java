package org.revenge.analytics.internal.admin.shell;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

/**
 * One {@code analytics:} command as a Gogo {@link Function}. Karaf 4.4's shell runs every service
 * with {@code osgi.command.scope} and {@code osgi.command.function} through its CommandTracker
 * (calling {@link #execute} as Gogo does; its {@code help analytics:top} runs the command with
 * {@code --help}), so this one class serves Karaf and plain Gogo alike. A {@code Function} rather
 * than methods on one object, because Gogo finds methods by name and {@code run-job} is no Java
 * name. Output goes to {@code System.out}, which both shells route to the session (and through pipes).
 */
final class GogoCommand implements Function {

    private final String name;
    private final AnalyticsCommands commands;

    GogoCommand(String name, AnalyticsCommands commands) {
        this.name = name;
        this.commands = commands;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) throws Exception {
        commands.run(name, arguments, System.out);
        System.out.flush();
        return null;
    }
}
