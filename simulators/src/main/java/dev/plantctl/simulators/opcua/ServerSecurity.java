package dev.plantctl.simulators.opcua;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a simulator's OPC UA server protects itself: the endpoints it offers and the identities it accepts.
 *
 * <p>{@link #secure(Path, char[])} offers {@code Basic256Sha256} and {@code Aes256_Sha256_RsaPss}, each with
 * {@code Sign} and {@code SignAndEncrypt}, like a careful PLC. The server's key and self-signed certificate live in
 * {@code <pki>/own/server.p12} (made on the first start; the certificate is also written to
 * {@code <pki>/own/server.der} for clients to trust). A client's certificate is accepted when it lies in
 * {@code <pki>/trusted/certs/} (or is issued by a CA of {@code <pki>/issuers/certs/}); a rejected one is copied to
 * {@code <pki>/rejected/}, from where an administrator moves it to {@code trusted/certs/} — the server reads that
 * folder again as it changes. Sessions need a user name and password of {@link #user}, or a user certificate that
 * lies in {@code <pki>/users/}, unless {@link #allowAnonymous()} says otherwise.
 *
 * <p>{@link #insecure()} is SecurityPolicy None with anonymous access: for loopback demos and tests, and the host
 * says so in a warning.
 */
public final class ServerSecurity {

    private final Path pki;
    private final char[] keyStorePassword;
    private final Map<String, String> users = new LinkedHashMap<>();
    private boolean anonymous;
    private boolean insecureEndpoint;

    private ServerSecurity(Path pki, char[] keyStorePassword, boolean anonymous, boolean insecureEndpoint) {
        this.pki = pki;
        this.keyStorePassword = keyStorePassword;
        this.anonymous = anonymous;
        this.insecureEndpoint = insecureEndpoint;
    }

    /** SecurityPolicy None and anonymous access only. */
    public static ServerSecurity insecure() {
        return new ServerSecurity(null, null, true, true);
    }

    /**
     * Signed and encrypted endpoints only, certificates in a PKI directory (created when missing).
     *
     * @param pki              the PKI directory
     * @param keyStorePassword the password of the server's key store {@code <pki>/own/server.p12}
     */
    public static ServerSecurity secure(Path pki, char[] keyStorePassword) {
        Objects.requireNonNull(pki, "pki");
        if (keyStorePassword == null || keyStorePassword.length == 0) {
            throw new IllegalArgumentException("the server key store password is missing");
        }
        return new ServerSecurity(pki.toAbsolutePath(), keyStorePassword.clone(), false, false);
    }

    /** Accepts a session of this user with this password. */
    public ServerSecurity user(String name, String password) {
        if (isInsecure()) {
            throw new IllegalStateException("an insecure server accepts anonymous sessions only");
        }
        if (name == null || name.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a server user needs a name and a password");
        }
        users.put(name, password);
        return this;
    }

    /** Accepts anonymous sessions on the secure endpoints too. */
    public ServerSecurity allowAnonymous() {
        this.anonymous = true;
        return this;
    }

    /** Offers a SecurityPolicy None endpoint beside the secure ones, for tools that cannot do better. */
    public ServerSecurity alsoInsecureEndpoint() {
        this.insecureEndpoint = true;
        return this;
    }

    /** True when the server offers only SecurityPolicy None. */
    public boolean isInsecure() {
        return pki == null;
    }

    Path pki() {
        return pki;
    }

    char[] keyStorePassword() {
        return keyStorePassword.clone();
    }

    Map<String, String> users() {
        return Map.copyOf(users);
    }

    boolean anonymous() {
        return anonymous;
    }

    boolean insecureEndpoint() {
        return insecureEndpoint;
    }
}
