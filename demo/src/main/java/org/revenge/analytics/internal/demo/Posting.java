package org.revenge.analytics.internal.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.revenge.analytics.spi.AnalyticsTopics;

/**
 * One event the player will post on EventAdmin when its time comes, with what the log says of it
 * (null for events not worth a line, such as periodic progress).
 */
record Posting(Instant at, String topic, Map<String, Object> properties, String narration) {

    Posting {
        properties = Map.copyOf(properties);
    }

    Posting shifted(Duration by) {
        Map<String, Object> moved = new HashMap<>(properties);
        if (moved.get(AnalyticsTopics.TIMESTAMP) instanceof Long millis) {
            moved.put(AnalyticsTopics.TIMESTAMP, millis + by.toMillis());
        }
        return new Posting(at.plus(by), topic, moved, narration);
    }
}
