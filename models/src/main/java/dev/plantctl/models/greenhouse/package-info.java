/**
 * The greenhouse plant: van Henten's lettuce model ({@link dev.plantctl.models.greenhouse.VanHentenModel}),
 * its sensors ({@link dev.plantctl.models.greenhouse.ClimateSensors}), the money a season makes
 * ({@link dev.plantctl.models.greenhouse.GreenhouseEconomics}, {@link dev.plantctl.models.greenhouse.SeasonLedger}),
 * the weather outside ({@link dev.plantctl.models.greenhouse.WeatherSource}) and the canonical signal names
 * ({@link dev.plantctl.models.greenhouse.GreenhouseSignals}) that the simulator, ingestion and controllers share.
 *
 * <p>Model quantities are in the SI units of the model (kg m⁻², kg m⁻³, °C, W m⁻²); sensor quantities
 * (ppm, % RH) only appear at the boundary, through {@link dev.plantctl.models.greenhouse.ClimateSensors}.
 * Plain Java, no framework; every type is immutable except {@link dev.plantctl.models.greenhouse.SeasonLedger}.
 */
package dev.plantctl.models.greenhouse;
