package dev.plantctl.ingestion;

import dev.plantctl.core.RawMessage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random and mutated MQTT messages for the plant of {@code tagmaps/mqtt-plant.yaml}, reproducible from a seed:
 * valid payloads of every decoder stamped with their arrival (one second apart), replays (duplicates), back-dated
 * payloads (out of order and late), byte-level
 * mutations of valid payloads, type mutations (strings, booleans, nulls, absent fields, NaN and overflowing
 * numbers, out-of-range values), random bytes, unknown topics and empty payloads.
 */
final class PayloadGenerator {

    static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
    private static final String SOURCE = "tcp://broker:1883";
    private static final int MEMORY = 256;

    private final SplittableRandom random;
    private final List<RawMessage> recent = new ArrayList<>();
    private long clock = T0.toEpochMilli();

    PayloadGenerator(long seed) {
        random = new SplittableRandom(seed);
    }

    RawMessage next() {
        clock += 1000;
        int roll = random.nextInt(100);
        if (roll < 30) {
            return remember(climateAt(unit(), clock, null));
        } else if (roll < 40) {
            return remember(message("farm/" + unitId() + "/par", number(0, 1600)));
        } else if (roll < 47) {
            return remember(message("farm/" + unitId() + "/klipper/state/heater_bed/temperature",
                    "{\"eventtime\": " + (clock / 1000.0 - 1.7e9) + ", \"value\": " + number(-10, 160) + "}"));
        } else if (roll < 52) {
            return remember(message("farm/" + unitId() + "/probe-" + random.nextInt(9) + "/soil",
                    "{\"m\": " + number(-0.1, 1.1) + "}"));
        } else if (roll < 57) {
            return recent.isEmpty() ? next() : recent.get(random.nextInt(recent.size()));
        } else if (roll < 61) {
            return climateAt(unit(), clock - 60_000L * random.nextInt(1, 40), null);
        } else if (roll < 76) {
            return recent.isEmpty() ? next() : mutateBytes(recent.get(random.nextInt(recent.size())));
        } else if (roll < 85) {
            return climateAt(unit(), clock, typeMutation());
        } else if (roll < 88) {
            return message("farm/" + unitId() + "/par", List.of("NaN", "-inf", "Infinity", "1e999", "12,5", "0x10",
                    "21.5 degC", "true", "").get(random.nextInt(9)));
        } else if (roll < 93) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            return new RawMessage(SOURCE, Fixtures.TOPICS.get(random.nextInt(Fixtures.TOPICS.size())), noise,
                    Instant.ofEpochMilli(clock));
        } else if (roll < 97) {
            return message(List.of("farm/c9/climate", "farm/c1", "farm/+/par", "", "farm/c1/par/x", "other/topic")
                    .get(random.nextInt(6)), number(0, 100));
        } else {
            return message(Fixtures.TOPICS.get(random.nextInt(Fixtures.TOPICS.size())), "");
        }
    }

    private int unit() {
        return random.nextInt(2);
    }

    private String unitId() {
        return "c" + (unit() + 1);
    }

    private RawMessage climateAt(int unit, long ts, String mutation) {
        String t = number(20, 130);
        String rh = number(-5, 105);
        String co2 = number(250, 2500);
        String tsText = Long.toString(ts);
        if (mutation != null) {
            switch (random.nextInt(4)) {
                case 0 -> t = mutation;
                case 1 -> rh = mutation;
                case 2 -> co2 = mutation;
                default -> tsText = mutation;
            }
        }
        StringBuilder b = new StringBuilder("{");
        if (!"ABSENT".equals(tsText)) {
            b.append("\"ts\": ").append(tsText).append(", ");
        }
        if (!"ABSENT".equals(t)) {
            b.append("\"t\": ").append(t).append(", ");
        }
        if (!"ABSENT".equals(rh)) {
            b.append("\"rh\": ").append(rh).append(", ");
        }
        b.append("\"co2\": {").append("ABSENT".equals(co2) ? "" : "\"ppm\": " + co2).append("}}");
        return message("farm/c" + (unit + 1) + "/climate", b.toString());
    }

    private String typeMutation() {
        return List.of("\"21.5\"", "true", "null", "{}", "[1]", "ABSENT", "NaN", "1e999", "-1e999", "1e400",
                "123456789012345678901234567890", "-40000", "\"2026-02-01T00:00:00Z\"", "1.0E-320")
                .get(random.nextInt(14));
    }

    private RawMessage mutateBytes(RawMessage m) {
        byte[] b = m.payload().clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = b.length == 0 ? 0 : random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> {
                    if (b.length > 0) {
                        b[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> b = splice(b, at, at + (b.length == 0 ? 0 : 1), new byte[0]);
                case 2 -> b = splice(b, at, at, new byte[] {(byte) random.nextInt(256)});
                case 3 -> b = Arrays.copyOf(b, at);
                default -> b = splice(b, at, at, "{\"".getBytes(StandardCharsets.UTF_8));
            }
        }
        return new RawMessage(m.source(), m.topic(), b, Instant.ofEpochMilli(clock));
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }

    private String number(double min, double max) {
        return Double.toString(Math.round((min + (max - min) * random.nextDouble()) * 100) / 100.0);
    }

    private RawMessage message(String topic, String payload) {
        return new RawMessage(SOURCE, topic, payload.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(clock));
    }

    private RawMessage remember(RawMessage m) {
        if (recent.size() < MEMORY) {
            recent.add(m);
        } else {
            recent.set(random.nextInt(MEMORY), m);
        }
        return m;
    }
}
