package dev.plantctl.simulators.printer;

import dev.plantctl.models.printer.FirmwareParameters;
import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.PrintJob;
import dev.plantctl.models.printer.PrinterModel;
import dev.plantctl.models.printer.PrinterParameters;
import dev.plantctl.models.printer.PrinterSignals;
import dev.plantctl.models.printer.Scenario;
import dev.plantctl.simulators.SimulationClock;
import dev.plantctl.simulators.SimulatedPlant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A farm of printers ({@code p1} … {@code pN}), each a {@link PrinterModel} running its own job and scenario,
 * advanced together as one {@link SimulatedPlant}. Every printer starts its job at the farm's start time.
 *
 * <p>Seeded: printer i gets the seed {@code seed + i} for its noise, and a dead time between
 * {@value #MIN_DEAD_TIME_S} and {@value #MAX_DEAD_TIME_S} s drawn from the farm's seed, so the same seed gives the
 * same farm.
 *
 * <p>Not thread-safe: the {@link SimulationClock} that drives it serialises every access under its lock.
 */
public final class PrinterFarm implements SimulatedPlant {

    /** Shortest dead time drawn for a printer, s. */
    public static final double MIN_DEAD_TIME_S = 1.5;
    /** Longest dead time drawn for a printer, s. */
    public static final double MAX_DEAD_TIME_S = 4.5;
    /** Layers of the default job. */
    public static final int DEFAULT_LAYERS = 300;

    private final Instant start;
    private final Map<String, PrinterModel> printers;
    private double elapsedS;

    private PrinterFarm(Builder b) {
        this.start = b.start;
        Map<String, PrinterModel> map = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(b.seed);
        List<Scenario> scenarios = b.scenarios(b.job.material());
        for (int i = 0; i < b.printers; i++) {
            double deadTime = MIN_DEAD_TIME_S + random.nextDouble() * (MAX_DEAD_TIME_S - MIN_DEAD_TIME_S);
            FirmwareParameters firmware = b.parameters.firmware().withDeadTime(deadTime);
            map.put(PrinterSignals.instanceId(i + 1), new PrinterModel(b.parameters.withFirmware(firmware), b.job,
                    scenarios.get(i), b.seed + i));
        }
        this.printers = Collections.unmodifiableMap(map);
    }

    /** A builder with the defaults (see {@link Builder}). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Instant simulatedTime() {
        return start.plusNanos(Math.round(elapsedS * 1e9));
    }

    @Override
    public void advance(double dtSeconds) {
        for (PrinterModel p : printers.values()) {
            p.advance(dtSeconds);
        }
        elapsedS += dtSeconds;
    }

    /** The printers' instance ids, {@code p1} … in order. */
    public List<String> instances() {
        return List.copyOf(printers.keySet());
    }

    /**
     * One printer.
     *
     * @throws IllegalArgumentException for an unknown instance, naming the known ones
     */
    public PrinterModel printer(String instance) {
        PrinterModel p = printers.get(instance);
        if (p == null) {
            throw new IllegalArgumentException("no printer '" + instance + "'; the farm has " + printers.keySet());
        }
        return p;
    }

    /** Every printer by instance id, in order. */
    public Map<String, PrinterModel> printers() {
        return printers;
    }

    /**
     * Options of a {@link PrinterFarm}. Defaults: 1 printer, {@link PrinterParameters#DEFAULTS}, a standard PLA job
     * of {@value #DEFAULT_LAYERS} layers ({@link PrintJob#standard}), every printer nominal, seed 1, start
     * {@link SimulationClock#DEFAULT_START}.
     */
    public static final class Builder {

        private int printers = 1;
        private PrinterParameters parameters = PrinterParameters.DEFAULTS;
        private PrintJob job = PrintJob.standard("standard", Material.PLA, DEFAULT_LAYERS);
        private List<Scenario> scenarios;
        private boolean mixed;
        private long seed = 1;
        private Instant start = SimulationClock.DEFAULT_START;

        private Builder() {
        }

        /** The number of printers, 1 … 10,000. */
        public Builder printers(int printers) {
            if (printers < 1 || printers > 10_000) {
                throw new IllegalArgumentException("printers must be in 1 … 10000: " + printers);
            }
            this.printers = printers;
            return this;
        }

        /** Hardware, firmware and sensors of every printer (each gets its own dead time). */
        public Builder parameters(PrinterParameters parameters) {
            this.parameters = Objects.requireNonNull(parameters, "parameters");
            return this;
        }

        /** The job every printer prints. */
        public Builder job(PrintJob job) {
            this.job = Objects.requireNonNull(job, "job");
            return this;
        }

        /** One scenario per printer, in order; their number must match the printers'. */
        public Builder scenarios(List<Scenario> scenarios) {
            this.scenarios = List.copyOf(scenarios);
            this.mixed = false;
            return this;
        }

        /**
         * Scenarios from {@link Scenario#mixedFarm} with the farm's seed: printer 1 nominal, then one kind of
         * disturbance after another, each starting between 5 and 30 simulated minutes into the job.
         */
        public Builder mixedScenarios() {
            this.scenarios = null;
            this.mixed = true;
            return this;
        }

        /** The seed of all noise and draws. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The simulated start time. */
        public Builder startTime(Instant start) {
            this.start = Objects.requireNonNull(start, "startTime");
            return this;
        }

        private List<Scenario> scenarios(Material material) {
            if (mixed) {
                return Scenario.mixedFarm(printers, seed, 300, 1800, material);
            }
            if (scenarios == null) {
                return Collections.nCopies(printers, Scenario.nominal());
            }
            if (scenarios.size() != printers) {
                throw new IllegalArgumentException("scenarios: " + scenarios.size() + " given for " + printers
                        + " printers");
            }
            return new ArrayList<>(scenarios);
        }

        /**
         * The farm, at its start time.
         *
         * @throws IllegalArgumentException when the options do not fit together
         */
        public PrinterFarm build() {
            return new PrinterFarm(this);
        }
    }
}
