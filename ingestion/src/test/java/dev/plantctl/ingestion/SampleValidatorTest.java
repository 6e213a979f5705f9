package dev.plantctl.ingestion;

import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.Quality;
import dev.plantctl.core.RawSample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SampleValidatorTest {

    private static final Instant T = Instant.parse("2026-02-01T00:00:00Z");
    private final SampleValidator validator = new SampleValidator(TagMap.of(List.of(
            new TagBinding("ns=2;s=c1/air_temperature", "greenhouse", "c1", "air_temperature", "degC",
                    -40, 70, Duration.ofMinutes(30)))));

    private static RawSample sample(String address, double value, String type, long status) {
        return new RawSample("opc.tcp://x", address, value, type, T, null, status);
    }

    @Test
    void goodSampleBecomesReadingInCanonicalTerms() {
        Validated v = validator.validate(sample("ns=2;s=c1/air_temperature", 17.5, "Double", 0));
        assertThat(v).isInstanceOfSatisfying(Validated.Accepted.class, a -> {
            assertThat(a.reading().unitId()).isEqualTo("c1");
            assertThat(a.reading().tag()).isEqualTo("air_temperature");
            assertThat(a.reading().value()).isEqualTo(17.5);
            assertThat(a.reading().eventTime()).isEqualTo(T);
            assertThat(a.reading().quality()).isEqualTo(Quality.GOOD);
        });
    }

    @Test
    void uncertainStatusIsKeptWithItsQuality() {
        Validated v = validator.validate(sample("ns=2;s=c1/air_temperature", 17.5, "Double", 0x40000000L));
        assertThat(v).isInstanceOfSatisfying(Validated.Accepted.class,
                a -> assertThat(a.reading().quality()).isEqualTo(Quality.UNCERTAIN));
    }

    @Test
    void eachKindOfBadSampleEndsAsDeadLetterWithItsReason() {
        assertRefused(sample("ns=2;s=nowhere", 1, "Double", 0), Reason.UNKNOWN_ADDRESS, "nowhere");
        assertRefused(sample("ns=2;s=c1/air_temperature", 1, "Double", 0x80340000L), Reason.BAD_STATUS, "80340000");
        assertRefused(sample("ns=2;s=c1/air_temperature", Double.NaN, "String", 0), Reason.NOT_A_NUMBER, "String");
        assertRefused(sample("ns=2;s=c1/air_temperature", Double.NaN, "Double", 0), Reason.NOT_FINITE, "NaN");
        assertRefused(sample("ns=2;s=c1/air_temperature", Double.POSITIVE_INFINITY, "Double", 0), Reason.NOT_FINITE,
                "Infinity");
        assertRefused(sample("ns=2;s=c1/air_temperature", 71, "Double", 0), Reason.OUT_OF_RANGE, "[-40.0, 70.0]");
    }

    private void assertRefused(RawSample s, Reason reason, String detailFragment) {
        assertThat(validator.validate(s)).isInstanceOfSatisfying(Validated.Refused.class, r -> {
            assertThat(r.deadLetter().reason()).isEqualTo(reason);
            assertThat(r.deadLetter().detail()).contains(detailFragment);
            assertThat(r.deadLetter().sample()).isEqualTo(s);
        });
    }
}
