package dev.plantctl.ingestion;

import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.Quality;
import dev.plantctl.core.RawSample;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Laws of validation, checked on generated samples against a model written independently of the validator. */
class ValidationPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
    private static final String KELVIN = "ns=2;s=c1/air";
    private static final TagBinding AIR = new TagBinding(new TagSource.OpcUaNode(KELVIN), "greenhouse", "c1", "air",
            "degC", UnitConversion.between("K", "degC").orElseThrow(), -30, 60, Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(5));
    private final SampleValidator validator = new SampleValidator(TagMap.of(List.of(AIR)));

    @Provide
    Arbitrary<RawSample> samples() {
        Arbitrary<String> address = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just(KELVIN)), Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
        Arbitrary<Double> value = Arbitraries.oneOf(Arbitraries.doubles().between(200, 380),
                Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE));
        Arbitrary<String> type = Arbitraries.of("Double", "Float", "String", "Boolean", "Missing", "Null");
        Arbitrary<Long> status = Arbitraries.oneOf(Arbitraries.of(0L, 0x40000000L, 0x80000000L, 0xC0000000L,
                0x408F0000L, 0x80340000L), Arbitraries.longs().between(0, 0xFFFFFFFFL));
        Arbitrary<Instant> time = Arbitraries.longs().between(0, 86_400_000L).map(T0::plusMillis);
        Arbitrary<Long> lead = Arbitraries.longs().between(-600_000L, 600_000L).injectNull(0.3);
        return Combinators.combine(address, value, type, status, time, lead)
                .as((a, v, ty, s, t, l) -> new RawSample("opc.tcp://x", a, v, ty, t, l == null ? null
                        : t.minusMillis(l), s));
    }

    /** The reason the model expects, or null for a reading. */
    private static Reason expectedReason(RawSample s) {
        if (!s.address().equals(KELVIN)) {
            return Reason.UNKNOWN_ADDRESS;
        }
        if ((s.statusCode() & 0x80000000L) != 0) {
            return Reason.BAD_STATUS;
        }
        if (s.serverTime() != null && s.sourceTime().toEpochMilli() - s.serverTime().toEpochMilli() > 300_000) {
            return Reason.FUTURE_TIME;
        }
        boolean floating = s.valueType().equals("Double") || s.valueType().equals("Float");
        if (Double.isNaN(s.value()) && s.valueType().equals("Missing")) {
            return Reason.MISSING_VALUE;
        }
        if (Double.isNaN(s.value()) && !floating) {
            return Reason.NOT_A_NUMBER;
        }
        if (Double.isNaN(s.value()) || Double.isInfinite(s.value())) {
            return Reason.NOT_FINITE;
        }
        double celsius = s.value() - 273.15;
        return celsius < -30 || celsius > 60 ? Reason.OUT_OF_RANGE : null;
    }

    @Property(tries = 3000)
    void everySampleEndsAsExactlyTheOutcomeTheModelExpects(@ForAll("samples") RawSample s) {
        Validated v = validator.validate(s);
        Reason expected = expectedReason(s);
        if (expected == null) {
            assertThat(v).isInstanceOfSatisfying(Validated.Accepted.class, a -> {
                assertThat(a.reading().value()).isCloseTo(s.value() - 273.15, within(1e-9)).isBetween(-30.0, 60.0);
                assertThat(a.reading().unit()).isEqualTo("degC");
                assertThat(a.reading().eventTime()).isEqualTo(s.sourceTime());
                assertThat(a.reading().quality()).isEqualTo((s.statusCode() & 0x40000000L) != 0
                        ? Quality.UNCERTAIN : Quality.GOOD);
            });
        } else {
            assertThat(v).isInstanceOfSatisfying(Validated.Refused.class, r -> {
                assertThat(r.deadLetter().reason()).isEqualTo(expected);
                assertThat(r.deadLetter().sample()).isSameAs(s);
                assertThat(r.deadLetter().detail()).isNotBlank();
            });
        }
    }

    @Property(tries = 1000)
    void arrivalsFollowTheDuplicateAndLatenessRules(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 40) Integer> minutes) {
        ArrivalHistory history = new ArrivalHistory();
        Set<Long> accepted = new HashSet<>();
        long latest = Long.MIN_VALUE;
        long lateness = AIR.allowedLateness().toMillis();
        List<String> trace = new ArrayList<>();
        for (int m : minutes) {
            Instant t = T0.plus(Duration.ofMinutes(m));
            long ms = t.toEpochMilli();
            Validated v = validator.validate(new RawSample("opc.tcp://x", KELVIN, 293.15, "Double", t, null, 0),
                    history);
            trace.add(m + "->" + (v instanceof Validated.Refused r ? r.deadLetter().reason() : "ok"));
            if (accepted.contains(ms)) {
                Reason expected = ms < latest - lateness ? Reason.LATE : Reason.DUPLICATE;
                assertThat(v).as("%s", trace).isInstanceOfSatisfying(Validated.Refused.class,
                        r -> assertThat(r.deadLetter().reason()).isEqualTo(expected));
            } else if (latest != Long.MIN_VALUE && ms < latest - lateness) {
                assertThat(v).as("%s", trace).isInstanceOfSatisfying(Validated.Refused.class,
                        r -> assertThat(r.deadLetter().reason()).isEqualTo(Reason.LATE));
            } else {
                boolean older = latest != Long.MIN_VALUE && ms < latest;
                assertThat(v).as("%s", trace).isInstanceOfSatisfying(Validated.Accepted.class,
                        a -> assertThat(a.outOfOrder()).isEqualTo(older));
                accepted.add(ms);
                latest = Math.max(latest, ms);
            }
        }
    }

    @Property(tries = 200)
    void theHistoryNeverHoldsMoreThanItsCapacityAndStaysSorted(
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 100_000) Integer> times) {
        ArrivalHistory h = new ArrivalHistory();
        for (int t : times) {
            if (h.classify(t, 50_000) != ArrivalHistory.Arrival.LATE) {
                h.record(t, 50_000);
            }
            long[] kept = h.getTimes();
            assertThat(kept.length).isLessThanOrEqualTo(ArrivalHistory.CAPACITY);
            for (int i = 1; i < kept.length; i++) {
                assertThat(kept[i]).isGreaterThan(kept[i - 1]);
            }
            assertThat(kept[0]).isGreaterThanOrEqualTo(kept[kept.length - 1] - 50_000);
        }
    }
}
