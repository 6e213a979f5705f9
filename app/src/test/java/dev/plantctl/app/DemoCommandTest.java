package dev.plantctl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void anInfluxUserWithoutAPasswordFileIsRefusedBeforeTheDemoStarts(@TempDir Path out) {
        StringWriter err = new StringWriter();
        CommandLine cli = Plantctl.commandLine().setErr(new PrintWriter(err));
        assertThat(cli.execute("demo", "--out", out.toString(), "--influx", "https://127.0.0.1:1",
                "--influx-user", "admin")).isEqualTo(2);
        assertThat(err.toString()).contains("--influx-user and --influx-password-file go together");
    }

    @Test
    void anUnreadablePasswordFileIsNamed(@TempDir Path out) {
        StringWriter err = new StringWriter();
        CommandLine cli = Plantctl.commandLine().setErr(new PrintWriter(err));
        Path missing = out.resolve("influx.password");
        assertThat(cli.execute("demo", "--out", out.toString(), "--influx", "https://127.0.0.1:1",
                "--influx-user", "admin", "--influx-password-file", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--influx-password-file", missing.toString()).doesNotContain("\tat ");
    }
}
