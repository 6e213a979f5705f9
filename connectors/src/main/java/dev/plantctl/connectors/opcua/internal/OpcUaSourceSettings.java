package dev.plantctl.connectors.opcua.internal;

import java.io.Serializable;
import java.time.Instant;

/**
 * The reader's settings, validated by the source's builder.
 *
 * @param samplingIntervalMillis   how often the server samples each node
 * @param publishingIntervalMillis how often the server sends notifications
 * @param queueSize                the server-side queue per monitored item
 * @param endTime                  in bounded mode, the source time at which the source ends; null when unbounded
 */
public record OpcUaSourceSettings(double samplingIntervalMillis, double publishingIntervalMillis, int queueSize,
                                  Instant endTime) implements Serializable {
}
