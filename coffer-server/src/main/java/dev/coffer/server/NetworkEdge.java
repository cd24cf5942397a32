package dev.coffer.server;

import dev.coffer.core.Dispatcher;
import dev.coffer.directory.Directory;
import dev.coffer.http.BearerAuthenticator;
import dev.coffer.http.ClientAddressHandler;
import dev.coffer.http.FirewallGate;
import dev.coffer.http.ManagementGate;
import dev.coffer.http.ManagementRoute;
import dev.coffer.http.Router;
import dev.coffer.http.ThrottlingGate;
import dev.coffer.http.TlsFloorGate;
import dev.coffer.http.TrustedProxyProtocol;
import dev.coffer.http.TrustedServiceRoutes;
import dev.coffer.http.VaultGate;
import dev.coffer.http.VirtualNetworkRoutes;
import dev.coffer.network.SubnetPrefixes;
import dev.coffer.network.Throttle;
import dev.coffer.network.TrustedServices;
import dev.coffer.network.VaultFirewalls;
import dev.coffer.network.VirtualNetworks;
import dev.coffer.resources.Subscriptions;
import dev.coffer.store.Store;
import java.time.Clock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network half of the edge, wired in one place: extra listeners (private, PROXY protocol), the
 * client-address step in front of every request, the data plane's gates in order (network rules and TLS floor
 * before authentication, throttling after it), the management plane's write throttling, and the routes for
 * virtual networks and trusted services. {@code CofferServer} calls it in dependency order: listeners,
 * {@link #virtualNetworks} (the vaults consult them), {@link #vaultGates}, {@link #managementGate},
 * {@link #registerRoutes}.
 */
final class NetworkEdge {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkEdge.class);

    private final NetworkSettings settings;
    private final List<ServerConnector> listeners = new ArrayList<>();
    private VirtualNetworks virtualNetworks;
    private TrustedServices trustedServices;
    private ThrottlingGate throttling;
    private Throttle throttle;

    NetworkEdge(NetworkSettings settings) {
        this.settings = settings;
    }

    /** Opens the configured extra listeners with the main listener's TLS and HTTP configuration. */
    void addListeners(Server jetty, SslContextFactory.Server tls, HttpConfiguration http) throws IOException {
        int n = 0;
        for (NetworkSettings.Listener l : settings.listeners()) {
            List<ConnectionFactory> factories = new ArrayList<>();
            if (l.proxyProtocol()) {
                factories.add(new TrustedProxyProtocol("ssl", settings.trustedProxies()));
            }
            factories.add(new SslConnectionFactory(tls, "http/1.1"));
            factories.add(new HttpConnectionFactory(http));
            ServerConnector connector = new ServerConnector(jetty, factories.toArray(new ConnectionFactory[0]));
            connector.setName((l.privateAccess() ? ClientAddressHandler.PRIVATE_LISTENER_PREFIX : "public") + "-" + n++
                    + (l.proxyProtocol() ? "-proxy" : ""));
            connector.setHost(l.host());
            connector.setPort(l.port());
            connector.open();
            jetty.addConnector(connector);
            listeners.add(connector);
            LOG.info("listening on {}:{} ({}{})", l.host(), connector.getLocalPort(),
                    l.privateAccess() ? "private" : "public", l.proxyProtocol() ? ", PROXY protocol" : "");
        }
    }

    /** Local ports of the extra listeners, in configuration order. */
    List<Integer> listenerPorts() {
        return listeners.stream().map(ServerConnector::getLocalPort).toList();
    }

    /** The edge steps in front of the plane router. */
    Handler edge(Handler planes) {
        return new ClientAddressHandler(settings.trustedProxies(), planes);
    }

    /** Virtual networks, which vaults consult when their rules name subnets; made once, before the vaults. */
    VirtualNetworks virtualNetworks(Store store, Clock clock) {
        if (virtualNetworks == null) {
            virtualNetworks = new VirtualNetworks(store, clock);
        }
        return virtualNetworks;
    }

    /** The one throttle the edge and the keys engine's meter share. */
    private Throttle throttle() {
        if (throttle == null) {
            throttle = new Throttle(settings.throttling(), System::nanoTime);
        }
        return throttle;
    }

    /** Charges key operations by key type on the edge's throttle, once the keys engine knows the key. */
    dev.coffer.keys.KeyMeter keyMeter() {
        return new dev.coffer.http.ThrottledKeyMeter(throttle());
    }

    /** The checks a vault's data plane makes before authentication, in order. */
    VaultGate vaultGates(Directory directory, BearerAuthenticator authenticator, Dispatcher dispatcher) {
        trustedServices = new TrustedServices(directory);
        VaultFirewalls firewalls = new VaultFirewalls(virtualNetworks == null ? SubnetPrefixes.NONE : virtualNetworks);
        throttling = new ThrottlingGate(throttle(), dispatcher);
        return VaultGate.inOrder(List.of(
                new FirewallGate(firewalls, authenticator, trustedServices::isTrusted, dispatcher),
                new TlsFloorGate(dispatcher),
                throttling));
    }

    /** The management plane's check after authentication (write throttling); made by {@link #vaultGates}. */
    ManagementGate managementGate() {
        return throttling == null ? ManagementGate.NONE : throttling;
    }

    /** Management routes for virtual networks; the Graph-style route for trusted services. */
    void registerRoutes(Router<ManagementRoute> management, Router<ManagementRoute> graph, Subscriptions subscriptions) {
        if (virtualNetworks != null) {
            new VirtualNetworkRoutes(virtualNetworks, subscriptions).register(management);
        }
        if (trustedServices != null) {
            new TrustedServiceRoutes(trustedServices).register(graph);
        }
    }
}
