package dev.plantctl.models.printer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One FDM printer running one job: hotend thermal dynamics, extrusion, bead geometry, firmware and sensors, plain
 * Java without I/O. Time is the number of seconds since the job started; the printer advances in steps of any
 * length ({@link #advance}), integrated in sub-steps of at most {@value #MAX_SUBSTEP_S} s.
 *
 * <p><b>Job.</b> At time 0 the firmware sets the job's hotend target and heats (state {@code printing}, layer 0);
 * once the reading is within the settle band, it prints the layers in order. After the last layer it turns the
 * heater off ({@code complete}). Each finished layer yields a {@link LayerMeasurement}.
 *
 * <p><b>Extrusion</b> (per sub-step; see {@link ExtruderParameters} and {@link Material}). The slicer's
 * cross-section {@code A} ({@link Bead#area}) at toolhead speed {@code v·speed%} and {@code flow%} gives the
 * filament feed the firmware commands, in mm/s of nominal filament; the gear pushes that length of the real
 * filament, whose volume scales with the ratio of the real to the nominal cross-section. The needed force grows
 * with flow, viscosity (lower temperature: higher), {@code 1/r⁴} of the effective bore and the square of the
 * excess over the melt capacity; the gear delivers {@code k_eff = min(1, F_max / F_needed)} of it, and no more
 * than the melt capacity enters the melt zone. The outflow follows with the pressure lag τ; pressure advance K adds
 * {@code K/τ} times each change of the delivered flow at once, so K = τ cancels the lag and K &gt; τ overshoots.
 * The bead's width and height follow from outflow / speed and the real gap {@code h + Δz} ({@link Bead#of}).
 *
 * <p><b>Heat.</b> The hotend follows {@link HotendParameters}; the firmware's {@link HeaterController} holds the
 * target from the readings; the part-cooling fan runs at the material's fraction from the second layer on.
 *
 * <p><b>Firmware safety.</b> No feed while the reading is below the minimum extrusion temperature (the toolhead
 * keeps moving, the line is missing); {@link ThermalProtection} shuts the printer down on a heating failure or a
 * thermal runaway; {@link #submit} refuses M109 (it blocks the print queue) and anything else out of range. Live
 * commands take effect after the firmware's dead time (M112 at once).
 *
 * <p><b>Determinism.</b> All noise comes from one {@link SplittableRandom} seeded at construction, drawn in a fixed
 * order per sub-step, per layer and per {@link #advance} call, so the same seed, job, scenario, commands and step
 * lengths give the same results.
 *
 * <p>Mutable and not thread-safe: one thread drives a printer, or calls are serialised by the caller.
 */
public final class PrinterModel {

    /** Longest integration sub-step, s. */
    public static final double MAX_SUBSTEP_S = 0.05;
    /** Smallest gap the nozzle can have to the layer below, mm (below, it scrapes the print). */
    public static final double MIN_GAP_MM = 0.02;

    private final PrinterParameters p;
    private final PrintJob job;
    private final List<Disturbance> disturbances;
    private final SplittableRandom random;
    private final HotendThermal hotend;
    private final HeaterController heater;
    private final ThermalProtection protection;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final boolean[] fired;

    private double elapsedS;
    private PrintState state = PrintState.PRINTING;
    private boolean heatingForJob = true;
    private String message = "";
    private double targetC;
    private double flowFactor = 1;
    private double speedFactor = 1;
    private double zAdjustMm;
    private double pressureAdvanceS;
    private int layerIndex;
    private double layerProgressMm;

    private double readingC;
    private double diameterWanderMm;
    private double outflowMm3s;
    private double lastDeliveredMm3s;
    private double lastFeedCommandMmS;
    private double layerWidthSum;
    private double layerHeightSum;
    private double layerLength;
    private LayerMeasurement lastLayer;
    private double powerLaggedW;
    private double loadLagged;
    private double filamentLaggedMmS;

    private PrinterStatus status;
    private ProcessTruth truth;

    private record Pending(double dueS, GcodeCommand command) {
    }

    /**
     * A printer at ambient temperature about to start {@code job}.
     *
     * @param parameters the printer's hardware, firmware and sensors
     * @param job        the job it prints
     * @param scenario   what goes wrong during the job
     * @param seed       the seed of all its noise
     */
    public PrinterModel(PrinterParameters parameters, PrintJob job, Scenario scenario, long seed) {
        this.p = Objects.requireNonNull(parameters, "parameters");
        this.job = Objects.requireNonNull(job, "job");
        this.disturbances = List.copyOf(Objects.requireNonNull(scenario, "scenario").disturbances());
        this.fired = new boolean[disturbances.size()];
        this.random = new SplittableRandom(seed);
        this.hotend = new HotendThermal(parameters.hotend());
        this.heater = new HeaterController(parameters.hotend());
        this.protection = new ThermalProtection(parameters.firmware());
        if (job.hotendC() > parameters.firmware().maxTargetC()) {
            throw new IllegalArgumentException("the job's hotend temperature " + job.hotendC()
                    + " °C is above the printer's maximum " + parameters.firmware().maxTargetC() + " °C");
        }
        this.targetC = job.hotendC();
        this.readingC = hotend.thermistorC();
        sample(new Flow(0, 0, 0, 0, 1, 0, Bead.NONE));
    }

    /**
     * Advances the printer by {@code dtSeconds}.
     *
     * @throws IllegalArgumentException when the step is not finite and &gt; 0
     */
    public void advance(double dtSeconds) {
        Checks.requirePositive("dtSeconds", dtSeconds);
        int n = (int) Math.ceil(dtSeconds / MAX_SUBSTEP_S - 1e-9);
        double dt = dtSeconds / n;
        Flow flow = null;
        for (int i = 0; i < n; i++) {
            flow = substep(dt);
            elapsedS += dt;
        }
        sample(flow);
    }

    /**
     * Parses and submits a live G-code script; see {@link #submit(List)}.
     *
     * @throws GcodeException when the script does not parse or is refused; nothing of it is applied then
     */
    public void submit(String script) throws GcodeException {
        submit(Gcode.parse(script));
    }

    /**
     * Submits live commands, all or none: every command is checked against the printer's state first, then all are
     * queued to take effect after the firmware's dead time, in order (M112 acts at once).
     *
     * @throws GcodeException {@code NOT_READY} after a shutdown, {@code REFUSED} for M109 and for PAUSE or RESUME
     *                        without a print to pause or resume, {@code OUT_OF_RANGE} for a target above the
     *                        printer's maximum or a Z adjustment beyond its bound
     */
    public void submit(List<GcodeCommand> commands) throws GcodeException {
        if (state == PrintState.ERROR) {
            throw new GcodeException(GcodeException.Kind.NOT_READY, "the printer is shut down: " + message);
        }
        double projectedZ = zAdjustMm;
        for (Pending q : pending) {
            if (q.command() instanceof GcodeCommand.AdjustZ z) {
                projectedZ += z.mm();
            }
        }
        FirmwareParameters f = p.firmware();
        for (GcodeCommand c : commands) {
            if (c instanceof GcodeCommand.WaitForHotend w) {
                throw new GcodeException(GcodeException.Kind.REFUSED, "'" + w.text()
                        + "': M109 waits for the temperature and blocks the print queue; a live loop uses M104");
            } else if (c instanceof GcodeCommand.SetHotendTarget t && t.celsius() > f.maxTargetC()) {
                throw new GcodeException(GcodeException.Kind.OUT_OF_RANGE, "'" + t.text()
                        + "': above the printer's maximum of " + Gcode.number(f.maxTargetC()) + " °C");
            } else if (c instanceof GcodeCommand.AdjustZ z) {
                projectedZ += z.mm();
                if (Math.abs(projectedZ) > f.maxZAdjustMm() + 1e-9) {
                    throw new GcodeException(GcodeException.Kind.OUT_OF_RANGE, "'" + z.text()
                            + "': the live Z adjustment would reach " + Gcode.number(projectedZ) + " mm, beyond ±"
                            + Gcode.number(f.maxZAdjustMm()) + " mm");
                }
            } else if (c instanceof GcodeCommand.Pause && state != PrintState.PRINTING) {
                throw new GcodeException(GcodeException.Kind.REFUSED,
                        "PAUSE: no print is running (" + state.moonrakerName() + ")");
            } else if (c instanceof GcodeCommand.Resume && state != PrintState.PAUSED && !pausePending()) {
                throw new GcodeException(GcodeException.Kind.REFUSED,
                        "RESUME: the print is not paused (" + state.moonrakerName() + ")");
            }
        }
        for (GcodeCommand c : commands) {
            if (c instanceof GcodeCommand.EmergencyStop) {
                shutDown("Emergency stop (M112)");
                return;
            }
            pending.addLast(new Pending(elapsedS + f.deadTimeS(), c));
        }
    }

    /** Seconds since the job started. */
    public double elapsedS() {
        return elapsedS;
    }

    /** What the printer reports now. */
    public PrinterStatus status() {
        return status;
    }

    /** The true process state now. */
    public ProcessTruth truth() {
        return truth;
    }

    /** The job being printed. */
    public PrintJob job() {
        return job;
    }

    /** The printer's parameters. */
    public PrinterParameters parameters() {
        return p;
    }

    private boolean pausePending() {
        return pending.stream().anyMatch(q -> q.command() instanceof GcodeCommand.Pause);
    }

    /** What one sub-step moved, for the sensors. */
    private record Flow(double toolheadMmS, double feedCommandMmS, double feedMm3s, double deliveredMm3s,
                        double slip, double meltCapacityMm3s, Bead bead) {
    }

    private Flow substep(double dt) {
        applyDueCommands();
        fireDisturbances();
        Material material = material();
        FirmwareParameters f = p.firmware();
        readingC = sensorReading() + random.nextGaussian() * p.sensors().temperatureNoiseC();
        double wanderDecay = Math.exp(-dt / p.extruder().diameterCorrelationS());
        diameterWanderMm = diameterWanderMm * wanderDecay
                + p.extruder().diameterSigmaMm() * Math.sqrt(1 - wanderDecay * wanderDecay) * random.nextGaussian();

        String fault = protection.check(elapsedS, readingC, targetC);
        if (fault != null) {
            shutDown(fault);
        }
        if (state == PrintState.PRINTING && heatingForJob && Math.abs(readingC - targetC) <= f.settleBandC()) {
            heatingForJob = false;
        }
        boolean moving = state == PrintState.PRINTING && !heatingForJob;
        Layer layer = job.layers().get(Math.min(layerIndex, job.layerCount() - 1));
        double v = moving ? layer.speedMmS() * speedFactor : 0;
        double nominalArea = p.extruder().nominalFilamentArea();
        boolean canExtrude = readingC >= f.minExtrudeC();
        double feedCommandMmS = canExtrude ? layer.areaMm2() * v * flowFactor / nominalArea : 0;

        double blockC = hotend.blockC();
        double feedMm3s = feedCommandMmS * ExtruderParameters.filamentArea(filamentDiameter());
        double meltCapacity = material.meltCapacityAt(blockC);
        double load = driveLoad(material, feedMm3s, meltCapacity, blockC);
        double slip = load > 1 ? 1 / load : 1;
        double delivered = Math.min(feedMm3s * slip, meltCapacity);

        double tau = p.extruder().pressureLagS();
        if (feedCommandMmS != lastFeedCommandMmS) {
            outflowMm3s = Math.max(0, outflowMm3s + pressureAdvanceS / tau * (delivered - lastDeliveredMm3s));
        }
        lastFeedCommandMmS = feedCommandMmS;
        lastDeliveredMm3s = delivered;
        outflowMm3s = delivered + (outflowMm3s - delivered) * Math.exp(-dt / tau);

        Bead bead = Bead.NONE;
        if (v > 0) {
            double gap = Math.max(MIN_GAP_MM, layer.heightMm() + gapError());
            bead = Bead.of(outflowMm3s / v, gap);
            double ds = v * dt;
            layerWidthSum += bead.widthMm() * ds;
            layerHeightSum += bead.heightMm() * ds;
            layerLength += ds;
            layerProgressMm += ds;
            if (layerProgressMm >= layer.pathMm()) {
                finishLayer(layer, dt);
            }
        }

        double fan = moving && layerIndex >= 1 ? material.coolingFan() : 0;
        double duty = heater.update(dt, readingC, targetC, fan, feedCommandMmS);
        double heaterW = heaterFailed() ? 0 : duty * p.hotend().heaterPowerW();
        hotend.step(dt, heaterW, fan, delivered / nominalArea);

        SensorParameters s = p.sensors();
        powerLaggedW = lag(powerLaggedW, heaterW, dt, s.powerLagS());
        loadLagged = lag(loadLagged, Math.min(1, load), dt, s.loadLagS());
        filamentLaggedMmS = lag(filamentLaggedMmS, feedCommandMmS * slip, dt, s.filamentLagS());
        return new Flow(v, feedCommandMmS, feedMm3s, delivered, slip, meltCapacity, bead);
    }

    /** Force needed over the gear's grip: flow, viscosity, 1/r⁴ of the bore, and jamming above melt capacity. */
    private double driveLoad(Material material, double feedMm3s, double meltCapacity, double blockC) {
        if (feedMm3s <= 0) {
            return 0;
        }
        if (meltCapacity <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double bore = boreFraction();
        double jam = feedMm3s > meltCapacity ? (feedMm3s / meltCapacity) * (feedMm3s / meltCapacity) : 1;
        return feedMm3s / material.meltCapacityMm3s() * material.relativeViscosityAt(blockC)
                / (bore * bore * bore * bore) / p.extruder().driveHeadroom() * jam;
    }

    private void finishLayer(Layer layer, double dt) {
        double trueWidth = layerWidthSum / layerLength;
        double trueHeight = layerHeightSum / layerLength;
        SensorParameters s = p.sensors();
        double width = Math.max(0, trueWidth + random.nextGaussian() * s.widthNoiseMm());
        double height = Math.max(0, trueHeight + random.nextGaussian() * s.heightNoiseMm());
        lastLayer = new LayerMeasurement(layerIndex + 1, elapsedS + dt, width, height, trueWidth, trueHeight,
                layer.lineWidthMm(), layer.heightMm());
        layerWidthSum = 0;
        layerHeightSum = 0;
        layerLength = 0;
        layerProgressMm = 0;
        layerIndex++;
        if (layerIndex >= job.layerCount()) {
            state = PrintState.COMPLETE;
            targetC = 0;
            pending.clear();
        }
    }

    private void applyDueCommands() {
        while (!pending.isEmpty() && pending.peekFirst().dueS() <= elapsedS + 1e-9) {
            GcodeCommand c = pending.removeFirst().command();
            if (c instanceof GcodeCommand.SetFlow x) {
                flowFactor = x.percent() / 100;
            } else if (c instanceof GcodeCommand.SetSpeed x) {
                speedFactor = x.percent() / 100;
            } else if (c instanceof GcodeCommand.SetHotendTarget x) {
                targetC = x.celsius();
            } else if (c instanceof GcodeCommand.AdjustZ x) {
                zAdjustMm += x.mm();
            } else if (c instanceof GcodeCommand.SetPressureAdvance x) {
                pressureAdvanceS = x.seconds();
            } else if (c instanceof GcodeCommand.Pause && state == PrintState.PRINTING) {
                state = PrintState.PAUSED;
            } else if (c instanceof GcodeCommand.Resume && state == PrintState.PAUSED) {
                state = PrintState.PRINTING;
            }
        }
    }

    private void fireDisturbances() {
        for (int i = 0; i < disturbances.size(); i++) {
            Disturbance d = disturbances.get(i);
            if (fired[i] || elapsedS < d.onsetS()) {
                continue;
            }
            fired[i] = true;
            if (d instanceof Disturbance.WrongTemperature w && targetC > 0) {
                targetC = Math.max(0, Math.min(p.firmware().maxTargetC(), targetC + w.offsetC()));
            } else if (d instanceof Disturbance.SensorFault sf && sf.kind() == Disturbance.SensorFaultKind.DETACHED) {
                hotend.detachThermistor();
            }
        }
    }

    private void shutDown(String why) {
        state = PrintState.ERROR;
        message = why;
        targetC = 0;
        pending.clear();
    }

    private Material material() {
        Material m = job.material();
        double latest = -1;
        for (Disturbance d : disturbances) {
            if (d instanceof Disturbance.MaterialChange mc && elapsedS >= mc.onsetS() && mc.onsetS() > latest) {
                m = mc.material();
                latest = mc.onsetS();
            }
        }
        return m;
    }

    private double boreFraction() {
        double bore = 1;
        for (Disturbance d : disturbances) {
            if (d instanceof Disturbance.ClogOnset c) {
                bore = Math.min(bore, c.boreAt(elapsedS));
            }
        }
        return bore;
    }

    private double gapError() {
        double dz = zAdjustMm;
        for (Disturbance d : disturbances) {
            if (d instanceof Disturbance.ZDrift z) {
                dz += z.offsetAt(elapsedS);
            } else if (d instanceof Disturbance.ZOffset z && elapsedS >= z.onsetS()) {
                dz += z.offsetMm();
            }
        }
        return dz;
    }

    private double filamentDiameter() {
        double mean = p.extruder().filamentDiameterMm();
        double latest = -1;
        for (Disturbance d : disturbances) {
            if (d instanceof Disturbance.DiameterChange dc && elapsedS >= dc.onsetS() && dc.onsetS() > latest) {
                mean = dc.diameterMm();
                latest = dc.onsetS();
            }
        }
        return mean + diameterWanderMm;
    }

    private double sensorReading() {
        double reading = hotend.thermistorC();
        for (Disturbance d : disturbances) {
            if (d instanceof Disturbance.SensorFault sf && sf.kind() == Disturbance.SensorFaultKind.BIAS
                    && elapsedS >= sf.onsetS()) {
                reading += sf.biasC();
            }
        }
        return reading;
    }

    private boolean heaterFailed() {
        for (Disturbance d : disturbances) {
            if (d instanceof Disturbance.HeaterFailure h && elapsedS >= h.onsetS()) {
                return true;
            }
        }
        return false;
    }

    private static double lag(double state, double input, double dt, double lagS) {
        return lagS <= 0 ? input : input + (state - input) * Math.exp(-dt / lagS);
    }

    /** Takes the readings at the end of a step, and the truth beside them. */
    private void sample(Flow flow) {
        SensorParameters s = p.sensors();
        double power = Math.max(0, powerLaggedW + random.nextGaussian() * s.powerNoiseW());
        double load = Math.max(0, Math.min(1, loadLagged + random.nextGaussian() * s.loadNoise()));
        double filament = Math.max(0, filamentLaggedMmS * (1 + random.nextGaussian() * s.filamentNoise()));
        Layer layer = job.layers().get(Math.min(layerIndex, job.layerCount() - 1));
        int currentLayer = state == PrintState.COMPLETE ? job.layerCount() : heatingForJob ? 0 : layerIndex + 1;
        status = new PrinterStatus(elapsedS, state, message, currentLayer, job.layerCount(), readingC, targetC,
                heater.duty(), power, speedFactor, flowFactor, zAdjustMm, pressureAdvanceS, flow.toolheadMmS(),
                flow.feedCommandMmS(), load, filament, readingC >= p.firmware().minExtrudeC(), lastLayer);
        double nominalFlow = layer.areaMm2() * flow.toolheadMmS();
        truth = new ProcessTruth(hotend.blockC(), hotend.thermistorC(), gapError(), filamentDiameter(),
                boreFraction(), flow.slip(), flow.meltCapacityMm3s(), flow.feedMm3s(), flow.deliveredMm3s(),
                outflowMm3s, nominalFlow > 0 ? outflowMm3s / nominalFlow : Double.NaN, flow.bead().widthMm(),
                flow.bead().heightMm(), material(), heaterFailed());
    }

    /** The disturbances of this printer's scenario, in the order given. */
    public List<Disturbance> disturbances() {
        return disturbances;
    }
}
