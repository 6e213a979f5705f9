package dev.plantctl.jobs.greenhouse;

import dev.plantctl.connectors.file.JsonLinesSink;
import dev.plantctl.connectors.opcua.OpcUaSetpointSink;
import dev.plantctl.connectors.opcua.RejectedSetpoint;
import dev.plantctl.connectors.opcua.OpcUaSource;
import dev.plantctl.controllers.ExplanationJson;
import dev.plantctl.controllers.greenhouse.GreenhouseSafetyShield;
import dev.plantctl.controllers.greenhouse.RuleBasedGrowerController;
import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Observation;
import dev.plantctl.core.RawSample;
import dev.plantctl.core.Reading;
import dev.plantctl.ingestion.DeadLetterJson;
import dev.plantctl.ingestion.TagMap;
import dev.plantctl.jobs.common.IngestionGraph;
import dev.plantctl.jobs.common.RejectedSetpointsSink;
import dev.plantctl.jobs.common.Rejections;
import dev.plantctl.jobs.common.SampleWatermarks;
import dev.plantctl.jobs.common.TelemetryGraph;
import dev.plantctl.jobs.common.TelemetryTarget;
import dev.plantctl.jobs.common.ToInfluxPoints;
import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.jobs.common.ValidateSamples;
import dev.plantctl.models.greenhouse.ComfortBand;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The greenhouse control loop on Flink:
 * <pre>
 * OPC UA source -> keyBy(address) -> validate (dead letters aside) -> keyBy(compartment)
 *   -> observation per control period
 *   -> keyBy(compartment) -> controller, guarded by the job (fallback, safety shield, write policy)
 *        -> setpoints over OPC UA (the write policy gate again, before any write)
 *        -> one explanation per decision (JSON lines)
 *        -> refused setpoints (JSON lines, telemetry)
 * </pre>
 * With a {@link TelemetryTarget}, the job also writes the telemetry schema ({@code dashboards/README.md}) to
 * InfluxDB: readings, observations with the comfort band, decisions with setpoints, explanations and shield
 * interventions, dead letters, model health (per decision) and pipeline health (per {@code healthInterval}).
 * The tags, their nodes, units, ranges and timing, and the actuators' nodes come from a tag map file
 * ({@link GreenhouseJobConfig#tagMap()}, or the embedded {@value GreenhouseTagMap#RESOURCE}). Event time is the
 * plant's own source timestamp, with bounded out-of-orderness and idle splits ignored
 * ({@link SampleWatermarks}), so the same graph runs against a real greenhouse and an accelerated or lockstep
 * simulator.
 */
public final class GreenhouseControlJob {

    private static final Logger LOG = LoggerFactory.getLogger(GreenhouseControlJob.class);

    private GreenhouseControlJob() {
    }

    /** The job's name in telemetry (the {@code job} tag of {@code pipeline_health}). */
    public static final String JOB_NAME = "greenhouse-control";

    /** The rule-based grower controller with the benchmark comfort band and a 10 %-per-step shield. */
    public static GreenhouseControllerFactory ruleBasedController(Duration controlPeriod) {
        return () -> new RuleBasedGrowerController(controlPeriod, ComfortBand.benchmark(),
                new GreenhouseSafetyShield(ComfortBand.benchmark(), GreenhouseSafetyShield.DEFAULT_MAX_CHANGE_FRACTION));
    }

    /**
     * Adds the job's graph to the environment; run it with {@code env.execute(...)}.
     *
     * @return the decisions, for callers that want to add more sinks
     * @throws IllegalArgumentException when the tag map cannot be read or is invalid (naming file, line and key)
     */
    public static DataStream<Decision> build(StreamExecutionEnvironment env, GreenhouseJobConfig config,
                                             GreenhouseControllerFactory controller) {
        return build(env, config, controller, null);
    }

    /**
     * Adds the job's graph to the environment, with the learned dynamics ensemble served beside the controller
     * (see {@link DecideGreenhouseSetpoints}); run it with {@code env.execute(...)}.
     *
     * @param dynamics where the ensemble's versions are; null for none
     * @return the decisions, for callers that want to add more sinks
     * @throws IllegalArgumentException when the tag map cannot be read or is invalid (naming file, line and key)
     */
    public static DataStream<Decision> build(StreamExecutionEnvironment env, GreenhouseJobConfig config,
                                             GreenhouseControllerFactory controller, DynamicsServing dynamics) {
        return build(env, config, controller, dynamics, null);
    }

    /**
     * Adds the job's graph to the environment, writing telemetry to InfluxDB when a target is given; run it with
     * {@code env.execute(...)}. The InfluxDB sink flushes on checkpoints: enable checkpointing for an unbounded job.
     *
     * @param dynamics  where the ensemble's versions are; null for none
     * @param telemetry where to write the telemetry schema; null for none
     * @return the decisions, for callers that want to add more sinks
     * @throws IllegalArgumentException when the tag map cannot be read or is invalid (naming file, line and key),
     *                                  or the telemetry target's URL is malformed
     */
    public static DataStream<Decision> build(StreamExecutionEnvironment env, GreenhouseJobConfig config,
                                             GreenhouseControllerFactory controller, DynamicsServing dynamics,
                                             TelemetryTarget telemetry) {
        // A control loop waits on every hop: ship records at once instead of filling network buffers for up
        // to Flink's default 100 ms. The streams are small (a few readings per compartment and period).
        env.setBufferTimeout(0);
        TagMap tagMap = tagMap(config);
        OpcUaSource source = OpcUaSource.builder()
                .endpoint(config.endpoint())
                .nodeIds(tagMap.nodeIds())
                .endTime(config.endTime())
                .build();
        DataStream<RawSample> samples = env.fromSource(source,
                SampleWatermarks.strategy(config.maxOutOfOrderness(), config.idleness()),
                "opcua-greenhouse").uid("opcua-greenhouse");

        SingleOutputStreamOperator<Reading> readings = IngestionGraph.validate(samples, tagMap);
        DataStream<DeadLetter> deadLetters = readings.getSideOutput(ValidateSamples.DEAD_LETTERS);
        DataStream<Observation> observations = IngestionGraph.observations(readings, tagMap, config.controlPeriod());

        SingleOutputStreamOperator<Decision> decisions = observations
                .keyBy(Observation::unitId)
                .process(new DecideGreenhouseSetpoints(controller, dynamics, config.writePolicy(),
                        config.controlPeriod()))
                .name("controller").uid("controller");
        DataStream<RejectedSetpoint> refused = decisions.getSideOutput(DecideGreenhouseSetpoints.REFUSED);
        refused.map(r -> Rejections.jsonLine(r, "job")).name("refused-json").uid("refused-json")
                .sinkTo(new JsonLinesSink(rejectionsFile(config))).setParallelism(1)
                .name("refused-jsonl").uid("refused-jsonl");

        OpcUaSetpointSink setpoints = new OpcUaSetpointSink(config.endpoint(),
                s -> tagMap.actuatorAddress(s.unitId(), s.actuator()).orElseThrow(() ->
                        new IllegalStateException("no node for actuator " + s.actuator() + " of " + s.unitId()
                                + " in the tag map")), config.writePolicy())
                .withClockLead(config.controlPeriod().multipliedBy(2))
                .withErrorSink(new RejectedSetpointsSink(sinkRejectionsFile(config), telemetry == null ? null
                        : telemetry.withFilesUnder(telemetry.spillPath().resolveSibling("setpoint-sink-telemetry"))
                        .sink()));
        if (config.plantClock() != null) {
            setpoints = setpoints.withPlantClock(config.plantClock());
        }
        if (config.setpointValidity() != null) {
            setpoints = setpoints.withSetpointValidity(config.setpointValidity());
        }
        decisions.sinkTo(setpoints).name("setpoints-opcua").uid("setpoints-opcua");
        decisions.map(d -> ExplanationJson.toJsonLine(d.explanation())).name("explain").uid("explain")
                .sinkTo(new JsonLinesSink(config.explanationsFile())).setParallelism(1)
                .name("explanations-jsonl").uid("explanations-jsonl");
        deadLetters.map(DeadLetterJson::toJsonLine).name("dead-letter-json").uid("dead-letter-json")
                .sinkTo(new JsonLinesSink(config.deadLettersFile())).setParallelism(1)
                .name("dead-letters-jsonl").uid("dead-letters-jsonl");
        if (telemetry != null) {
            writeTelemetry(readings, deadLetters, observations, decisions, refused, telemetry);
        }
        return decisions;
    }

    /** Where the decision operator's policy refusals go: {@code rejected-setpoints.jsonl} beside the dead letters. */
    public static Path rejectionsFile(GreenhouseJobConfig config) {
        return config.deadLettersFile().toAbsolutePath().resolveSibling("rejected-setpoints.jsonl");
    }

    /**
     * Where the setpoint sink's rejections go (its own gate, the plant's refusals, missing nodes):
     * {@code rejected-setpoints-sink.jsonl} beside the dead letters.
     */
    public static Path sinkRejectionsFile(GreenhouseJobConfig config) {
        return config.deadLettersFile().toAbsolutePath().resolveSibling("rejected-setpoints-sink.jsonl");
    }

    private static void writeTelemetry(DataStream<Reading> readings, DataStream<DeadLetter> deadLetters,
                                       DataStream<Observation> observations,
                                       SingleOutputStreamOperator<Decision> decisions,
                                       DataStream<RejectedSetpoint> refused, TelemetryTarget telemetry) {
        DataStream<InfluxPoint> rejections = refused
                .flatMap(new ToInfluxPoints<RejectedSetpoint>(r -> Rejections.telemetry(r, "job")))
                .name("telemetry-refused").uid("telemetry-refused");
        DataStream<InfluxPoint> observed = observations
                .flatMap(new ToInfluxPoints<Observation>(o -> GreenhouseTelemetry.observation(o,
                        ComfortBand.benchmark())))
                .name("telemetry-observations").uid("telemetry-observations");
        TelemetryGraph.sink(TelemetryGraph.readings(readings)
                .union(observed, rejections, TelemetryGraph.decisions(decisions),
                        decisions.getSideOutput(DecideGreenhouseSetpoints.MODEL_HEALTH),
                        TelemetryGraph.deadLettersAndHealth(GreenhouseSignals.PLANT, JOB_NAME, readings, deadLetters,
                                d -> d.sample() != null && OpcUaSource.isGap(d.sample()), telemetry)),
                telemetry);
    }

    private static TagMap tagMap(GreenhouseJobConfig config) {
        TagMap tagMap;
        try {
            tagMap = GreenhouseTagMap.load(config.tagMap(), config.compartments());
        } catch (IOException e) {
            throw new IllegalArgumentException("greenhouse job: option 'tagMap': cannot read " + config.tagMap()
                    + ": " + e.getMessage(), e);
        }
        Object file = config.tagMap() == null ? "classpath:" + GreenhouseTagMap.RESOURCE : config.tagMap();
        LOG.info("greenhouse tag map {}: {} tags and {} actuators over {} compartment(s)", file,
                tagMap.bindings().size(), tagMap.actuators().size(), config.compartments());
        LOG.debug("greenhouse tag map {}:{}{}", file, System.lineSeparator(), tagMap.describe().strip());
        return tagMap;
    }
}
