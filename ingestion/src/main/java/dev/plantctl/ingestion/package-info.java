/**
 * From untrusted protocol data to trusted readings: tag map files that say what an address means
 * ({@link dev.plantctl.ingestion.TagMapFile}, {@link dev.plantctl.ingestion.TagMap}), payload decoders that turn
 * broker messages into raw samples ({@link dev.plantctl.ingestion.PayloadDecoder}), validation that turns every
 * sample into a {@link dev.plantctl.core.Reading} or a {@link dev.plantctl.core.DeadLetter} with a reason
 * ({@link dev.plantctl.ingestion.SampleValidator}), and the assembly of readings into one
 * {@link dev.plantctl.core.Observation} per unit and control period. Plain Java; the Flink operators in
 * {@code flink-jobs} wrap these functions. The format and the rules are described in {@code ingestion/README.md}.
 */
package dev.plantctl.ingestion;
