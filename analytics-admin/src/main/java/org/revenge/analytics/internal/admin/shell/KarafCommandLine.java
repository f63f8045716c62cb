package org.revenge.analytics.internal.admin.shell;

/**
 * What a Karaf action was given, already parsed by Karaf's shell, handed to the shared command
 * logic under the names the logic uses (its Gogo options), so that defaults and checks are the
 * same in both shells. Values not given are {@code null} and left out.
 */
public final class KarafCommandLine {

    private final CommandLine.Builder builder;

    private KarafCommandLine(String command) {
        this.builder = CommandLine.builder(CommandSpec.SCOPE + ":" + command);
    }

    /** @param command the command's name without its scope, e.g. {@code top} */
    public static KarafCommandLine of(String command) {
        return new KarafCommandLine(command);
    }

    public KarafCommandLine option(String name, String value) {
        builder.option(name, value);
        return this;
    }

    public KarafCommandLine flag(String name, boolean given) {
        builder.flag(name, given);
        return this;
    }

    public KarafCommandLine positional(String value) {
        builder.positional(value);
        return this;
    }

    CommandLine build() {
        return builder.build();
    }
}
