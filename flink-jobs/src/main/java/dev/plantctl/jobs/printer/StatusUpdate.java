package dev.plantctl.jobs.printer;

import java.io.Serializable;

/**
 * One Moonraker status field of one printer, as published on {@code {instance}/klipper/state/{object}/{field}}.
 *
 * @param printer    the instance id
 * @param field      {@code object/field}, e.g. {@code extruder/temperature}
 * @param eventtime  the status's time, s (the simulator's simulated epoch seconds)
 * @param number     the value as a number: the number itself, 1/0 for a boolean, {@code current_layer} of
 *                   {@code print_stats/info}, z of {@code gcode_move/homing_origin}; NaN for text and null
 * @param text       the value when it is a string (state, message), else empty
 */
public record StatusUpdate(String printer, String field, double eventtime, double number, String text)
        implements Serializable {

    private static final long serialVersionUID = 1L;
}
