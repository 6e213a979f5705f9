package dev.plantctl.models.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyntheticWeatherTest {

    private static final Instant START = SyntheticWeather.SEASON_START;
    private static final int DAYS = 40;

    @Test
    void sameSeedGivesSameWeather() {
        SyntheticWeather a = new SyntheticWeather(42);
        SyntheticWeather b = new SyntheticWeather(42);
        for (Instant t : hourly(3)) {
            assertThat(b.at(t)).isEqualTo(a.at(t));
        }
    }

    @Test
    void differentSeedsGiveDifferentWeather() {
        SyntheticWeather a = new SyntheticWeather(1);
        SyntheticWeather b = new SyntheticWeather(2);
        long differing = hourly(DAYS).stream()
                .filter(t -> a.at(t).temperature() != b.at(t).temperature()).count();
        assertThat(differing).isEqualTo(hourly(DAYS).size());
        double radiationA = hourly(DAYS).stream().mapToDouble(t -> a.at(t).radiation()).sum();
        double radiationB = hourly(DAYS).stream().mapToDouble(t -> b.at(t).radiation()).sum();
        assertThat(radiationA).isNotEqualTo(radiationB);
    }

    @Test
    void isAPureFunctionOfTheInstant() {
        SyntheticWeather weather = new SyntheticWeather(7);
        List<Instant> instants = new ArrayList<>(hourly(5));
        instants.add(START.plusMillis(1234567));
        List<Weather> inOrder = instants.stream().map(weather::at).toList();

        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < instants.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(3));
        SyntheticWeather fresh = new SyntheticWeather(7);
        for (int i : order) {
            assertThat(fresh.at(instants.get(i))).isEqualTo(inOrder.get(i));
            assertThat(weather.at(instants.get(i))).isEqualTo(inOrder.get(i));
        }
    }

    @Test
    void darkAtNightAndLightAtNoonEveryDay() {
        SyntheticWeather weather = new SyntheticWeather(11);
        for (int day = 0; day < DAYS; day++) {
            Instant midnight = START.plus(Duration.ofDays(day));
            // Solar noon at 5 degrees east is about 11:50 UTC in February and March.
            assertThat(weather.at(midnight).radiation()).as("day %s midnight", day).isZero();
            assertThat(weather.at(midnight.plus(Duration.ofHours(22))).radiation()).isZero();
            assertThat(weather.at(midnight.plus(Duration.ofMinutes(11 * 60 + 45))).radiation())
                    .as("day %s noon", day).isPositive();
            assertThat(weather.at(midnight).isDaytime()).isFalse();
        }
    }

    @Test
    void fortyDaysLookLikeADutchLateWinter() {
        for (long seed = 1; seed <= 5; seed++) {
            SyntheticWeather weather = new SyntheticWeather(seed);
            double tempSum = 0;
            double radiationSum = 0;
            double radiationMax = 0;
            List<Instant> instants = hourly(DAYS);
            for (Instant t : instants) {
                Weather w = weather.at(t);
                double rh = ClimateSensors.relativeHumidity(w.humidity(), w.temperature());
                double ppm = ClimateSensors.co2Ppm(w.co2(), w.temperature());
                assertThat(w.temperature()).as("seed %s at %s", seed, t).isBetween(-12.0, 18.0);
                assertThat(rh).as("outdoor RH at %s", t).isBetween(74.9, 95.1);
                assertThat(ppm).as("outdoor CO2 at %s", t).isBetween(400.0, 420.0);
                tempSum += w.temperature();
                radiationSum += w.radiation();
                radiationMax = Math.max(radiationMax, w.radiation());
            }
            double meanTemp = tempSum / instants.size();
            double dailyMegajoules = radiationSum / instants.size() * 86400 / 1e6;
            assertThat(meanTemp).as("mean temperature, seed %s", seed).isBetween(1.0, 8.0);
            // De Bilt: about 4.5 MJ/m2/day in February, 8.5 in March; clear-sky noon below 650 W/m2 before April.
            assertThat(dailyMegajoules).as("daily radiation, seed %s", seed).isBetween(3.0, 10.0);
            assertThat(radiationMax).isBetween(150.0, 650.0);
        }
    }

    @Test
    void changesSmoothlyWithinAStep() {
        SyntheticWeather weather = new SyntheticWeather(5);
        for (Instant t : hourly(2)) {
            Weather now = weather.at(t);
            Weather later = weather.at(t.plusSeconds(60));
            assertThat(Math.abs(later.temperature() - now.temperature())).isLessThan(0.2);
            assertThat(Math.abs(later.radiation() - now.radiation())).isLessThan(30);
        }
    }

    private static List<Instant> hourly(int days) {
        List<Instant> out = new ArrayList<>();
        for (int h = 0; h < days * 24; h++) {
            out.add(START.plus(Duration.ofHours(h)));
        }
        return out;
    }
}
