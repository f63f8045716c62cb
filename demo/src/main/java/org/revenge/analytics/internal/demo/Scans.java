package org.revenge.analytics.internal.demo;

import static org.revenge.analytics.spi.AnalyticsTopics.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.revenge.analytics.internal.demo.Catalogue.Library;

/** The library scan a host posts after scanning: sizes and health of one library on one day. */
final class Scans {

    private Scans() {
    }

    static Posting scan(Library library, LocalDate day, Instant at, Random random, boolean narrate) {
        long total = library.itemsOn(day);
        long missing = total * (5 + random.nextInt(20)) / 1000;
        long orphaned = random.nextInt(12);
        long added = Math.min(total, library.itemsPerDay());
        Map<String, Object> properties = new HashMap<>();
        properties.put(LIBRARY_ID, library.id());
        properties.put(TOTAL_ITEMS, total);
        properties.put(TOTAL_SIZE_BYTES, total * library.bytesPerItem());
        properties.put(MISSING_METADATA, missing);
        properties.put(ORPHANED_FILES, orphaned);
        properties.put(ADDED_ITEMS, added);
        properties.put(TIMESTAMP, at.toEpochMilli());
        String narration = narrate ? "The server scans library " + library.name() + ": " + total + " items, " + added
                + " added today, " + missing + " without metadata, " + orphaned + " orphaned files" : null;
        return new Posting(at, LIBRARY_SCANNED, properties, narration);
    }
}
