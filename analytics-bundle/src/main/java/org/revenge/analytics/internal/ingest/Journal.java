package org.revenge.analytics.internal.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.CRC32;

import org.revenge.analytics.internal.config.JournalSync;
import org.revenge.analytics.internal.store.PlayMethodHandler;
import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlayMethod;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ScanStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of signals in the bundle's data area: what has reached it survives a
 * bundle stop, a database outage and a killed JVM, and, once synced (see {@link JournalSync}), a power
 * loss. Used by the writer thread only.
 *
 * <p>Every open of the journal starts a new <em>generation</em> (a random UUID) whose records are
 * numbered 1, 2, 3, ... The database keeps, with the data, the generation and sequence of the last
 * record it holds (the checkpoint). A record is skipped on replay only if it carries exactly that
 * generation and a sequence at or below it, or comes before that generation in the file; so a
 * journal that went back in time (a tail lost in a power loss, a data directory restored from a
 * backup, records missing in the middle) can never make newer records look "already written":
 * they belong to a generation the checkpoint does not name.
 *
 * <p>Layout: a 12-byte header ({@code RAJ2}, then 8 reserved bytes), then records of
 * {@code [length][sequence][type][fields][crc32 of sequence..fields]}. A record of type 0 marks
 * where a generation starts (or continues after {@link #clear()}) and holds its UUID. Files
 * written before generations existed ({@code RAJ1}) are read as one generation without id.
 * An append is all or nothing: a batch that fails half-way (a full disk) is cut off again, and a
 * record torn by a killed process or a power loss is cut off, with a log line, when the journal
 * is opened; neither is ever replayed in part.
 *
 * <p>Two threads use it: the journal's appender ({@link #append}, {@link #syncIfDue}) and the
 * database writer, which follows it with a {@link Replay} and empties it once it has written
 * everything in it ({@link #clearIfCaughtUp}). Appends, clearing and the start of a replay hold the
 * journal's lock; a replay reads the file with positional reads up to the end of the last whole
 * append, so it never waits for an append nor sees half of one.
 */
final class Journal implements AutoCloseable {

    /**
     * Where a record sits in the numbering: its generation ({@code null} for a journal written
     * before generations existed) and its sequence within it.
     */
    record Position(UUID generation, long sequence) {
        /** Before anything: a database that never stored a checkpoint. */
        static final Position NONE = new Position(null, 0);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final int MAGIC_WITHOUT_GENERATIONS = 0x52414A31; // "RAJ1"
    private static final int MAGIC = 0x52414A32; // "RAJ2"
    private static final int HEADER = 12;
    private static final int MAX_RECORD = 1 << 20;
    private static final byte MARKER = 0;

    /** Where a generation's records start in the file. */
    private record Marker(UUID generation, long offset) {
    }

    /** The highest sequence of each generation in the file when it was opened. */
    private final Map<UUID, Long> highestFound = new HashMap<>();

    private final Path file;
    private final String id;
    private final UUID generation = UUID.randomUUID();
    /** Changed by the configuration thread, read by the writer. */
    private volatile JournalSync sync;
    private volatile long syncIntervalNanos;
    private final FileChannel channel;
    /** The generations in the file, in order; the first may have a null id (an {@code RAJ1} file). */
    private final List<Marker> markers = new ArrayList<>();
    /** Where the last complete append ends: everything before it is whole records. */
    private volatile long end;
    private long lastSequence;
    private volatile long records;
    /** Signals appended since this journal was opened, cleared or not. */
    private long appendedSinceOpen;
    private boolean generationMarked;
    private boolean unsynced;
    /** A failed append could not be cut off: it must be, before anything is appended behind it. */
    private boolean needsCut;
    private long lastSyncNanos = System.nanoTime();
    private long cutOffBytes;

    /**
     * Opens the journal in a directory, creating it, and cuts off a torn last record.
     *
     * @param directory    the bundle's data area for the journal
     * @param sync         when appends are forced to the disk
     * @param syncInterval for {@link JournalSync#INTERVAL}, the longest time an append stays unsynced
     */
    Journal(Path directory, JournalSync sync, Duration syncInterval) throws IOException {
        syncPolicy(sync, syncInterval);
        Files.createDirectories(directory);
        Path idFile = directory.resolve("journal.id");
        this.file = directory.resolve("ingest.journal");
        if (!Files.exists(idFile)) {
            Files.writeString(idFile, UUID.randomUUID().toString(), StandardCharsets.US_ASCII);
        }
        this.id = Files.readString(idFile, StandardCharsets.US_ASCII).strip();
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (channel.size() < HEADER) {
                writeHeader();
            } else {
                readExisting();
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** For tests and tools: a journal synced after every batch. */
    Journal(Path directory) throws IOException {
        this(directory, JournalSync.BATCH, Duration.ZERO);
    }

    /**
     * Changes when appends are synced, from the next append on (a saved {@code journal.sync}).
     *
     * @param sync         when appends are forced to the disk
     * @param syncInterval for {@link JournalSync#INTERVAL}, the longest time an append stays unsynced
     */
    void syncPolicy(JournalSync sync, Duration syncInterval) {
        this.syncIntervalNanos = syncInterval.toNanos();
        this.sync = Objects.requireNonNull(sync);
    }

    /** A name for this journal, unique per data area, under which the database keeps its checkpoint. */
    String id() {
        return id;
    }

    /** @return this open's generation, under which it numbers what it appends */
    UUID generation() {
        return generation;
    }

    /** @return the position of the last record appended in this generation */
    synchronized Position lastPosition() {
        return new Position(generation, lastSequence);
    }

    /** @return the journal's file, for what the log says about it */
    Path file() {
        return file;
    }

    /** @return how many records the file holds, of every generation */
    long size() {
        return records;
    }

    /** @return how many bytes of a torn or damaged tail were cut off when the journal was opened */
    long cutOffBytes() {
        return cutOffBytes;
    }

    /**
     * Appends signals, all or none: if writing fails part-way (a full disk), what was written is
     * cut off again, the numbering is unchanged, and the same batch can be appended later.
     *
     * @return the position of the last one
     * @throws IOException if the batch could not be written; the journal is as before the call
     */
    synchronized Position append(List<Signal> signals) throws IOException {
        if (signals.isEmpty()) {
            return lastPosition();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(signals.size() * 96 + 48);
        DataOutputStream target = new DataOutputStream(bytes);
        ByteArrayOutputStream body = new ByteArrayOutputStream(96);
        DataOutputStream fields = new DataOutputStream(body);
        CRC32 crc = new CRC32();
        if (!generationMarked) {
            body.reset();
            fields.writeLong(0);
            fields.writeByte(MARKER);
            uuid(fields, generation);
            frame(target, body.toByteArray(), crc);
        }
        long sequence = lastSequence;
        for (Signal signal : signals) {
            body.reset();
            fields.writeLong(++sequence);
            write(fields, signal);
            frame(target, body.toByteArray(), crc);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        long start = end;
        if (needsCut) {
            channel.truncate(start);
            needsCut = false;
        }
        try {
            for (long at = start; buffer.hasRemaining();) {
                at += channel.write(buffer, at);
            }
            if (sync == JournalSync.BATCH) {
                channel.force(false);
                lastSyncNanos = System.nanoTime();
            } else {
                unsynced = true;
            }
        } catch (IOException e) {
            undo(start, e);
            throw e;
        }
        if (!generationMarked) {
            markers.add(new Marker(generation, start));
            generationMarked = true;
        }
        end = start + buffer.capacity();
        lastSequence = sequence;
        records += signals.size();
        appendedSinceOpen += signals.size();
        if (sync == JournalSync.INTERVAL) {
            syncIfDue();
        }
        // a writer waiting for more (awaitBeyond) reads it now
        notifyAll();
        return lastPosition();
    }

    /**
     * @return why the signal cannot be written to the journal (a field it needs is missing), or
     *         null if it can; an {@link #append} of a batch that holds one throws it before writing anything
     */
    static RuntimeException encodingFailure(Signal signal) {
        try {
            write(new DataOutputStream(OutputStream.nullOutputStream()), signal);
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("a null stream cannot fail", e);
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Cuts a failed append off again, so that no part of it stays between whole records. */
    private void undo(long start, IOException failure) {
        try {
            channel.truncate(start);
        } catch (IOException cut) {
            failure.addSuppressed(cut);
            // appending behind the partial batch would bury it in the middle of the journal
            needsCut = true;
        }
    }

    /**
     * For {@link JournalSync#INTERVAL}: forces what was appended to the disk once the interval has passed
     * since the last sync. The writer calls it on every round, so a quiet journal is synced too.
     */
    synchronized void syncIfDue() throws IOException {
        JournalSync mode = sync;
        if (unsynced && (mode == JournalSync.BATCH
                || mode == JournalSync.INTERVAL && System.nanoTime() - lastSyncNanos >= syncIntervalNanos)) {
            channel.force(false);
            unsynced = false;
            lastSyncNanos = System.nanoTime();
        }
    }

    /**
     * Empties the file once everything in it is in the database. The numbering continues in the
     * same generation. Not synced: should a power loss bring the old records back, they are at or
     * below the checkpoint of this very generation, and skipped.
     */
    synchronized void clear() throws IOException {
        writeHeader();
        records = 0;
        markers.clear();
        generationMarked = false;
    }

    /**
     * Empties the file if the replay has read all of it (the writer has written everything the
     * journal holds), as {@link #clear()}; the replay then goes on from the start of the empty
     * file. Nothing appended meanwhile is lost: then the replay has not read everything, and the
     * file stays.
     *
     * @return how many signals were appended since the journal was opened, all of them now in the
     *         database, or -1 if the replay has not read all of the file (nothing was cleared)
     */
    synchronized long clearIfCaughtUp(Replay replay) throws IOException {
        if (replay.offset != end) {
            return -1;
        }
        clear();
        replay.restart();
        return appendedSinceOpen;
    }

    /**
     * Waits until something is appended past where the replay is, or the time is up.
     *
     * @return whether there is something to read
     */
    synchronized boolean awaitBeyond(Replay replay, long millis) throws InterruptedException {
        if (replay.offset == end) {
            wait(millis);
        }
        return replay.offset != end;
    }

    @Override
    public void close() throws IOException {
        try {
            if (unsynced) {
                channel.force(false);
            }
        } finally {
            channel.close();
        }
    }

    /**
     * Reads the records after a checkpoint, in order, a bounded batch at a time. Records appended
     * while the replay runs are reached too; the replay ends at the end of the file.
     *
     * @param checkpoint what the database holds
     */
    synchronized Replay replay(Position checkpoint) {
        long from = HEADER;
        boolean generationFound = false;
        for (Marker marker : markers) {
            if (Objects.equals(marker.generation(), checkpoint.generation())) {
                // everything before the checkpoint's generation was written before it
                from = marker.offset();
                generationFound = true;
                break;
            }
        }
        Long highest = highestFound.get(checkpoint.generation());
        if (generationFound && highest != null && highest < checkpoint.sequence()) {
            LOG.warn("Analytics journal: generation {} ends at record {} in the journal, but the database holds it up to "
                    + "{}: the journal's tail was lost (a power loss before it was synced, or a restored data directory). "
                    + "Nothing of it is missing from the database; every later generation is replayed",
                    checkpoint.generation(), highest, checkpoint.sequence());
        }
        if (!generationFound && checkpoint.sequence() > 0 && !markers.isEmpty()) {
            LOG.info("Analytics journal: the database's checkpoint names a generation that is not in the journal "
                    + "(written and cleared, or the data directory was restored from an older copy); every journaled "
                    + "event is replayed, and writing them again is harmless");
        }
        return new Replay(checkpoint, from);
    }

    /** A pass over the journal from a checkpoint. */
    final class Replay {
        private final Position checkpoint;
        private long offset;
        private UUID current;
        private long highestOfCheckpointGeneration;
        private Position position;

        private Replay(Position checkpoint, long from) {
            this.checkpoint = checkpoint;
            this.offset = from;
            this.current = from == HEADER && !markers.isEmpty() ? markers.get(0).generation() : null;
            this.position = checkpoint;
        }

        /** The file was emptied: what comes next starts with a generation marker. */
        private void restart() {
            offset = HEADER;
            current = null;
        }

        /**
         * @param max the most signals to return
         * @return the next signals, at most {@code max}; empty once the end of the journal is reached
         */
        List<Signal> next(int max) throws IOException {
            List<Signal> signals = new ArrayList<>(Math.min(max, 4096));
            // end moves only once an append is whole; positional reads never wait for the appender
            long limit = end;
            if (offset >= limit) {
                return signals;
            }
            InputStream stream = new BufferedInputStream(new PositionalInput(channel, offset), 64 * 1024);
            DataInputStream in = new DataInputStream(stream);
            CRC32 crc = new CRC32();
            while (signals.size() < max && offset < limit) {
                byte[] bytes = readRecord(in, crc);
                if (bytes == null) {
                    throw new IOException("the analytics journal " + file + " is damaged at byte " + offset);
                }
                offset += 8 + bytes.length;
                DataInputStream fields = new DataInputStream(new ByteArrayInputStream(bytes));
                long sequence = fields.readLong();
                if (bytes[8] == MARKER) {
                    fields.readByte();
                    current = uuid(fields);
                    continue;
                }
                if (Objects.equals(current, checkpoint.generation())) {
                    if (sequence <= checkpoint.sequence()) {
                        continue;
                    }
                    highestOfCheckpointGeneration = sequence;
                }
                signals.add(readSignal(fields));
                position = new Position(current, sequence);
            }
            return signals;
        }

        /** @return the position of the last signal returned, which is what a checkpoint after writing them names */
        Position position() {
            return position;
        }

        /** @return whether the checkpoint's own generation has records past it in the journal */
        boolean checkpointGenerationContinues() {
            return highestOfCheckpointGeneration > checkpoint.sequence();
        }
    }

    /** Reads the file from a position on with positional reads, which leave the channel's position alone. */
    private static final class PositionalInput extends InputStream {
        private final FileChannel channel;
        private long position;

        PositionalInput(FileChannel channel, long position) {
            this.channel = channel;
            this.position = position;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int read = channel.read(ByteBuffer.wrap(bytes, offset, length), position);
            if (read > 0) {
                position += read;
            }
            return read;
        }
    }

    // ---- the file --------------------------------------------------------------------------

    private void writeHeader() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putLong(0).flip();
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
        channel.truncate(HEADER);
        end = HEADER;
    }

    /**
     * Walks the whole file: notes where each generation starts, counts the records, warns about
     * numbering that jumps, and cuts off a torn or damaged tail.
     */
    private void readExisting() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        channel.read(header, 0);
        int magic = header.flip().getInt();
        if (magic != MAGIC && magic != MAGIC_WITHOUT_GENERATIONS) {
            throw new IOException(file + " is not an analytics journal");
        }
        long length = channel.size();
        long position = HEADER;
        UUID current = null;
        long previous = -1;
        if (magic == MAGIC_WITHOUT_GENERATIONS) {
            markers.add(new Marker(null, HEADER));
        }
        InputStream stream = new BufferedInputStream(new PositionalInput(channel, HEADER), 64 * 1024);
        DataInputStream in = new DataInputStream(stream);
        CRC32 crc = new CRC32();
        byte[] bytes;
        while ((bytes = readRecord(in, crc)) != null) {
            long sequence = ByteBuffer.wrap(bytes).getLong();
            if (bytes[8] == MARKER) {
                current = new UUID(ByteBuffer.wrap(bytes).getLong(9), ByteBuffer.wrap(bytes).getLong(17));
                markers.add(new Marker(current, position));
                previous = -1;
            } else {
                if (previous >= 0 && sequence != previous + 1) {
                    LOG.warn("Analytics journal: the numbering of generation {} jumps from {} to {}: records in "
                            + "between were lost (a power loss before they were synced, or a damaged disk); the "
                            + "records that remain are replayed", current == null ? "(none)" : current, previous,
                            sequence);
                }
                previous = sequence;
                highestFound.merge(current, sequence, Math::max);
                records++;
            }
            position += 8 + bytes.length;
        }
        end = position;
        if (position < length) {
            cutOffBytes = length - position;
            LOG.warn("Analytics journal: the last {} bytes of {} are not a whole record (the process or the machine "
                    + "stopped while writing it); they are cut off, and the {} whole records before them are kept",
                    cutOffBytes, file, records);
            channel.truncate(position);
            channel.force(false);
        }
    }

    /** @return the record's bytes (sequence, type, fields) if a whole record with a matching CRC follows, else null */
    private static byte[] readRecord(DataInputStream in, CRC32 crc) throws IOException {
        try {
            int length = in.readInt();
            if (length < 9 || length > MAX_RECORD) {
                return null;
            }
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                return null;
            }
            int checksum = in.readInt();
            crc.reset();
            crc.update(bytes);
            return (int) crc.getValue() == checksum ? bytes : null;
        } catch (EOFException torn) {
            return null;
        }
    }

    private static void frame(DataOutputStream target, byte[] bytes, CRC32 crc) throws IOException {
        crc.reset();
        crc.update(bytes);
        target.writeInt(bytes.length);
        target.write(bytes);
        target.writeInt((int) crc.getValue());
    }

    // ---- encoding -------------------------------------------------------------------------

    private static void write(DataOutputStream out, Signal signal) throws IOException {
        if (signal instanceof Signal.Started s) {
                out.writeByte(1);
                uuid(out, s.sessionId());
                uuid(out, s.userId());
                uuid(out, s.mediaId());
                uuid(out, s.libraryId());
                out.writeByte(s.mediaType().ordinal());
                text(out, s.clientType());
                out.writeInt(s.positionSec());
                out.writeInt(s.runtimeSec());
                instant(out, s.at());
                out.writeByte(PlayMethodHandler.code(s.playMethod()));
        } else if (signal instanceof Signal.Progress p) {
                out.writeByte(2);
                uuid(out, p.sessionId());
                out.writeInt(p.positionSec());
                out.writeBoolean(p.paused());
                instant(out, p.at());
        } else if (signal instanceof Signal.Stopped s) {
                out.writeByte(3);
                uuid(out, s.sessionId());
                out.writeInt(s.positionSec());
                instant(out, s.at());
        } else if (signal instanceof Signal.DirectPlay d) {
                PlaybackEvent p = d.play();
                out.writeByte(4);
                uuid(out, p.id());
                uuid(out, p.userId());
                uuid(out, p.mediaId());
                uuid(out, p.libraryId());
                out.writeByte(p.mediaType().ordinal());
                instant(out, p.startedAt());
                out.writeBoolean(p.endedAt() != null);
                if (p.endedAt() != null) {
                    instant(out, p.endedAt());
                }
                out.writeInt(p.durationSec());
                out.writeBoolean(p.completed());
                text(out, p.clientType());
                out.writeByte(PlayMethodHandler.code(p.playMethod()));
        } else if (signal instanceof Signal.Scan s) {
                ScanStats stats = s.stats();
                out.writeByte(5);
                uuid(out, s.libraryId());
                out.writeLong(stats.totalItems());
                out.writeLong(stats.totalSizeBytes());
                out.writeLong(stats.missingMetadata());
                out.writeLong(stats.orphanedFiles());
                out.writeLong(stats.addedItems());
                instant(out, stats.scannedAt());
        } else {
            throw new IllegalArgumentException("cannot journal " + signal);
        }
    }

    private static Signal readSignal(DataInputStream in) throws IOException {
        int type = in.readByte();
        return switch (type) {
            case 1 -> new Signal.Started(uuid(in), uuid(in), uuid(in), uuid(in), MediaType.values()[in.readByte()], text(in),
                    in.readInt(), in.readInt(), instant(in), playMethod(in));
            case 2 -> new Signal.Progress(uuid(in), in.readInt(), in.readBoolean(), instant(in));
            case 3 -> new Signal.Stopped(uuid(in), in.readInt(), instant(in));
            case 4 -> {
                UUID id = uuid(in);
                UUID user = uuid(in);
                UUID media = uuid(in);
                UUID library = uuid(in);
                MediaType mediaType = MediaType.values()[in.readByte()];
                Instant started = instant(in);
                Instant ended = in.readBoolean() ? instant(in) : null;
                yield new Signal.DirectPlay(new PlaybackEvent(id, user, media, library, mediaType, started, ended,
                        in.readInt(), in.readBoolean(), text(in), playMethod(in)));
            }
            case 5 -> new Signal.Scan(uuid(in), new ScanStats(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readLong(), instant(in)));
            default -> throw new IOException("unknown journal record type " + type);
        };
    }

    /**
     * The play method a start or a whole play ends with (0: unknown). Records written before it was
     * added end without it; a release before it reads the fields it knows and ignores the byte.
     */
    private static PlayMethod playMethod(DataInputStream in) throws IOException {
        return in.available() > 0 ? PlayMethodHandler.fromCode(in.readByte()) : null;
    }

    private static void uuid(DataOutputStream out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static UUID uuid(DataInputStream in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    private static void instant(DataOutputStream out, Instant at) throws IOException {
        out.writeLong(at.getEpochSecond());
        out.writeInt(at.getNano());
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void text(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String text(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
