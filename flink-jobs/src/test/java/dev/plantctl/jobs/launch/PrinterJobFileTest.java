package dev.plantctl.jobs.launch;

import dev.plantctl.controllers.printer.ControlLimits;
import dev.plantctl.jobs.printer.PrinterJobFile;
import dev.plantctl.ml.registry.ModelTrust;
import dev.plantctl.ml.registry.SigningKey;
import dev.plantctl.models.printer.PrintContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrinterJobFileTest {

    private static final String MINIMAL = """
            mqtt.broker=tcp://127.0.0.1:1883
            mqtt.security=insecure
            material=PLA
            hotend.temperature=210
            line.width=0.45
            layer.height=0.2
            explanations.file=out/explanations.jsonl
            dead.letters.file=out/dead.jsonl
            """;

    @Test
    void readsThePrintAndTheRuntimeKeys(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("printer.properties"), MINIMAL + """
                mqtt.client.id=farm-a
                checkpoint.interval=2s
                influx.url=http://127.0.0.1:8086
                influx.database=plant
                """);
        PrinterJobFile read = PrinterJobFile.read(file);
        assertThat(read.job().broker().url()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(read.job().broker().isInsecure()).isTrue();
        assertThat(read.job().clientId()).isEqualTo("farm-a");
        assertThat(read.job().job()).isEqualTo(new PrintContext("PLA", 210, 0.45, 0.2));
        assertThat(read.job().limits()).isEqualTo(ControlLimits.DEFAULTS);
        assertThat(read.job().explanationsFile()).isEqualTo(dir.resolve("out/explanations.jsonl").toString());
        assertThat(read.job().checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(read.job().telemetry().database()).isEqualTo("plant");
        assertThat(read.job().expertRegistry()).isNull();
        assertThat(read.job().modelTrust()).isEqualTo(ModelTrust.SHIPPED_KEYS);
    }

    @Test
    void readsWhoseModelSignaturesItTrusts(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        SigningKey.generate("site").writePublicKey(keys);
        Path file = Files.writeString(dir.resolve("printer.properties"), MINIMAL + """
                expert.registry=models
                models.trusted.keys=keys
                models.allow.unsigned=true
                """);
        PrinterJobFile read = PrinterJobFile.read(file);
        assertThat(read.job().modelTrust()).isEqualTo(new ModelTrust(keys.toString(), true));
        assertThat(read.job().modelTrust().keys().ids()).containsExactly("plantctl-release", "site");
        assertThat(read.job().modelTrust().keys().allowsUnsigned()).isTrue();

        Path missing = Files.writeString(dir.resolve("m.properties"), MINIMAL + "models.trusted.keys=absent\n");
        assertThatThrownBy(() -> PrinterJobFile.read(missing)).hasMessageContaining(missing.toString())
                .hasMessageContaining("models.trusted.keys")
                .hasMessageContaining(dir.resolve("absent") + ": the trusted-keys directory does not exist");
        Path yes = Files.writeString(dir.resolve("y.properties"), MINIMAL + "models.allow.unsigned=yes\n");
        assertThatThrownBy(() -> PrinterJobFile.read(yes))
                .hasMessageContaining("'models.allow.unsigned'")
                .hasMessageContaining("must be true or false, got 'yes'");
    }

    @Test
    void badValuesNameTheFileAndTheKey(@TempDir Path dir) throws Exception {
        Path temperature = Files.writeString(dir.resolve("t.properties"), MINIMAL.replace("=210", "=hot"));
        assertThatThrownBy(() -> PrinterJobFile.read(temperature)).hasMessageContaining(temperature.toString())
                .hasMessageContaining("'hotend.temperature' must be a number, got 'hot'");
        Path broker = Files.writeString(dir.resolve("b.properties"), MINIMAL.replace("mqtt.broker=tcp://127.0.0.1:1883\n",
                ""));
        assertThatThrownBy(() -> PrinterJobFile.read(broker)).hasMessageContaining("'mqtt.broker' is required");
        Path typo = Files.writeString(dir.resolve("x.properties"), MINIMAL + "materail=PETG\n");
        assertThatThrownBy(() -> PrinterJobFile.read(typo)).hasMessageContaining("unknown key(s) [materail]");
    }
}
