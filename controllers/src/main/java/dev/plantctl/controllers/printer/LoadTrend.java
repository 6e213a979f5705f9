package dev.plantctl.controllers.printer;

import java.io.Serializable;

/**
 * The extruder load across a printer's layers, for the clog rule ({@link FactConstraint.ClogEscalation}): how many
 * consecutive layers up to the last were under-extruded with a load above the layer's before.
 *
 * @param lastLoad     the extruder motor load of the last layer (NaN: none)
 * @param risingLayers consecutive under-extruded layers with a rising load, up to the last
 */
public record LoadTrend(double lastLoad, int risingLayers) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No layer seen. */
    public static final LoadTrend NONE = new LoadTrend(Double.NaN, 0);

    /**
     * The trend after one more layer.
     *
     * @param underExtruded whether the layer was under-extruded
     * @param load          its extruder motor load
     */
    public LoadTrend next(boolean underExtruded, double load) {
        return new LoadTrend(load, underExtruded && load > lastLoad ? risingLayers + 1 : 0);
    }
}
