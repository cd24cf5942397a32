package dev.coffer.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.BadRequest;
import dev.coffer.store.NetworkAclsRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkRulesTest {

    private static ClientOrigin from(String address) {
        return new ClientOrigin(IpAddress.parse(address), false);
    }

    @Test
    void noRulesAdmitEveryone() {
        NetworkRules rules = NetworkRules.compile("Enabled", null, List.of());
        assertThat(rules.evaluate(from("203.0.113.9"))).isEqualTo(FirewallVerdict.ALLOWED_BY_DEFAULT);
    }

    @Test
    void denyByDefaultAdmitsOnlyListedRanges() {
        NetworkAclsRow acls = new NetworkAclsRow("None", "Deny", List.of("127.0.0.2", "2001:db8::/32"), List.of());
        NetworkRules rules = NetworkRules.compile("enabled", acls, List.of());
        assertThat(rules.evaluate(from("127.0.0.2"))).isEqualTo(FirewallVerdict.ALLOWED_BY_RULE);
        assertThat(rules.evaluate(from("::ffff:127.0.0.2"))).isEqualTo(FirewallVerdict.ALLOWED_BY_RULE);
        assertThat(rules.evaluate(from("127.0.0.3"))).isEqualTo(FirewallVerdict.DENIED_BY_RULES);
        assertThat(rules.evaluate(from("2001:db8:5::1"))).isEqualTo(FirewallVerdict.ALLOWED_BY_RULE);
        assertThat(rules.evaluate(from("::1"))).isEqualTo(FirewallVerdict.DENIED_BY_RULES);
        assertThat(rules.admitsTrustedServices()).isFalse();
    }

    @Test
    void subnetPrefixesAdmitLikeIpRules() {
        NetworkAclsRow acls = new NetworkAclsRow("AzureServices", "Deny", List.of(), List.of("/subnet/id"));
        NetworkRules rules = NetworkRules.compile(null, acls, List.of(IpPrefix.parse("10.20.0.0/24")));
        assertThat(rules.evaluate(from("10.20.0.77"))).isEqualTo(FirewallVerdict.ALLOWED_BY_RULE);
        assertThat(rules.evaluate(from("10.20.1.77"))).isEqualTo(FirewallVerdict.DENIED_BY_RULES);
        assertThat(rules.admitsTrustedServices()).isTrue();
    }

    @Test
    void theAuditDescriptionNamesTheAdmittingRange() {
        NetworkAclsRow acls = new NetworkAclsRow("None", "Deny", List.of("127.0.0.2", "2001:db8::/32"),
                List.of("/subnet/id"));
        NetworkRules rules = NetworkRules.compile(null, acls, List.of(IpPrefix.parse("10.20.0.0/24")));
        assertThat(rules.describe(rules.evaluate(from("127.0.0.2")), from("127.0.0.2")))
                .isEqualTo("ALLOWED_BY_RULE 127.0.0.2");
        assertThat(rules.describe(rules.evaluate(from("2001:db8:5::1")), from("2001:db8:5::1")))
                .isEqualTo("ALLOWED_BY_RULE 2001:db8::/32");
        assertThat(rules.describe(rules.evaluate(from("10.20.0.77")), from("10.20.0.77")))
                .isEqualTo("ALLOWED_BY_RULE 10.20.0.0/24");
        assertThat(rules.describe(rules.evaluate(from("10.20.1.77")), from("10.20.1.77")))
                .isEqualTo("DENIED_BY_RULES");
        NetworkRules open = NetworkRules.compile(null, null, List.of());
        assertThat(open.describe(open.evaluate(from("10.20.1.77")), from("10.20.1.77")))
                .isEqualTo("ALLOWED_BY_DEFAULT");
    }

    @Test
    void publicAccessDisabledAdmitsOnlyPrivateListeners() {
        NetworkAclsRow allowAll = new NetworkAclsRow("AzureServices", "Allow", List.of(), List.of());
        NetworkRules rules = NetworkRules.compile("Disabled", allowAll, List.of());
        assertThat(rules.evaluate(from("127.0.0.1"))).isEqualTo(FirewallVerdict.DENIED_PUBLIC_ACCESS_DISABLED);
        assertThat(rules.evaluate(new ClientOrigin(IpAddress.parse("127.0.0.1"), true)))
                .isEqualTo(FirewallVerdict.ALLOWED_PRIVATE_LISTENER);
        assertThat(NetworkRules.compile("DISABLED", null, List.of()).evaluate(from("127.0.0.1")))
                .isEqualTo(FirewallVerdict.DENIED_PUBLIC_ACCESS_DISABLED);
    }

    @Test
    void ipRulesAreValidatedAndCanonical() {
        assertThat(IpRules.canonical(List.of("10.1.2.3/8", "10.0.0.0/8", " ::FFFF:1.2.3.4 ", "2001:DB8::/32")))
                .containsExactly("10.0.0.0/8", "1.2.3.4", "2001:db8::/32");
        assertThatThrownBy(() -> IpRules.canonical(List.of("1.2.3.4/33"))).isInstanceOf(BadRequest.class)
                .hasMessageContaining("1.2.3.4/33");
        assertThatThrownBy(() -> IpRules.canonical(List.of("127.000.000.002"))).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> IpRules.canonical(List.of("example.com"))).isInstanceOf(BadRequest.class);
    }
}
