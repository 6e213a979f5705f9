package dev.plantctl.simulators.printer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plantctl.models.printer.Gcode;
import dev.plantctl.models.printer.GcodeCommand;
import dev.plantctl.models.printer.GcodeException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The JSON-RPC 2.0 API a simulated printer answers on {@code {instance}/moonraker/api/request}, as Moonraker does
 * over MQTT. Requests are objects {@code {"jsonrpc": "2.0", "method": …, "params": {…}, "id": …}}; the response
 * carries the same id.
 *
 * <table>
 *   <caption>Methods</caption>
 *   <tr><th>method</th><th>params</th><th>result</th></tr>
 *   <tr><td>{@code printer.gcode.script}</td><td>{@code {"script": "M221 S95"}}, one or more lines</td>
 *       <td>{@code "ok"} once every line was checked and queued (each acts after the printer's dead time); all
 *       lines or none</td></tr>
 *   <tr><td>{@code printer.emergency_stop}</td><td>none</td><td>{@code "ok"}; the printer shuts down at once</td></tr>
 *   <tr><td>{@code printer.info}</td><td>none</td>
 *       <td>{@code {"state": "ready"|"shutdown", "state_message": …, "hostname": instance,
 *       "software_version": …}}</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Errors ({@code {"code": …, "message": …, "data": {"reason": …}}})</caption>
 *   <tr><th>code</th><th>reason</th><th>when</th></tr>
 *   <tr><td>{@value #PARSE_ERROR}</td><td>{@code parse_error}</td><td>the payload is not JSON (id null)</td></tr>
 *   <tr><td>{@value #INVALID_REQUEST}</td><td>{@code invalid_request}</td><td>not a JSON-RPC 2.0 request object
 *       (batches included); id null when the id itself is unusable</td></tr>
 *   <tr><td>{@value #METHOD_NOT_FOUND}</td><td>{@code method_not_found}</td><td>another method</td></tr>
 *   <tr><td>{@value #INVALID_PARAMS}</td><td>{@code invalid_params}, {@code unknown_command}, {@code malformed}</td>
 *       <td>params not an object, no string {@code script}, an unknown G-code command or malformed parameters</td></tr>
 *   <tr><td>{@value #OUT_OF_RANGE}</td><td>{@code out_of_range}</td><td>a G-code value outside its documented
 *       range ({@link Gcode}) or the printer's limits</td></tr>
 *   <tr><td>{@value #REFUSED}</td><td>{@code refused}</td><td>M109 in live mode; PAUSE or RESUME without a print to
 *       pause or resume</td></tr>
 *   <tr><td>{@value #NOT_READY}</td><td>{@code not_ready}</td><td>the printer is shut down (after M112 or a
 *       thermal fault)</td></tr>
 * </table>
 *
 * A request without an id is a notification: it is carried out and never answered, as JSON-RPC 2.0 requires.
 * Nothing a client sends makes {@link #handle} throw. (Moonraker itself answers G-code errors with code 400 and
 * Klipper's message; the distinct codes here let a controller tell its mistakes apart.)
 */
final class MoonrakerApi {

    /** The payload is not JSON. */
    static final int PARSE_ERROR = -32700;
    /** Not a valid JSON-RPC 2.0 request object. */
    static final int INVALID_REQUEST = -32600;
    /** No such method. */
    static final int METHOD_NOT_FOUND = -32601;
    /** Bad params, an unknown G-code command or malformed G-code. */
    static final int INVALID_PARAMS = -32602;
    /** A G-code value outside its range. */
    static final int OUT_OF_RANGE = -32001;
    /** A valid command the printer refuses now (M109 in live mode). */
    static final int REFUSED = -32002;
    /** The printer is shut down. */
    static final int NOT_READY = -32003;

    /** Version string of {@code printer.info}. */
    static final String SOFTWARE_VERSION = "plantctl-printer-sim";

    /** What the API drives. Calls come from the MQTT client's callback thread. */
    interface Printer {

        /** Checks and queues the commands, all or none. */
        void runScript(List<GcodeCommand> commands) throws GcodeException;

        /** Shuts the printer down at once. */
        void emergencyStop();

        /** The shutdown message, or empty while the printer is ready. */
        Optional<String> shutdownMessage();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String instance;
    private final Printer printer;

    MoonrakerApi(String instance, Printer printer) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.printer = Objects.requireNonNull(printer, "printer");
    }

    /**
     * Handles one request.
     *
     * @return the response to publish, or empty for a notification
     */
    Optional<String> handle(byte[] payload) {
        JsonNode request;
        try {
            request = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            return error(null, PARSE_ERROR, "parse_error", "Parse error: " + e.getOriginalMessage());
        } catch (IOException e) {
            return error(null, PARSE_ERROR, "parse_error", "Parse error: " + e.getMessage());
        }
        if (request == null || request.isMissingNode()) {
            return error(null, PARSE_ERROR, "parse_error", "Parse error: empty payload");
        }
        if (request.isArray()) {
            return error(null, INVALID_REQUEST, "invalid_request", "Invalid Request: batches are not supported");
        }
        if (!request.isObject()) {
            return error(null, INVALID_REQUEST, "invalid_request", "Invalid Request: not a JSON object");
        }
        JsonNode id = request.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber() || id.isNull())) {
            return error(null, INVALID_REQUEST, "invalid_request",
                    "Invalid Request: id must be a string, an integer or null");
        }
        if (!"2.0".equals(request.path("jsonrpc").asText(null)) || !request.path("jsonrpc").isTextual()) {
            return error(id, INVALID_REQUEST, "invalid_request", "Invalid Request: jsonrpc must be \"2.0\"");
        }
        JsonNode method = request.get("method");
        if (method == null || !method.isTextual()) {
            return error(id, INVALID_REQUEST, "invalid_request", "Invalid Request: method must be a string");
        }
        JsonNode params = request.get("params");
        if (params != null && !params.isObject() && !params.isNull()) {
            return answer(id, error(id, INVALID_PARAMS, "invalid_params", "Invalid params: params must be an object"));
        }
        return answer(id, dispatch(id, method.asText(), params));
    }

    /** A notification (no id) is never answered. */
    private static Optional<String> answer(JsonNode id, Optional<String> response) {
        return id == null ? Optional.empty() : response;
    }

    private Optional<String> dispatch(JsonNode id, String method, JsonNode params) {
        switch (method) {
            case "printer.gcode.script" -> {
                JsonNode script = params == null ? null : params.get("script");
                if (script == null || !script.isTextual()) {
                    return error(id, INVALID_PARAMS, "invalid_params",
                            "Invalid params: printer.gcode.script needs a string 'script'");
                }
                try {
                    printer.runScript(Gcode.parse(script.asText()));
                } catch (GcodeException e) {
                    return gcodeError(id, e);
                }
                return result(id, NODES.textNode("ok"));
            }
            case "printer.emergency_stop" -> {
                printer.emergencyStop();
                return result(id, NODES.textNode("ok"));
            }
            case "printer.info" -> {
                Optional<String> shutdown = printer.shutdownMessage();
                ObjectNode info = NODES.objectNode();
                info.put("state", shutdown.isPresent() ? "shutdown" : "ready");
                info.put("state_message", shutdown.orElse("Printer is ready"));
                info.put("hostname", instance);
                info.put("software_version", SOFTWARE_VERSION);
                return result(id, info);
            }
            default -> {
                return error(id, METHOD_NOT_FOUND, "method_not_found", "Method not found: " + method);
            }
        }
    }

    private static Optional<String> gcodeError(JsonNode id, GcodeException e) {
        String reason = e.kind().name().toLowerCase(Locale.ROOT);
        int code = switch (e.kind()) {
            case UNKNOWN_COMMAND, MALFORMED -> INVALID_PARAMS;
            case OUT_OF_RANGE -> OUT_OF_RANGE;
            case REFUSED -> REFUSED;
            case NOT_READY -> NOT_READY;
        };
        return error(id, code, reason, e.getMessage());
    }

    private static Optional<String> result(JsonNode id, JsonNode result) {
        ObjectNode response = NODES.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("result", result);
        response.set("id", id == null ? NODES.nullNode() : id);
        return Optional.of(response.toString());
    }

    private static Optional<String> error(JsonNode id, int code, String reason, String message) {
        ObjectNode error = NODES.objectNode();
        error.put("code", code);
        error.put("message", message);
        error.putObject("data").put("reason", reason);
        ObjectNode response = NODES.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("error", error);
        response.set("id", id == null ? NODES.nullNode() : id);
        return Optional.of(response.toString());
    }
}
