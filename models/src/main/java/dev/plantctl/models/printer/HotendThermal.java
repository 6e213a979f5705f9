package dev.plantctl.models.printer;

/**
 * The physical state of a hotend: block temperature and thermistor temperature, integrated with the equations of
 * {@link HotendParameters} (exact exponential steps with the inputs held over a step, so any step length is
 * stable).
 *
 * <p>A thermistor that has come loose from the block ({@link #detachThermistor()}) no longer follows it: it
 * relaxes at {@value #DETACHED_RATE} 1/s toward a point only {@value #DETACHED_COUPLING} of the way from ambient to
 * the block, so it reads far too low, the firmware heats harder, and thermal protection must stop it.
 *
 * <p>Mutable, not thread-safe.
 */
public final class HotendThermal {

    /** Fraction of the block's excess over ambient that a detached thermistor still sees. */
    public static final double DETACHED_COUPLING = 0.3;
    /** Response rate of a detached thermistor, 1/s. */
    public static final double DETACHED_RATE = 0.05;

    private final HotendParameters p;
    private double blockC;
    private double thermistorC;
    private boolean detached;

    /** A hotend at ambient temperature. */
    public HotendThermal(HotendParameters parameters) {
        this.p = parameters;
        this.blockC = parameters.ambientC();
        this.thermistorC = parameters.ambientC();
    }

    /**
     * Advances by {@code dt} with the inputs held constant.
     *
     * @param dt          step, s, &gt; 0
     * @param heaterW     heat delivered by the heater, W, ≥ 0
     * @param fan         part-cooling fan fraction, 0 … 1
     * @param filamentMmS nominal filament fed through the hot zone, mm/s, ≥ 0
     */
    public void step(double dt, double heaterW, double fan, double filamentMmS) {
        double loss = p.lossAt(fan) + p.filamentHeatJKPerMm() * filamentMmS;
        double steady = p.ambientC() + heaterW / loss;
        double decay = Math.exp(-dt * loss / p.heatCapacityJK());
        double before = blockC;
        blockC = steady + (before - steady) * decay;
        double mean = (before + blockC) / 2;
        if (detached) {
            double seen = p.ambientC() + DETACHED_COUPLING * (mean - p.ambientC());
            thermistorC = seen + (thermistorC - seen) * Math.exp(-dt * DETACHED_RATE);
        } else {
            thermistorC = mean + (thermistorC - mean) * Math.exp(-dt * p.sensorRate());
        }
    }

    /** Shifts both temperatures by the same amount (an observer's correction toward a measurement), K. */
    void nudge(double deltaK) {
        blockC += deltaK;
        thermistorC += deltaK;
    }

    /** The thermistor comes loose from the block; it stays loose. */
    public void detachThermistor() {
        detached = true;
    }

    /** The true block (nozzle) temperature, °C. */
    public double blockC() {
        return blockC;
    }

    /** The thermistor's own temperature, which lags the block, °C. */
    public double thermistorC() {
        return thermistorC;
    }
}
