package dev.plantctl.controllers.printer;

import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.models.printer.PrintJob;
import dev.plantctl.models.printer.ProcessEstimate;

/** Windows and estimates of the standard PLA job for the reasoning tests. */
final class Windows {

    static final PrintContext PLA = PrintContext.of(PrintJob.standard("t", Material.PLA, 10));
    static final double FEED = 4.88 / 2.405;

    private Windows() {
    }

    /** A nominal window of a layer starting at {@code startS}, 25 s long, heater duty that fits the reading. */
    static MonitoringWindow nominal(int layer, double startS) {
        MonitoringWindow w = new MonitoringWindow(layer, startS, startS + 25, 0.45, 0.2, 210, 210, 0, 1, 1, 0, 60,
                FEED, 0.2, FEED, 1);
        return withDuty(w, PhysicsChecks.neededDuty(w, Material.PLA));
    }

    static MonitoringWindow withDuty(MonitoringWindow w, double duty) {
        return new MonitoringWindow(w.layer(), w.startS(), w.endS(), w.widthMm(), w.heightMm(), w.temperatureC(),
                w.targetC(), duty, w.speedFactor(), w.extrudeFactor(), w.zAdjustMm(), w.toolheadVelocityMmS(),
                w.extruderVelocityMmS(), w.motorLoad(), w.filamentVelocityMmS(), w.canExtrudeFraction());
    }

    static MonitoringWindow withWidth(MonitoringWindow w, double widthMm) {
        return new MonitoringWindow(w.layer(), w.startS(), w.endS(), widthMm, w.heightMm(), w.temperatureC(),
                w.targetC(), w.heaterDuty(), w.speedFactor(), w.extrudeFactor(), w.zAdjustMm(),
                w.toolheadVelocityMmS(), w.extruderVelocityMmS(), w.motorLoad(), w.filamentVelocityMmS(),
                w.canExtrudeFraction());
    }

    static MonitoringWindow withTemperature(MonitoringWindow w, double readingC, double targetC) {
        MonitoringWindow t = new MonitoringWindow(w.layer(), w.startS(), w.endS(), w.widthMm(), w.heightMm(),
                readingC, targetC, w.heaterDuty(), w.speedFactor(), w.extrudeFactor(), w.zAdjustMm(),
                w.toolheadVelocityMmS(), w.extruderVelocityMmS(), w.motorLoad(), w.filamentVelocityMmS(),
                w.canExtrudeFraction());
        return withDuty(t, PhysicsChecks.neededDuty(t, Material.PLA));
    }

    static MonitoringWindow withFeed(MonitoringWindow w, double motorLoad, double filamentRatio) {
        return new MonitoringWindow(w.layer(), w.startS(), w.endS(), w.widthMm(), w.heightMm(), w.temperatureC(),
                w.targetC(), w.heaterDuty(), w.speedFactor(), w.extrudeFactor(), w.zAdjustMm(),
                w.toolheadVelocityMmS(), w.extruderVelocityMmS(), motorLoad, w.extruderVelocityMmS() * filamentRatio,
                w.canExtrudeFraction());
    }

    static ProcessEstimate estimate(double flowPct, double zMm, double temperatureDevC) {
        return new ProcessEstimate(flowPct, 1.5, zMm, 0.004, temperatureDevC, 0.3, "printer-expert/test");
    }
}
