package dev.plantctl.jobs.common;

import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.dashboards.telemetry.Measurement;
import dev.plantctl.dashboards.telemetry.TelemetryPoint;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A record the telemetry schema refuses makes no point and fails no task: the records after it are mapped. */
class ToInfluxPointsIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @Test
    void aRecordTheSchemaRefusesIsSkippedAndTheTaskGoesOn() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<InfluxPoint> points = env.fromData(1, 2, 3, 4)
                .flatMap(new ToInfluxPoints<Integer>(i -> List.of(TelemetryPoint.of(Measurement.READING,
                        Map.of("plant", "greenhouse", "unit", "c1", "tag", "t", "quality", "good"),
                        // An odd record leaves the schema: a field it does not declare.
                        Map.of(i % 2 == 1 ? "value" : "undeclared", (double) i), Instant.EPOCH.plusSeconds(i)))))
                .executeAndCollect(10);
        assertThat(points).extracting(p -> p.fields().get("value")).containsExactly(1.0, 3.0);
    }
}
