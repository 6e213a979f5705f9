package dev.plantctl.simulators.printer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plantctl.models.printer.PrintState;
import dev.plantctl.models.printer.PrinterSignals;
import dev.plantctl.testing.MosquittoServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The printer farm over a real Mosquitto broker, driven by an independent Paho MQTT v5 client as a controller
 * would drive Moonraker instances.
 */
class PrinterFarmMqttIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static MosquittoServer mosquitto;
    private static PrinterFarmSimulator simulator;
    private static MqttProbe controller;

    @BeforeAll
    static void start() throws Exception {
        mosquitto = MosquittoServer.builder().start();
        simulator = PrinterFarmSimulator.builder().printers(2).brokerUrl(mosquitto.url()).opcUa(false)
                .accelerationFactor(20).start();
        controller = new MqttProbe(mosquitto.url(), "plantctl-it-controller", true, "+/moonraker/api/response",
                "+/klipper/state/gcode_move/extrude_factor", "+/klipper/state/print_stats/state",
                "+/moonraker/status");
    }

    @AfterAll
    static void stop() throws Exception {
        if (controller != null) {
            controller.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    private static JsonNode request(String instance, String request, Object id) throws Exception {
        controller.send(PrinterSignals.requestTopic(instance), request);
        return controller.await("response " + id + " from " + instance, WAIT,
                r -> r.topic().equals(PrinterSignals.responseTopic(instance))
                        && r.json().path("id").asText().equals(String.valueOf(id))).json();
    }

    private static String script(String gcode, int id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"params\":{\"script\":\"" + gcode
                + "\"},\"id\":" + id + "}";
    }

    @Test
    void aMoonrakerRequestChangesThePrinterAndItsResponseArrivesOnTheResponseTopic() throws Exception {
        JsonNode response = request("p1", script("M221 S95", 101), 101);
        assertThat(response.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(response.path("result").asText()).isEqualTo("ok");
        assertThat(response.path("id").asInt()).isEqualTo(101);

        MqttProbe.Received status = controller.await("extrude_factor 0.95 from p1", WAIT,
                r -> r.topic().equals("p1/klipper/state/gcode_move/extrude_factor")
                        && r.json().path("value").asDouble() == 0.95);
        assertThat(status.json().path("eventtime").asDouble()).isGreaterThan(1.7e9);
        assertThat(simulator.status("p1").extrudeFactor()).isEqualTo(0.95);
        assertThat(simulator.status("p2").extrudeFactor()).isEqualTo(1.0);
    }

    @Test
    void malformedAndRefusedRequestsGetJsonRpcErrors() throws Exception {
        controller.send(PrinterSignals.requestTopic("p2"), "{not json");
        JsonNode parse = controller.await("parse error", WAIT,
                r -> r.topic().equals(PrinterSignals.responseTopic("p2")) && r.json().path("id").isNull()).json();
        assertThat(parse.path("error").path("code").asInt()).isEqualTo(-32700);

        assertThat(request("p2", "{\"jsonrpc\":\"2.0\",\"method\":\"printer.teleport\",\"id\":201}", 201)
                .path("error").path("code").asInt()).isEqualTo(-32601);
        assertThat(request("p2", "{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"params\":{},\"id\":202}",
                202).path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(request("p2", script("G28 X", 203), 203).path("error").path("data").path("reason").asText())
                .isEqualTo("unknown_command");
        JsonNode range = request("p2", script("M221 S500", 204), 204);
        assertThat(range.path("error").path("code").asInt()).isEqualTo(-32001);
        assertThat(range.path("error").path("message").asText()).contains("10 … 200");
        assertThat(request("p2", script("M109 S215", 205), 205).path("error").path("code").asInt())
                .isEqualTo(-32002);
        assertThat(request("p2", "{\"jsonrpc\":\"2.0\",\"method\":\"printer.info\",\"id\":206}", 206)
                .path("result").path("state").asText()).isEqualTo("ready");
        assertThat(simulator.status("p2").extrudeFactor()).isEqualTo(1.0);
    }

    @Test
    void emergencyStopShutsThePrinterDownAndLaterScriptsAreNotReady() throws Exception {
        PrinterFarmSimulator other = PrinterFarmSimulator.builder().printers(1).brokerUrl(mosquitto.url())
                .opcUa(false).accelerationFactor(20).startTime(java.time.Instant.parse("2026-05-01T00:00:00Z"))
                .start();
        try (MqttProbe probe = new MqttProbe(mosquitto.url(), "plantctl-it-estop", true, "p1/moonraker/api/response",
                "p1/klipper/state/print_stats/#")) {
            probe.send(PrinterSignals.requestTopic("p1"),
                    "{\"jsonrpc\":\"2.0\",\"method\":\"printer.emergency_stop\",\"id\":\"stop-1\"}");
            probe.await("ok to the emergency stop", WAIT, r -> r.json().path("id").asText().equals("stop-1")
                    && r.json().path("result").asText().equals("ok"));
            probe.await("state error", WAIT, r -> r.topic().endsWith("print_stats/state")
                    && r.json().path("value").asText().equals("error"));
            assertThat(other.status("p1").state()).isEqualTo(PrintState.ERROR);
            probe.send(PrinterSignals.requestTopic("p1"), script("M104 S200", 301));
            JsonNode refused = probe.await("answer to 301", WAIT,
                    r -> r.json().path("id").asInt() == 301).json();
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32003);
        } finally {
            other.close();
        }
    }

    @Test
    void printersAnnounceThemselvesOnline() throws Exception {
        try (MqttProbe late = new MqttProbe(mosquitto.url(), "plantctl-it-late", true, "+/moonraker/status")) {
            MqttProbe.Received online = late.await("retained availability", WAIT,
                    r -> r.topic().equals("p2/moonraker/status"));
            assertThat(online.json().path("server").asText()).isEqualTo("online");
        }
        assertThat(simulator.publishFailures()).isZero();
        assertThat(simulator.statusMessages()).isPositive();
    }
}
