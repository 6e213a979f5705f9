package dev.plantctl.jobs.launch;

import dev.plantctl.connectors.opcua.KeyStoreEntry;
import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.connectors.opcua.OpcUaIdentity;

import java.nio.file.Path;

/**
 * The OPC UA endpoint of a job configuration file. Secure is the default: a file that wants no security says
 * {@code opcua.security=none}, and the job logs a warning at every connection.
 *
 * <p>Keys:
 * <ul>
 *   <li>{@code opcua.endpoint} (required): {@code opc.tcp://host:port/path}</li>
 *   <li>{@code opcua.security} (required): a security policy, {@code Basic256Sha256},
 *       {@code Aes128_Sha256_RsaOaep} or {@code Aes256_Sha256_RsaPss}, or {@code none}</li>
 *   <li>{@code opcua.security.mode}: {@code SignAndEncrypt} (default) or {@code Sign}</li>
 *   <li>{@code opcua.client.keystore} (required when secure): the client's PKCS#12 key store;
 *       {@code opcua.client.alias} (default {@code plantctl}); its password from {@code opcua.client.password.file}
 *       or the environment variable named by {@code opcua.client.password.env}</li>
 *   <li>{@code opcua.trust.dir} (required when secure): trusted server certificates in {@code trusted/certs},
 *       rejected ones land in {@code rejected}</li>
 *   <li>{@code opcua.user} with {@code opcua.password.file} or {@code opcua.password.env}: a user session;
 *       or {@code opcua.user.keystore} (+ {@code opcua.user.alias}, {@code opcua.user.password.file} or
 *       {@code .env}): an X.509 user; neither: anonymous</li>
 * </ul>
 * Passwords never stand in the file itself: only where to read them.
 */
public final class OpcUaEndpointKeys {

    private OpcUaEndpointKeys() {
    }

    /**
     * Reads the endpoint and checks that its key stores, trust directory and secrets can be read.
     *
     * @throws IllegalArgumentException naming the file and the key that is missing or wrong
     */
    public static OpcUaEndpoint read(JobConfigFile cfg) {
        String url = cfg.required("opcua.endpoint");
        String security = cfg.required("opcua.security");
        String key = "opcua.endpoint";
        try {
            OpcUaEndpoint.insecure(url); // checks the URL alone, so that its error names its key
            key = "opcua.security";
            OpcUaEndpoint endpoint;
            if (security.equals("none")) {
                endpoint = OpcUaEndpoint.insecure(url);
            } else {
                key = "opcua.client.keystore";
                OpcUaEndpoint.Builder b = OpcUaEndpoint.secure(url).securityPolicy(security)
                        .securityMode(cfg.optional("opcua.security.mode") == null ? "SignAndEncrypt"
                                : cfg.optional("opcua.security.mode"));
                Path keystore = cfg.path("opcua.client.keystore");
                if (keystore != null) {
                    b.clientCertificate(KeyStoreEntry.of(keystore, alias(cfg, "opcua.client.alias"),
                            cfg.secret("opcua.client.password")));
                }
                Path trust = cfg.path("opcua.trust.dir");
                if (trust != null) {
                    b.trustDirectory(trust);
                }
                key = "opcua.user";
                b.identity(identity(cfg));
                key = "opcua.security";
                endpoint = b.build();
            }
            endpoint.check("OPC UA");
            return endpoint;
        } catch (IllegalArgumentException e) {
            throw cfg.bad(key, e.getMessage());
        }
    }

    private static OpcUaIdentity identity(JobConfigFile cfg) {
        String user = cfg.optional("opcua.user");
        Path userKeystore = cfg.path("opcua.user.keystore");
        if (user != null && userKeystore != null) {
            throw new IllegalArgumentException("give either a user name (opcua.user) or a user certificate "
                    + "(opcua.user.keystore), not both");
        }
        if (user != null) {
            return OpcUaIdentity.username(user, cfg.secret("opcua.password"));
        }
        if (userKeystore != null) {
            return OpcUaIdentity.certificate(KeyStoreEntry.of(userKeystore, alias(cfg, "opcua.user.alias"),
                    cfg.secret("opcua.user.password")));
        }
        return OpcUaIdentity.anonymous();
    }

    private static String alias(JobConfigFile cfg, String key) {
        String alias = cfg.optional(key);
        return alias == null ? "plantctl" : alias;
    }
}
