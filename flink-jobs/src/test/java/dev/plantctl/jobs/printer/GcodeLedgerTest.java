package dev.plantctl.jobs.printer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GcodeLedgerTest {

    private static final String TOPIC = GcodeLedger.topic("farm-a");
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aSaneLedgerIsReadAsPrinterToEpochMilliseconds() {
        long earlier = NOW.minusSeconds(3600).toEpochMilli();
        long slightlyAhead = NOW.plus(GcodeLedger.MAX_AHEAD).toEpochMilli();
        assertThat(GcodeLedger.parse(TOPIC, bytes("{\"p1\":" + earlier + ",\"p2\":" + slightlyAhead + ",\"p3\":0}"),
                NOW)).isEqualTo(Map.of("p1", earlier, "p2", slightlyAhead, "p3", 0L));
        assertThat(GcodeLedger.parse(TOPIC, GcodeLedger.empty(), NOW)).isEmpty();
        Map<String, Long> ledger = GcodeLedger.parse(TOPIC, GcodeLedger.empty(), NOW);
        ledger.put("p1", 1L);
        assertThat(ledger).as("the sink adds to what it read").containsEntry("p1", 1L);
    }

    @Test
    void anEntryFarInTheFutureFailsNamingTheTopicAndTheEntry() {
        long forged = Instant.parse("9999-12-31T23:59:59Z").toEpochMilli();
        assertThatThrownBy(() -> GcodeLedger.parse(TOPIC, bytes("{\"p1\":1,\"p2\":" + forged + "}"), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("G-code ledger plantctl/farm-a/gcode-ledger entry 'p2' = " + forged
                        + " (9999-12-31T23:59:59Z) lies more than PT24H ahead of the job's clock (" + NOW + ")")
                .hasMessageContaining("an operator must check it");
        long justTooFar = NOW.plus(GcodeLedger.MAX_AHEAD).toEpochMilli() + 1;
        assertThatThrownBy(() -> GcodeLedger.parse(TOPIC, bytes("{\"p1\":" + justTooFar + "}"), NOW))
                .hasMessageContaining("entry 'p1'");
    }

    @Test
    void malformedLedgersFailNamingWhatIsWrong() {
        assertThatThrownBy(() -> GcodeLedger.parse(TOPIC, bytes("{\"p1\":-5}"), NOW))
                .hasMessageContaining("entry 'p1' = -5 is negative");
        assertThatThrownBy(() -> GcodeLedger.parse(TOPIC, bytes("{\"p1\":\"yesterday\"}"), NOW))
                .hasMessageContaining("entry 'p1' = \"yesterday\" is not a whole number of epoch milliseconds");
        assertThatThrownBy(() -> GcodeLedger.parse(TOPIC, bytes("{\"p1\":1.5}"), NOW))
                .hasMessageContaining("entry 'p1' = 1.5 is not a whole number");
        assertThatThrownBy(() -> GcodeLedger.parse(TOPIC, bytes("{\"p1\":1e30}"), NOW))
                .hasMessageContaining("entry 'p1'");
        assertThatThrownBy(() -> GcodeLedger.parse(TOPIC, bytes("{\"p1\":123456789012345678901234567890}"), NOW))
                .hasMessageContaining("entry 'p1'");
        assertThatThrownBy(() -> GcodeLedger.parse(TOPIC, bytes("{\"\":5}"), NOW))
                .hasMessageContaining("has an entry without a printer name");
        assertThatThrownBy(() -> GcodeLedger.parse(TOPIC, bytes("[1,2]"), NOW))
                .hasMessageContaining(TOPIC + " is not a JSON object of printer to epoch milliseconds: [1,2]");
        assertThatThrownBy(() -> GcodeLedger.parse(TOPIC, bytes("{\"p1\":"), NOW))
                .hasMessageContaining(TOPIC + " is not JSON");
        assertThatThrownBy(() -> GcodeLedger.parse(TOPIC, new byte[0], NOW))
                .hasMessageContaining(TOPIC + " is not a JSON object");
    }

    /** Whatever the payload, the ledger is either read with every entry sane or refused with a message. */
    @Property(tries = 2000)
    void anyPayloadIsReadSanelyOrRefusedWithAMessage(@ForAll byte[] payload, @ForAll String printer,
                                                     @ForAll long at) {
        check(payload);
        check(bytes("{" + quoted(printer) + ":" + at + "}"));
    }

    private static void check(byte[] payload) {
        try {
            Map<String, Long> ledger = GcodeLedger.parse(TOPIC, payload, NOW);
            assertThat(ledger).allSatisfy((p, t) -> {
                assertThat(p).isNotBlank();
                assertThat(t).isBetween(0L, NOW.plus(GcodeLedger.MAX_AHEAD).toEpochMilli());
            });
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("G-code ledger " + TOPIC + " ");
        }
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> b.append(c == '"' || c == '\\' || c < 0x20 ? String.format("\\u%04x", c)
                : new String(Character.toChars(c))));
        return b.append('"').toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
