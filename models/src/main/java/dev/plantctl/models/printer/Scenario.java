package dev.plantctl.models.printer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A named set of {@link Disturbance}s that befall a printer during its job.
 *
 * @param name         a label, e.g. {@code clog}
 * @param disturbances the disturbances, in any order
 */
public record Scenario(String name, List<Disturbance> disturbances) {

    /** The names {@link #named} knows. */
    public static final List<String> NAMES = List.of("nominal", "clog", "wrong_temperature", "z_drift",
            "diameter_change", "material_change", "sensor_fault");

    /** @throws NullPointerException when an argument is null */
    public Scenario {
        Objects.requireNonNull(name, "name");
        disturbances = List.copyOf(disturbances);
    }

    /** Nothing goes wrong. */
    public static Scenario nominal() {
        return new Scenario("nominal", List.of());
    }

    /**
     * A catalogue scenario by name, starting at {@code onsetS}:
     * <ul>
     *   <li>{@code nominal}: nothing;</li>
     *   <li>{@code clog}: the bore closes to 55 % over 10 minutes (the gear starts to slip at typical flows);</li>
     *   <li>{@code wrong_temperature}: the target drops by 30 °C (PLA at 180 °C, below its window: the melt capacity
     *       falls to the flow of a standard job and the extruder labours);</li>
     *   <li>{@code z_drift}: the nozzle rises by 0.1 mm over 5 minutes;</li>
     *   <li>{@code diameter_change}: a spool of 1.68 mm filament (−8 % volume);</li>
     *   <li>{@code material_change}: PETG fed into a job sliced for another material (or PLA into a PETG job);</li>
     *   <li>{@code sensor_fault}: the thermistor reads 15 °C high, so the nozzle runs 15 °C cold.</li>
     * </ul>
     *
     * @param name     one of {@link #NAMES}
     * @param onsetS   start of the disturbance, s after the start of the job
     * @param material the material the job was sliced for (to pick a different one for {@code material_change})
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Scenario named(String name, double onsetS, Material material) {
        Disturbance d = switch (name) {
            case "nominal" -> null;
            case "clog" -> new Disturbance.ClogOnset(onsetS, 600, 0.55);
            case "wrong_temperature" -> new Disturbance.WrongTemperature(onsetS, -30);
            case "z_drift" -> new Disturbance.ZDrift(onsetS, 0.1 / 300, 0.1);
            case "diameter_change" -> new Disturbance.DiameterChange(onsetS, 1.68);
            case "material_change" -> new Disturbance.MaterialChange(onsetS,
                    material.equals(Material.PETG) ? Material.PLA : Material.PETG);
            case "sensor_fault" -> new Disturbance.SensorFault(onsetS, Disturbance.SensorFaultKind.BIAS, 15);
            default -> throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + NAMES);
        };
        return new Scenario(name, d == null ? List.of() : List.of(d));
    }

    /**
     * Scenarios for a farm: printer i (from 0) gets {@code NAMES[i mod 7]}, so the first printer runs nominal and
     * every kind of disturbance appears once in seven printers; each onset is drawn uniformly from
     * {@code [earliestS, latestS)} with a seeded generator, so the same seed gives the same farm.
     */
    public static List<Scenario> mixedFarm(int printers, long seed, double earliestS, double latestS,
                                           Material material) {
        if (printers < 1) {
            throw new IllegalArgumentException("printers must be >= 1: " + printers);
        }
        if (!(earliestS >= 0 && latestS > earliestS)) {
            throw new IllegalArgumentException("need 0 <= earliestS < latestS: " + earliestS + ", " + latestS);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Scenario> out = new ArrayList<>(printers);
        for (int i = 0; i < printers; i++) {
            double onset = earliestS + random.nextDouble() * (latestS - earliestS);
            out.add(named(NAMES.get(i % NAMES.size()), onset, material));
        }
        return out;
    }
}
