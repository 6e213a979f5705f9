package dev.plantctl.simulators.greenhouse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** Accepted and refused actuator writes per compartment. Thread-safe. */
final class WriteCounters {

    private final Map<String, AtomicLong> accepted = new LinkedHashMap<>();
    private final Map<String, AtomicLong> rejected = new LinkedHashMap<>();

    WriteCounters(List<String> compartments) {
        for (String c : compartments) {
            accepted.put(c, new AtomicLong());
            rejected.put(c, new AtomicLong());
        }
    }

    void accepted(String compartment) {
        counter(accepted, compartment).incrementAndGet();
    }

    void rejected(String compartment) {
        counter(rejected, compartment).incrementAndGet();
    }

    long accepted() {
        return accepted.values().stream().mapToLong(AtomicLong::get).sum();
    }

    long rejected() {
        return rejected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    long acceptedIn(String compartment) {
        return counter(accepted, compartment).get();
    }

    long rejectedIn(String compartment) {
        return counter(rejected, compartment).get();
    }

    private static AtomicLong counter(Map<String, AtomicLong> counters, String compartment) {
        AtomicLong c = counters.get(Objects.requireNonNull(compartment, "compartment"));
        if (c == null) {
            throw new IllegalArgumentException("unknown compartment '" + compartment + "'; known: "
                    + counters.keySet());
        }
        return c;
    }
}
