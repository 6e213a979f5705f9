package dev.plantctl.simulators.printer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plantctl.models.printer.GcodeCommand;
import dev.plantctl.models.printer.GcodeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden transcripts of the JSON-RPC API: request → response, against a recording printer. */
class MoonrakerApiTest {

    private final List<List<GcodeCommand>> scripts = new ArrayList<>();
    private int emergencyStops;
    private String shutdown;
    private GcodeException refusal;

    private final MoonrakerApi api = new MoonrakerApi("p1", new MoonrakerApi.Printer() {
        @Override
        public void runScript(List<GcodeCommand> commands) throws GcodeException {
            if (refusal != null) {
                throw refusal;
            }
            scripts.add(commands);
        }

        @Override
        public void emergencyStop() {
            emergencyStops++;
        }

        @Override
        public Optional<String> shutdownMessage() {
            return Optional.ofNullable(shutdown);
        }
    });

    private Optional<String> call(String request) {
        return api.handle(request.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGcodeScriptIsQueuedAndAnsweredOkWithTheSameId() {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"params\":{\"script\":\"M221 S95\"},"
                + "\"id\":7466}")).contains("{\"jsonrpc\":\"2.0\",\"result\":\"ok\",\"id\":7466}");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"params\":{\"script\":"
                + "\"M220 S90\\nSET_PRESSURE_ADVANCE ADVANCE=0.04\"},\"id\":\"abc\"}"))
                .contains("{\"jsonrpc\":\"2.0\",\"result\":\"ok\",\"id\":\"abc\"}");
        assertThat(scripts).containsExactly(List.of(new GcodeCommand.SetFlow(95)),
                List.of(new GcodeCommand.SetSpeed(90), new GcodeCommand.SetPressureAdvance(0.04)));
    }

    @Test
    void emergencyStopAndInfo() {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"printer.emergency_stop\",\"id\":1}"))
                .contains("{\"jsonrpc\":\"2.0\",\"result\":\"ok\",\"id\":1}");
        assertThat(emergencyStops).isEqualTo(1);
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"printer.info\",\"id\":2}")).contains(
                "{\"jsonrpc\":\"2.0\",\"result\":{\"state\":\"ready\",\"state_message\":\"Printer is ready\","
                        + "\"hostname\":\"p1\",\"software_version\":\"plantctl-printer-sim\"},\"id\":2}");
        shutdown = "Emergency stop (M112)";
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"printer.info\",\"id\":3}")).get().asString()
                .contains("\"state\":\"shutdown\",\"state_message\":\"Emergency stop (M112)\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json at all                                                     | -32700 | null",
        "``                                                                  | -32700 | null",
        "[{\"jsonrpc\":\"2.0\",\"method\":\"printer.info\",\"id\":1}]        | -32600 | null",
        "42                                                                  | -32600 | null",
        "{\"jsonrpc\":\"1.0\",\"method\":\"printer.info\",\"id\":5}          | -32600 | 5",
        "{\"method\":\"printer.info\",\"id\":5}                              | -32600 | 5",
        "{\"jsonrpc\":\"2.0\",\"method\":7,\"id\":5}                         | -32600 | 5",
        "{\"jsonrpc\":\"2.0\",\"method\":\"printer.info\",\"id\":{\"a\":1}}  | -32600 | null",
        "{\"jsonrpc\":\"2.0\",\"method\":\"printer.info\",\"id\":1.5}        | -32600 | null",
        "{\"jsonrpc\":\"2.0\",\"method\":\"printer.print.start\",\"id\":5}   | -32601 | 5",
        "{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"id\":5}  | -32602 | 5",
        "{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"params\":[\"M221 S95\"],\"id\":5} | -32602 | 5",
        "{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"params\":{\"script\":95},\"id\":5} | -32602 | 5",
        "{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"params\":{\"script\":\"G28\"},\"id\":5} | -32602 | 5",
        "{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"params\":{\"script\":\"M221 Sx\"},\"id\":5} | -32602 | 5",
        "{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"params\":{\"script\":\"M221 S500\"},\"id\":\"x\"} | -32001 | \"x\"",
    })
    void malformedRequestsGetJsonRpcErrors(String request, int code, String id) {
        String response = call(request).orElseThrow();
        assertThat(response).startsWith("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":" + code + ",\"message\":\"")
                .contains("\"data\":{\"reason\":\"").endsWith("},\"id\":" + id + "}");
        assertThat(scripts).isEmpty();
    }

    @Test
    void printerRefusalsKeepTheirKind() {
        refusal = new GcodeException(GcodeException.Kind.REFUSED, "'M109 S210': M109 blocks the print queue");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"params\":{\"script\":"
                + "\"M109 S210\"},\"id\":9}")).contains("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32002,\"message\":"
                + "\"'M109 S210': M109 blocks the print queue\",\"data\":{\"reason\":\"refused\"}},\"id\":9}");
        refusal = new GcodeException(GcodeException.Kind.NOT_READY, "the printer is shut down");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"params\":{\"script\":"
                + "\"M104 S200\"},\"id\":10}")).get().asString().contains("\"code\":-32003")
                .contains("\"reason\":\"not_ready\"");
    }

    @Test
    void notificationsAreCarriedOutButNeverAnswered() {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"params\":{\"script\":\"M221 S97\"}}"))
                .isEmpty();
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"printer.unknown\"}")).isEmpty();
        assertThat(scripts).containsExactly(List.of(new GcodeCommand.SetFlow(97)));
        assertThat(call("{\"jsonrpc\":\"2.0\"}")).get().asString().contains("-32600").endsWith("\"id\":null}");
    }
}
