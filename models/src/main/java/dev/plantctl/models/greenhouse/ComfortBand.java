package dev.plantctl.models.greenhouse;

/**
 * The climate a crop should be kept in; leaving it costs a penalty (see {@link GreenhouseEconomics}).
 * Every bound must be finite and each minimum at most its maximum.
 *
 * @param co2MinPpm    lowest CO₂, ppm
 * @param co2MaxPpm    highest CO₂, ppm
 * @param tempDayMin   lowest air temperature by day, °C
 * @param tempDayMax   highest air temperature by day, °C
 * @param tempNightMin lowest air temperature at night, °C
 * @param tempNightMax highest air temperature at night, °C
 * @param rhMax        highest relative humidity, %
 */
public record ComfortBand(double co2MinPpm, double co2MaxPpm, double tempDayMin, double tempDayMax,
                          double tempNightMin, double tempNightMax, double rhMax) {

    /** @throws IllegalArgumentException when a bound is not finite or a minimum exceeds its maximum */
    public ComfortBand {
        requireRange("co2 ppm", co2MinPpm, co2MaxPpm);
        requireRange("day temperature", tempDayMin, tempDayMax);
        requireRange("night temperature", tempNightMin, tempNightMax);
        requireRange("relative humidity", 0, rhMax);
    }

    /** The benchmark band: CO₂ 500–1600 ppm, 15–20 °C by day, 10–15 °C at night, RH ≤ 80 %. */
    public static ComfortBand benchmark() {
        return new ComfortBand(500, 1600, 15, 20, 10, 15, 80);
    }

    /** The lowest air temperature, °C, by day or at night. */
    public double tempMin(boolean daytime) {
        return daytime ? tempDayMin : tempNightMin;
    }

    /** The highest air temperature, °C, by day or at night. */
    public double tempMax(boolean daytime) {
        return daytime ? tempDayMax : tempNightMax;
    }

    private static void requireRange(String name, double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("comfort band " + name + " must be finite with min <= max: "
                    + min + " .. " + max);
        }
    }
}
