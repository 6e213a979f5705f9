/**
 * The printer plant: FDM process physics for a farm of printers, plain Java without I/O.
 *
 * <p>{@link dev.plantctl.models.printer.PrinterModel} runs one printer through a
 * {@link dev.plantctl.models.printer.PrintJob}: hotend thermal dynamics after Marlin's MPC model
 * ({@link dev.plantctl.models.printer.HotendParameters}), extrusion with pressure lag, melt-capacity limit, partial
 * clog and gear slip ({@link dev.plantctl.models.printer.ExtruderParameters},
 * {@link dev.plantctl.models.printer.Material}), filament diameter variation, Z error and bead geometry
 * ({@link dev.plantctl.models.printer.Bead}); firmware behaviour (cold extrusion prevention, heating watch, thermal
 * runaway, dead time, live G-code from {@link dev.plantctl.models.printer.Gcode}); sensors with noise and lag; and
 * {@link dev.plantctl.models.printer.Scenario}s of {@link dev.plantctl.models.printer.Disturbance}s. Its
 * {@link dev.plantctl.models.printer.PrinterStatus} is what the printer reports, its
 * {@link dev.plantctl.models.printer.ProcessTruth} the hidden state a process expert estimates.
 * {@link dev.plantctl.models.printer.PrinterSignals} names the signals, topics and nodes.
 *
 * <p>Units: mm, mm², mm³/s, mm/s, °C, W, s (seconds since the job started).
 */
package dev.plantctl.models.printer;
