package dev.plantctl.connectors.mqtt.internal;

import org.slf4j.Logger;


/**
 * What Paho's MQTT 5 and MQTT 3.1.1 clients need alike: closing a client for good.
 * The two clients have the same shape but no common type, hence {@link Closable}.
 */
final class PahoSupport {

    private PahoSupport() {
    }

    /** The calls of one Paho client (v3 or v5) that closing it needs. */
    interface Closable {
        boolean isConnected();

        /** Disconnects normally and waits up to the timeout. */
        void disconnect(long timeoutMillis) throws Exception;

        /** Frees the client; Paho refuses while it is connected or connecting. */
        void close() throws Exception;

        /** Drops the connection without a DISCONNECT packet. */
        void disconnectForcibly(long timeoutMillis) throws Exception;
    }

    /**
     * Disconnects and closes a client for good, also when called on an interrupted thread (a cancelled Flink task)
     * or while Paho is in the middle of an automatic reconnect. Paho's {@code close(true)} refuses a client that is
     * connected or connecting, and a client that is not closed keeps reconnecting on its own: it would take its
     * persistent session back from the next reader with the same client id and hold that session's unacknowledged
     * messages where nobody reads or acknowledges them.
     */
    static void closeForGood(Closable c, String clientId, long timeoutMillis, Logger log) {
        boolean interrupted = Thread.interrupted(); // an interrupt would cut Paho's waits short and leave it open
        try {
            try {
                if (c.isConnected()) {
                    c.disconnect(timeoutMillis);
                }
            } catch (Exception e) {
                log.debug("MQTT client {} did not disconnect cleanly: {}", clientId, describe(e));
            }
            long deadline = System.nanoTime() + 2 * (timeoutMillis + 1_000) * 1_000_000L;
            while (true) {
                try {
                    c.close();
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        log.error("MQTT client {} could not be closed ({}): it may reconnect and hold its session",
                                clientId, describe(e));
                        return;
                    }
                    try {
                        if (c.isConnected()) {
                            c.disconnectForcibly(timeoutMillis);
                        } else {
                            Thread.sleep(20); // connecting: Paho refuses both close and disconnect until it is done
                        }
                    } catch (InterruptedException again) {
                        interrupted = true;
                    } catch (Exception again) {
                        log.debug("MQTT client {} did not disconnect forcibly: {}", clientId, describe(again));
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A Paho exception with its reason code and cause, for messages. */
    static String describe(Throwable e) {
        Throwable cause = e.getCause();
        String code = e instanceof org.eclipse.paho.mqttv5.common.MqttException v5 ? " (reason code "
                + v5.getReasonCode() + ")"
                : e instanceof org.eclipse.paho.client.mqttv3.MqttException v3 ? " (reason code "
                + v3.getReasonCode() + ")" : "";
        return e.getMessage() + code + (cause == null ? "" : ": " + cause.getMessage());
    }
}
