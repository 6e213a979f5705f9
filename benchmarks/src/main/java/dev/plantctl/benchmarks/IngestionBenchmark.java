package dev.plantctl.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.Reading;
import dev.plantctl.ingestion.IngestionPipeline;
import dev.plantctl.ingestion.ObservationAssembler;
import dev.plantctl.ingestion.TagMap;
import dev.plantctl.ingestion.TagMapFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Ingestion throughput on one thread, in readings per second: climate computers of {@value #UNITS} compartments
 * each publish one JSON message of {@value #FIELDS} numbers per 15-minute step. {@link #parseValidateAssemble}
 * decodes them with the tag map's decoder, validates them (unit conversion, range, duplicate and lateness
 * checks) and assembles one observation per compartment and step, as the Flink job's operators do; the
 * baselines only parse the same JSON numbers, with the same Jackson tree model ({@link #bareTreeParse}) and with
 * Jackson's streaming parser ({@link #bareStreamingParse}). Each invocation starts from empty state, so the same
 * messages are new again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class IngestionBenchmark {

    static final int UNITS = 8;
    static final int STEPS = 256;
    static final int FIELDS = 7;
    static final int READINGS = UNITS * STEPS * FIELDS;
    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
    private static final Duration PERIOD = Duration.ofMinutes(15);
    private static final String[] TAGS = {"air_temperature", "co2", "relative_humidity", "radiation",
        "outside_temperature", "outside_relative_humidity", "crop_dry_weight"};
    private static final String[] POINTERS = {"/air/t", "/air/co2", "/air/rh", "/out/rad", "/out/t", "/out/rh",
        "/crop/dw"};

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonFactory factory = new JsonFactory();
    private final JsonPointer[] pointers = new JsonPointer[FIELDS];
    private TagMap tagMap;
    private ObservationAssembler assembler;
    private List<RawMessage> messages;

    @Setup
    public void setUp() {
        StringBuilder yaml = new StringBuilder("format: plantctl-tagmap/1\nplant: greenhouse\n"
                + "units: {count: " + UNITS + ", id: \"c{n}\"}\ndefaults: {period: 15m, staleness: 30m, lateness: 15m}\n"
                + "tags:\n");
        for (int i = 0; i < FIELDS; i++) {
            pointers[i] = JsonPointer.compile(POINTERS[i]);
            String unit = i == 0 || i == 4 ? "source_unit: degF, unit: degC" : "unit: u";
            yaml.append("  ").append(TAGS[i]).append(": {source: {mqtt: \"gh/{unit}/climate\", decoder: json, pointer: ")
                    .append(POINTERS[i]).append(", time: /ts, time_format: epoch-millis}, ").append(unit)
                    .append(", range: [-1000, 100000]}\n");
        }
        tagMap = TagMapFile.parse("benchmark.yaml", yaml.toString()).tagMap();
        assembler = new ObservationAssembler(tagMap, PERIOD);
        SplittableRandom random = new SplittableRandom(7);
        messages = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            Instant ts = T0.plus(PERIOD.multipliedBy(step));
            for (int u = 1; u <= UNITS; u++) {
                String json = String.format(Locale.ROOT, "{\"ts\": %d, \"air\": {\"t\": %.2f, \"co2\": %.1f, \"rh\":"
                                + " %.2f}, \"out\": {\"rad\": %.1f, \"t\": %.2f, \"rh\": %.2f}, \"crop\": {\"dw\": %.4f}}",
                        ts.toEpochMilli(), 60 + 20 * random.nextDouble(), 400 + 600 * random.nextDouble(),
                        60 + 30 * random.nextDouble(), 800 * random.nextDouble(), 20 + 40 * random.nextDouble(),
                        50 + 50 * random.nextDouble(), 0.1 + 0.2 * random.nextDouble());
                messages.add(new RawMessage("tcp://broker:1883", "gh/c" + u + "/climate",
                        json.getBytes(StandardCharsets.UTF_8), ts.plusSeconds(1)));
            }
        }
    }

    /** Keeps the latest reading of each tag per unit and assembles an observation once a unit is complete. */
    private final class Assembly implements IngestionPipeline.Sink {
        private final Map<String, Map<String, Reading>> latest = new HashMap<>();
        private final Blackhole bh;
        long readings;
        long deadLetters;

        Assembly(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void reading(Reading r, boolean outOfOrder) {
            readings++;
            Map<String, Reading> unit = latest.computeIfAbsent(r.unitId(), u -> new HashMap<>());
            Reading previous = unit.get(r.tag());
            if (previous == null || !r.eventTime().isBefore(previous.eventTime())) {
                unit.put(r.tag(), r);
            }
            Instant instant = assembler.instantAtOrAfter(r.eventTime());
            if (assembler.isComplete(r.unitId(), instant, unit)) {
                bh.consume(assembler.assemble(r.plant(), r.unitId(), instant, unit));
            }
        }

        @Override
        public void deadLetter(DeadLetter d) {
            deadLetters++;
        }
    }

    /** Decode, validate and assemble, as the job does. */
    @Benchmark
    @OperationsPerInvocation(READINGS)
    public long parseValidateAssemble(Blackhole bh) {
        IngestionPipeline pipeline = new IngestionPipeline(tagMap);
        Assembly sink = new Assembly(bh);
        for (RawMessage m : messages) {
            pipeline.accept(m, sink);
        }
        if (sink.readings != READINGS) {
            throw new IllegalStateException(sink.readings + " readings, " + sink.deadLetters + " dead letters");
        }
        return sink.readings;
    }

    /** Baseline: parse each payload into Jackson's tree, as the decoder does, and read the numbers. */
    @Benchmark
    @OperationsPerInvocation(READINGS)
    public double bareTreeParse() throws IOException {
        double sum = 0;
        for (RawMessage m : messages) {
            JsonNode root = mapper.readTree(m.payload());
            sum += root.get("ts").asLong();
            for (JsonPointer p : pointers) {
                sum += root.at(p).doubleValue();
            }
        }
        return sum;
    }

    /** Baseline: stream each payload's tokens and read every number, the least work that parses them. */
    @Benchmark
    @OperationsPerInvocation(READINGS)
    public double bareStreamingParse() throws IOException {
        double sum = 0;
        for (RawMessage m : messages) {
            try (JsonParser p = factory.createParser(m.payload())) {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                        sum += p.getDoubleValue();
                    } else if (t == JsonToken.VALUE_NUMBER_INT) {
                        sum += p.getLongValue();
                    }
                }
            }
        }
        return sum;
    }
}
