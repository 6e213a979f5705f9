package dev.plantctl.controllers.greenhouse;

import java.util.Locale;

/** Number formatting for explanation texts, independent of the JVM's locale. */
final class Words {

    private Words() {
    }

    /** The value with the given number of decimals, e.g. {@code 12.5}. */
    static String num(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
