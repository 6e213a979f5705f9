package dev.plantctl.app;

import dev.plantctl.app.SimCommand.Plant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class SimCommandTest {

    @Test
    void theSimulatorListensOnLoopbackUnlessToldOtherwise() {
        SimCommand sim = new SimCommand();
        new CommandLine(sim).parseArgs("greenhouse");
        assertThat(sim.bind).isEqualTo("127.0.0.1");
        assertThat(SimCommand.exposureWarning(Plant.greenhouse, sim.bind, false)).isEmpty();
        assertThat(SimCommand.exposureWarning(Plant.printer, "::1", false)).isEmpty();
    }

    @Test
    void aWildcardBindIsWarnedAboutWithWhatOtherHostsCanDo() {
        assertThat(SimCommand.exposureWarning(Plant.greenhouse, "0.0.0.0", false)).hasValueSatisfying(w ->
                assertThat(w).contains("WARNING", "every interface (0.0.0.0)", "no security (add --pki)"));
        assertThat(SimCommand.exposureWarning(Plant.greenhouse, "0.0.0.0", true)).hasValueSatisfying(w ->
                assertThat(w).contains("WARNING", "only clients that the PKI trusts"));
        assertThat(SimCommand.exposureWarning(Plant.printer, "::", false)).hasValueSatisfying(w ->
                assertThat(w).contains("WARNING", "anonymous, unencrypted", "G-code"));
    }

    @Test
    void aLanAddressIsWarnedAboutToo() {
        assertThat(SimCommand.exposureWarning(Plant.greenhouse, "192.0.2.10", false))
                .hasValueSatisfying(w -> assertThat(w).contains("listening on 192.0.2.10, reachable from other hosts"));
    }
}
