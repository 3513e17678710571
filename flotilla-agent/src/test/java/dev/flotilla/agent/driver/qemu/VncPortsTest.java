package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VncPortsTest {

    @Test
    void skipsPortsPromisedToOtherVmsAndPortsInUse() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = busy.getLocalPort();
            // The range is [port, port+2]; port is bound, port+1 promised, so port+2 (if free) is chosen.
            int picked = VncPorts.pick(port, port + 50, Set.of(port + 1));
            assertThat(picked).isGreaterThan(port + 1);
        }
    }

    @Test
    void vncCannotUsePortsBelow5900() {
        assertThatThrownBy(() -> VncPorts.pick(5000, 5100, Set.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("5900");
    }
}
