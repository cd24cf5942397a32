package dev.coffer.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @Test
    void ipv4IsHeldAsMappedIpv6() {
        IpAddress v4 = IpAddress.parse("10.1.2.3");
        assertThat(v4).isEqualTo(IpAddress.parse("::ffff:10.1.2.3")).isEqualTo(IpAddress.parse("::FFFF:a01:203"));
        assertThat(v4.isIpv4()).isTrue();
        assertThat(v4.toString()).isEqualTo("10.1.2.3");
        assertThat(IpAddress.parse("::ffff:10.1.2.3").toString()).isEqualTo("10.1.2.3");
        assertThat(v4.toBytes()).containsExactly(10, 1, 2, 3);
    }

    @Test
    void ipv6TextFormsAgreeWithTheJdk() throws Exception {
        for (String s : new String[] {"::", "::1", "2001:db8::", "2001:db8:0:0:1:0:0:1", "fe80::1:2", "1::",
                "1:2:3:4:5:6:7:8", "1:0:0:2::3", "::2:3:4:5:6:7:8", "64:ff9b::192.0.2.33", "::192.0.2.1"}) {
            IpAddress a = IpAddress.parse(s);
            InetAddress jdk = InetAddress.getByName(s);
            assertThat(IpAddress.fromBytes(jdk.getAddress())).as(s).isEqualTo(a);
            assertThat(IpAddress.parse(a.toString())).as(s).isEqualTo(a);
        }
        assertThat(IpAddress.parse("2001:db8:0:0:1:0:0:1").toString()).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpAddress.parse("0:0:0:0:0:0:0:1").toString()).isEqualTo("::1");
        assertThat(IpAddress.parse("2001:0db8:0000:0000:0000:ff00:0042:8329").toString())
                .isEqualTo("2001:db8::ff00:42:8329");
        assertThat(IpAddress.parse("1:0:0:2:0:0:0:3").toString()).isEqualTo("1:0:0:2::3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "127.000.000.002", "01.2.3.4", "1.2.3.-4",
        "1.2.3.4 ", " 1.2.3.4", "1..2.3", "localhost", "fe80::1%eth0", "[::1]", ":::", "1:::2", "::1::",
        "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::", "1:2:3:4:5:6:7::8", "::ffff:1.2.3",
        "1.2.3.4::", "0x7f.0.0.1", "１.2.3.4", "1:2:3:4:5:6:7:1.2.3.4"})
    void refusesAmbiguousOrInvalidText(String text) {
        assertThatThrownBy(() -> IpAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bitsCountFromTheTop() {
        IpAddress a = IpAddress.parse("8000::1");
        assertThat(a.bit(0)).isEqualTo(1);
        assertThat(a.bit(1)).isZero();
        assertThat(a.bit(127)).isEqualTo(1);
        assertThat(IpAddress.parse("128.0.0.0").bit(96)).isEqualTo(1);
    }
}
