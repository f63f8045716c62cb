package org.revenge.analytics.internal.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.revenge.analytics.spi.ImportSource;
import org.revenge.analytics.spi.InvalidInputException;

/**
 * Turns a source's ids into the host's UUIDs: the mapping file's line for the id if there is one;
 * a Jellyfin GUID (32 hex digits, or a UUID with dashes) as itself; anything else a name-based UUID
 * of the source, the kind and the id, so importing again gives the same ids.
 */
final class SourceIds {

    /** The kinds of id a mapping file may map. */
    enum Kind {
        USER, LIBRARY, MEDIA;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern DASHED = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ImportSource source;
    private final Map<String, UUID> mapped;
    /** Ids seen repeatedly (a library, a user) are looked up once; bounded, so memory stays flat. */
    private final Map<String, UUID> recent = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, UUID> eldest) {
            return size() > 10_000;
        }
    };

    private SourceIds(ImportSource source, Map<String, UUID> mapped) {
        this.source = source;
        this.mapped = mapped;
    }

    /** Ids with no mapping file. */
    static SourceIds unmapped(ImportSource source) {
        return new SourceIds(source, Map.of());
    }

    /**
     * @param mapFile CSV lines {@code kind,source_id,uuid}; blank lines and lines starting with {@code #} are ignored
     * @throws InvalidInputException naming the line that is wrong
     */
    static SourceIds mapped(ImportSource source, Path mapFile) throws IOException {
        Map<String, UUID> mapped = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(mapFile, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] parts = text.split(",", -1);
                String where = "map file line " + number;
                if (parts.length != 3) {
                    throw new InvalidInputException(where, "must be kind,source_id,uuid (3 fields), has " + parts.length);
                }
                Kind kind = kind(where, parts[0].strip());
                String id = parts[1].strip();
                if (id.isEmpty()) {
                    throw new InvalidInputException(where, "has an empty source_id");
                }
                UUID target;
                try {
                    target = UUID.fromString(parts[2].strip());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(where, "uuid '" + parts[2].strip() + "' is not a UUID");
                }
                if (mapped.putIfAbsent(kind.wireName() + ":" + id, target) != null) {
                    throw new InvalidInputException(where, "maps " + kind.wireName() + " " + id + " a second time");
                }
            }
        }
        return new SourceIds(source, mapped);
    }

    private static Kind kind(String where, String text) {
        for (Kind kind : Kind.values()) {
            if (kind.wireName().equalsIgnoreCase(text)) {
                return kind;
            }
        }
        throw new InvalidInputException(where, "kind '" + text + "' must be user, library or media");
    }

    /** @return the host's id of the source's id of this kind */
    UUID id(Kind kind, String sourceId) {
        String key = kind.wireName() + ":" + sourceId;
        UUID known = mapped.get(key);
        if (known != null) {
            return known;
        }
        return recent.computeIfAbsent(key, k -> {
            if (HEX32.matcher(sourceId).matches()) {
                return new UUID(Long.parseUnsignedLong(sourceId.substring(0, 16), 16),
                        Long.parseUnsignedLong(sourceId.substring(16), 16));
            }
            if (DASHED.matcher(sourceId).matches()) {
                return UUID.fromString(sourceId);
            }
            return nameBased(source.wireName() + ":" + k);
        });
    }

    /** @return the name-based UUID of the source and a viewing's key: what the ledger records */
    UUID viewingKey(String key) {
        return nameBased(source.wireName() + ":viewing:" + key);
    }

    private static UUID nameBased(String name) {
        return UUID.nameUUIDFromBytes(("revenge-analytics-import:" + name).getBytes(StandardCharsets.UTF_8));
    }
}
