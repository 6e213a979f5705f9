package dev.plantctl.models.printer;

/**
 * The lumped thermal model of a hotend, in the form and with the defaults of Marlin's model predictive
 * temperature control (MPC):
 *
 * <pre>
 * C · dT/dt  = P·u − h(fan)·(T − T_amb) − c_f · v_f · (T − T_amb)
 * dT_s/dt    = r · (T − T_s)
 * h(fan)     = h_off + fan · (h_on − h_off)
 * </pre>
 *
 * with T the block temperature, T_s the thermistor's, u the heater duty (0 … 1), v_f the filament speed in mm/s
 * of nominal filament and fan the part-cooling fan fraction. Open loop, T approaches its steady state with the
 * time constant {@code C / h}: 246 s with the fan off, 172 s with it on.
 *
 * @param heaterPowerW         P, heater power at full duty, W
 * @param heatCapacityJK       C, heat capacity of block and nozzle, J/K
 * @param lossFanOffWK         h with the part-cooling fan off, W/K
 * @param lossFanOnWK          h with the part-cooling fan at full speed, W/K
 * @param sensorRate           r, the thermistor's response rate, 1/s
 * @param filamentHeatJKPerMm  c_f, heat taken per K and per mm of nominal filament fed, J/(K·mm)
 * @param ambientC             T_amb, °C
 */
public record HotendParameters(double heaterPowerW, double heatCapacityJK, double lossFanOffWK, double lossFanOnWK,
                               double sensorRate, double filamentHeatJKPerMm, double ambientC) {

    /** Marlin's MPC defaults (40 W, 16.7 J/K, 0.068 / 0.097 W/K, 0.22 1/s, 5.6e-3 J/(K·mm)), 25 °C ambient. */
    public static final HotendParameters MARLIN_MPC_DEFAULTS =
            new HotendParameters(40, 16.7, 0.068, 0.097, 0.22, 5.6e-3, 25);

    /** @throws IllegalArgumentException when a coefficient is not positive or the ambient is not finite */
    public HotendParameters {
        Checks.requirePositive("heaterPowerW", heaterPowerW);
        Checks.requirePositive("heatCapacityJK", heatCapacityJK);
        Checks.requirePositive("lossFanOffWK", lossFanOffWK);
        Checks.requirePositive("lossFanOnWK", lossFanOnWK);
        Checks.requirePositive("sensorRate", sensorRate);
        Checks.requireNonNegative("filamentHeatJKPerMm", filamentHeatJKPerMm);
        Checks.requireFinite("ambientC", ambientC);
    }

    /** h at a part-cooling fan fraction (0 … 1), W/K. */
    public double lossAt(double fan) {
        return lossFanOffWK + Math.max(0, Math.min(1, fan)) * (lossFanOnWK - lossFanOffWK);
    }

    /** The open-loop time constant C / h at a fan fraction, s. */
    public double timeConstantS(double fan) {
        return heatCapacityJK / lossAt(fan);
    }

    /** The heat flow that holds the block at a temperature with a fan fraction and filament speed, W. */
    public double holdingPowerW(double temperatureC, double fan, double filamentMmS) {
        return (lossAt(fan) + filamentHeatJKPerMm * filamentMmS) * (temperatureC - ambientC);
    }
}
