package dev.plantctl.jobs.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plantctl.connectors.opcua.RejectedSetpoint;
import dev.plantctl.core.Setpoint;
import dev.plantctl.dashboards.telemetry.Telemetry;
import dev.plantctl.dashboards.telemetry.TelemetryPoint;
import java.util.List;

/**
 * Rejected setpoints as the jobs record them: one JSON line each, and a {@code setpoint_rejected} telemetry point
 * (a rejection by the plant or a missing node is telemetry too, with its status as the rule).
 */
public final class Rejections {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Rejections() {
    }

    /**
     * One JSON line: {@code time}, {@code plant}, {@code unit}, {@code actuator}, {@code value}, {@code command_id},
     * {@code expires_at}, {@code where}, {@code reason}, {@code rule}, {@code detail}, {@code attempts}.
     *
     * @param where {@code job} (the decision operator's gate) or {@code sink} (the sink's gate, or the plant)
     */
    public static String jsonLine(RejectedSetpoint r, String where) {
        Setpoint s = r.setpoint();
        ObjectNode o = JSON.createObjectNode();
        o.put("time", s.issuedAt().toString());
        o.put("plant", s.plant());
        o.put("unit", s.unitId());
        o.put("actuator", s.actuator());
        o.put("value", s.value());
        o.put("command_id", s.commandId());
        o.put("expires_at", s.expiresAt().toString());
        o.put("where", where);
        o.put("reason", r.reason().name().toLowerCase(java.util.Locale.ROOT));
        o.put("rule", r.status());
        o.put("detail", r.detail());
        o.put("attempts", r.attempts());
        return o.toString();
    }

    /** The {@code setpoint_rejected} point of a rejection. */
    public static List<TelemetryPoint> telemetry(RejectedSetpoint r, String where) {
        Setpoint s = r.setpoint();
        return List.of(Telemetry.setpointRejected(s.plant(), s.unitId(), s.actuator(), s.value(), r.status(), where,
                s.commandId(), r.detail(), s.issuedAt()));
    }
}
