package dev.plantctl.policy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values written to each target, with their times, as far back as the {@link ChangeLimit}s need: the writes
 * inside the limit's {@linkplain ChangeLimit#horizon horizon} and the newest one before it. Every write kept binds
 * a new one (within {@code by} when younger than {@code per}, within {@code by} per {@code per} of its age when
 * older), so that no two writes, however far apart inside the horizon, differ by more than the limit allows. Times are epoch milliseconds of the gate's clock.
 * Serialisable to bytes, so a sink or an operator can keep it in its checkpoint.
 */
final class ChangeHistory {

    /** Relative slack for floating-point rounding of a value that sits exactly on a limit. */
    private static final double SLACK = 1e-9;
    private static final int FORMAT = 1;

    private record Write(long time, double value) { }

    private final Map<String, Deque<Write>> writes = new LinkedHashMap<>();

    /** The newest value written to a target, if any. */
    Optional<Double> last(String target) {
        Deque<Write> w = writes.get(target);
        return w == null || w.isEmpty() ? Optional.empty() : Optional.of(w.peekLast().value());
    }

    /**
     * Why writing {@code value} to {@code target} at {@code now} would change it faster than {@code limit}
     * allows, or empty when it would not.
     */
    Optional<String> violation(String target, double value, ChangeLimit limit, long now) {
        Deque<Write> w = writes.get(target);
        if (w == null) {
            return Optional.empty();
        }
        long per = limit.per().toMillis();
        for (Write earlier : w) {
            long age = now - earlier.time();
            double allowed = age <= per ? limit.by() : limit.by() * age / per;
            if (Math.abs(value - earlier.value()) > allowed * (1 + SLACK) + SLACK) {
                return Optional.of("change from " + Numbers.rounded(earlier.value()) + " (written "
                        + Numbers.text(Duration.ofMillis(Math.max(0, age))) + " before) to "
                        + Numbers.rounded(value) + " exceeds " + limit);
            }
        }
        return Optional.empty();
    }

    /** Remembers a write; forgets what lies beyond {@code keep}, the limit's horizon. */
    void record(String target, double value, long now, long keep) {
        Deque<Write> w = writes.computeIfAbsent(target, t -> new ArrayDeque<>());
        w.addLast(new Write(now, value));
        prune(w, now, keep);
    }

    /** Keeps the writes inside the window and the newest one before it (the reference of the ramp). */
    private static void prune(Deque<Write> w, long now, long keep) {
        while (w.size() > 1 && now - secondOldest(w).time() > keep) {
            w.removeFirst();
        }
    }

    private static Write secondOldest(Deque<Write> w) {
        Iterator<Write> it = w.iterator();
        it.next();
        return it.next();
    }

    /** The history as bytes (format {@value #FORMAT}). */
    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(writes.size());
            for (Map.Entry<String, Deque<Write>> e : writes.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().size());
                for (Write w : e.getValue()) {
                    out.writeLong(w.time());
                    out.writeDouble(w.value());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A history read back from {@link #toBytes()}.
     *
     * @throws IOException when the bytes are not such a history
     */
    static ChangeHistory fromBytes(byte[] bytes) throws IOException {
        ChangeHistory h = new ChangeHistory();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("write history of unknown format " + format);
            }
            int targets = in.readInt();
            for (int i = 0; i < targets; i++) {
                String target = in.readUTF();
                int n = in.readInt();
                Deque<Write> w = new ArrayDeque<>(n);
                for (int j = 0; j < n; j++) {
                    w.addLast(new Write(in.readLong(), in.readDouble()));
                }
                h.writes.put(target, w);
            }
        }
        return h;
    }
}
