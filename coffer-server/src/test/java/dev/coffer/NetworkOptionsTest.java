package dev.coffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.network.IpAddress;
import dev.coffer.network.ThrottleClass;
import dev.coffer.network.ThrottleLimits;
import java.time.Duration;
import dev.coffer.server.NetworkSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NetworkOptionsTest {

    private static NetworkSettings parse(String... args) {
        Coffer.Serve serve = new Coffer.Serve();
        new CommandLine(serve).parseArgs(args);
        return serve.network.settings();
    }

    @Test
    void listenersAndTrustedProxies() {
        NetworkSettings s = parse("--listener", "10.0.0.5:8444,private", "--listener", "[::]:8445,proxy-protocol",
                "--trusted-proxy", "10.1.0.0/16,192.0.2.1");
        assertThat(s.listeners()).containsExactly(new NetworkSettings.Listener("10.0.0.5", 8444, true, false),
                new NetworkSettings.Listener("::", 8445, false, true));
        assertThat(s.trustedProxies().trusts(IpAddress.parse("10.1.2.3"))).isTrue();
        assertThat(s.trustedProxies().trusts(IpAddress.parse("192.0.2.1"))).isTrue();
        assertThat(s.trustedProxies().trusts(IpAddress.parse("192.0.2.2"))).isFalse();
    }

    @Test
    void defaultsTrustNobodyAndAddNoListener() {
        NetworkSettings s = parse();
        assertThat(s.listeners()).isEmpty();
        assertThat(s.trustedProxies().isEmpty()).isTrue();
    }

    @Test
    void throttlingDefaultsToAzuresLimitsAndCanBeChanged() {
        assertThat(parse().throttling().of(ThrottleClass.VAULT)).isEqualTo(new ThrottleLimits.Limit(4000,
                Duration.ofSeconds(10)));
        NetworkSettings s = parse("--throttle", "vault=10/2s,key=off", "--throttle", "management-write=5/1m");
        assertThat(s.throttling().of(ThrottleClass.VAULT)).isEqualTo(new ThrottleLimits.Limit(10, Duration.ofSeconds(2)));
        assertThat(s.throttling().of(ThrottleClass.KEY)).isNull();
        assertThat(s.throttling().of(ThrottleClass.MANAGEMENT_WRITE).window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.throttling().of(ThrottleClass.SECRET_CREATE).count()).isEqualTo(300);
        assertThat(parse("--throttle", "off").throttling().isEmpty()).isTrue();
        assertThatThrownBy(() -> parse("--throttle", "secrets=1/1s")).hasMessageContaining("unknown throttle class");
        assertThatThrownBy(() -> parse("--throttle", "vault=10")).hasMessageContaining("count/window");
    }

    @Test
    void aProxyProtocolListenerNeedsTrustedProxies() {
        assertThatThrownBy(() -> parse("--listener", "127.0.0.1:9000,proxy-protocol"))
                .hasMessageContaining("--trusted-proxy");
        assertThatThrownBy(() -> parse("--listener", "127.0.0.1:9000,bogus")).hasMessageContaining("bogus");
        assertThatThrownBy(() -> parse("--trusted-proxy", "10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
