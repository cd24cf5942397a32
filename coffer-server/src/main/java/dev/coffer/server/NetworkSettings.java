package dev.coffer.server;

import dev.coffer.network.ThrottleLimits;
import dev.coffer.network.TrustedProxies;
import java.util.List;

/**
 * The operator's network choices beyond the main listener: further listeners (private ones, bound to internal
 * addresses, and ones that expect the PROXY protocol), the reverse proxies trusted to report client addresses,
 * and the throttling limits.
 */
public record NetworkSettings(List<Listener> listeners, TrustedProxies trustedProxies, ThrottleLimits throttling) {

    public NetworkSettings {
        listeners = List.copyOf(listeners);
        throttling = throttling == null ? ThrottleLimits.azureDefaults() : throttling;
    }

    /** No extra listeners, no trusted proxies, Azure's published limits. */
    public static NetworkSettings defaults() {
        return new NetworkSettings(List.of(), TrustedProxies.NONE, ThrottleLimits.azureDefaults());
    }

    public NetworkSettings withListeners(List<Listener> more) {
        return new NetworkSettings(more, trustedProxies, throttling);
    }

    public NetworkSettings withTrustedProxies(TrustedProxies proxies) {
        return new NetworkSettings(listeners, proxies, throttling);
    }

    public NetworkSettings withThrottling(ThrottleLimits limits) {
        return new NetworkSettings(listeners, trustedProxies, limits);
    }

    /**
     * One more HTTPS listener.
     *
     * @param host          address to bind
     * @param port          port, 0 for any free one
     * @param privateAccess requests arriving here count as private (like an Azure private endpoint): they reach
     *                      vaults with {@code publicNetworkAccess: Disabled} and are not subject to ip rules
     * @param proxyProtocol connections start with a PROXY protocol v1/v2 header, accepted from trusted proxies only
     */
    public record Listener(String host, int port, boolean privateAccess, boolean proxyProtocol) {

        /** Parses {@code host:port} or {@code [v6]:port}. */
        public static Listener parse(String hostPort, boolean privateAccess, boolean proxyProtocol) {
            String s = hostPort.strip();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException("a listener is host:port, not '" + hostPort + "'");
            }
            String host = s.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Listener(host, Integer.parseInt(s.substring(colon + 1)), privateAccess, proxyProtocol);
        }
    }
}
