package org.revenge.analytics.internal.admin.shell;

import org.revenge.analytics.internal.admin.params.Parameters;
import org.revenge.analytics.spi.InvalidInputException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One command's arguments, parsed the same way in Karaf's shell and in Gogo: {@code --name value}
 * or {@code --name=value} options, {@code --flag} switches, and positional arguments. Every
 * conversion names the argument it rejects, so an admin sees which one to fix.
 */
final class CommandLine {

    private final String command;
    private final Map<String, String> options;
    private final Set<String> flags;
    private final List<String> positionals;

    private CommandLine(String command, Map<String, String> options, Set<String> flags, List<String> positionals) {
        this.command = command;
        this.options = options;
        this.flags = flags;
        this.positionals = positionals;
    }

    /**
     * @param command      the command's full name, for messages
     * @param args         what the admin typed after the command name
     * @param valueOptions the options that take a value, without dashes
     * @param flagOptions  the options that take none, without dashes ({@code help} is always one)
     * @throws CommandException for an unknown option or an option without its value
     */
    static CommandLine parse(String command, List<?> args, Set<String> valueOptions, Set<String> flagOptions) {
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = new java.util.LinkedHashSet<>();
        List<String> positionals = new ArrayList<>();
        boolean onlyPositionals = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = String.valueOf(args.get(i));
            if (onlyPositionals || !arg.startsWith("-") || arg.equals("-")) {
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                onlyPositionals = true;
                continue;
            }
            String name = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (name.equals("help") || name.equals("h") || flagOptions.contains(name)) {
                if (value != null) {
                    throw new CommandException(command + ": --" + name + " takes no value, but was given '" + value + "'");
                }
                flags.add(name.equals("h") ? "help" : name);
            } else if (valueOptions.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new CommandException(command + ": --" + name + " needs a value");
                    }
                    value = String.valueOf(args.get(++i));
                }
                if (options.put(name, value) != null) {
                    throw new CommandException(command + ": --" + name + " is given twice");
                }
            } else {
                throw new CommandException(command + ": unknown option '" + arg + "'" + known(valueOptions, flagOptions));
            }
        }
        return new CommandLine(command, options, flags, positionals);
    }

    /**
     * A command line already parsed by another shell (Karaf's, from an action's annotated fields):
     * only the values given, so that the commands apply their defaults and checks as for Gogo.
     */
    static Builder builder(String command) {
        return new Builder(command);
    }

    /** Collects what a Karaf action was given. */
    static final class Builder {
        private final String command;
        private final Map<String, String> options = new LinkedHashMap<>();
        private final Set<String> flags = new java.util.LinkedHashSet<>();
        private final List<String> positionals = new ArrayList<>();

        private Builder(String command) {
            this.command = command;
        }

        /** An option's value; {@code null} (not given) is left out. */
        Builder option(String name, Object value) {
            if (value != null) {
                options.put(name, value.toString());
            }
            return this;
        }

        Builder flag(String name, boolean given) {
            if (given) {
                flags.add(name);
            }
            return this;
        }

        /** The next positional argument; {@code null} (not given) is left out. */
        Builder positional(String value) {
            if (value != null) {
                positionals.add(value);
            }
            return this;
        }

        CommandLine build() {
            return new CommandLine(command, Map.copyOf(options), Set.copyOf(flags), List.copyOf(positionals));
        }
    }

    private static String known(Set<String> valueOptions, Set<String> flagOptions) {
        List<String> all = new ArrayList<>();
        valueOptions.forEach(o -> all.add("--" + o));
        flagOptions.forEach(o -> all.add("--" + o));
        all.add("--help");
        return "; it knows " + String.join(", ", all);
    }

    String command() {
        return command;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** @throws CommandException unless there are between {@code min} and {@code max} positional arguments */
    CommandLine expectPositionals(int min, int max, String synopsis) {
        if (positionals.size() < min) {
            throw new CommandException(command + ": missing " + synopsis);
        }
        if (positionals.size() > max) {
            throw new CommandException(command + ": unexpected argument '" + positionals.get(max) + "'"
                    + (max == 0 ? "; it takes none" : "; it takes " + synopsis));
        }
        return this;
    }

    Optional<String> positional(int index) {
        return index < positionals.size() ? Optional.of(positionals.get(index)) : Optional.empty();
    }

    int intOption(String name, int defaultValue, int min, int max) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the range
        }
        throw new CommandException(command + ": --" + name + " must be a whole number from " + min + " to " + max
                + ", not '" + value + "'");
    }

    Duration periodOption(String name, Duration defaultValue, Duration max) {
        String value = options.get(name);
        return value == null ? defaultValue : period("--" + name, value, max);
    }

    /**
     * A period, in the syntax the HTTP API shares ({@link Parameters#period}): {@code 24h},
     * {@code 7d}, {@code 4w}, ISO-8601 {@code P7D}, or {@code all}.
     *
     * @throws CommandException naming {@code argument} for anything else, or a period past {@code max}
     */
    Duration period(String argument, String value, Duration max) {
        try {
            return Parameters.period(argument, value, max);
        } catch (InvalidInputException e) {
            throw new CommandException(command + ": " + argument + " " + e.reason());
        }
    }

    UUID uuid(String argument, String value) {
        try {
            UUID parsed = UUID.fromString(value.strip());
            if (parsed.toString().equalsIgnoreCase(value.strip())) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new CommandException(command + ": " + argument + " must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, not '"
                + value + "'");
    }

    Optional<UUID> uuidOption(String name) {
        return option(name).map(value -> uuid("--" + name, value));
    }

    <E extends Enum<E>> E enumOption(String name, Class<E> type, E defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.strip())) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw new CommandException(command + ": --" + name + " must be one of " + String.join(", ", names) + ", not '" + value + "'");
    }

    /** A date ({@code 2026-11-01}, the start of that day in {@code zone}) or an instant ({@code 2026-11-01T10:00:00Z}). */
    Optional<Instant> instantOption(String name, ZoneId zone) {
        String value = options.get(name);
        if (value == null) {
            return Optional.empty();
        }
        String text = value.strip();
        try {
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text).atStartOfDay(zone).toInstant());
            }
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new CommandException(command + ": --" + name + " must be a date such as 2026-11-01 or an instant such as "
                    + "2026-11-01T10:00:00Z, not '" + value + "'");
        }
    }
}
