package dev.plantctl.ingestion;

import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.Quality;
import dev.plantctl.core.RawSample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SampleValidatorTest {

    private static final Instant T = Instant.parse("2026-02-01T00:00:00Z");
    private static final String AIR = "ns=2;s=c1/air_temperature";
    private static final String LEAF = "greenhouse/c1/leaf#/t";
    private final SampleValidator validator = new SampleValidator(TagMap.of(List.of(
            Bindings.opcUa(AIR, "c1", "air_temperature", "degC", -40, 70, Duration.ofMinutes(30)),
            new TagBinding(new TagSource.MqttField("greenhouse/c1/leaf", DecoderKind.JSON, "/t", null), "greenhouse",
                    "c1", "leaf_temperature", "degC", UnitConversion.between("degF", "degC").orElseThrow(), -30, 60,
                    Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofHours(1)))));

    private static RawSample sample(String address, double value, String type, long status) {
        return at(address, value, type, status, T);
    }

    private static RawSample at(String address, double value, String type, long status, Instant time) {
        return new RawSample("opc.tcp://x", address, value, type, time, null, status);
    }

    @Test
    void goodSampleBecomesReadingInCanonicalTerms() {
        Validated v = validator.validate(sample(AIR, 17.5, "Double", 0));
        assertThat(v).isInstanceOfSatisfying(Validated.Accepted.class, a -> {
            assertThat(a.reading().unitId()).isEqualTo("c1");
            assertThat(a.reading().tag()).isEqualTo("air_temperature");
            assertThat(a.reading().value()).isEqualTo(17.5);
            assertThat(a.reading().eventTime()).isEqualTo(T);
            assertThat(a.reading().quality()).isEqualTo(Quality.GOOD);
            assertThat(a.outOfOrder()).isFalse();
        });
    }

    @Test
    void valuesAreConvertedToTheCanonicalUnitBeforeTheRangeCheck() {
        assertThat(validator.validate(sample(LEAF, 212, "Double", 0))).isInstanceOfSatisfying(Validated.Refused.class,
                r -> assertThat(r.deadLetter().detail()).contains("100.0 degC (212.0 degF)"));
        assertThat(validator.validate(sample(LEAF, 68, "Double", 0))).isInstanceOfSatisfying(Validated.Accepted.class,
                a -> {
                    assertThat(a.reading().value()).isCloseTo(20.0, within(1e-12));
                    assertThat(a.reading().unit()).isEqualTo("degC");
                });
    }

    @Test
    void uncertainStatusIsKeptWithItsQuality() {
        Validated v = validator.validate(sample(AIR, 17.5, "Double", 0x40000000L));
        assertThat(v).isInstanceOfSatisfying(Validated.Accepted.class,
                a -> assertThat(a.reading().quality()).isEqualTo(Quality.UNCERTAIN));
    }

    @Test
    void eachKindOfBadSampleEndsAsDeadLetterWithItsReason() {
        assertRefused(sample("ns=2;s=nowhere", 1, "Double", 0), Reason.UNKNOWN_ADDRESS, "nowhere");
        assertRefused(sample(AIR, 1, "Double", 0x80340000L), Reason.BAD_STATUS, "80340000");
        assertRefused(sample(AIR, Double.NaN, "String", 0), Reason.NOT_A_NUMBER, "String");
        assertRefused(sample(LEAF, Double.NaN, PayloadDecoder.TYPE_MISSING, 0), Reason.MISSING_VALUE, "no value");
        assertRefused(sample(AIR, Double.NaN, "Double", 0), Reason.NOT_FINITE, "NaN");
        assertRefused(sample(AIR, Double.POSITIVE_INFINITY, "Double", 0), Reason.NOT_FINITE, "Infinity");
        assertRefused(sample(AIR, 71, "Double", 0), Reason.OUT_OF_RANGE, "[-40.0, 70.0]");
        assertRefused(sample(LEAF, 1e308, "Double", 0), Reason.OUT_OF_RANGE, "physical range");
        assertRefused(new RawSample("tcp://b", LEAF, 68, "Double", T.plus(Duration.ofHours(2)), T, 0),
                Reason.FUTURE_TIME, "more than PT1H after it arrived");
    }

    @Test
    void duplicatesAndLateSamplesAreRefusedOutOfOrderOnesWithinTheLatenessAccepted() {
        ArrivalHistory history = new ArrivalHistory();
        Instant t1 = T.plus(Duration.ofMinutes(15));
        assertThat(validator.validate(at(AIR, 20, "Double", 0, T), history)).isInstanceOf(Validated.Accepted.class);
        assertThat(validator.validate(at(AIR, 21, "Double", 0, t1), history)).isInstanceOf(Validated.Accepted.class);
        assertThat(((Validated.Refused) validator.validate(at(AIR, 21, "Double", 0, t1), history)).deadLetter()
                .reason()).isEqualTo(Reason.DUPLICATE);
        assertThat(((Validated.Refused) validator.validate(at(AIR, 20, "Double", 0, T), history)).deadLetter()
                .reason()).isEqualTo(Reason.DUPLICATE);
        assertThat(validator.validate(at(AIR, 19, "Double", 0, T.plusSeconds(60)), history))
                .isInstanceOfSatisfying(Validated.Accepted.class, a -> assertThat(a.outOfOrder()).isTrue());
        Validated.Refused late = (Validated.Refused) validator.validate(at(AIR, 19, "Double", 0,
                T.minusSeconds(1)), history);
        assertThat(late.deadLetter().reason()).isEqualTo(Reason.LATE);
        assertThat(late.deadLetter().detail()).contains("PT15M");
    }

    @Test
    void refusedSamplesLeaveTheHistoryAlone() {
        ArrivalHistory history = new ArrivalHistory();
        assertThat(validator.validate(at(AIR, 99, "Double", 0, T), history)).isInstanceOf(Validated.Refused.class);
        assertThat(history.getTimes()).isEmpty();
        assertThat(validator.validate(at(AIR, 20, "Double", 0, T), history)).isInstanceOf(Validated.Accepted.class);
    }

    private void assertRefused(RawSample s, Reason reason, String detailFragment) {
        assertThat(validator.validate(s)).isInstanceOfSatisfying(Validated.Refused.class, r -> {
            assertThat(r.deadLetter().reason()).isEqualTo(reason);
            assertThat(r.deadLetter().detail()).contains(detailFragment);
            assertThat(r.deadLetter().sample()).isEqualTo(s);
        });
    }
}
