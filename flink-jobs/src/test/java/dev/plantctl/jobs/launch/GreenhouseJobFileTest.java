package dev.plantctl.jobs.launch;

import dev.plantctl.connectors.Secret;
import dev.plantctl.connectors.opcua.KeyStoreEntry;
import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.connectors.opcua.OpcUaIdentity;
import dev.plantctl.connectors.opcua.TestCertificates;
import dev.plantctl.jobs.common.TelemetryTarget;
import dev.plantctl.jobs.greenhouse.GreenhouseJobConfig;
import dev.plantctl.jobs.greenhouse.DynamicsServing;
import dev.plantctl.jobs.greenhouse.GreenhouseJobFile;
import dev.plantctl.ml.registry.ModelTrust;
import dev.plantctl.ml.registry.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GreenhouseJobFileTest {

    private static final String MINIMAL = """
            opcua.endpoint=opc.tcp://127.0.0.1:4840/plantctl/greenhouse
            opcua.security=none
            compartments=4
            explanations.file=out/explanations.jsonl
            dead.letters.file=out/dead.jsonl
            """;

    @Test
    void readsEveryKeyAndResolvesPathsAgainstTheFilesDirectory(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("gh.properties"), MINIMAL + """
                end.time=2026-02-02T00:00:00Z
                control.period=15min
                tagmap=maps/gh.yaml
                influx.url=http://127.0.0.1:8086
                influx.database=plant
                parallelism=2
                checkpoint.interval=PT5S
                checkpoint.dir=file:///var/plantctl/checkpoints
                restart.attempts=3
                restart.delay=500ms
                dynamics.registry=models
                """);
        GreenhouseJobFile read = GreenhouseJobFile.read(file);
        assertThat(read.job().compartments()).isEqualTo(4);
        assertThat(read.job().endTime()).isEqualTo(Instant.parse("2026-02-02T00:00:00Z"));
        assertThat(read.job().controlPeriod()).isEqualTo(Duration.ofMinutes(15));
        assertThat(read.job().tagMap()).isEqualTo(dir.resolve("maps/gh.yaml"));
        assertThat(read.job().explanationsFile()).isEqualTo(dir.resolve("out/explanations.jsonl"));
        assertThat(read.telemetry().url()).isEqualTo("http://127.0.0.1:8086");
        assertThat(read.telemetry().database()).isEqualTo("plant");
        assertThat(read.runtime()).isEqualTo(new JobRuntimeSettings(2, Duration.ofSeconds(5),
                "file:///var/plantctl/checkpoints", 3, Duration.ofMillis(500)));
        assertThat(read.dynamics().registry()).isEqualTo(dir.resolve("models").toString());
        assertThat(read.dynamics().trust()).as("the shipped release key alone, unsigned refused")
                .isEqualTo(ModelTrust.SHIPPED_KEYS);
        assertThat(read.job().plantClock()).as("another tag map: no plant clock unless the file names one").isNull();
        assertThat(read.job().setpointValidity()).as("another tag map: no validity unless the file names one").isNull();
    }

    @Test
    void theDynamicsRegistryTrustsTheConfiguredKeysDirectory(@TempDir Path dir) throws Exception {
        SigningKey.generate("site").writePublicKey(dir.resolve("keys"));
        Path file = Files.writeString(dir.resolve("gh.properties"), MINIMAL + """
                dynamics.registry=models
                models.trusted.keys=keys
                """);
        DynamicsServing dynamics = GreenhouseJobFile.read(file).dynamics();
        assertThat(dynamics.trust()).isEqualTo(new ModelTrust(dir.resolve("keys").toString(), false));
        assertThat(dynamics.trust().keys().ids()).containsExactly("plantctl-release", "site");
    }

    @Test
    void theValidityAndThePlantClockAreTheSimulatorsWithTheEmbeddedTagMap(@TempDir Path dir)
            throws Exception {
        GreenhouseJobConfig embedded = GreenhouseJobFile.read(Files.writeString(dir.resolve("a.properties"), MINIMAL))
                .job();
        assertThat(embedded.plantClock()).isEqualTo("nsu=urn:plantctl:sim:greenhouse;s=greenhouse/clock");
        assertThat(embedded.setpointValidity())
                .isEqualTo("nsu=urn:plantctl:sim:greenhouse;s={unit}/setpoint_valid_until");
        assertThat(GreenhouseJobFile.read(Files.writeString(dir.resolve("d.properties"), MINIMAL
                + "opcua.setpoint.validity=none\n")).job().setpointValidity()).isNull();
        assertThat(GreenhouseJobFile.read(Files.writeString(dir.resolve("b.properties"), MINIMAL
                + "tagmap=gh.yaml\nopcua.plant.clock=i=2258\n")).job().plantClock()).isEqualTo("i=2258");
        assertThat(GreenhouseJobFile.read(Files.writeString(dir.resolve("c.properties"), MINIMAL
                + "opcua.plant.clock=none\n")).job().plantClock()).isNull();
    }

    @Test
    void telemetryRefusalsAndTheSpillGoBesideTheDeadLettersUnlessTheFileSaysWhere(@TempDir Path dir)
            throws Exception {
        String influx = MINIMAL + "influx.url=http://127.0.0.1:8086\ninflux.database=plant\n";
        TelemetryTarget defaults = GreenhouseJobFile.read(Files.writeString(dir.resolve("a.properties"), influx))
                .telemetry();
        assertThat(defaults.deadLetterPath()).isEqualTo(dir.resolve("out/telemetry-dead-letters.jsonl"));
        assertThat(defaults.spillPath()).isEqualTo(dir.resolve("out/telemetry-spill"));
        assertThat(defaults.spillMaxBytes()).isEqualTo(256L << 20);

        TelemetryTarget named = GreenhouseJobFile.read(Files.writeString(dir.resolve("b.properties"), influx + """
                influx.dead.letters.file=telemetry/refused.jsonl
                influx.spill.dir=/var/lib/plantctl/spill
                influx.spill.max.mib=64
                """)).telemetry();
        assertThat(named.deadLetterPath()).isEqualTo(dir.resolve("telemetry/refused.jsonl"));
        assertThat(named.spillPath()).isEqualTo(Path.of("/var/lib/plantctl/spill"));
        assertThat(named.spillMaxBytes()).isEqualTo(64L << 20);

        Path zero = Files.writeString(dir.resolve("z.properties"), influx + "influx.spill.max.mib=0\n");
        assertThatThrownBy(() -> GreenhouseJobFile.read(zero)).hasMessageContaining("'influx.spill.max.mib'");
    }

    @Test
    void defaultsLeaveParallelismAndCheckpointStorageToTheCluster(@TempDir Path dir) throws Exception {
        GreenhouseJobFile read = GreenhouseJobFile.read(Files.writeString(dir.resolve("gh.properties"), MINIMAL));
        assertThat(read.runtime()).isEqualTo(new JobRuntimeSettings(0, JobRuntimeSettings.DEFAULT_CHECKPOINT_INTERVAL,
                null, JobRuntimeSettings.DEFAULT_RESTART_ATTEMPTS, JobRuntimeSettings.DEFAULT_RESTART_DELAY));
        assertThat(read.telemetry()).isNull();
        assertThat(read.dynamics()).isNull();
        assertThat(read.job().endTime()).isNull();
    }

    @Test
    void badValuesNameTheFileAndTheKey(@TempDir Path dir) throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.properties"), MINIMAL + "checkpoint.intreval=5s\n");
        assertThatThrownBy(() -> GreenhouseJobFile.read(typo)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(typo.toString()).hasMessageContaining("unknown key(s) [checkpoint.intreval]");
        Path duration = Files.writeString(dir.resolve("d.properties"), MINIMAL + "checkpoint.interval=often\n");
        assertThatThrownBy(() -> GreenhouseJobFile.read(duration))
                .hasMessageContaining("'checkpoint.interval' must be a duration").hasMessageContaining("often");
        Path missing = Files.writeString(dir.resolve("m.properties"), MINIMAL.replace("compartments=4\n", ""));
        assertThatThrownBy(() -> GreenhouseJobFile.read(missing)).hasMessageContaining("'compartments' is required");
        Path zero = Files.writeString(dir.resolve("z.properties"), MINIMAL.replace("compartments=4", "compartments=0"));
        assertThatThrownBy(() -> GreenhouseJobFile.read(zero)).hasMessageContaining("'compartments' must be >= 1");
        Path secure = Files.writeString(dir.resolve("s.properties"), MINIMAL.replace("security=none", "security=x"));
        assertThatThrownBy(() -> GreenhouseJobFile.read(secure)).hasMessageContaining("'opcua.security'")
                .hasMessageContaining("unknown security policy 'x'");
        Path url = Files.writeString(dir.resolve("u.properties"), MINIMAL.replace("opc.tcp://", "http://"));
        assertThatThrownBy(() -> GreenhouseJobFile.read(url)).hasMessageContaining("'opcua.endpoint'");
        assertThatThrownBy(() -> GreenhouseJobFile.read(dir.resolve("absent.properties")))
                .hasMessageContaining("absent.properties").hasMessageContaining("cannot read");
    }

    @Test
    void aSecureEndpointReadsItsCertificateTrustAndUserFromTheFile(@TempDir Path dir) throws Exception {
        KeyStoreEntry client = TestCertificates.create(dir.resolve("pki"), "plantctl", "urn:plantctl:test:client");
        Files.createDirectories(dir.resolve("trust"));
        Files.writeString(dir.resolve("operator.password"), "grow");
        String secure = MINIMAL.replace("opcua.security=none", """
                opcua.security=Aes256_Sha256_RsaPss
                opcua.security.mode=Sign
                opcua.client.keystore=pki/plantctl.p12
                opcua.client.password.file=pki/plantctl.password
                opcua.trust.dir=trust
                opcua.user=operator
                opcua.password.file=operator.password
                """);
        OpcUaEndpoint endpoint = GreenhouseJobFile.read(Files.writeString(dir.resolve("gh.properties"), secure))
                .job().endpoint();
        assertThat(endpoint.securityPolicy()).isEqualTo("Aes256_Sha256_RsaPss");
        assertThat(endpoint.securityMode()).isEqualTo("Sign");
        assertThat(endpoint.clientCertificate()).isEqualTo(client);
        assertThat(endpoint.trustDirectory()).isEqualTo(dir.resolve("trust").toString());
        assertThat(endpoint.identity()).isEqualTo(OpcUaIdentity.username("operator",
                Secret.fromFile(dir.resolve("operator.password"))));

        Path noPassword = Files.writeString(dir.resolve("np.properties"),
                secure.replace("opcua.password.file=operator.password", ""));
        assertThatThrownBy(() -> GreenhouseJobFile.read(noPassword)).hasMessageContaining("'opcua.user'")
                .hasMessageContaining("opcua.password.file or opcua.password.env");
        Path noKeystore = Files.writeString(dir.resolve("nk.properties"),
                secure.replace("opcua.client.keystore=pki/plantctl.p12", ""));
        assertThatThrownBy(() -> GreenhouseJobFile.read(noKeystore)).hasMessageContaining("'clientCertificate'");
        Path badMode = Files.writeString(dir.resolve("bm.properties"), secure.replace("mode=Sign", "mode=Encrypt"));
        assertThatThrownBy(() -> GreenhouseJobFile.read(badMode)).hasMessageContaining("unknown security mode");
    }

    @Test
    void theMainNamesAnUnknownJobAndItsUsage(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("gh.properties"), MINIMAL);
        assertThatThrownBy(() -> PlantctlJob.main(new String[]{"brewery", "--config", file.toString()}))
                .hasMessageContaining("unknown job 'brewery'");
        assertThatThrownBy(() -> PlantctlJob.main(new String[]{"greenhouse"})).hasMessageContaining("usage:");
    }
}
