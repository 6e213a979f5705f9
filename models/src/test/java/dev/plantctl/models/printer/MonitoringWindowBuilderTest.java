package dev.plantctl.models.printer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MonitoringWindowBuilderTest {

    @Test
    void oneWindowPerScannedLayerWithTimeWeightedMeans() {
        PrinterModel printer = new PrinterModel(PrinterParameters.DEFAULTS, PrintJob.standard("t", Material.PLA, 4),
                Scenario.nominal(), 1);
        MonitoringWindowBuilder builder = new MonitoringWindowBuilder();
        List<MonitoringWindow> windows = new ArrayList<>();
        while (printer.status().state() == PrintState.PRINTING) {
            printer.advance(0.25);
            builder.add(printer.status()).ifPresent(windows::add);
        }
        assertThat(windows).extracting(MonitoringWindow::layer).containsExactly(1, 2, 3, 4);
        MonitoringWindow second = windows.get(1);
        assertThat(second.durationS()).isCloseTo(25, within(0.6));
        assertThat(second.toolheadVelocityMmS()).isCloseTo(60, within(3.0));
        assertThat(second.temperatureC()).isCloseTo(210, within(1.0));
        assertThat(second.extrudeFactor()).isEqualTo(1.0);
        assertThat(second.filamentRatio()).isCloseTo(1, within(0.05));
        assertThat(second.widthMm()).isCloseTo(0.45, within(0.03));
        assertThat(windows.get(0).toolheadVelocityMmS()).isCloseTo(25, within(2.0));
    }

    @Test
    void aStatusOlderThanTheLastIsRefused() {
        PrinterModel printer = new PrinterModel(PrinterParameters.DEFAULTS, PrintJob.standard("t", Material.PLA, 2),
                Scenario.nominal(), 1);
        printer.advance(1);
        PrinterStatus early = printer.status();
        printer.advance(1);
        MonitoringWindowBuilder builder = new MonitoringWindowBuilder();
        assertThat(builder.add(printer.status())).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> builder.add(early)).hasMessageContaining("older");
    }
}
