package org.revenge.analytics.itest;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Makes a property's seed easy to replay from the build: {@code -Dfuzz.seed=S} (and
 * {@code -Dfuzz.tries=N}) on the Maven command line fix it, and a failure's message starts with the
 * seed and the command that replays it, so it is in the failsafe report's first line, not only in
 * jqwik's report on standard output.
 */
public final class ReplayableSeed implements AroundPropertyHook {

    static final String SEED = "fuzz.seed";
    static final String TRIES = "fuzz.tries";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String seed = System.getProperty(SEED, "").strip();
        if (!seed.isEmpty()) {
            context.attributes().setSeed(seed);
        }
        String tries = System.getProperty(TRIES, "").strip();
        if (!tries.isEmpty()) {
            context.attributes().setTries(Integer.valueOf(tries));
        }
        PropertyExecutionResult result = property.execute();
        if (result.status() != PropertyExecutionResult.Status.FAILED) {
            return result;
        }
        String used = result.seed().orElse("(none: the failure came before generation)");
        String replay = "seed = " + used + "; replay with: flock /tmp/revenge-it.lock mvn -B install -pl itest -Dit.test="
                + context.containerClass().getSimpleName() + " -Dfailsafe.failIfNoSpecifiedTests=false -D" + SEED + "=" + used
                + " (or @Property(seed = \"" + used + "\"))";
        Throwable cause = result.throwable().orElse(null);
        AssertionError failure = new AssertionError(replay + "\n" + (cause == null ? "" : cause.getMessage()), cause);
        return result.mapToFailed(failure);
    }
}
