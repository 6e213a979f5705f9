package dev.plantctl.jobs.common;

import dev.plantctl.core.Observation;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.RawSample;
import dev.plantctl.core.Reading;
import dev.plantctl.ingestion.ObservationAssembler;
import dev.plantctl.ingestion.SampleValidator;
import dev.plantctl.ingestion.TagMap;
import dev.plantctl.ingestion.TagMapDecoder;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.time.Duration;

/**
 * The ingestion part of a job graph, the same for every plant:
 * <pre>
 * broker messages -> decode (tag map's decoders) -> raw samples -> keyBy(address) -> validate -> readings
 *   -> keyBy(unit) -> one observation per unit and control period
 * </pre>
 * Refused inputs of the decode and validate steps go to their side output {@link ValidateSamples#DEAD_LETTERS}.
 * Event time must be assigned to the raw samples before {@link #validate} (see {@link SampleWatermarks}).
 */
public final class IngestionGraph {

    private IngestionGraph() {
    }

    /** Decodes broker messages with the tag map's MQTT bindings; undecodable ones go to the side output. */
    public static SingleOutputStreamOperator<RawSample> decode(DataStream<RawMessage> messages, TagMap tagMap) {
        return messages.process(new DecodeMessages(new TagMapDecoder(tagMap))).name("decode").uid("decode");
    }

    /** Validates raw samples keyed by address; refused ones go to the side output. */
    public static SingleOutputStreamOperator<Reading> validate(DataStream<RawSample> samples, TagMap tagMap) {
        return samples.keyBy(RawSample::address)
                .process(new ValidateSamples(new SampleValidator(tagMap))).name("validate").uid("validate");
    }

    /**
     * One observation per unit and control period: as soon as every tag of the unit has reported for the
     * instant, or else when the watermark passes the instant plus half a period, with stale tags flagged.
     */
    public static DataStream<Observation> observations(DataStream<Reading> readings, TagMap tagMap,
                                                       Duration controlPeriod) {
        return readings.keyBy(Reading::unitId)
                .process(new AssembleObservations(new ObservationAssembler(tagMap, controlPeriod),
                        controlPeriod.dividedBy(2)))
                .name("observations").uid("observations");
    }
}
