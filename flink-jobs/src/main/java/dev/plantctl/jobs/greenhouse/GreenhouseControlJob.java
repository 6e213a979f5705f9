package dev.plantctl.jobs.greenhouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plantctl.connectors.file.JsonLinesSink;
import dev.plantctl.connectors.opcua.OpcUaSetpointSink;
import dev.plantctl.connectors.opcua.OpcUaSource;
import dev.plantctl.controllers.ExplanationJson;
import dev.plantctl.controllers.greenhouse.GreenhouseSafetyShield;
import dev.plantctl.controllers.greenhouse.RuleBasedGrowerController;
import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Observation;
import dev.plantctl.core.RawSample;
import dev.plantctl.core.Reading;
import dev.plantctl.ingestion.ObservationAssembler;
import dev.plantctl.ingestion.SampleValidator;
import dev.plantctl.ingestion.TagMap;
import dev.plantctl.jobs.common.AssembleObservations;
import dev.plantctl.jobs.common.ValidateSamples;
import dev.plantctl.models.greenhouse.ComfortBand;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/**
 * The greenhouse control loop on Flink:
 * <pre>
 * OPC UA source -> validate (dead letters aside) -> keyBy(compartment) -> observation per control period
 *   -> keyBy(compartment) -> controller (safety shield inside) -> setpoints over OPC UA
 *                                                              -> one explanation per decision (JSON lines)
 * </pre>
 * Event time is the plant's own source timestamp, so the same graph runs against a real greenhouse and an
 * accelerated or lockstep simulator.
 */
public final class GreenhouseControlJob {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GreenhouseControlJob() {
    }

    /** The rule-based grower controller with the benchmark comfort band and a 10 %-per-step shield. */
    public static GreenhouseControllerFactory ruleBasedController(Duration controlPeriod) {
        return () -> new RuleBasedGrowerController(controlPeriod, ComfortBand.benchmark(),
                new GreenhouseSafetyShield(ComfortBand.benchmark(), GreenhouseSafetyShield.DEFAULT_MAX_CHANGE_FRACTION));
    }

    /**
     * Adds the job's graph to the environment; run it with {@code env.execute(...)}.
     *
     * @return the decisions, for callers that want to add more sinks
     */
    public static DataStream<Decision> build(StreamExecutionEnvironment env, GreenhouseJobConfig config,
                                             GreenhouseControllerFactory controller) {
        // A control loop waits on every hop: ship records at once instead of filling network buffers for up
        // to Flink's default 100 ms. The streams are small (a few readings per compartment and period).
        env.setBufferTimeout(0);
        TagMap tagMap = GreenhouseTagMap.forCompartments(config.compartments(), config.controlPeriod());
        OpcUaSource source = OpcUaSource.builder()
                .endpoint(config.endpoint())
                .nodeIds(tagMap.addresses())
                .endTime(config.endTime())
                .build();
        DataStream<RawSample> samples = env.fromSource(source,
                WatermarkStrategy.<RawSample>forBoundedOutOfOrderness(Duration.ZERO)
                        .withTimestampAssigner((s, ts) -> s.sourceTime().toEpochMilli()),
                "opcua-greenhouse").uid("opcua-greenhouse");

        SingleOutputStreamOperator<Reading> readings = samples
                .process(new ValidateSamples(new SampleValidator(tagMap))).name("validate").uid("validate");
        DataStream<DeadLetter> deadLetters = readings.getSideOutput(ValidateSamples.DEAD_LETTERS);

        DataStream<Observation> observations = readings
                .keyBy(Reading::unitId)
                .process(new AssembleObservations(new ObservationAssembler(tagMap, config.controlPeriod()),
                        config.controlPeriod().dividedBy(2)))
                .name("observations").uid("observations");

        DataStream<Decision> decisions = observations
                .keyBy(Observation::unitId)
                .process(new DecideGreenhouseSetpoints(controller))
                .name("controller").uid("controller");

        decisions.sinkTo(new OpcUaSetpointSink(config.endpoint(),
                        s -> GreenhouseTagMap.nodeId(s.unitId(), s.actuator())))
                .name("setpoints-opcua").uid("setpoints-opcua");
        decisions.map(d -> ExplanationJson.toJsonLine(d.explanation())).name("explain").uid("explain")
                .sinkTo(new JsonLinesSink(config.explanationsFile())).setParallelism(1)
                .name("explanations-jsonl").uid("explanations-jsonl");
        deadLetters.map(GreenhouseControlJob::deadLetterJson).name("dead-letter-json").uid("dead-letter-json")
                .sinkTo(new JsonLinesSink(config.deadLettersFile())).setParallelism(1)
                .name("dead-letters-jsonl").uid("dead-letters-jsonl");
        return decisions;
    }

    static String deadLetterJson(DeadLetter d) {
        ObjectNode node = JSON.createObjectNode();
        node.put("reason", d.reason().name());
        node.put("detail", d.detail());
        node.put("source", d.sample().source());
        node.put("address", d.sample().address());
        node.put("value_type", d.sample().valueType());
        if (Double.isFinite(d.sample().value())) {
            node.put("value", d.sample().value());
        } else {
            node.put("value", Double.toString(d.sample().value()));
        }
        node.put("source_time", d.sample().sourceTime().toString());
        node.put("status_code", d.sample().statusCode());
        return node.toString();
    }
}
