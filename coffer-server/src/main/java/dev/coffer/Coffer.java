package dev.coffer;

import dev.coffer.server.CofferServer;
import dev.coffer.server.ServerConfig;
import dev.coffer.tls.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code coffer} command. */
@Command(name = "coffer", mixinStandardHelpOptions = true, version = "Coffer 0.1.0",
        description = "A self-hosted key vault server with Azure Key Vault's API.",
        subcommands = {Coffer.Serve.class, dev.coffer.auditlog.AuditCommand.class})
public final class Coffer implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Coffer()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code coffer server}: runs the server until interrupted. */
    @Command(name = "server", mixinStandardHelpOptions = true, description = "Start the Coffer server.")
    static final class Serve implements Callable<Integer> {

        @Option(names = "--data-dir", defaultValue = "${env:COFFER_DATA_DIR:-./coffer-data}",
                description = "Where Coffer keeps its database, keys and logs (env COFFER_DATA_DIR; default ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--port", defaultValue = "${env:COFFER_PORT:-8443}",
                description = "HTTPS port (env COFFER_PORT; default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--bind", defaultValue = "${env:COFFER_BIND:-127.0.0.1}",
                description = "Address to listen on (env COFFER_BIND; default ${DEFAULT-VALUE}).")
        String bind;

        @Option(names = "--public-host", defaultValue = "${env:COFFER_PUBLIC_HOST:-localhost}",
                description = "Host name clients use for the token service and management plane (env COFFER_PUBLIC_HOST; default ${DEFAULT-VALUE}).")
        String publicHost;

        @Option(names = "--vault-dns-suffix", defaultValue = "${env:COFFER_VAULT_DNS_SUFFIX:-vault.localhost}",
                description = "Vaults are served at https://{vault}.{suffix} (env COFFER_VAULT_DNS_SUFFIX; default ${DEFAULT-VALUE}).")
        String vaultDnsSuffix;

        @Option(names = "--tls-cert", defaultValue = "${env:COFFER_TLS_CERT}",
                description = "PEM certificate chain (leaf first); with --tls-key. Default: a local CA in the data dir.")
        Path tlsCert;

        @Option(names = "--tls-key", defaultValue = "${env:COFFER_TLS_KEY}", description = "PEM private key for --tls-cert.")
        Path tlsKey;

        @Option(names = "--tls-pkcs12", defaultValue = "${env:COFFER_TLS_PKCS12}", description = "PKCS#12 key store instead of PEM files.")
        Path tlsPkcs12;

        @Option(names = "--tls-pkcs12-password-file", defaultValue = "${env:COFFER_TLS_PKCS12_PASSWORD_FILE}",
                description = "File holding the PKCS#12 password (never on the command line).")
        Path tlsPkcs12PasswordFile;

        @Option(names = "--tls-min-version", defaultValue = "${env:COFFER_TLS_MIN_VERSION:-TLSv1.2}",
                description = "Lowest TLS version accepted: TLSv1.2 or TLSv1.3 (default ${DEFAULT-VALUE}).")
        String tlsMinVersion;

        @Option(names = "--purge-every", defaultValue = "${env:COFFER_PURGE_EVERY:-PT10M}",
                description = "How often deleted objects and vaults past their purge date are purged, ISO-8601 "
                        + "(env COFFER_PURGE_EVERY; default ${DEFAULT-VALUE}).")
        java.time.Duration purgeEvery;

        @Option(names = "--rotation-check-every", defaultValue = "${env:COFFER_ROTATION_CHECK_EVERY:-PT1M}",
                description = "How often key rotation policies are carried out, ISO-8601 "
                        + "(env COFFER_ROTATION_CHECK_EVERY; default ${DEFAULT-VALUE}).")
        java.time.Duration rotationCheckEvery;

        @picocli.CommandLine.Mixin
        NetworkOptions network;

        @picocli.CommandLine.Mixin
        dev.coffer.observability.ObservabilityOptions observe;

        @Override
        public Integer call() throws Exception {
            char[] password = tlsPkcs12PasswordFile == null ? null
                    : Files.readString(tlsPkcs12PasswordFile).strip().toCharArray();
            ServerConfig config = network.applyTo(new ServerConfig(dataDir, bind, port, publicHost, vaultDnsSuffix,
                    new TlsSettings(tlsCert, tlsKey, tlsPkcs12, password, tlsMinVersion)))
                    .withJobs(new dev.coffer.server.JobSettings(purgeEvery, rotationCheckEvery));
            CofferServer server;
            try {
                server = CofferServer.start(config, observe.toConfig());
            } catch (Exception e) {
                // A user who starts the server needs the reason (port in use, unreadable file, …), not a trace.
                System.err.println("coffer: cannot start: " + reasons(e));
                return 1;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    // shutting down: nothing more to do
                }
            }));
            server.join();
            return 0;
        }

        /** The messages of an exception and its causes, each once, joined as one line. */
        static String reasons(Throwable e) {
            java.util.LinkedHashSet<String> parts = new java.util.LinkedHashSet<>();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getMessage() != null && !t.getMessage().isBlank()) {
                    parts.add(t.getMessage().strip());
                }
            }
            return parts.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", parts);
        }
    }
}
