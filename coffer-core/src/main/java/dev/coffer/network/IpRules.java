package dev.coffer.network;

import dev.coffer.error.BadRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Validation of a vault's {@code networkAcls.ipRules} on create and update. Values are single addresses or
 * CIDR ranges, IPv4 as in Azure and IPv6 too; they are stored in canonical form (host bits cleared, IPv6
 * compressed, IPv4-mapped IPv6 written as IPv4), without duplicates. Unlike Azure, private (RFC 1918, ULA)
 * and loopback ranges are accepted: a self-hosted vault's clients usually live on exactly those networks.
 */
public final class IpRules {

    /**
     * Azure allows 1,000 IPv4 rules; Coffer's lookup cost barely depends on the count, so it allows more.
     * The request body limit (256 KiB) bounds one PUT to roughly 8,000 rules in practice.
     */
    public static final int MAX_RULES = 10_000;

    private IpRules() {
    }

    public static List<String> canonical(List<String> values) {
        if (values.size() > MAX_RULES) {
            throw new BadRequest("BadRequest", "'networkAcls.ipRules' holds " + values.size()
                    + " rules; at most " + MAX_RULES + " are allowed.");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String value : values) {
            try {
                out.add(IpPrefix.parse(value == null ? null : value.strip()).toString());
            } catch (IllegalArgumentException e) {
                throw new BadRequest("BadRequest", "Invalid ipRules value: " + e.getMessage()
                        + ". Use an IPv4 or IPv6 address or CIDR range such as 203.0.113.0/24 or 2001:db8::/48.");
            }
        }
        return new ArrayList<>(out);
    }
}
