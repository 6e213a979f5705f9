package dev.plantctl.connectors.opcua;

import dev.plantctl.connectors.opcua.internal.OpcUaSetpointWriter;
import dev.plantctl.connectors.opcua.internal.SetpointWriteSettings;
import dev.plantctl.connectors.opcua.internal.SetpointWriterState;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Setpoint;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.policy.IdentityPolicy;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The setpoint sink's writer against the greenhouse simulator (a real Milo server that refuses out-of-range writes
 * with {@code Bad_OutOfRange}): refused setpoints reach the error output with their status and attempts, retries
 * follow the policy, read-back confirms accepted writes, expired setpoints are never written, by the watermark or by
 * the plant's clock.
 */
@Timeout(120)
class OpcUaSetpointSinkIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String CLOCK_NODE = "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s="
            + GreenhouseSignals.clockNodeIdentifier();
    private static final String VALID_UNTIL_NODE = "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s={unit}/"
            + GreenhouseSignals.SETPOINT_VALID_UNTIL;
    private static final SetpointAddressing ADDRESSING = s -> "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s="
            + GreenhouseSignals.nodeIdentifier(s.unitId(), s.actuator());

    private GreenhouseOpcUaServer server;
    private final List<RejectedSetpoint> errors = new ArrayList<>();

    @BeforeEach
    void startServer() {
        server = GreenhouseOpcUaServer.builder().port(0).compartments(1).clockMode(ClockMode.ACCELERATED)
                .accelerationFactor(60).stepSeconds(60).start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRefusedSetpointGoesToTheErrorOutputWithItsStatusAndTheOthersAreWritten() throws Exception {
        try (OpcUaSetpointWriter writer = writer(SetpointRetryPolicy.defaults(), null)) {
            writer.write(decision(setpoint("a", GreenhouseSignals.HEATING, Controls.HEATING_MAX + 50, T0.plusSeconds(60)),
                    setpoint("b", GreenhouseSignals.VENTILATION, 1.0, T0.plusSeconds(60))), context(T0));
        }
        assertThat(errors).singleElement().satisfies(r -> {
            assertThat(r.setpoint().commandId()).isEqualTo("a");
            assertThat(r.reason()).isEqualTo(RejectedSetpoint.Reason.REFUSED);
            assertThat(r.statusCode()).isEqualTo(StatusCodes.Bad_OutOfRange);
            assertThat(r.attempts()).as("Bad_OutOfRange is not transient: no retry").isEqualTo(1);
        });
        assertThat(server.writesRejected("c1")).isEqualTo(1);
        assertThat(server.writesAccepted("c1")).isEqualTo(1);
    }

    @Test
    void aRetryableStatusIsWrittenAgainUpToTheAttemptsOfThePolicy() throws Exception {
        SetpointRetryPolicy policy = new SetpointRetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20),
                Set.of(StatusCodes.Bad_OutOfRange));
        try (OpcUaSetpointWriter writer = writer(policy, null)) {
            writer.write(decision(setpoint("a", GreenhouseSignals.HEATING, -1, T0.plusSeconds(60))), context(T0));
        }
        assertThat(errors).singleElement().satisfies(r -> assertThat(r.attempts()).isEqualTo(3));
        assertThat(server.writesRejected("c1")).isEqualTo(3);
    }

    @Test
    void readBackConfirmsAnAcceptedWrite() throws Exception {
        try (OpcUaSetpointWriter writer = writer(SetpointRetryPolicy.none(), Duration.ofSeconds(5))) {
            writer.write(decision(setpoint("a", GreenhouseSignals.HEATING, 42.5, T0.plusSeconds(60))), context(T0));
        }
        assertThat(errors).isEmpty();
        assertThat(server.writesAccepted("c1")).isEqualTo(1);
    }

    @Test
    void anExpiredSetpointIsNeverWritten() throws Exception {
        try (OpcUaSetpointWriter writer = writer(SetpointRetryPolicy.defaults(), null)) {
            writer.write(decision(setpoint("old", GreenhouseSignals.HEATING, 10, T0.plusSeconds(60)),
                    setpoint("new", GreenhouseSignals.VENTILATION, 1, T0.plusSeconds(600))), context(T0.plusSeconds(61)));
        }
        assertThat(errors).isEmpty();
        assertThat(server.writesAccepted("c1")).as("only the setpoint that had not expired").isEqualTo(1);
        assertThat(server.writesRejected("c1")).isZero();
    }

    /**
     * A job that stood still while the plant moved on (a suspended worker) still has an old watermark: only the
     * plant's clock, read before the write, tells that a setpoint's step is over.
     */
    @Test
    void withThePlantClockASetpointThePlantHasMovedPastIsNotWrittenWhateverTheWatermark() throws Exception {
        Instant plantTime = server.simulatedTime();
        Instant staleWatermark = plantTime.minus(Duration.ofHours(1));
        Decision decision = decision(setpoint("past", GreenhouseSignals.HEATING, 10, plantTime.minusSeconds(1)),
                setpoint("due", GreenhouseSignals.VENTILATION, 1, plantTime.plus(Duration.ofDays(1))));
        try (OpcUaSetpointWriter writer = writer(SetpointWriteSettings.defaults(TestPolicies.permissive())
                .withPlantClock(CLOCK_NODE), SetpointWriterState.EMPTY)) {
            writer.write(decision, context(staleWatermark));
        }
        assertThat(server.writesAccepted("c1")).as("only the setpoint the plant has not moved past").isEqualTo(1);
        try (OpcUaSetpointWriter writer = writer(SetpointRetryPolicy.defaults(), null)) {
            writer.write(decision, context(staleWatermark));
        }
        assertThat(server.writesAccepted("c1")).as("without the plant clock the watermark lets both through")
                .isEqualTo(3);
        assertThat(errors).isEmpty();
    }

    /** With the validity written in the same request the plant itself refuses what it has moved past. */
    @Test
    void withTheSetpointValidityThePlantRefusesASetpointItHasMovedPastAndItCountsAsExpired() throws Exception {
        Instant plantTime = server.simulatedTime();
        try (OpcUaSetpointWriter writer = writer(SetpointWriteSettings.defaults(TestPolicies.permissive())
                .withValidUntil(VALID_UNTIL_NODE), SetpointWriterState.EMPTY)) {
            writer.write(decision(setpoint("past", GreenhouseSignals.HEATING, 10, plantTime.minusSeconds(1))),
                    context(plantTime.minus(Duration.ofHours(1))));
            writer.write(decision(setpoint("also past", GreenhouseSignals.HEATING, 10, plantTime.minusSeconds(2))),
                    context(plantTime.minus(Duration.ofHours(1))));
            writer.write(decision(setpoint("due", GreenhouseSignals.VENTILATION, 1, plantTime.plus(Duration.ofDays(1)))),
                    context(plantTime.minus(Duration.ofHours(1))));
        }
        assertThat(server.writesAccepted("c1")).as("only the setpoint still valid at the plant").isEqualTo(1);
        assertThat(server.writesRejected("c1")).as("the one the plant refused; the one expired before it was not"
                + " sent: the refusal told the plant's time").isEqualTo(1);
        assertThat(errors).as("an expired setpoint is counted, not a rejection").isEmpty();
    }

    @Test
    void aPlantClockThatCannotBeReadFailsTheWriteAndNamesTheNode() throws Exception {
        String missing = "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s=greenhouse/no-clock";
        try (OpcUaSetpointWriter writer = writer(SetpointWriteSettings.defaults(TestPolicies.permissive())
                .withPlantClock(missing), SetpointWriterState.EMPTY)) {
            assertThatThrownBy(() -> writer.write(decision(setpoint("a", GreenhouseSignals.HEATING, 10,
                    T0.plusSeconds(60))), context(T0)))
                    .isInstanceOf(IOException.class).hasMessageContaining("greenhouse/no-clock");
        }
        assertThat(server.writesAccepted("c1")).isZero();
    }

    /**
     * A restored job has no watermark until its sources emit one; the decisions replayed first are checked against
     * the watermark the writer checkpointed.
     */
    @Test
    void afterARestoreASetpointThatExpiredBeforeTheCheckpointedWatermarkIsNotWritten() throws Exception {
        List<SetpointWriterState> state;
        try (OpcUaSetpointWriter writer = writer(SetpointRetryPolicy.defaults(), null)) {
            writer.write(decision(setpoint("first", GreenhouseSignals.HEATING, 10, T0.plusSeconds(600))),
                    context(T0.plusSeconds(300)));
            state = writer.snapshotState(1);
        }
        assertThat(state).singleElement().extracting(SetpointWriterState::watermark)
                .isEqualTo(T0.plusSeconds(300).toEpochMilli());
        SetpointWriterState.Serializer serializer = new SetpointWriterState.Serializer();
        SetpointWriterState restored = serializer.deserialize(serializer.getVersion(),
                serializer.serialize(state.get(0)));
        try (OpcUaSetpointWriter writer = writer(SetpointRetryPolicy.defaults(), null, restored)) {
            writer.write(decision(setpoint("replayed", GreenhouseSignals.HEATING, 20, T0.plusSeconds(60)),
                    setpoint("current", GreenhouseSignals.VENTILATION, 1, T0.plusSeconds(900))),
                    context(Instant.ofEpochMilli(Long.MIN_VALUE)));
        }
        assertThat(server.writesAccepted("c1")).as("the first setpoint and the current one, not the replayed one")
                .isEqualTo(2);
        assertThat(errors).isEmpty();
    }

    /** The write policy refuses before any write: the plant sees nothing of a refused setpoint. */
    @Test
    void aSetpointThePolicyRefusesNeverReachesThePlantAndNamesItsRule() throws Exception {
        try (OpcUaSetpointWriter writer = writer(SetpointWriteSettings.defaults(TestPolicies.greenhouse()),
                SetpointWriterState.EMPTY)) {
            writer.write(decision(setpoint("first", GreenhouseSignals.HEATING, 20, T0.plusSeconds(600))),
                    context(T0));
            writer.write(decision(setpoint("huge", GreenhouseSignals.HEATING, 149, T0.plusSeconds(600)),
                    setpoint("forever", GreenhouseSignals.VENTILATION, 0.5, Instant.parse("9999-01-01T00:00:00Z")),
                    new Setpoint("other", "greenhouse", "c2", GreenhouseSignals.HEATING, 1, "W/m2", T0,
                            T0.plusSeconds(600)),
                    setpoint("unknown", "boiler", 1, T0.plusSeconds(600)),
                    setpoint("fine", GreenhouseSignals.CO2_SUPPLY, 0.1, T0.plusSeconds(600))), context(T0));
        }
        assertThat(errors).extracting(RejectedSetpoint::reason).containsOnly(RejectedSetpoint.Reason.POLICY);
        assertThat(errors).extracting(RejectedSetpoint::status).containsExactly("rate", "expiry", "cross_unit",
                "not_allowed");
        assertThat(errors.get(0).detail()).contains("change from 20").contains("exceeds 15 per 15m");
        assertThat(server.writesAccepted("c1")).as("the first heating and the CO2 supply").isEqualTo(2);
        assertThat(server.writesRejected("c1")).isZero();
    }

    @Test
    void anActuatorWithoutANodeIsRejectedNotAFailure() throws Exception {
        IdentityPolicy any = TestPolicies.permissive();
        try (OpcUaSetpointWriter writer = new OpcUaSetpointWriter(OpcUaEndpoint.insecure(server.endpointUrl()),
                s -> {
                    if (s.actuator().equals("boiler")) {
                        throw new IllegalStateException("no node for actuator boiler");
                    }
                    return ADDRESSING.nodeIdOf(s);
                }, SetpointWriteSettings.defaults(any), errorsInto(errors), SetpointWriterState.EMPTY,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup())) {
            writer.write(decision(setpoint("b", "boiler", 1, T0.plusSeconds(60)),
                    setpoint("h", GreenhouseSignals.HEATING, 5, T0.plusSeconds(60))), context(T0));
        }
        assertThat(errors).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectedSetpoint.Reason.NO_NODE);
            assertThat(r.detail()).contains("boiler");
        });
        assertThat(server.writesAccepted("c1")).isEqualTo(1);
    }

    private OpcUaSetpointWriter writer(SetpointRetryPolicy policy, Duration readBack) throws Exception {
        return writer(policy, readBack, SetpointWriterState.EMPTY);
    }

    private OpcUaSetpointWriter writer(SetpointRetryPolicy policy, Duration readBack, SetpointWriterState restored)
            throws Exception {
        return writer(SetpointWriteSettings.defaults(TestPolicies.permissive()).withRetry(policy)
                        .withReadBack(readBack, 1e-9),
                restored);
    }

    private OpcUaSetpointWriter writer(SetpointWriteSettings settings, SetpointWriterState restored)
            throws Exception {
        return new OpcUaSetpointWriter(OpcUaEndpoint.insecure(server.endpointUrl()), ADDRESSING, settings,
                errorsInto(errors), restored, UnregisteredMetricsGroup.createSinkWriterMetricGroup());
    }

    private static SinkWriter<RejectedSetpoint> errorsInto(List<RejectedSetpoint> out) {
        return new SinkWriter<>() {
            @Override
            public void write(RejectedSetpoint element, Context context) {
                out.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }

    private static Setpoint setpoint(String id, String actuator, double value, Instant expiresAt) {
        return new Setpoint(id, "greenhouse", "c1", actuator, value, "W/m2", T0, expiresAt);
    }

    private static Decision decision(Setpoint... setpoints) {
        return new Decision("greenhouse", "c1", T0, List.of(setpoints), new Explanation(T0, "greenhouse", "c1",
                "test", "test/1", Map.of(), List.of(), 0, List.of(), "test", List.of()));
    }

    private static SinkWriter.Context context(Instant watermark) {
        return new SinkWriter.Context() {
            @Override
            public long currentWatermark() {
                return watermark.toEpochMilli();
            }

            @Override
            public Long timestamp() {
                return null;
            }
        };
    }
}
