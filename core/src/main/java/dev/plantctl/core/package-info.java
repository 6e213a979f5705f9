/**
 * The shared vocabulary of plantctl: what a sensor said ({@link dev.plantctl.core.RawSample},
 * {@link dev.plantctl.core.Reading}), what a controller sees ({@link dev.plantctl.core.Observation}),
 * what it decides ({@link dev.plantctl.core.Decision}, {@link dev.plantctl.core.Setpoint}) and why
 * ({@link dev.plantctl.core.Explanation}). Plain records with validated fields; no framework.
 */
package dev.plantctl.core;
