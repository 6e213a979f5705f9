package dev.plantctl.policy;

/**
 * A closed interval of allowed values.
 *
 * @param min the lowest allowed value
 * @param max the highest allowed value, {@code >= min}
 */
public record Range(double min, double max) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;


    /** @throws IllegalArgumentException when a bound is not finite or {@code min > max} */
    public Range {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("a range needs finite bounds with min <= max, got [" + min + ", "
                    + max + "]");
        }
    }

    /** True when {@code value} is finite and lies inside, bounds included. */
    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    @Override
    public String toString() {
        return "[" + Numbers.text(min) + ", " + Numbers.text(max) + "]";
    }
}
