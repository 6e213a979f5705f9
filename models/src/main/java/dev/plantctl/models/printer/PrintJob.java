package dev.plantctl.models.printer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A print job: a material, the hotend temperature its G-code sets, and the layers in print order.
 *
 * @param name     a label, e.g. the file name
 * @param material the material the job was sliced for
 * @param hotendC  the hotend target its start G-code sets, °C
 * @param layers   the layers, first to last; at least one
 */
public record PrintJob(String name, Material material, double hotendC, List<Layer> layers) {

    /** Nominal line width of {@link #standard}, mm. */
    public static final double STANDARD_WIDTH_MM = 0.45;
    /** Nominal layer height of {@link #standard}, mm. */
    public static final double STANDARD_HEIGHT_MM = 0.2;
    /** First-layer speed of {@link #standard}, mm/s. */
    public static final double FIRST_LAYER_SPEED_MM_S = 25;
    /** Speed of the other layers of {@link #standard}, mm/s. */
    public static final double STANDARD_SPEED_MM_S = 60;
    /** Extrusion path per layer of {@link #standard}, mm. */
    public static final double STANDARD_PATH_MM = 1500;

    /** @throws IllegalArgumentException when there are no layers or the temperature is not finite */
    public PrintJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(material, "material");
        Checks.requirePositive("hotendC", hotendC);
        Objects.requireNonNull(layers, "layers");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a print job needs at least one layer");
        }
        layers = List.copyOf(layers);
    }

    /**
     * A job of {@code layerCount} layers of 0.45 × 0.2 mm lines at the material's nominal temperature, 1500 mm of
     * extrusion per layer: the first layer at 25 mm/s, the others at 60 mm/s (4.9 mm³/s, 25 s per layer).
     */
    public static PrintJob standard(String name, Material material, int layerCount) {
        if (layerCount < 1) {
            throw new IllegalArgumentException("layerCount must be >= 1: " + layerCount);
        }
        List<Layer> layers = new ArrayList<>(layerCount);
        for (int i = 0; i < layerCount; i++) {
            double speed = i == 0 ? FIRST_LAYER_SPEED_MM_S : STANDARD_SPEED_MM_S;
            layers.add(new Layer(STANDARD_HEIGHT_MM, STANDARD_WIDTH_MM, speed, STANDARD_PATH_MM));
        }
        return new PrintJob(name, material, material.nominalC(), layers);
    }

    /** The number of layers. */
    public int layerCount() {
        return layers.size();
    }

    /** The layer with a 1-based number. */
    public Layer layer(int number) {
        return layers.get(number - 1);
    }

    /** Time to print all layers at 100 % speed, s (heating not included). */
    public double durationS() {
        return layers.stream().mapToDouble(Layer::durationS).sum();
    }
}
