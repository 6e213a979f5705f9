/**
 * The learned greenhouse dynamics: its input/output contract, data from the simulator and from telemetry, the
 * training pipeline with its evaluation report, and the forecaster that serves it beside a controller.
 */
package dev.plantctl.ml.greenhouse;
