/**
 * From raw protocol samples to trusted readings: the tag map that says what an address means, validation
 * that turns every sample into a {@link dev.plantctl.core.Reading} or a {@link dev.plantctl.core.DeadLetter},
 * and the assembly of readings into one {@link dev.plantctl.core.Observation} per unit and control period.
 * Plain Java; the Flink operators in {@code flink-jobs} wrap these functions.
 */
package dev.plantctl.ingestion;
