package dev.plantctl.connectors.influx.internal;

import dev.plantctl.connectors.influx.InfluxPoint;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LineProtocolTest {

    /** The measurement read back from any point's line is the point's measurement, escapes and all. */
    @Property(tries = 300)
    void readsBackTheMeasurementOfAnyPoint(@ForAll @StringLength(min = 1, max = 20) String measurement,
                                           @ForAll @StringLength(max = 10) String tag) {
        String name = measurement.replace("\n", "").replace("\r", "");
        if (name.isEmpty() || name.endsWith("\\") || tag.contains("\n") || tag.contains("\r") || tag.endsWith("\\")) {
            return;
        }
        InfluxPoint p = InfluxPoint.of(name, tag.isEmpty() ? Map.of() : Map.of("t", tag), "v", 1.0, Instant.EPOCH);
        assertThat(LineProtocol.measurement(p.toLineProtocol())).isEqualTo(name);
    }
}
