package dev.coffer.http;

import dev.coffer.network.ClientOrigin;
import dev.coffer.network.IpAddress;
import dev.coffer.network.TrustedProxies;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Edge step: establishes each request's client address and listener. The address is the socket peer (for a
 * PROXY-protocol listener, the source its header declared, which {@link ProxyListeners} only accepts from
 * trusted proxies) unless that peer is a configured trusted proxy; then {@code X-Forwarded-For} decides, read
 * by {@link TrustedProxies}. Jetty's {@code ForwardedRequestCustomizer} is not used because it believes
 * every sender.
 *
 * <p>The result is kept as a request attribute ({@link ClientOrigin}) and replaces the request's remote
 * address, so everything downstream — the audit record included — sees the same client.
 */
public final class ClientAddressHandler extends Handler.Wrapper {

    static final String ATTRIBUTE = ClientOrigin.class.getName();
    /** Connector names starting with this mark listeners bound to internal addresses. */
    public static final String PRIVATE_LISTENER_PREFIX = "private";

    private final TrustedProxies proxies;

    public ClientAddressHandler(TrustedProxies proxies, Handler next) {
        super(next);
        this.proxies = proxies;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        IpAddress peer = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? IpAddress.fromBytes(inet.getAddress().getAddress()) : new IpAddress(0, 0);
        List<String> forwarded = proxies.isEmpty() ? List.of()
                : request.getHeaders().getValuesList("X-Forwarded-For");
        IpAddress client = proxies.clientAddress(peer, forwarded);
        ClientOrigin origin = new ClientOrigin(client, isPrivate(request.getConnectionMetaData().getConnector()));
        request.setAttribute(ATTRIBUTE, origin);
        Request effective = client.equals(peer) ? request : new ForwardedClient(request, socketAddress(client));
        return super.handle(effective, response, callback);
    }

    static boolean isPrivate(Connector connector) {
        return connector != null && connector.getName() != null
                && connector.getName().startsWith(PRIVATE_LISTENER_PREFIX);
    }

    /** The origin the edge established, or the plain peer when this step did not run (embedded handlers). */
    static ClientOrigin origin(Exchange ex) {
        if (ex.attribute(ATTRIBUTE) instanceof ClientOrigin origin) {
            return origin;
        }
        String address = ex.clientAddress();
        if (address != null && address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        try {
            return new ClientOrigin(IpAddress.parse(address), false);
        } catch (IllegalArgumentException e) {
            return new ClientOrigin(new IpAddress(0, 0), false);
        }
    }

    private static InetSocketAddress socketAddress(IpAddress address) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address.toBytes()), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes always make an address", e);
        }
    }

    /** The request as seen from the forwarded client rather than the proxy. */
    private static final class ForwardedClient extends Request.Wrapper {

        private final ConnectionMetaData metaData;

        ForwardedClient(Request request, InetSocketAddress client) {
            super(request);
            this.metaData = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
                @Override
                public SocketAddress getRemoteSocketAddress() {
                    return client;
                }
            };
        }

        @Override
        public ConnectionMetaData getConnectionMetaData() {
            return metaData;
        }
    }
}
