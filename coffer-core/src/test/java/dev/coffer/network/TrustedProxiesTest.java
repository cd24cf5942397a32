package dev.coffer.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private static final TrustedProxies PROXIES = TrustedProxies.parse(List.of("10.0.0.0/8", "::1"));

    private static String client(String peer, String... xff) {
        return PROXIES.clientAddress(IpAddress.parse(peer), List.of(xff)).toString();
    }

    @Test
    void untrustedPeersCannotForward() {
        assertThat(client("203.0.113.5", "198.51.100.1")).isEqualTo("203.0.113.5");
        assertThat(TrustedProxies.NONE.clientAddress(IpAddress.parse("10.0.0.1"), List.of("198.51.100.1")).toString())
                .isEqualTo("10.0.0.1");
    }

    @Test
    void rightmostUntrustedHopIsTheClient() {
        assertThat(client("10.0.0.1", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(client("10.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.2")).isEqualTo("198.51.100.1");
        assertThat(client("::1", "6.6.6.6", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(client("10.0.0.1", "2001:db8::7")).isEqualTo("2001:db8::7");
    }

    @Test
    void portsAndBracketsAreUnderstood() {
        assertThat(client("10.0.0.1", "198.51.100.1:4321")).isEqualTo("198.51.100.1");
        assertThat(client("10.0.0.1", "[2001:db8::7]:443")).isEqualTo("2001:db8::7");
    }

    @Test
    void oddInputHasADefinedResult() {
        assertThat(client("10.0.0.1", "")).isEqualTo("10.0.0.1");
        assertThat(client("10.0.0.1", "garbage")).isEqualTo("10.0.0.1");
        assertThat(client("10.0.0.1", "198.51.100.1, garbage, 10.0.0.9")).isEqualTo("10.0.0.9");
        assertThat(client("10.0.0.1", "10.0.0.7, 10.0.0.8")).isEqualTo("10.0.0.7");
        assertThat(client("10.0.0.1", "unknown")).isEqualTo("10.0.0.1");
        StringBuilder many = new StringBuilder("198.51.100.1");
        for (int i = 0; i < 100; i++) {
            many.append(", 10.0.0.").append(i % 250);
        }
        assertThat(client("10.0.0.1", many.toString())).startsWith("10.0.0.");
    }
}
