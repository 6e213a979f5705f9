package dev.plantctl.connectors.influx.internal;

import dev.plantctl.connectors.internal.TornLines;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A bounded first-in-first-out queue of text lines on disk: the points an unreachable InfluxDB could not take yet.
 *
 * <p>Lines are appended to segment files ({@code segment-<n>.lp}, one record per line, line breaks inside a record
 * escaped) in a directory; {@link #peek} reads from the head without removing, {@link #remove} advances the head
 * (persisted in the {@code head} file, replaced atomically) and deletes segments read to their end. A buffer opened
 * again on the same directory, by a restarted task or a new job, holds what the last one left, in the same order; a
 * record cut short by a crash while it was written is discarded.
 *
 * <p>Bounded: {@link #append} refuses a record that would take the unread bytes past {@code maxBytes} and every
 * record after it in the same call; the caller counts them as dropped. The newest records are the ones dropped,
 * because the spill is an append-only log: what it keeps is one unbroken stretch from the start of the outage, so
 * the dashboards show the outage's beginning in full and one gap at its end, rather than holes everywhere, and a
 * record once spilled is never lost to a later one. Disk use stays below {@code maxBytes} plus one segment (the read
 * part of the head segment). Writes reach the operating system at every append and the disk at {@link #close()}.
 *
 * <p>Thread-safe; one buffer per directory (two writers on one directory would interleave their segments).
 */
public final class SpillBuffer implements Closeable {

    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{20})\\.lp");
    private static final String HEAD = "head";
    private static final long MIN_SEGMENT_BYTES = 4 * 1024;
    private static final long MAX_SEGMENT_BYTES = 16 * 1024 * 1024;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    /** Segment number to its length in bytes, ascending. */
    private final TreeMap<Long, Long> segments = new TreeMap<>();
    private long headOffset;
    private long unreadBytes;
    private long unreadRecords;
    private OutputStream tail;
    private final List<Integer> peekedSizes = new ArrayList<>();

    private SpillBuffer(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, maxBytes / 8));
    }

    /**
     * Opens the buffer in this directory (created if missing), with what an earlier buffer left there.
     *
     * @param maxBytes the most unread bytes it holds
     * @throws IOException naming the directory when it cannot be created or read
     */
    public static SpillBuffer open(Path dir, long maxBytes) throws IOException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("spill: maxBytes must be positive, got " + maxBytes);
        }
        Files.createDirectories(dir);
        SpillBuffer buffer = new SpillBuffer(dir, maxBytes);
        buffer.load();
        return buffer;
    }

    private void load() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    segments.put(Long.parseLong(m.group(1)), Files.size(p));
                }
            }
        }
        long headSegment = -1;
        Path head = dir.resolve(HEAD);
        if (Files.exists(head)) {
            String[] parts = Files.readString(head).strip().split(" ");
            if (parts.length != 2) {
                throw new IOException("spill " + dir + ": head file holds '" + String.join(" ", parts)
                        + "', expected '<segment> <offset>'");
            }
            headSegment = Long.parseLong(parts[0]);
            headOffset = Long.parseLong(parts[1]);
        }
        while (!segments.isEmpty() && segments.firstKey() < headSegment) {
            Files.deleteIfExists(segmentPath(segments.pollFirstEntry().getKey()));
        }
        if (segments.isEmpty() || segments.firstKey() != headSegment) {
            headOffset = 0;
        }
        if (!segments.isEmpty()) {
            truncateToLastRecord(segments.lastKey());
        }
        for (Map.Entry<Long, Long> s : segments.entrySet()) {
            long from = s.getKey().equals(segments.firstKey()) ? headOffset : 0;
            unreadBytes += s.getValue() - from;
            unreadRecords += countRecords(segmentPath(s.getKey()), from);
        }
    }

    /** Cuts a record that a crash left without its line break off the end of the segment. */
    private void truncateToLastRecord(long segment) throws IOException {
        segments.put(segment, TornLines.dropTornLastLine(segmentPath(segment)));
    }

    private static long countRecords(Path segment, long from) throws IOException {
        long n = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(segment))) {
            in.skipNBytes(from);
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Appends records in order, as long as they fit.
     *
     * @return how many of the records, from the first, were appended; the rest did not fit
     * @throws IOException when the disk refuses the write
     */
    public synchronized int append(List<String> records) throws IOException {
        int appended = 0;
        for (String record : records) {
            byte[] bytes = encode(record);
            if (unreadBytes + bytes.length > maxBytes) {
                break;
            }
            if (tail == null || segments.lastEntry().getValue() >= segmentBytes) {
                startSegment();
            }
            tail.write(bytes);
            segments.put(segments.lastKey(), segments.lastEntry().getValue() + bytes.length);
            unreadBytes += bytes.length;
            unreadRecords++;
            appended++;
        }
        if (tail != null) {
            tail.flush();
        }
        return appended;
    }

    private void startSegment() throws IOException {
        if (tail != null) {
            tail.close();
        }
        long next = segments.isEmpty() ? 0 : segments.lastKey() + 1;
        if (segments.isEmpty()) {
            headOffset = 0;
        }
        segments.put(next, 0L);
        tail = new BufferedOutputStream(new FileOutputStream(segmentPath(next).toFile(), true));
    }

    /**
     * The oldest records, up to {@code max}, without removing them; {@link #remove} removes a prefix of them.
     *
     * @throws IOException when a segment cannot be read
     */
    public synchronized List<String> peek(int max) throws IOException {
        peekedSizes.clear();
        List<String> records = new ArrayList<>();
        long offset = headOffset;
        for (Map.Entry<Long, Long> s : segments.entrySet()) {
            if (records.size() >= max) {
                break;
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(segmentPath(s.getKey())))) {
                in.skipNBytes(offset);
                long remaining = s.getValue() - offset;
                ByteArrayOutputStream record = new ByteArrayOutputStream();
                while (remaining > 0 && records.size() < max) {
                    int b = in.read();
                    remaining--;
                    if (b == '\n') {
                        peekedSizes.add(record.size() + 1);
                        records.add(decode(record.toString(StandardCharsets.UTF_8)));
                        record.reset();
                    } else {
                        record.write(b);
                    }
                }
            }
            offset = 0;
        }
        return records;
    }

    /**
     * Removes the first {@code n} records of the last {@link #peek}.
     *
     * @throws IllegalArgumentException when {@code n} exceeds what the last peek returned
     * @throws IOException              when the head cannot be saved or a segment deleted
     */
    public synchronized void remove(int n) throws IOException {
        if (n > peekedSizes.size()) {
            throw new IllegalArgumentException("spill: cannot remove " + n + " records, the last peek returned "
                    + peekedSizes.size());
        }
        for (int i = 0; i < n; i++) {
            int size = peekedSizes.get(i);
            headOffset += size;
            unreadBytes -= size;
            unreadRecords--;
            if (headOffset >= segments.firstEntry().getValue()) {
                dropHeadSegment();
            }
        }
        peekedSizes.subList(0, n).clear();
        if (n > 0) {
            saveHead();
        }
    }

    private void dropHeadSegment() throws IOException {
        long head = segments.firstKey();
        if (head == segments.lastKey()) {
            if (tail != null) {
                tail.close();
                tail = null;
            }
            // Keep the number, so that segment numbers only grow: a later segment is never older than the head.
            Files.deleteIfExists(segmentPath(head));
            segments.clear();
            segments.put(head + 1, 0L);
            Files.write(segmentPath(head + 1), new byte[0]);
            tail = new BufferedOutputStream(new FileOutputStream(segmentPath(head + 1).toFile(), true));
        } else {
            segments.pollFirstEntry();
            Files.deleteIfExists(segmentPath(head));
        }
        headOffset = 0;
    }

    private void saveHead() throws IOException {
        Path tmp = dir.resolve(HEAD + ".tmp");
        Files.writeString(tmp, segments.firstKey() + " " + headOffset + "\n");
        Files.move(tmp, dir.resolve(HEAD), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** True when no record is waiting. */
    public synchronized boolean isEmpty() {
        return unreadRecords == 0;
    }

    /** Records waiting. */
    public synchronized long records() {
        return unreadRecords;
    }

    /** Bytes waiting, as stored. */
    public synchronized long bytes() {
        return unreadBytes;
    }

    /** The directory. */
    public Path directory() {
        return dir;
    }

    /** Writes what is buffered to the disk and closes the tail segment. */
    @Override
    public synchronized void close() throws IOException {
        if (tail != null) {
            tail.close();
            tail = null;
            try (FileChannel channel = FileChannel.open(segmentPath(segments.lastKey()), StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        if (!segments.isEmpty()) {
            saveHead();
        }
    }

    private Path segmentPath(long segment) {
        return dir.resolve(String.format("segment-%020d.lp", segment));
    }

    private static byte[] encode(String record) {
        StringBuilder b = new StringBuilder(record.length() + 1);
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String decode(String stored) {
        StringBuilder b = new StringBuilder(stored.length());
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c == '\\' && i + 1 < stored.length()) {
                char next = stored.charAt(++i);
                b.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Where the buffer is and how much it holds. */
    @Override
    public synchronized String toString() {
        return "spill " + dir + " (" + unreadRecords + " points, " + unreadBytes + " bytes)";
    }
}
