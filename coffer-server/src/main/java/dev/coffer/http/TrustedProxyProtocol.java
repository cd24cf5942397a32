package dev.coffer.http;

import dev.coffer.network.IpAddress;
import dev.coffer.network.TrustedProxies;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's PROXY protocol v1/v2 reader, for a listener behind a load balancer, with the check Jetty leaves
 * out: the connection must come from a trusted proxy. Any other peer is disconnected before a byte is read,
 * so a forged PROXY header never names a client; only that connection closes, the listener keeps serving.
 */
public final class TrustedProxyProtocol extends ProxyConnectionFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TrustedProxyProtocol.class);

    private final TrustedProxies proxies;

    /** @param nextProtocol what follows the PROXY header, e.g. {@code ssl} */
    public TrustedProxyProtocol(String nextProtocol, TrustedProxies proxies) {
        super(nextProtocol);
        this.proxies = proxies;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        SocketAddress peer = endPoint.getRemoteSocketAddress();
        if (peer instanceof InetSocketAddress inet && inet.getAddress() != null
                && proxies.trusts(IpAddress.fromBytes(inet.getAddress().getAddress()))) {
            return super.newConnection(connector, endPoint);
        }
        LOG.warn("closing a connection from {} on PROXY-protocol listener {}: not a trusted proxy", peer,
                connector.getName());
        return new Refused(endPoint, connector);
    }

    /** A connection that closes as soon as it opens. */
    private static final class Refused extends AbstractConnection {

        Refused(EndPoint endPoint, Connector connector) {
            super(endPoint, connector.getExecutor());
        }

        @Override
        public void onOpen() {
            super.onOpen();
            getEndPoint().close();
        }

        @Override
        public void onFillable() {
            getEndPoint().close();
        }
    }
}
