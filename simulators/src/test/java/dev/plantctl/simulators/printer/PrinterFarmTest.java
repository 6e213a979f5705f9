package dev.plantctl.simulators.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.plantctl.models.printer.PrintState;
import dev.plantctl.models.printer.Scenario;
import dev.plantctl.simulators.SimulationClock;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterFarmTest {

    @Test
    void printersAreNumberedAndAdvanceTogether() {
        PrinterFarm farm = PrinterFarm.builder().printers(3).build();
        assertThat(farm.instances()).containsExactly("p1", "p2", "p3");
        assertThat(farm.simulatedTime()).isEqualTo(SimulationClock.DEFAULT_START);
        for (int i = 0; i < 40; i++) {
            farm.advance(0.25);
        }
        assertThat(farm.simulatedTime()).isEqualTo(SimulationClock.DEFAULT_START.plusSeconds(10));
        farm.printers().values().forEach(p -> {
            assertThat(p.elapsedS()).isCloseTo(10, within(1e-9));
            assertThat(p.status().state()).isEqualTo(PrintState.PRINTING);
        });
    }

    @Test
    void deadTimesAreSeededAndInRange() {
        List<Double> a = deadTimes(PrinterFarm.builder().printers(20).seed(5).build());
        assertThat(a).isEqualTo(deadTimes(PrinterFarm.builder().printers(20).seed(5).build()))
                .allSatisfy(d -> assertThat(d).isBetween(PrinterFarm.MIN_DEAD_TIME_S, PrinterFarm.MAX_DEAD_TIME_S))
                .doesNotHaveDuplicates();
        assertThat(deadTimes(PrinterFarm.builder().printers(20).seed(6).build())).isNotEqualTo(a);
    }

    @Test
    void mixedFarmsGiveEachPrinterItsScenarioAndCountsMustMatch() {
        PrinterFarm farm = PrinterFarm.builder().printers(8).mixedScenarios().build();
        assertThat(farm.printer("p1").disturbances()).isEmpty();
        assertThat(farm.printer("p2").disturbances()).hasSize(1);
        assertThatThrownBy(() -> PrinterFarm.builder().printers(2).scenarios(List.of(Scenario.nominal())).build())
                .hasMessageContaining("1 given for 2 printers");
        assertThatThrownBy(() -> farm.printer("p9")).hasMessageContaining("p8");
    }

    private static List<Double> deadTimes(PrinterFarm farm) {
        return farm.printers().values().stream().map(p -> p.parameters().firmware().deadTimeS()).toList();
    }
}
