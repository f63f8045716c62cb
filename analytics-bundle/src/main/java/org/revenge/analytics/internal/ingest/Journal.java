package org.revenge.analytics.internal.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

import org.revenge.analytics.spi.MediaType;
import org.revenge.analytics.spi.PlaybackEvent;
import org.revenge.analytics.spi.ScanStats;

/**
 * An append-only file of signals in the bundle's data area: what has reached it survives a
 * bundle stop, a database outage and a killed JVM. Each record carries a sequence number and a
 * CRC; the database stores the sequence it holds everything up to (the checkpoint), so a replay
 * skips exactly what was already written. A torn record at the end (the JVM died mid-write) is
 * cut off when the journal is opened. Used by the writer thread only.
 *
 * <p>Layout: a header with the sequence number the file starts after, then records of
 * {@code [length][sequence][type][fields][crc32]}.
 */
final class Journal implements AutoCloseable {

    private static final int MAGIC = 0x52414A31; // "RAJ1"
    private static final int HEADER = 12;

    private final Path file;
    private final String id;
    private RandomAccessFile raf;
    private OutputStream out;
    private long startsAfter;
    private long lastSequence;

    /**
     * Opens the journal in a directory, creating it, and cuts off a torn last record.
     *
     * @param directory the bundle's data area for the journal
     */
    Journal(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path idFile = directory.resolve("journal.id");
        this.file = directory.resolve("ingest.journal");
        this.raf = new RandomAccessFile(file.toFile(), "rw");
        if (raf.length() < HEADER || !Files.exists(idFile)) {
            // A new numbering needs a new identity: a checkpoint kept for an old one must not hide it.
            Files.writeString(idFile, UUID.randomUUID().toString(), StandardCharsets.US_ASCII);
            writeHeader(0);
        } else {
            raf.seek(0);
            if (raf.readInt() != MAGIC) {
                throw new IOException(file + " is not an analytics journal");
            }
            startsAfter = raf.readLong();
            lastSequence = startsAfter;
            long end = HEADER;
            for (Record record : read(startsAfter)) {
                lastSequence = record.sequence;
                end = record.end;
            }
            raf.setLength(end);
        }
        this.id = Files.readString(idFile, StandardCharsets.US_ASCII).strip();
        openForAppend();
    }

    /** A name for this journal, unique per data area, under which the database keeps its checkpoint. */
    String id() {
        return id;
    }

    /** @return the sequence number of the last record appended */
    long lastSequence() {
        return lastSequence;
    }

    /** @return how many records the file holds */
    long size() {
        return lastSequence - startsAfter;
    }

    /**
     * Appends signals and hands them to the operating system, so a killed JVM does not lose them.
     *
     * @return the sequence number of the last one
     */
    long append(List<Signal> signals) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(64);
        DataOutputStream fields = new DataOutputStream(body);
        DataOutputStream target = new DataOutputStream(out);
        CRC32 crc = new CRC32();
        for (Signal signal : signals) {
            body.reset();
            fields.writeLong(lastSequence + 1);
            write(fields, signal);
            byte[] bytes = body.toByteArray();
            crc.reset();
            crc.update(bytes);
            target.writeInt(bytes.length);
            target.write(bytes);
            target.writeInt((int) crc.getValue());
            lastSequence++;
        }
        target.flush();
        return lastSequence;
    }

    /** @return the signals after a sequence number, in order; a torn or damaged tail ends the list */
    List<Signal> after(long sequence) throws IOException {
        out.flush();
        List<Signal> signals = new ArrayList<>();
        for (Record record : read(sequence)) {
            signals.add(record.signal);
        }
        return signals;
    }

    /** Empties the file once everything in it is in the database; numbering continues. */
    void clear() throws IOException {
        out.flush();
        writeHeader(lastSequence);
        openForAppend();
    }

    @Override
    public void close() throws IOException {
        out.flush();
        raf.close();
    }

    /**
     * Rewrites the header in place, then cuts the records off. A JVM killed in between leaves the
     * new header over old records, which are all numbered at or below it and so are skipped.
     */
    private void writeHeader(long after) throws IOException {
        byte[] header = new byte[HEADER];
        java.nio.ByteBuffer.wrap(header).putInt(MAGIC).putLong(after);
        raf.seek(0);
        raf.write(header);
        raf.setLength(HEADER);
        startsAfter = after;
        lastSequence = after;
    }

    private void openForAppend() {
        try {
            raf.seek(raf.length());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out = new BufferedOutputStream(Channels.newOutputStream(raf.getChannel()), 64 * 1024);
    }

    private record Record(long sequence, Signal signal, long end) {
    }

    private List<Record> read(long after) throws IOException {
        List<Record> records = new ArrayList<>();
        try (InputStream stream = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            DataInputStream in = new DataInputStream(stream);
            in.skipNBytes(HEADER);
            long position = HEADER;
            CRC32 crc = new CRC32();
            while (true) {
                byte[] bytes;
                int checksum;
                try {
                    int length = in.readInt();
                    if (length <= 0 || length > 1 << 20) {
                        break;
                    }
                    bytes = in.readNBytes(length);
                    if (bytes.length < length) {
                        break;
                    }
                    checksum = in.readInt();
                } catch (EOFException torn) {
                    break;
                }
                crc.reset();
                crc.update(bytes);
                if ((int) crc.getValue() != checksum) {
                    break;
                }
                position += 8 + bytes.length;
                DataInputStream fields = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
                long sequence = fields.readLong();
                if (sequence > after) {
                    records.add(new Record(sequence, readSignal(fields), position));
                }
            }
        }
        return records;
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
                    in.readInt(), in.readInt(), instant(in));
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
                        in.readInt(), in.readBoolean(), text(in)));
            }
            case 5 -> new Signal.Scan(uuid(in), new ScanStats(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readLong(), instant(in)));
            default -> throw new IOException("unknown journal record type " + type);
        };
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
