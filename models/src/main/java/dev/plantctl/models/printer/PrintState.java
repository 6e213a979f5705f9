package dev.plantctl.models.printer;

import java.util.Locale;

/** A printer's job state, with the names Moonraker reports in {@code print_stats.state}. */
public enum PrintState {

    /** Heating for the job or printing it (Moonraker reports heat-up as printing too). */
    PRINTING,
    /** Paused by PAUSE/M25: no motion, no extrusion, the heater holds its target. */
    PAUSED,
    /** All layers printed; the heater is off. */
    COMPLETE,
    /** Shut down by M112 or a thermal fault: heater off, no motion, no commands until a restart. */
    ERROR;

    /** The name in Moonraker's {@code print_stats.state}: {@code printing}, {@code paused}, … */
    public String moonrakerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
