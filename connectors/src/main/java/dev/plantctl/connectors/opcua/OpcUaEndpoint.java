package dev.plantctl.connectors.opcua;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where and how to connect to an OPC UA server.
 *
 * <p>This release connects with SecurityPolicy None and an anonymous identity only, which is fit for a
 * simulator on loopback and nothing else: it has to be asked for by name ({@link #insecure(String)}) and
 * every connection logs a warning. Signed and encrypted endpoints with certificate validation are the next
 * step of the connectors.
 *
 * @param url the endpoint URL, {@code opc.tcp://host:port[/path]}
 */
public record OpcUaEndpoint(String url) implements Serializable {

    public OpcUaEndpoint {
        validateUrl(url);
    }

    /** An endpoint without security (SecurityPolicy None, anonymous). */
    public static OpcUaEndpoint insecure(String url) {
        return new OpcUaEndpoint(url);
    }

    private static void validateUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("OPC UA endpoint url is missing");
        }
        try {
            URI uri = new URI(url);
            if (!"opc.tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("OPC UA endpoint url '" + url
                        + "' must look like opc.tcp://host:port[/path]");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("OPC UA endpoint url '" + url + "' is malformed: " + e.getMessage(), e);
        }
    }
}
