package dev.plantctl.testing;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerProcessesIT {

    @Test
    void mosquittoComesBackOnTheSamePortAfterAKill() throws Exception {
        try (MosquittoServer broker = MosquittoServer.builder().start()) {
            int port = broker.port();
            assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + port);
            assertThat(connackOf(port)).isEqualTo(0);
            broker.killAndRestart();
            assertThat(broker.port()).isEqualTo(port);
            assertThat(connackOf(port)).isEqualTo(0);
            broker.stopAndRestart();
            assertThat(connackOf(port)).isEqualTo(0);
        }
    }

    @Test
    void mosquittoWithCredentialsRefusesAnonymousClients() throws Exception {
        try (MosquittoServer broker = MosquittoServer.builder().credentials("plant", "s3cret").start()) {
            assertThat(connackOf(broker.port())).isEqualTo(5); // not authorised
        }
    }

    @Test
    void influxKeepsItsDataAcrossAKill() {
        try (InfluxServer influx = InfluxServer.builder().start()) {
            influx.createDatabase("t");
            influx.write("t", "m,s=a v=1 1\nm,s=a v=2 2");
            influx.killAndRestart();
            assertThat(influx.query("t", "SELECT count(v) FROM m")).contains("[\"1970-01-01T00:00:00Z\",2]");
        }
    }

    @Test
    void influxWithAnAdminNeedsCredentials() {
        try (InfluxServer influx = InfluxServer.builder().admin("admin", "pw").start()) {
            influx.createDatabase("t");
            assertThat(influx.query(null, "SHOW DATABASES")).contains("\"t\"");
        }
    }

    @Test
    void aMissingExecutableIsNamed() {
        assertThatThrownBy(() -> ServerProcess.executable("PLANTCTL_NO_SUCH_VARIABLE", "/no/such/bin"))
                .hasMessageContaining("/no/such/bin").hasMessageContaining("PLANTCTL_NO_SUCH_VARIABLE");
    }

    /** Sends an MQTT 3.1.1 CONNECT and returns the CONNACK's return code. */
    private static int connackOf(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            byte[] connect = {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 10, 0, 1, 'x'};
            out.write(connect);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] connack = in.readNBytes(4);
            assertThat(connack[0]).isEqualTo((byte) 0x20);
            return connack[3];
        }
    }
}
