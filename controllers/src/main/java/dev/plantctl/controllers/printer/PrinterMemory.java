package dev.plantctl.controllers.printer;

import java.io.Serializable;

/**
 * What the controller remembers of one printer between windows, for debouncing and dead time.
 *
 * @param issue        the issue of the last clean window that had one, or empty
 * @param streak       consecutive clean windows showing that issue
 * @param lastCommandS when the last command was sent, s on the printer's clock (NaN: never)
 */
public record PrinterMemory(String issue, int streak, double lastCommandS) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A printer the controller has not seen. */
    public static final PrinterMemory EMPTY = new PrinterMemory("", 0, Double.NaN);
}
