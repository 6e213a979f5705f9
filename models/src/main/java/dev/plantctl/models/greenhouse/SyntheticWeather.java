package dev.plantctl.models.greenhouse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Synthetic weather of a north-west European (Dutch) winter and early spring, for seasons such as the
 * benchmark's 40 days from 1 February. Deterministic for a seed, and a pure function of the instant: noise is
 * derived from hashed grid indices (see {@link Ar1Noise}), never from a stateful random generator, so the
 * weather at an instant does not depend on which instants were asked before. Immutable and thread-safe.
 *
 * <ul>
 *   <li><b>Radiation</b>: the sun's position at {@value #LATITUDE_DEG}° N, {@value #LONGITUDE_DEG}° E (NOAA's
 *       solar position formulas, so the envelope follows both the day and the season), Haurwitz's clear-sky
 *       global radiation 1098·cos z·exp(−0.057 / cos z) W m⁻², reduced by cloud cover N with Kasten and
 *       Czeplak's factor 1 − 0.75·N^3.4. 0 while the sun is below the horizon.</li>
 *   <li><b>Cloud cover</b> N in (0, 1): a logistic function of hourly AR(1) noise (correlation time about
 *       12 h), overcast most of the time as a Dutch winter is.</li>
 *   <li><b>Temperature</b>: the climatological daily mean (lowest in mid-January at about 2.7 °C, about 3 °C on
 *       1 February, 6 °C by mid-March), plus synoptic AR(1) anomalies (σ = {@value #SYNOPTIC_SD_C} °C, correlation
 *       time about 3 days), plus a diurnal cycle peaking at 14:30 solar time whose amplitude is larger under
 *       clear skies.</li>
 *   <li><b>Humidity</b>: relative humidity between 75 % and 95 %, higher under clouds and at night, converted to
 *       kg m⁻³ at the outdoor temperature with {@link ClimateSensors#absoluteHumidity}.</li>
 *   <li><b>CO₂</b>: 405–415 ppm, higher at night, converted to kg m⁻³ with {@link ClimateSensors#co2KgM3}.</li>
 * </ul>
 */
public final class SyntheticWeather implements WeatherSource {

    /** Latitude of the synthetic site, degrees north (the Netherlands). */
    public static final double LATITUDE_DEG = 52.0;
    /** Longitude of the synthetic site, degrees east. */
    public static final double LONGITUDE_DEG = 5.0;
    /** A conventional start of the benchmark season: 1 February, midnight UTC. */
    public static final Instant SEASON_START = Instant.parse("2024-02-01T00:00:00Z");
    /** Standard deviation of the synoptic temperature anomaly, °C. */
    public static final double SYNOPTIC_SD_C = 2.0;

    private static final double HOUR = 3600;
    private static final long CLOUD_STREAM = 1;
    private static final long TEMPERATURE_STREAM = 2;
    /** Cloud cover is logistic(CLOUD_BIAS + CLOUD_SPREAD · noise): median about 0.82. */
    private static final double CLOUD_BIAS = 1.5;
    private static final double CLOUD_SPREAD = 2.0;
    private static final double ANNUAL_MEAN_C = 10.2;
    private static final double ANNUAL_AMPLITUDE_C = 7.5;
    /** Day of the year (0 = 1 January) of the coldest day of the climatology. */
    private static final double COLDEST_DAY = 14;
    private static final double WARMEST_SOLAR_HOUR = 14.5;

    private final long seed;
    private final Ar1Noise cloudNoise;
    private final Ar1Noise temperatureNoise;

    /** Synthetic weather for the given seed: equal seeds give equal weather. */
    public SyntheticWeather(long seed) {
        this.seed = seed;
        this.cloudNoise = new Ar1Noise(seed, CLOUD_STREAM, HOUR, Math.exp(-1.0 / 12));
        this.temperatureNoise = new Ar1Noise(seed, TEMPERATURE_STREAM, 6 * HOUR, Math.exp(-6.0 / 72));
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** The weather at the given instant; defined for every instant. */
    @Override
    public Weather at(Instant time) {
        OffsetDateTime utc = time.atOffset(ZoneOffset.UTC);
        double utcHours = utc.getHour() + utc.getMinute() / 60.0 + (utc.getSecond() + utc.getNano() * 1e-9) / HOUR;
        double dayOfYear = utc.getDayOfYear() - 1 + utcHours / 24;
        double year = 2 * Math.PI * dayOfYear / (utc.toLocalDate().isLeapYear() ? 366 : 365);

        // NOAA General Solar Position Calculations: declination (rad) and equation of time (min).
        double declination = 0.006918 - 0.399912 * Math.cos(year) + 0.070257 * Math.sin(year)
                - 0.006758 * Math.cos(2 * year) + 0.000907 * Math.sin(2 * year)
                - 0.002697 * Math.cos(3 * year) + 0.00148 * Math.sin(3 * year);
        double equationOfTimeMin = 229.18 * (0.000075 + 0.001868 * Math.cos(year) - 0.032077 * Math.sin(year)
                - 0.014615 * Math.cos(2 * year) - 0.040849 * Math.sin(2 * year));
        double solarHours = utcHours + (equationOfTimeMin + 4 * LONGITUDE_DEG) / 60;
        double hourAngle = Math.toRadians(15 * (solarHours - 12));
        double lat = Math.toRadians(LATITUDE_DEG);
        double cosZenith = Math.sin(lat) * Math.sin(declination)
                + Math.cos(lat) * Math.cos(declination) * Math.cos(hourAngle);

        double cloud = 1 / (1 + Math.exp(-(CLOUD_BIAS + CLOUD_SPREAD * cloudNoise.at(time))));
        double clearSky = cosZenith > 0 ? 1098 * cosZenith * Math.exp(-0.057 / cosZenith) : 0;
        double radiation = clearSky * (1 - 0.75 * Math.pow(cloud, 3.4));

        // +1 at the warmest hour of the day, −1 twelve hours later.
        double diurnal = Math.cos(2 * Math.PI * (solarHours - WARMEST_SOLAR_HOUR) / 24);
        double seasonalMean = ANNUAL_MEAN_C
                - ANNUAL_AMPLITUDE_C * Math.cos(2 * Math.PI * (dayOfYear - COLDEST_DAY) / 365.25);
        double diurnalAmplitude = 1.0 + 2.5 * (1 - cloud);
        double temperature = seasonalMean + SYNOPTIC_SD_C * temperatureNoise.at(time) + diurnalAmplitude * diurnal;

        double rh = Math.min(95, Math.max(75, 85 + 10 * (cloud - 0.65) - 4 * diurnal));
        double co2Ppm = 410 - 5 * diurnal;
        return new Weather(radiation, ClimateSensors.co2KgM3(co2Ppm, temperature), temperature,
                ClimateSensors.absoluteHumidity(rh, temperature));
    }
}
