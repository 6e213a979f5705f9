package dev.plantctl.app;

import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import dev.plantctl.testing.ListeningSockets;
import dev.plantctl.testing.ListeningSockets.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plantctl job greenhouse --config FILE} runs the job jar's main with the very configuration file a cluster
 * gets, on a local MiniCluster that listens on loopback only, against the simulator over OPC UA.
 */
class JobCommandIT {

    @Test
    void runsTheGreenhouseJobFromItsConfigurationFileOnALocalMiniCluster(@TempDir Path dir) throws Exception {
        Instant start = SyntheticWeather.SEASON_START;
        Instant end = start.plus(Duration.ofHours(2));
        try (GreenhouseOpcUaServer plant = GreenhouseOpcUaServer.builder().compartments(2)
                .clockMode(ClockMode.LOCKSTEP).lockstepTimeout(Duration.ofSeconds(60)).startTime(start).endTime(end)
                .start()) {
            Path config = Files.writeString(dir.resolve("greenhouse.properties"), String.join("\n",
                    "opcua.endpoint=" + plant.endpointUrl(),
                    "opcua.security=none",
                    "compartments=2",
                    "end.time=" + end,
                    "explanations.file=out/explanations.jsonl",
                    "dead.letters.file=out/dead-letters.jsonl",
                    "parallelism=1",
                    ""));
            int[] exit = new int[1];
            Set<Listener> listeners = ListeningSockets.seenWhile(() ->
                    exit[0] = Plantctl.commandLine().execute("job", "greenhouse", "--config", config.toString()));

            assertThat(exit[0]).isZero();
            // the plant's OPC UA server, the MiniCluster's BlobServer and REST endpoint: loopback only
            assertThat(listeners).hasSizeGreaterThanOrEqualTo(3).allMatch(Listener::loopback);
            assertThat(Files.readAllLines(dir.resolve("out/explanations.jsonl"))).hasSize(2 * 8);
            assertThat(plant.writesAccepted()).isEqualTo(3 * 2 * 8);
            assertThat(plant.clock().timeoutSteps()).isZero();
        }
    }

    @Test
    void aBadConfigurationFileIsOneLineNamingTheKey(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("bad.properties"), "opcua.security=none\n");
        StringWriter err = new StringWriter();
        CommandLine cli = Plantctl.commandLine().setErr(new PrintWriter(err));

        assertThat(cli.execute("job", "greenhouse", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("plantctl: job configuration ").contains("'opcua.endpoint' is required");
    }
}
