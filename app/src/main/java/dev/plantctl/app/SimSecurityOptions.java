package dev.plantctl.app;

import dev.plantctl.simulators.opcua.ServerSecurity;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The greenhouse simulator's OPC UA security options of {@code plantctl sim}. */
final class SimSecurityOptions {

    @Option(names = "--pki", description = {"Serve signed and encrypted endpoints only (Basic256Sha256 and",
            "Aes256_Sha256_RsaPss, Sign and SignAndEncrypt) with the certificates of this PKI directory: the server's",
            "own in own/ (made on the first start; own/server.der is what clients trust), trusted client certificates",
            "in trusted/certs/ (refused ones land in rejected/), user certificates in users/. Without it the simulator",
            "serves SecurityPolicy None, for loopback use."})
    Path pki;

    @Option(names = "--keystore-password-file",
            description = "With --pki: the file holding the password of the server's key store own/server.p12.")
    Path keyStorePasswordFile;

    @Option(names = "--users", description = "With --pki: a file of user=password lines, the accounts that may "
            + "open a session.")
    Path users;

    @Option(names = "--allow-anonymous", description = "With --pki: accept anonymous sessions on the secure endpoints.")
    boolean allowAnonymous;

    /**
     * The server security these options ask for.
     *
     * @throws IllegalArgumentException naming the option when a file is missing or an option lacks --pki
     */
    ServerSecurity security() {
        if (pki == null) {
            if (keyStorePasswordFile != null || users != null || allowAnonymous) {
                throw new IllegalArgumentException("--keystore-password-file, --users and --allow-anonymous need --pki");
            }
            return ServerSecurity.insecure();
        }
        if (keyStorePasswordFile == null) {
            throw new IllegalArgumentException("--pki needs --keystore-password-file (the server key store's password)");
        }
        ServerSecurity security = ServerSecurity.secure(pki, read(keyStorePasswordFile, "--keystore-password-file")
                .strip().toCharArray());
        if (users != null) {
            Properties accounts = new Properties();
            try (Reader in = Files.newBufferedReader(users, StandardCharsets.UTF_8)) {
                accounts.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("--users: cannot read " + users + ": " + e.getMessage(), e);
            }
            if (accounts.isEmpty()) {
                throw new IllegalArgumentException("--users: " + users + " holds no user=password line");
            }
            for (String user : accounts.stringPropertyNames()) {
                security.user(user, accounts.getProperty(user));
            }
        }
        if (allowAnonymous) {
            security.allowAnonymous();
        }
        return security;
    }

    /** A line for the start banner. */
    String describe() {
        return pki == null ? "no security: loopback use" : "signed and encrypted, PKI " + pki;
    }

    private static String read(Path file, String option) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
