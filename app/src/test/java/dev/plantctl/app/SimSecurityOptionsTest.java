package dev.plantctl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimSecurityOptionsTest {

    @TempDir
    Path dir;

    @Test
    void withoutPkiTheSimulatorIsInsecureAndSecurityOptionsAloneAreRefused() throws Exception {
        assertThat(parse().security()).satisfies(s -> assertThat(s.isInsecure()).isTrue());
        Path users = Files.writeString(dir.resolve("users"), "operator=grow\n");
        assertThatThrownBy(() -> parse("--users", users.toString()).security()).hasMessageContaining("need --pki");
    }

    @Test
    void aPkiNeedsTheKeyStorePasswordAndReadsTheUsers() throws Exception {
        Path pki = dir.resolve("pki");
        assertThatThrownBy(() -> parse("--pki", pki.toString()).security())
                .hasMessageContaining("--keystore-password-file");
        Path password = Files.writeString(dir.resolve("ks.password"), "keystore-secret\n");
        Path users = Files.writeString(dir.resolve("users"), "operator=grow\nviewer=look\n");
        assertThat(parse("--pki", pki.toString(), "--keystore-password-file", password.toString(), "--users",
                users.toString()).security().isInsecure()).isFalse();
        Path empty = Files.writeString(dir.resolve("empty"), "# nobody\n");
        assertThatThrownBy(() -> parse("--pki", pki.toString(), "--keystore-password-file", password.toString(),
                "--users", empty.toString()).security()).hasMessageContaining("no user=password line");
        assertThatThrownBy(() -> parse("--pki", pki.toString(), "--keystore-password-file",
                dir.resolve("absent").toString()).security()).hasMessageContaining("absent");
    }

    private static SimSecurityOptions parse(String... options) {
        SimCommand sim = new SimCommand();
        String[] args = new String[options.length + 1];
        args[0] = "greenhouse";
        System.arraycopy(options, 0, args, 1, options.length);
        new CommandLine(sim).parseArgs(args);
        return sim.security;
    }
}
