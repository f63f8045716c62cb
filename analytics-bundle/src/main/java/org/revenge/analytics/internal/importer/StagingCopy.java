package org.revenge.analytics.internal.importer;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Writes plays in PostgreSQL's binary COPY format, in the column order of {@code import_staging}
 * (see {@code ImportMapper.xml}): the fastest way into the database, with no text to parse on
 * either side. The stream is the server's COPY stream, so nothing is held here.
 */
final class StagingCopy implements AutoCloseable {

    /** PostgreSQL's timestamps count microseconds from 2000-01-01 UTC. */
    private static final Instant PG_EPOCH = Instant.parse("2000-01-01T00:00:00Z");
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final short COLUMNS = 11;

    private final DataOutputStream out;

    StagingCopy(OutputStream copyStream) throws IOException {
        this.out = new DataOutputStream(copyStream);
        out.write(SIGNATURE);
        out.writeInt(0); // flags
        out.writeInt(0); // header extension length
    }

    /** One staged play. */
    void play(UUID viewingKey, Instant startedAt, UUID userId, UUID mediaId, UUID libraryId, int durationSec, int endedSec,
            short mediaType, boolean completed, String clientType, boolean keepRaw) throws IOException {
        out.writeShort(COLUMNS);
        uuid(viewingKey);
        out.writeInt(8);
        out.writeLong(ChronoUnit.MICROS.between(PG_EPOCH, startedAt));
        uuid(userId);
        uuid(mediaId);
        uuid(libraryId);
        out.writeInt(4);
        out.writeInt(durationSec);
        out.writeInt(4);
        out.writeInt(endedSec);
        out.writeInt(2);
        out.writeShort(mediaType);
        bool(completed);
        if (clientType == null) {
            out.writeInt(-1);
        } else {
            byte[] text = clientType.getBytes(StandardCharsets.UTF_8);
            out.writeInt(text.length);
            out.write(text);
        }
        bool(keepRaw);
    }

    private void uuid(UUID id) throws IOException {
        out.writeInt(16);
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private void bool(boolean value) throws IOException {
        out.writeInt(1);
        out.writeByte(value ? 1 : 0);
    }

    /** Ends the COPY: the trailer, then the server's answer. */
    @Override
    public void close() throws IOException {
        out.writeShort(-1);
        out.close();
    }
}
