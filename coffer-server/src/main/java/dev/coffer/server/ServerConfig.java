package dev.coffer.server;

import dev.coffer.tls.TlsSettings;
import java.nio.file.Path;

/**
 * How to run a server: where its data lives, where it listens, the public host name of the service and the
 * DNS suffix of its vaults, and its TLS material (null members of {@link TlsSettings} mean "make a local CA").
 * {@link NetworkSettings} adds listeners, trusted proxies and throttling.
 */
public record ServerConfig(Path dataDir, String bindAddress, int port, String publicHost, String vaultDnsSuffix,
                           TlsSettings tls, NetworkSettings network) {

    public ServerConfig(Path dataDir, String bindAddress, int port, String publicHost, String vaultDnsSuffix,
                        TlsSettings tls) {
        this(dataDir, bindAddress, port, publicHost, vaultDnsSuffix, tls, NetworkSettings.defaults());
    }

    public ServerConfig {
        network = network == null ? NetworkSettings.defaults() : network;
    }

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(dataDir, "127.0.0.1", 8443, "localhost", "vault.localhost",
                new TlsSettings(null, null, null, null, "TLSv1.2"));
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(dataDir, bindAddress, newPort, publicHost, vaultDnsSuffix, tls, network);
    }

    public ServerConfig withBindAddress(String address) {
        return new ServerConfig(dataDir, address, port, publicHost, vaultDnsSuffix, tls, network);
    }

    public ServerConfig withTls(TlsSettings settings) {
        return new ServerConfig(dataDir, bindAddress, port, publicHost, vaultDnsSuffix, settings, network);
    }

    public ServerConfig withNetwork(NetworkSettings settings) {
        return new ServerConfig(dataDir, bindAddress, port, publicHost, vaultDnsSuffix, tls, settings);
    }
}
