package dev.sutra.samples.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListenerPortsTest {

    @Test
    void portsAreDistinctBindableAndBelowTheKernelsEphemeralRange() throws Exception {
        int ephemeralStart = Integer.parseInt(
                Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
        ListenerPorts ports = new ListenerPorts();
        Set<Integer> seen = new HashSet<>();
        List<ServerSocket> bound = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                int port = ports.next();
                assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
                assertThat(port).isBetween(20_000, ephemeralStart - 1);
                // Free on the wildcard address when handed out: a listener binds it.
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress(port));
                bound.add(s);
            }
        } finally {
            for (ServerSocket s : bound) {
                s.close();
            }
        }
    }

    @Test
    void aPortInUseIsSkipped() throws Exception {
        int port = new ListenerPorts().next();
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(port));
            assertThat(new ListenerPorts(port).next()).isNotEqualTo(port);
        }
        assertThat(new ListenerPorts(port).next()).isEqualTo(port);
    }
}
