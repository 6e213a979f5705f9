package dev.plantctl.models.printer;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * What a controller knows about the job a printer runs, besides its signals: the material it was sliced for (as a
 * label, which may name a material this package does not know), the planned hotend temperature and the nominal
 * line the slicer lays.
 *
 * @param materialLabel        the material's name as the job states it
 * @param plannedTemperatureC  the hotend temperature the job was sliced for, °C
 * @param nominalWidthMm       the slicer's line width, mm
 * @param nominalHeightMm      the slicer's layer height, mm
 */
public record PrintContext(String materialLabel, double plannedTemperatureC, double nominalWidthMm,
                           double nominalHeightMm) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** @throws IllegalArgumentException when a value is out of its domain, naming it */
    public PrintContext {
        Objects.requireNonNull(materialLabel, "materialLabel");
        Checks.requirePositive("plannedTemperatureC", plannedTemperatureC);
        Bead.area(nominalWidthMm, nominalHeightMm);
    }

    /** The context of a job whose layers share one nominal line (that of its last layer otherwise). */
    public static PrintContext of(PrintJob job) {
        Layer last = job.layers().get(job.layerCount() - 1);
        return new PrintContext(job.material().label(), job.hotendC(), last.lineWidthMm(), last.heightMm());
    }

    /** The material, when the label names one this package knows. */
    public Optional<Material> material() {
        try {
            return Optional.of(Material.of(materialLabel));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /** The slicer's cross-section, mm² ({@link Bead#area}). */
    public double nominalAreaMm2() {
        return Bead.area(nominalWidthMm, nominalHeightMm);
    }
}
