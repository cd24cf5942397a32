package dev.coffer.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CidrSetTest {

    @Test
    void emptySetHoldsNothing() {
        assertThat(CidrSet.of(List.of()).contains(IpAddress.parse("1.2.3.4"))).isFalse();
        assertThat(CidrSet.empty().size()).isZero();
    }

    @Test
    void mixedFamiliesAndNesting() {
        CidrSet set = CidrSet.of(List.of(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("10.1.0.0/16"),
                IpPrefix.parse("192.168.1.7"), IpPrefix.parse("2001:db8::/32"), IpPrefix.parse("::1")));
        assertThat(set.size()).isEqualTo(4);
        assertThat(set.contains(IpAddress.parse("10.200.3.4"))).isTrue();
        assertThat(set.contains(IpAddress.parse("::ffff:10.200.3.4"))).isTrue();
        assertThat(set.contains(IpAddress.parse("11.0.0.1"))).isFalse();
        assertThat(set.contains(IpAddress.parse("192.168.1.7"))).isTrue();
        assertThat(set.contains(IpAddress.parse("192.168.1.8"))).isFalse();
        assertThat(set.contains(IpAddress.parse("2001:db8:ffff::1"))).isTrue();
        assertThat(set.contains(IpAddress.parse("2001:db9::1"))).isFalse();
        assertThat(set.contains(IpAddress.parse("::1"))).isTrue();
        assertThat(set.contains(IpAddress.parse("::2"))).isFalse();
    }

    @Test
    void everythingRanges() {
        assertThat(CidrSet.of(List.of(IpPrefix.parse("0.0.0.0/0"))).contains(IpAddress.parse("::1"))).isFalse();
        assertThat(CidrSet.of(List.of(IpPrefix.parse("::/0"), IpPrefix.parse("1.2.3.4")))
                .contains(IpAddress.parse("9.9.9.9"))).isTrue();
    }

    @Test
    void agreesWithAListScanOnRandomRules() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<IpPrefix> rules = new ArrayList<>();
            int n = 1 + random.nextInt(2_000);
            for (int i = 0; i < n; i++) {
                rules.add(randomPrefix(random));
            }
            CidrSet set = CidrSet.of(rules);
            for (int probe = 0; probe < 5_000; probe++) {
                IpAddress a = probe % 2 == 0 ? randomAddress(random)
                        : nearby(rules.get(random.nextInt(rules.size())), random);
                boolean expected = rules.stream().anyMatch(p -> p.contains(a));
                assertThat(set.contains(a)).as("%s in %d rules", a, n).isEqualTo(expected);
            }
        }
    }

    @Test
    void tenThousandRulesStayShallow() {
        Random random = new Random(7);
        List<IpPrefix> rules = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rules.add(IpPrefix.of(IpAddress.ofIpv4(random.nextInt())));
        }
        CidrSet set = CidrSet.of(rules);
        assertThat(set.nodeCount()).isLessThan(2 * 10_000);
        for (IpPrefix p : rules) {
            assertThat(set.contains(p.network())).isTrue();
        }
    }

    private static IpPrefix randomPrefix(Random random) {
        if (random.nextInt(4) == 0) {
            IpAddress a = new IpAddress(0x2001_0db8_0000_0000L | (random.nextLong() & 0xFFFF_FFFFL), random.nextLong());
            int len = 32 + random.nextInt(97);
            return new IpPrefix(IpPrefix.masked(a, len), len);
        }
        // IPv4 addresses clustered in 10/8 so that ranges nest and collide.
        IpAddress a = IpAddress.ofIpv4(0x0A00_0000 | random.nextInt(1 << 16) << 8 | random.nextInt(4));
        int len = 96 + 8 + random.nextInt(25);
        return new IpPrefix(IpPrefix.masked(a, len), len);
    }

    private static IpAddress randomAddress(Random random) {
        return random.nextBoolean() ? IpAddress.ofIpv4(0x0A00_0000 | random.nextInt(1 << 24))
                : new IpAddress(0x2001_0db8_0000_0000L | (random.nextLong() & 0xFFFF_FFFFL), random.nextLong());
    }

    private static IpAddress nearby(IpPrefix p, Random random) {
        long flip = 1L << random.nextInt(8);
        return new IpAddress(p.network().high(), p.network().low() ^ (random.nextBoolean() ? flip : 0));
    }
}
