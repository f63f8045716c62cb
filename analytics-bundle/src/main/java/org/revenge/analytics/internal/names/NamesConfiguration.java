package org.revenge.analytics.internal.names;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How many of the host's media titles and library names are kept in memory, and for how long. Optional. */
@ObjectClassDefinition(
        id = NamesConfiguration.PID,
        name = "Revenge Analytics names",
        description = "The titles and library names the host gives are kept in memory, bounded; user names never are.")
public @interface NamesConfiguration {

    /** The configuration PID. */
    String PID = "org.revenge.analytics.names";

    @AttributeDefinition(name = "Cached names", min = "0", max = "1000000",
            description = "Most media titles and library names kept in memory (0 asks the host every time).")
    int cache_size() default 10_000;

    @AttributeDefinition(name = "Cache lifetime (minutes)", min = "1", max = "1440",
            description = "Minutes a cached name is shown before the host is asked again, so renames show within this time.")
    int cache_minutes() default 60;
}
