package dev.plantctl.ingestion;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A linear conversion from the unit a source reports in to the tag's canonical unit:
 * {@code canonical = value * scale + offset}. The conversions plantctl knows are listed explicitly in
 * {@link #KNOWN}; any unit converts to itself.
 *
 * @param from   the source's unit
 * @param to     the canonical unit
 * @param scale  the factor
 * @param offset the offset, added after scaling
 */
public record UnitConversion(String from, String to, double scale, double offset) implements Serializable {

    /** Every conversion between two different units that a tag map may ask for. */
    public static final List<UnitConversion> KNOWN = List.of(
            new UnitConversion("degF", "degC", 5.0 / 9.0, -32.0 * 5.0 / 9.0),
            new UnitConversion("K", "degC", 1, -273.15),
            new UnitConversion("degC", "degF", 9.0 / 5.0, 32),
            new UnitConversion("%", "fraction", 0.01, 0),
            new UnitConversion("fraction", "%", 100, 0),
            new UnitConversion("hPa", "kPa", 0.1, 0),
            new UnitConversion("Pa", "kPa", 0.001, 0),
            new UnitConversion("kPa", "Pa", 1000, 0),
            new UnitConversion("g/m2", "kg/m2", 0.001, 0),
            new UnitConversion("kW/m2", "W/m2", 1000, 0),
            new UnitConversion("ppb", "ppm", 0.001, 0),
            new UnitConversion("m/s", "mm/s", 1000, 0));

    public UnitConversion {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!Double.isFinite(scale) || scale == 0 || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("conversion " + from + " -> " + to + ": scale must be finite and"
                    + " non-zero, offset finite");
        }
    }

    /** The conversion of a unit to itself. */
    public static UnitConversion identity(String unit) {
        return new UnitConversion(unit, unit, 1, 0);
    }

    /** The conversion from one unit to another, if plantctl knows it. */
    public static Optional<UnitConversion> between(String from, String to) {
        if (from.equals(to)) {
            return Optional.of(identity(from));
        }
        return KNOWN.stream().filter(c -> c.from.equals(from) && c.to.equals(to)).findFirst();
    }

    /** The known conversions as text, e.g. {@code degF->degC, K->degC, ...}. */
    public static String knownList() {
        List<String> names = new ArrayList<>();
        KNOWN.forEach(c -> names.add(c.from + "->" + c.to));
        return String.join(", ", names);
    }

    /** True when the conversion changes nothing. */
    public boolean isIdentity() {
        return scale == 1 && offset == 0;
    }

    /** The value in the canonical unit. */
    public double apply(double value) {
        return isIdentity() ? value : value * scale + offset;
    }
}
