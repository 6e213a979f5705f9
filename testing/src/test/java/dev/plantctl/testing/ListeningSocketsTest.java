package dev.plantctl.testing;

import dev.plantctl.testing.ListeningSockets.Listener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListeningSocketsTest {

    private final List<ServerSocket> opened = new ArrayList<>();

    @AfterEach
    void closeSockets() throws Exception {
        for (ServerSocket s : opened) {
            s.close();
        }
    }

    @Test
    void seesAWildcardAndALoopbackListenerOfThisProcessWithTheirAddresses() throws Exception {
        try (ServerSocket wildcard = new ServerSocket();
             ServerSocket loopback = new ServerSocket()) {
            wildcard.bind(new InetSocketAddress(0));
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

            List<Listener> listeners = ListeningSockets.ofThisProcess();

            Listener any = listeners.stream().filter(l -> l.port() == wildcard.getLocalPort()).findFirst().orElseThrow();
            assertThat(any.address().isAnyLocalAddress()).as("%s", any).isTrue();
            assertThat(any.loopback()).isFalse();
            Listener local = listeners.stream().filter(l -> l.port() == loopback.getLocalPort()).findFirst()
                    .orElseThrow();
            assertThat(local.loopback()).as("%s", local).isTrue();
        }
    }

    @Test
    void aWildcardListenerOpenDuringTheWorkIsSeen() throws Exception {
        int[] port = new int[1];
        Set<Listener> seen = ListeningSockets.seenWhile(() -> {
            ServerSocket wildcard = new ServerSocket(0);
            port[0] = wildcard.getLocalPort();
            opened.add(wildcard); // still open when the work ends
        });
        assertThat(seen).filteredOn(l -> l.port() == port[0]).singleElement()
                .satisfies(l -> assertThat(l.loopback()).isFalse());
    }

    @Test
    void whatTheWorkThrowsComesBack() {
        assertThatThrownBy(() -> ListeningSockets.seenWhile(() -> {
            throw new IllegalStateException("demo failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("demo failed");
    }

    @Test
    void aClosedListenerIsGone() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
            assertThat(ListeningSockets.ofThisProcess()).extracting(Listener::port).contains(port);
        }
        assertThat(ListeningSockets.ofThisProcess()).extracting(Listener::port).doesNotContain(port);
    }

    @Test
    void parsesIpv4AndIpv6LinesOfTheKernelTable() {
        String v4 = "   3: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1"
                + " 0000000000000000 100 0 0 10 0";
        String v6any = "   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A"
                + " 00000000:00000000 00:00000000 00000000     0        0 77 1 0000000000000000 100 0 0 10 0";
        String v6loop = "   1: 00000000000000000000000001000000:0051 00000000000000000000000000000000:0000 0A"
                + " 00000000:00000000 00:00000000 00000000     0        0 78 1 0000000000000000 100 0 0 10 0";
        String v6mapped = "   2: 0000000000000000FFFF00000100007F:0052 00000000000000000000000000000000:0000 0A"
                + " 00000000:00000000 00:00000000 00000000     0        0 79 1 0000000000000000 100 0 0 10 0";
        Set<Long> ours = Set.of(4242L, 77L, 78L, 79L);

        assertThat(ListeningSockets.parseListener(v4, ours).toString()).isEqualTo("127.0.0.1:8080");
        Listener any = ListeningSockets.parseListener(v6any, ours);
        assertThat(any.address().isAnyLocalAddress()).isTrue();
        assertThat(any.loopback()).isFalse();
        assertThat(ListeningSockets.parseListener(v6loop, ours).loopback()).isTrue();
        assertThat(ListeningSockets.parseListener(v6mapped, ours).toString()).isEqualTo("127.0.0.1:82");
    }

    @Test
    void skipsTheHeaderOtherStatesAndOtherProcessesSockets() {
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
        String established = "   3: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000 0 4242 1";
        String notOurs = "   3: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 9999 1";

        assertThat(ListeningSockets.parseListener(header, Set.of(4242L))).isNull();
        assertThat(ListeningSockets.parseListener(established, Set.of(4242L))).isNull();
        assertThat(ListeningSockets.parseListener(notOurs, Set.of(4242L))).isNull();
    }

    @Test
    void aMalformedAddressIsAnErrorThatQuotesTheLine() {
        String line = "   3: 7F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 4242 1";
        assertThatThrownBy(() -> ListeningSockets.parseListener(line, Set.of(4242L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(line);
    }
}
