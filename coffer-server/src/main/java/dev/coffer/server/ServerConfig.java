package dev.coffer.server;

import dev.coffer.tls.TlsSettings;
import java.nio.file.Path;

/**
 * How to run a server: where its data lives, where it listens, the public host name of the service and the
 * DNS suffix of its vaults, and its TLS material (null members of {@link TlsSettings} mean "make a local CA").
 * {@link NetworkSettings} adds listeners, trusted proxies and throttling; {@link JobSettings} the background jobs' periods.
 */
public record ServerConfig(Path dataDir, String bindAddress, int port, String publicHost, String vaultDnsSuffix,
                           TlsSettings tls, NetworkSettings network, JobSettings jobs) {

    public ServerConfig(Path dataDir, String bindAddress, int port, String publicHost, String vaultDnsSuffix,
                        TlsSettings tls) {
        this(dataDir, bindAddress, port, publicHost, vaultDnsSuffix, tls, NetworkSettings.defaults());
    }

    public ServerConfig(Path dataDir, String bindAddress, int port, String publicHost, String vaultDnsSuffix,
                        TlsSettings tls, NetworkSettings network) {
        this(dataDir, bindAddress, port, publicHost, vaultDnsSuffix, tls, network, JobSettings.defaults());
    }

    public ServerConfig {
        network = network == null ? NetworkSettings.defaults() : network;
        jobs = jobs == null ? JobSettings.defaults() : jobs;
    }

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(dataDir, "127.0.0.1", 8443, "localhost", "vault.localhost",
                new TlsSettings(null, null, null, null, "TLSv1.2"));
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(dataDir, bindAddress, newPort, publicHost, vaultDnsSuffix, tls, network, jobs);
    }

    public ServerConfig withBindAddress(String address) {
        return new ServerConfig(dataDir, address, port, publicHost, vaultDnsSuffix, tls, network, jobs);
    }

    public ServerConfig withTls(TlsSettings settings) {
        return new ServerConfig(dataDir, bindAddress, port, publicHost, vaultDnsSuffix, settings, network, jobs);
    }

    public ServerConfig withJobs(JobSettings settings) {
        return new ServerConfig(dataDir, bindAddress, port, publicHost, vaultDnsSuffix, tls, network, settings);
    }

    public ServerConfig withNetwork(NetworkSettings settings) {
        return new ServerConfig(dataDir, bindAddress, port, publicHost, vaultDnsSuffix, tls, settings, jobs);
    }
}
