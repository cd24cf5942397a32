package dev.coffer;

import dev.coffer.network.ThrottleLimits;
import dev.coffer.network.TrustedProxies;
import dev.coffer.server.NetworkSettings;
import dev.coffer.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code coffer server} options for listeners, trusted proxies and throttling (each also an env variable). */
final class NetworkOptions {

    @Option(names = "--listener", split = ";", defaultValue = "${env:COFFER_LISTENERS}", paramLabel = "HOST:PORT[,private][,proxy-protocol]",
            description = "A further HTTPS listener; 'private' marks it internal (vaults with publicNetworkAccess "
                    + "Disabled answer there; ip rules do not apply), 'proxy-protocol' expects a PROXY v1/v2 header "
                    + "from a trusted proxy. Repeatable (env COFFER_LISTENERS, ';'-separated).")
    List<String> listeners = new ArrayList<>();

    @Option(names = "--trusted-proxy", split = ",", defaultValue = "${env:COFFER_TRUSTED_PROXIES}", paramLabel = "ADDRESS[/LEN]",
            description = "A reverse proxy (address or CIDR range) whose X-Forwarded-For and PROXY protocol headers "
                    + "are believed. Repeatable (env COFFER_TRUSTED_PROXIES, ','-separated). Default: none.")
    List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--throttle", split = ",", defaultValue = "${env:COFFER_THROTTLE}", paramLabel = "CLASS=COUNT/WINDOW",
            description = "Change a throttling limit (default: Azure's published limits): secret-create=300/10s, "
                    + "vault=4000/10s, key-create=20/10s, key=4000/10s, management-write=200/20s; CLASS=off lifts "
                    + "one, 'off' lifts all. Each vault class also has a subscription-wide limit, five times "
                    + "the vault's unless set with subscription-CLASS=COUNT/WINDOW; subscription=off lifts those. "
                    + "Repeatable (env COFFER_THROTTLE, ','-separated).")
    List<String> throttle = new ArrayList<>();

    @Option(names = "--tls-reload-seconds", defaultValue = "${env:COFFER_TLS_RELOAD_SECONDS:-10}", paramLabel = "SECONDS",
            description = "How often --tls-cert/--tls-key or --tls-pkcs12 are checked for a replaced certificate, "
                    + "which is then used for new connections without a restart; 0 turns it off "
                    + "(env COFFER_TLS_RELOAD_SECONDS; default ${DEFAULT-VALUE}).")
    long tlsReloadSeconds;

    /** The configuration with these options applied. */
    ServerConfig applyTo(ServerConfig config) {
        return config.withNetwork(settings())
                .withTls(config.tls().withReloadInterval(Duration.ofSeconds(tlsReloadSeconds)));
    }

    NetworkSettings settings() {
        List<NetworkSettings.Listener> parsed = new ArrayList<>();
        for (String spec : listeners) {
            if (spec == null || spec.isBlank()) {
                continue;
            }
            String[] parts = spec.strip().split(",");
            boolean privateAccess = false;
            boolean proxyProtocol = false;
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i].strip().toLowerCase(Locale.ROOT)) {
                    case "private" -> privateAccess = true;
                    case "proxy-protocol" -> proxyProtocol = true;
                    case "public", "" -> { }
                    default -> throw new IllegalArgumentException("unknown listener flag '" + parts[i]
                            + "' (use private and/or proxy-protocol)");
                }
            }
            parsed.add(NetworkSettings.Listener.parse(parts[0], privateAccess, proxyProtocol));
        }
        TrustedProxies proxies = TrustedProxies.parse(trustedProxies.stream().filter(s -> s != null).toList());
        if (parsed.stream().anyMatch(NetworkSettings.Listener::proxyProtocol) && proxies.isEmpty()) {
            throw new IllegalArgumentException("a proxy-protocol listener needs --trusted-proxy: it accepts "
                    + "connections from trusted proxies only");
        }
        return NetworkSettings.defaults().withListeners(parsed).withTrustedProxies(proxies)
                .withThrottling(ThrottleLimits.parse(throttle));
    }
}
