package dev.plantctl.connectors.opcua.internal;

import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;

import java.io.Serializable;
import java.time.Instant;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * The reader's settings, validated by the source's builder.
 *
 * @param samplingIntervalMillis   how often the server samples each node
 * @param publishingIntervalMillis how often the server sends notifications
 * @param queueSize                the server-side queue per monitored item
 * @param endTime                  in bounded mode, the source time at which the source ends; null when unbounded
 * @param deadband                 the kind of deadband filter
 * @param deadbandValue            the deadband, in the node's unit or in percent of its range
 * @param backfill                 whether a restored or reconnected split reads what it missed from the server's
 *                                 history before live values flow
 */
public record OpcUaSourceSettings(double samplingIntervalMillis, double publishingIntervalMillis, int queueSize,
                                  Instant endTime, Deadband deadband, double deadbandValue, boolean backfill)
        implements Serializable {

    /** The OPC UA deadband types. */
    public enum Deadband {
        /** Every change of status, value or source timestamp is reported. */
        NONE(DeadbandType.None),
        /** A change of the value by more than the deadband, or of the status, is reported. */
        ABSOLUTE(DeadbandType.Absolute),
        /** As {@link #ABSOLUTE}, with the deadband in percent of the node's EURange. */
        PERCENT(DeadbandType.Percent);

        private final DeadbandType type;

        Deadband(DeadbandType type) {
            this.type = type;
        }

        /** The monitored item's data change filter for this deadband. */
        public DataChangeFilter filter(double value) {
            // Without a deadband a new source timestamp alone is a new sample (a repeated value at night still
            // arrives once per step); with one, only a real change of value or status counts.
            DataChangeTrigger trigger = this == NONE ? DataChangeTrigger.StatusValueTimestamp
                    : DataChangeTrigger.StatusValue;
            return new DataChangeFilter(trigger, uint(type.getValue()), this == NONE ? 0.0 : value);
        }
    }
}
