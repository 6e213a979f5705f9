package dev.plantctl.ingestion;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.Reading;

import java.time.Instant;
import java.util.List;

/**
 * Fuzzes the payload decoders and the validation behind them with arbitrary bytes on every topic of the MQTT test
 * plant: nothing may throw, and each message must end as one outcome per value bound to its topic or as one dead
 * letter of the whole message.
 *
 * <p>Ordinary test runs replay the committed corpus in
 * {@code src/test/resources/dev/plantctl/ingestion/PayloadDecoderFuzzTestInputs/decode} (regression mode, no
 * fuzzing instrumentation needed). To fuzz, run {@code JAZZER_FUZZ=1 mvn -pl ingestion test
 * -Dtest=PayloadDecoderFuzzTest}; findings land in that directory and are committed as regression inputs.
 */
class PayloadDecoderFuzzTest {

    private static final Instant RECEIVED = Instant.parse("2026-02-01T00:00:00Z");
    private static final List<PayloadDecoder> DECODERS = List.of(new NumberPayloadDecoder(),
            new MoonrakerPayloadDecoder(), new JsonPayloadDecoder(List.of("", "/t", "/a/0/b", "/~1x"),
                    new JsonTime("/ts", JsonTime.Format.ISO_8601)),
            new JsonPayloadDecoder(List.of("/v"), new JsonTime("/ts", JsonTime.Format.EPOCH_SECONDS)));

    /** Counts outcomes and remembers whether the last one refused a whole message. */
    private static final class Count implements IngestionPipeline.Sink {
        int outcomes;
        boolean wholeMessage;

        @Override
        public void reading(Reading reading, boolean outOfOrder) {
            outcomes++;
            wholeMessage = false;
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            outcomes++;
            wholeMessage = deadLetter.message() != null;
        }
    }

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] payload) {
        for (PayloadDecoder d : DECODERS) {
            Decoded decoded = d.decode(new RawMessage("tcp://fuzz", "t", payload, RECEIVED));
            if (decoded.outcomes() < 1) {
                throw new AssertionError(d + " yielded no outcome");
            }
        }
        IngestionPipeline pipeline = new IngestionPipeline(Fixtures.MQTT_PLANT);
        for (String topic : Fixtures.TOPICS) {
            Count count = new Count();
            int n = pipeline.accept(new RawMessage("tcp://fuzz", topic, payload, RECEIVED), count);
            int bound = Fixtures.fieldsBoundTo(Fixtures.MQTT_PLANT, topic);
            if (count.outcomes != n || !(count.outcomes == bound || count.outcomes == 1 && count.wholeMessage)) {
                throw new AssertionError(topic + ": " + count.outcomes + " outcomes for " + bound + " bound values");
            }
        }
    }
}
