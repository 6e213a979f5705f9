package dev.plantctl.policy;

import java.io.Serializable;
import java.util.Objects;

/**
 * What one parameter of an allowed G-code command may be.
 *
 * @param name           the parameter as written, e.g. {@code S}, {@code Z}, {@code Z_ADJUST}
 * @param range          the allowed values, or null when only the material window bounds it
 * @param materialWindow true when the value is a hotend temperature that must lie in the print material's window
 * @param change         the largest change per interval of an absolute value, or null for none
 * @param total          for a relative value (a babystep): the largest magnitude of the running sum over one
 *                       print, or null for none
 * @param required       true when the command must give this parameter
 * @param where          {@code file:line} of the rule
 */
public record ParameterRule(String name, Range range, boolean materialWindow, ChangeLimit change, Double total,
                            boolean required, String where) implements Serializable {

    private static final long serialVersionUID = 1L;

    public ParameterRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(where, "where");
        if (range == null && !materialWindow) {
            throw new IllegalArgumentException("parameter " + name + " needs a range or the material window");
        }
        if (total != null && !(total > 0 && Double.isFinite(total))) {
            throw new IllegalArgumentException("parameter " + name + ": total must be positive, got " + total);
        }
    }
}
