package dev.plantctl.connectors.opcua;

import dev.plantctl.connectors.Secret;

import java.io.Serializable;
import java.util.Objects;

/**
 * The user identity of an OPC UA session: anonymous, a user name with a password, or an X.509 certificate. The
 * server decides what each identity may read and write.
 */
public sealed interface OpcUaIdentity extends Serializable {

    /** No user. */
    static OpcUaIdentity anonymous() {
        return new Anonymous();
    }

    /**
     * A user name and a password read from a secret.
     *
     * @throws IllegalArgumentException when the user name is missing
     */
    static OpcUaIdentity username(String user, Secret password) {
        return new Username(user, password);
    }

    /** A user certificate and its private key. */
    static OpcUaIdentity certificate(KeyStoreEntry entry) {
        return new UserCertificate(entry);
    }

    /**
     * Checks at job start that the identity's secrets and files can be read.
     *
     * @throws IllegalArgumentException naming the option
     */
    void check(String option);

    /** No user. */
    record Anonymous() implements OpcUaIdentity {
        @Override
        public void check(String option) {
        }

        @Override
        public String toString() {
            return "anonymous";
        }
    }

    /**
     * A user name and password.
     *
     * @param user     the user name
     * @param password the password's secret
     */
    record Username(String user, Secret password) implements OpcUaIdentity {
        /** @throws IllegalArgumentException when the user name or password is missing */
        public Username {
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("OPC UA identity: the user name is missing");
            }
            if (password == null) {
                throw new IllegalArgumentException("OPC UA identity: the password of user '" + user + "' is missing");
            }
        }

        @Override
        public void check(String option) {
            password.check(option + " (user '" + user + "'): password");
        }

        @Override
        public String toString() {
            return "user " + user;
        }
    }

    /**
     * An X.509 user certificate.
     *
     * @param entry the certificate and its private key
     */
    record UserCertificate(KeyStoreEntry entry) implements OpcUaIdentity {
        /** @throws NullPointerException when the entry is missing */
        public UserCertificate {
            Objects.requireNonNull(entry, "entry");
        }

        @Override
        public void check(String option) {
            entry.check(option + " (user certificate)");
        }

        @Override
        public String toString() {
            return "user certificate " + entry;
        }
    }
}
