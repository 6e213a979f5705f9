package dev.plantctl.simulators.opcua;

import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.AggregateConfiguration;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadProcessedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * The greenhouse simulator's signal variables are historized (a {@link PushedValuesNamespace}): a real Milo client
 * reads their raw history in pages through continuation points, and gets the documented status codes otherwise.
 */
@Timeout(60)
class PushedValuesHistoryIT {

    private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(60);

    @Test
    void rawHistoryIsServedInPagesAndEveryOtherRequestGetsItsStatus() throws Exception {
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder().compartments(1).startTime(START)
                .clockMode(ClockMode.ACCELERATED).accelerationFactor(3600).stepSeconds(STEP.toSeconds()).start()) {
            OpcUaClient client = OpcUaClient.create(server.endpointUrl(),
                    endpoints -> endpoints.stream()
                            .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())).findFirst(),
                    transport -> { },
                    config -> config.setApplicationName(LocalizedText.english("plantctl history IT"))
                            .setApplicationUri("urn:plantctl:test:history-it").setRequestTimeout(uint(10_000)));
            client.connect();
            try {
                int ns = client.readNamespaceTable().getIndex(GreenhouseSignals.NAMESPACE_URI).intValue();
                NodeId temperature = new NodeId(ns, GreenhouseSignals.nodeIdentifier("c1",
                        GreenhouseSignals.AIR_TEMPERATURE));
                Instant until = START.plus(STEP.multipliedBy(20));
                assertThat(server.awaitSimulatedTime(until, Duration.ofSeconds(30))).isTrue();

                List<DataValue> attributes = List.of(client.read(0.0, TimestampsToReturn.Neither, List.of(
                        attribute(temperature, AttributeId.Historizing),
                        attribute(temperature, AttributeId.AccessLevel),
                        attribute(temperature, AttributeId.UserAccessLevel))).getResults());
                assertThat(attributes.get(0).getValue().getValue()).isEqualTo(true);
                assertThat(AccessLevel.fromValue((UByte) attributes.get(1).getValue().getValue()))
                        .contains(AccessLevel.CurrentRead, AccessLevel.HistoryRead);
                assertThat(AccessLevel.fromValue((UByte) attributes.get(2).getValue().getValue()))
                        .contains(AccessLevel.HistoryRead);

                ReadRawModifiedDetails twentySteps = raw(START, until, 7);
                List<Instant> times = new ArrayList<>();
                ByteString continuation = null;
                int pages = 0;
                do {
                    HistoryReadResult page = read(client, twentySteps, temperature, continuation);
                    assertThat(page.getStatusCode().isGood()).as("page status %s", page.getStatusCode()).isTrue();
                    for (DataValue v : data(client, page)) {
                        times.add(v.getSourceTime().getJavaInstant());
                    }
                    continuation = page.getContinuationPoint();
                    pages++;
                } while (continuation != null && continuation.isNotNull());
                assertThat(pages).isEqualTo(3);
                assertThat(times).hasSize(20).first().isEqualTo(START);
                for (int i = 1; i < times.size(); i++) {
                    assertThat(Duration.between(times.get(i - 1), times.get(i))).isEqualTo(STEP);
                }

                ReadRawModifiedDetails fromStart = raw(START, null, 5);
                assertThat(data(client, read(client, fromStart, temperature, null))).hasSize(5);
                Instant future = START.plus(Duration.ofDays(3650));
                assertThat(read(client, raw(future, null, 5), temperature, null).getStatusCode().getValue())
                        .isEqualTo(StatusCodes.Good_NoData);
                assertThat(status(client, fromStart, temperature, ByteString.of(new byte[]{1, 2})))
                        .isEqualTo(StatusCodes.Bad_ContinuationPointInvalid);
                assertThat(status(client, raw(START, null, 0), temperature, null))
                        .isEqualTo(StatusCodes.Bad_InvalidTimestampArgument);
                assertThat(status(client, raw(until, START, 5), temperature, null))
                        .as("reverse reads").isEqualTo(StatusCodes.Bad_HistoryOperationUnsupported);
                assertThat(status(client, new ReadProcessedDetails(new DateTime(START), new DateTime(until), 60_000.0,
                        new NodeId[]{new NodeId(0, 2342)}, new AggregateConfiguration(true, false, null, null, false)),
                        temperature, null)).isEqualTo(StatusCodes.Bad_HistoryOperationUnsupported);
                assertThat(status(client, fromStart, new NodeId(ns, "c1/no-such-signal"), null))
                        .isEqualTo(StatusCodes.Bad_NodeIdUnknown);
                assertThat(status(client, fromStart, new NodeId(ns, GreenhouseSignals.PLANT), null))
                        .as("a folder").isEqualTo(StatusCodes.Bad_NotReadable);
            } finally {
                client.disconnect();
            }
        }
    }

    private static ReadValueId attribute(NodeId node, AttributeId attribute) {
        return new ReadValueId(node, attribute.uid(), null, QualifiedName.NULL_VALUE);
    }

    private static ReadRawModifiedDetails raw(Instant start, Instant end, int values) {
        return new ReadRawModifiedDetails(false, new DateTime(start), end == null ? DateTime.MIN_VALUE
                : new DateTime(end), uint(values), false);
    }

    private static HistoryReadResult read(OpcUaClient client, HistoryReadDetails details, NodeId node,
                                          ByteString continuation) throws Exception {
        return client.historyRead(details, TimestampsToReturn.Source, false,
                List.of(new HistoryReadValueId(node, null, QualifiedName.NULL_VALUE, continuation))).getResults()[0];
    }

    private static long status(OpcUaClient client, HistoryReadDetails details, NodeId node, ByteString continuation)
            throws Exception {
        return read(client, details, node, continuation).getStatusCode().getValue();
    }

    private static DataValue[] data(OpcUaClient client, HistoryReadResult result) {
        return ((HistoryData) result.getHistoryData().decode(client.getStaticEncodingContext())).getDataValues();
    }
}
