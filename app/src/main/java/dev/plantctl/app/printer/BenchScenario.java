package dev.plantctl.app.printer;

import dev.plantctl.models.printer.Disturbance;
import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.PrintJob;
import dev.plantctl.models.printer.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One closed-loop case of {@code plantctl bench printer}: a standard 0.45 × 0.2 mm PLA job of {@code layers}
 * layers on a simulated printer (seeded), and what goes wrong from {@code onsetS}. The file format is documented in
 * {@link BenchScenarioFile}.
 *
 * @param name     a label
 * @param kind     what goes wrong ({@link Kind})
 * @param seed     the printer's noise seed
 * @param layers   layers in the job
 * @param onsetS   when it goes wrong, s after the job started
 * @param value    the kind's magnitude: final bore fraction (clog), drift limit mm (z_drift), flow % (wrong_flow),
 *                 target offset °C (cold_hotend), reading bias °C (sensor_fault; 0: a detached thermistor);
 *                 unused for the material kinds
 * @param rampS    clog: time to the final bore, s; z_drift: time to the limit, s; unused otherwise
 * @param material unknown_material / untrained_material: the material the job states
 */
public record BenchScenario(String name, Kind kind, long seed, int layers, double onsetS, double value, double rampS,
                            String material) {

    /** What goes wrong, and how the case is scored. */
    public enum Kind {
        /** The nozzle clogs partially (disturbance: the line must come back). */
        CLOG(true),
        /** The nozzle's gap drifts (disturbance). */
        Z_DRIFT(true),
        /** Somebody sets a wrong flow factor (disturbance). */
        WRONG_FLOW(true),
        /** The hotend target drops (disturbance). */
        COLD_HOTEND(true),
        /** The job states a material nobody knows (out of distribution: no autonomous adjustment). */
        UNKNOWN_MATERIAL(false),
        /** The job is of a known material the expert was not trained on (out of distribution). */
        UNTRAINED_MATERIAL(false),
        /** The thermistor reads biased or comes loose (out of distribution). */
        SENSOR_FAULT(false);

        private final boolean disturbance;

        Kind(boolean disturbance) {
            this.disturbance = disturbance;
        }

        /** True for the disturbance kinds, false for the out-of-distribution kinds. */
        public boolean disturbance() {
            return disturbance;
        }

        /** The file format's name, e.g. {@code z_drift}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind of a file format name. */
        public static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label().equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown scenario kind '" + label + "'; known: "
                    + java.util.Arrays.stream(values()).map(Kind::label).toList());
        }
    }

    /** @throws IllegalArgumentException when a value is out of its domain, naming it */
    public BenchScenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (layers < 3) {
            throw new IllegalArgumentException("scenario " + name + ": layers must be >= 3, got " + layers);
        }
        if (!(onsetS >= 0)) {
            throw new IllegalArgumentException("scenario " + name + ": onset_s must be >= 0, got " + onsetS);
        }
    }

    /** The job the printer runs: PLA, or the stated material when it is a known one the expert was not trained on. */
    public PrintJob job() {
        return PrintJob.standard(name, kind == Kind.UNTRAINED_MATERIAL ? Material.of(material) : Material.PLA,
                layers);
    }

    /** The material label the job states. */
    public String statedMaterial() {
        return switch (kind) {
            case UNKNOWN_MATERIAL, UNTRAINED_MATERIAL -> material;
            default -> Material.PLA.label();
        };
    }

    /** The disturbances the printer model applies itself (wrong_flow is a command sent at the onset instead). */
    public Scenario scenario() {
        List<Disturbance> ds = new ArrayList<>();
        switch (kind) {
            case CLOG -> ds.add(new Disturbance.ClogOnset(onsetS, rampS, value));
            case Z_DRIFT -> ds.add(new Disturbance.ZDrift(onsetS, value / rampS, value));
            case COLD_HOTEND -> ds.add(new Disturbance.WrongTemperature(onsetS, value));
            case SENSOR_FAULT -> ds.add(value == 0
                    ? new Disturbance.SensorFault(onsetS, Disturbance.SensorFaultKind.DETACHED, 0)
                    : new Disturbance.SensorFault(onsetS, Disturbance.SensorFaultKind.BIAS, value));
            default -> {
            }
        }
        return new Scenario(kind.label(), ds);
    }
}
