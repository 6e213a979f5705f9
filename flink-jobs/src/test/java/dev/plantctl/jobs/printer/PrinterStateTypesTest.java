package dev.plantctl.jobs.printer;

import dev.plantctl.controllers.printer.LoadTrend;
import dev.plantctl.controllers.printer.PendingEffect;
import dev.plantctl.controllers.printer.PrinterMemory;
import dev.plantctl.models.printer.MonitoringWindowBuilder;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The printer job's keyed state is made of Flink POJOs (evolvable serializers), and serializes with generic types
 * disabled, so no part of it falls back to Kryo.
 */
class PrinterStateTypesTest {

    @Test
    void everyStateTypeIsAPojoAndSerializesWithGenericTypesDisabled() throws Exception {
        SerializerConfigImpl noGenerics = new SerializerConfigImpl();
        noGenerics.setGenericTypes(false);
        PrinterStatusAssembler assembler = new PrinterStatusAssembler();
        assembler.update(new StatusUpdate("p1", "extruder/temperature", 10, 209.5, ""));
        assembler.update(new StatusUpdate("p1", "print_stats/state", 10, Double.NaN, "printing"));
        MonitoringWindowBuilder.Snapshot window = new MonitoringWindowBuilder.Snapshot(12.5, 3, 2.5, 10,
                new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        PrinterMemory memory = PrinterMemory.EMPTY.with("flow_under", 2, 99.5).with(new LoadTrend(0.4, 2))
                .with(new PendingEffect(110, Double.NaN, Double.NaN, Double.NaN, 100, 100, 210, 0, 1));
        List<Object> values = List.of(assembler.snapshot(), window, memory);
        assertThat(DecidePrinterActions.STATE_TYPES).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            TypeInformation<?> type = DecidePrinterActions.STATE_TYPES.get(i);
            assertThat(type).as(type.toString()).isInstanceOf(PojoTypeInfo.class);
            Object back = roundTrip(type.createSerializer(noGenerics), values.get(i));
            assertThat(back).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class)
                    .isEqualTo(values.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(TypeSerializer<T> serializer, Object value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize((T) value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
