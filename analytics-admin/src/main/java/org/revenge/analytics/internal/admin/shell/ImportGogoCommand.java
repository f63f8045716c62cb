package org.revenge.analytics.internal.admin.shell;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

/** {@code analytics:import} as a Gogo {@link Function}: only hands the arguments to {@link ImportCommand}. */
final class ImportGogoCommand implements Function {

    private final ImportCommand command;

    ImportGogoCommand(ImportCommand command) {
        this.command = command;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) throws Exception {
        command.run(arguments, System.out);
        System.out.flush();
        return null;
    }
}
