package dev.coffer.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The reverse proxies whose word on the client address Coffer takes. A request's client is its socket peer
 * unless that peer is one of them; then {@code X-Forwarded-For} is read from the right, skipping trusted hops,
 * and the first untrusted hop is the client (the rightmost untrusted address: everything to its left was
 * written by parties nobody vouches for). Forwarded headers from anyone else are ignored, as are
 * {@code Forwarded} and {@code X-Real-IP} from everyone.
 *
 * <p>Defined results for odd input: a malformed entry ends the walk and the last address reached (a trusted
 * hop) is the client; if every hop is trusted, the leftmost is the client; at most {@value #MAX_HOPS} hops
 * are read.
 */
public final class TrustedProxies {

    public static final TrustedProxies NONE = new TrustedProxies(List.of());
    static final int MAX_HOPS = 32;

    private final List<IpPrefix> ranges;
    private final CidrSet set;

    public TrustedProxies(Collection<IpPrefix> ranges) {
        this.ranges = List.copyOf(ranges);
        this.set = CidrSet.of(ranges);
    }

    /** Parses addresses and CIDR ranges as given to {@code --trusted-proxy}. */
    public static TrustedProxies parse(Collection<String> values) {
        List<IpPrefix> out = new ArrayList<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                out.add(IpPrefix.parse(v.strip()));
            }
        }
        return new TrustedProxies(out);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean trusts(IpAddress address) {
        return set.contains(address);
    }

    public List<IpPrefix> ranges() {
        return ranges;
    }

    /**
     * @param peer           the socket peer (or the source a trusted PROXY-protocol header gave)
     * @param forwardedFor   every {@code X-Forwarded-For} header value in arrival order (may be empty)
     */
    public IpAddress clientAddress(IpAddress peer, List<String> forwardedFor) {
        if (forwardedFor.isEmpty() || !set.contains(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",", -1)) {
                hops.add(hop.strip());
            }
        }
        IpAddress client = peer;
        int read = 0;
        for (int i = hops.size() - 1; i >= 0 && read < MAX_HOPS; i--, read++) {
            IpAddress hop = parseHop(hops.get(i));
            if (hop == null) {
                return client;
            }
            client = hop;
            if (!set.contains(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** An X-Forwarded-For entry: an address, optionally with a port ({@code 1.2.3.4:56}, {@code [v6]:56}). */
    static IpAddress parseHop(String hop) {
        try {
            if (hop.startsWith("[")) {
                int close = hop.indexOf(']');
                if (close < 0 || (close + 1 < hop.length() && !validPort(hop.substring(close + 1)))) {
                    return null;
                }
                return IpAddress.parse(hop.substring(1, close));
            }
            int colon = hop.indexOf(':');
            if (colon >= 0 && hop.indexOf(':', colon + 1) < 0) {
                return validPort(hop.substring(colon)) ? IpAddress.parse(hop.substring(0, colon)) : null;
            }
            return IpAddress.parse(hop);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean validPort(String colonPort) {
        return colonPort.length() >= 2 && colonPort.length() <= 6 && colonPort.charAt(0) == ':'
                && colonPort.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
