package dev.plantctl.app.printer;

import dev.plantctl.jobs.printer.PrinterController;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrinterBenchTest {

    private static PrinterController controller;
    private static final StringWriter EXPLANATIONS = new StringWriter();

    @BeforeAll
    static void open() throws Exception {
        controller = PrinterController.shipped();
    }

    @AfterAll
    static void close() throws Exception {
        controller.close();
    }

    @Test
    void aScenarioFileIsReadAndItsMistakesAreNamed(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.json");
        Files.writeString(good, "{\"scenarios\": [{\"name\": \"f\", \"kind\": \"wrong_flow\", \"value\": 85,"
                + " \"layers\": 12, \"onset_s\": 120}, {\"name\": \"m\", \"kind\": \"unknown_material\","
                + " \"material\": \"PA12\"}]}");
        List<BenchScenario> s = BenchScenarioFile.read(good);
        assertThat(s).extracting(BenchScenario::kind).containsExactly(BenchScenario.Kind.WRONG_FLOW,
                BenchScenario.Kind.UNKNOWN_MATERIAL);
        assertThat(s.get(0).value()).isEqualTo(85);
        assertThat(s.get(1).statedMaterial()).isEqualTo("PA12");
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"scenarios\": [{\"name\": \"f\", \"kind\": \"wrong_flow\", \"valeu\": 85}]}");
        assertThatThrownBy(() -> BenchScenarioFile.read(typo)).hasMessageContaining("scenarios[0]")
                .hasMessageContaining("unknown field 'valeu'");
        Path kind = dir.resolve("kind.json");
        Files.writeString(kind, "{\"scenarios\": [{\"name\": \"f\", \"kind\": \"earthquake\"}]}");
        assertThatThrownBy(() -> BenchScenarioFile.read(kind)).hasMessageContaining("unknown scenario kind");
        Path material = dir.resolve("material.json");
        Files.writeString(material, "{\"scenarios\": [{\"name\": \"f\", \"kind\": \"untrained_material\"}]}");
        assertThatThrownBy(() -> BenchScenarioFile.read(material)).hasMessageContaining("needs 'material'");
    }

    @Test
    void theControllerBringsAWrongFlowBackWhereNoControlDoesNot() throws Exception {
        PrinterBench bench = new PrinterBench(controller, new PrintWriter(EXPLANATIONS));
        BenchScenario flow = new BenchScenario("flow", BenchScenario.Kind.WRONG_FLOW, 3, 12, 150, 86, 0, "");
        CaseResult none = bench.run(flow, "none");
        CaseResult cipher = bench.run(flow, "cipher");
        assertThat(none.firstOutLayer()).isPositive();
        assertThat(none.recovered()).isFalse();
        assertThat(cipher.recovered()).isTrue();
        assertThat(cipher.commands()).isPositive();
        assertThat(cipher.refused()).isZero();
    }

    @Test
    void anUnknownMaterialGetsNoAutomaticAdjustmentAndAnExplanation() throws Exception {
        PrinterBench bench = new PrinterBench(controller, new PrintWriter(EXPLANATIONS));
        BenchScenario unknown = new BenchScenario("pa12", BenchScenario.Kind.UNKNOWN_MATERIAL, 4, 6, 0, 0, 0, "PA12");
        CaseResult r = bench.run(unknown, "cipher");
        assertThat(r.autoAdjusted()).isFalse();
        assertThat(r.explainedOod()).isTrue();
        assertThat(r.commands()).isZero();
    }
}
