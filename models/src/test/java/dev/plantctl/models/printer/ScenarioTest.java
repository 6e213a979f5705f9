package dev.plantctl.models.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void everyCatalogueNameBuildsAndUnknownNamesAreListed() {
        for (String name : Scenario.NAMES) {
            Scenario s = Scenario.named(name, 100, Material.PLA);
            assertThat(s.name()).isEqualTo(name);
            assertThat(s.disturbances()).hasSize(name.equals("nominal") ? 0 : 1)
                    .allSatisfy(d -> assertThat(d.onsetS()).isEqualTo(100));
        }
        assertThatThrownBy(() -> Scenario.named("meteor", 0, Material.PLA)).hasMessageContaining("clog");
    }

    @Test
    void materialChangePicksAnotherMaterial() {
        assertThat(Scenario.named("material_change", 0, Material.PLA).disturbances())
                .containsExactly(new Disturbance.MaterialChange(0, Material.PETG));
        assertThat(Scenario.named("material_change", 0, Material.PETG).disturbances())
                .containsExactly(new Disturbance.MaterialChange(0, Material.PLA));
    }

    @Test
    void mixedFarmIsSeededAndCoversEveryScenario() {
        List<Scenario> farm = Scenario.mixedFarm(14, 3, 60, 600, Material.PLA);
        assertThat(farm).isEqualTo(Scenario.mixedFarm(14, 3, 60, 600, Material.PLA));
        assertThat(farm).isNotEqualTo(Scenario.mixedFarm(14, 4, 60, 600, Material.PLA));
        assertThat(farm.stream().map(Scenario::name).distinct()).containsExactlyElementsOf(Scenario.NAMES);
        assertThat(farm.get(0).disturbances()).isEmpty();
        farm.stream().flatMap(s -> s.disturbances().stream())
                .forEach(d -> assertThat(d.onsetS()).isBetween(60.0, 600.0));
    }

    @Test
    void rampsAndDriftsReachTheirEndValues() {
        Disturbance.ClogOnset clog = new Disturbance.ClogOnset(100, 200, 0.6);
        assertThat(clog.boreAt(50)).isEqualTo(1);
        assertThat(clog.boreAt(200)).isCloseTo(0.8, within(1e-12));
        assertThat(clog.boreAt(1000)).isCloseTo(0.6, within(1e-12));
        Disturbance.ZDrift drift = new Disturbance.ZDrift(10, -0.001, -0.05);
        assertThat(drift.offsetAt(5)).isZero();
        assertThat(drift.offsetAt(30)).isCloseTo(-0.02, within(1e-12));
        assertThat(drift.offsetAt(1000)).isEqualTo(-0.05);
        assertThatThrownBy(() -> new Disturbance.ZDrift(0, 0.001, -0.05)).hasMessageContaining("same sign");
    }

    @Test
    void materialsKnowTheirWindowsAndMeltLessWhenCold() {
        assertThat(Material.of("petg")).isEqualTo(Material.PETG);
        assertThat(Material.PLA.inWindow(210)).isTrue();
        assertThat(Material.PLA.inWindow(185)).isFalse();
        assertThat(Material.PLA.meltCapacityAt(210)).isEqualTo(11.5);
        assertThat(Material.PLA.meltCapacityAt(185)).isCloseTo(5.75, within(1e-12));
        assertThat(Material.PLA.meltCapacityAt(150)).isZero();
        assertThat(Material.PLA.meltCapacityAt(400)).isCloseTo(11.5 * Material.MAX_CAPACITY_GAIN, within(1e-12));
        assertThat(Material.PLA.relativeViscosityAt(185)).isCloseTo(Math.E, within(1e-12));
        assertThatThrownBy(() -> Material.of("nylon")).hasMessageContaining("PLA");
    }

    @Test
    void signalNamesAndTopicsFollowMoonraker() {
        assertThat(PrinterSignals.statusTopic("p1", PrinterSignals.EXTRUDER_TEMPERATURE))
                .isEqualTo("p1/klipper/state/extruder/temperature");
        assertThat(PrinterSignals.requestTopic("p1")).isEqualTo("p1/moonraker/api/request");
        assertThat(PrinterSignals.responseTopic("p1")).isEqualTo("p1/moonraker/api/response");
        assertThat(PrinterSignals.nodeIdentifier("p2", "line_width", "AnalogSignal"))
                .isEqualTo("p2/line_width/AnalogSignal");
        assertThat(PrinterSignals.STATUS_FIELDS).doesNotHaveDuplicates().containsAll(PrinterSignals.SCAN_FIELDS);
        assertThatThrownBy(() -> PrinterSignals.requestTopic("p/1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrinterSignals.instanceId(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
