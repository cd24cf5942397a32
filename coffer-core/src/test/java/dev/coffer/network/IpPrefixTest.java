package dev.coffer.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpPrefixTest {

    @Test
    void edgeLengths() {
        IpPrefix all4 = IpPrefix.parse("0.0.0.0/0");
        assertThat(all4.contains(IpAddress.parse("255.255.255.255"))).isTrue();
        assertThat(all4.contains(IpAddress.parse("::1"))).isFalse();
        assertThat(IpPrefix.parse("::/0").contains(IpAddress.parse("2001:db8::1"))).isTrue();
        IpPrefix one = IpPrefix.parse("127.0.0.2/32");
        assertThat(one.contains(IpAddress.parse("127.0.0.2"))).isTrue();
        assertThat(one.contains(IpAddress.parse("127.0.0.3"))).isFalse();
        assertThat(one.toString()).isEqualTo("127.0.0.2");
        IpPrefix v6one = IpPrefix.parse("::1/128");
        assertThat(v6one.contains(IpAddress.parse("::1"))).isTrue();
        assertThat(v6one.contains(IpAddress.parse("::2"))).isFalse();
        IpPrefix pair = IpPrefix.parse("10.0.0.0/31");
        assertThat(pair.contains(IpAddress.parse("10.0.0.1"))).isTrue();
        assertThat(pair.contains(IpAddress.parse("10.0.0.2"))).isFalse();
        IpPrefix half = IpPrefix.parse("8000::/1");
        assertThat(half.contains(IpAddress.parse("ffff::"))).isTrue();
        assertThat(half.contains(IpAddress.parse("7fff::"))).isFalse();
        IpPrefix at64 = IpPrefix.parse("2001:db8:1:2::/64");
        assertThat(at64.contains(IpAddress.parse("2001:db8:1:2:ffff::1"))).isTrue();
        assertThat(at64.contains(IpAddress.parse("2001:db8:1:3::1"))).isFalse();
        IpPrefix at65 = IpPrefix.parse("2001:db8:1:2:8000::/65");
        assertThat(at65.contains(IpAddress.parse("2001:db8:1:2:ffff::1"))).isTrue();
        assertThat(at65.contains(IpAddress.parse("2001:db8:1:2:7fff::1"))).isFalse();
    }

    @Test
    void mappedIpv6RangesEqualTheirIpv4Form() {
        assertThat(IpPrefix.parse("::ffff:10.0.0.0/104")).isEqualTo(IpPrefix.parse("10.0.0.0/8"));
        assertThat(IpPrefix.parse("::ffff:10.0.0.0/104").toString()).isEqualTo("10.0.0.0/8");
        assertThat(IpPrefix.parse("::ffff:0:0/96")).isEqualTo(IpPrefix.parse("0.0.0.0/0"));
    }

    @Test
    void hostBitsAreCleared() {
        assertThat(IpPrefix.parse("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
        assertThat(IpPrefix.parse("2001:db8::1/32").toString()).isEqualTo("2001:db8::/32");
        assertThat(IpPrefix.parse("1.2.3.4/0").toString()).isEqualTo("0.0.0.0/0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4/33", "1.2.3.4/", "1.2.3.4/-1", "1.2.3.4/08", "1.2.3.4/ 8", "::/129",
        "1.2.3.4/8/8", "/8", "10.0.0.0/x", "fe80::/10%eth0", "10.0.0.0/８"})
    void refusesBadRanges(String text) {
        assertThatThrownBy(() -> IpPrefix.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void within() {
        assertThat(IpPrefix.parse("10.1.0.0/16").within(IpPrefix.parse("10.0.0.0/8"))).isTrue();
        assertThat(IpPrefix.parse("10.0.0.0/8").within(IpPrefix.parse("10.1.0.0/16"))).isFalse();
    }
}
