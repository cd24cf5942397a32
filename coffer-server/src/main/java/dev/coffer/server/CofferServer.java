package dev.coffer.server;

import dev.coffer.audit.Audit;
import dev.coffer.auditlog.AuditFile;
import dev.coffer.authz.Authorizer;
import dev.coffer.authz.DirectoryRoles;
import dev.coffer.authz.TenantPolicy;
import dev.coffer.authz.RoleAssignments;
import dev.coffer.barrier.Barrier;
import dev.coffer.barrier.FileRootKey;
import dev.coffer.bootstrap.Installation;
import dev.coffer.core.Dispatcher;
import dev.coffer.directory.Directory;
import dev.coffer.http.BearerAuthenticator;
import dev.coffer.http.CofferHandler;
import dev.coffer.http.DataPlane;
import dev.coffer.http.DataRoute;
import dev.coffer.http.ManagementPlane;
import dev.coffer.http.ManagementRoute;
import dev.coffer.http.ResourceRoutes;
import dev.coffer.http.RoleRoutes;
import dev.coffer.http.Router;
import dev.coffer.http.SecretRoutes;
import dev.coffer.http.ServicePlane;
import dev.coffer.http.TokenEndpoints;
import dev.coffer.http.VaultRoutes;
import dev.coffer.identity.Audiences;
import dev.coffer.identity.Endpoints;
import dev.coffer.identity.SigningKeys;
import dev.coffer.identity.TokenIssuer;
import dev.coffer.identity.TokenValidator;
import dev.coffer.resources.ResourceGroups;
import dev.coffer.resources.Subscriptions;
import dev.coffer.resources.Vaults;
import dev.coffer.secrets.SecretService;
import dev.coffer.store.Store;
import dev.coffer.store.sqlite.SqliteStore;
import dev.coffer.tls.CaRevocationList;
import dev.coffer.tls.CertificateReloader;
import dev.coffer.tls.LocalCertificateAuthority;
import dev.coffer.tls.ServerCertificates;
import dev.coffer.tls.ServerIdentity;
import dev.coffer.tls.TlsPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the object graph in plain code, in dependency order, and starts Jetty.
 * Used by {@code coffer server} and, in-process on a random port, by the end-to-end tests.
 */
public final class CofferServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CofferServer.class);

    private final Server jetty;
    private final Store store;
    private final AuditFile auditFile;
    private final Endpoints endpoints;
    private final int port;
    private final Path dataDir;
    private final Directory directory;

    private CofferServer(Server jetty, Store store, AuditFile auditFile, Endpoints endpoints, int port, Path dataDir,
                         Directory directory) {
        this.directory = directory;
        this.jetty = jetty;
        this.store = store;
        this.auditFile = auditFile;
        this.endpoints = endpoints;
        this.port = port;
        this.dataDir = dataDir;
    }

    public static CofferServer start(ServerConfig config) throws Exception {
        return start(config, dev.coffer.observability.ObservabilityConfig.defaults());
    }

    /** Starts a server with audit copies (stdout, syslog, webhook) and the metrics listener as configured. */
    public static CofferServer start(ServerConfig config, dev.coffer.observability.ObservabilityConfig observe)
            throws Exception {
        return start(config, observe, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #start(ServerConfig, dev.coffer.observability.ObservabilityConfig)}, with the audit log the
     * operations write to passed through {@code auditOfOperations} first. Only the benchmarks use this, to measure
     * what audit costs a request; no command-line option reaches it.
     */
    public static CofferServer start(ServerConfig config, dev.coffer.observability.ObservabilityConfig observe,
                                     java.util.function.UnaryOperator<dev.coffer.audit.AuditSink> auditOfOperations)
            throws Exception {
        long started = System.nanoTime();
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        createPrivateDirectory(dataDir);

        SslContextFactory.Server tls = TlsPolicy.serverContext(config.tls().minimumProtocol());
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("coffer-http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        // Room for large bearer tokens (groups, claims) so they meet the validator's own limit first.
        http.setRequestHeaderSize(32 * 1024);
        // The key SDKs address the latest version as /keys/{name}//encrypt; Exchange.path() collapses the "//".
        http.setUriCompliance(org.eclipse.jetty.http.UriCompliance.DEFAULT.with("coffer",
                org.eclipse.jetty.http.UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(jetty, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        connector.open();
        jetty.addConnector(connector);
        NetworkEdge network = new NetworkEdge(config.network());
        network.addListeners(jetty, tls, http);
        jetty.addBean(CertificateReloader.watching(config.tls(), tls));
        int port = connector.getLocalPort();
        Endpoints endpoints = Endpoints.of(config.publicHost(), port, config.vaultDnsSuffix());
        // The local CA's certificates name where its CRL is served, which takes the port (known only now).
        CaRevocationList revocationList = config.tls().usesLocalCertificateAuthority()
                ? new CaRevocationList(LocalCertificateAuthority.loadOrCreate(
                        dataDir.resolve(ServerCertificates.TLS_DIRECTORY), clock), clock)
                : null;
        ServerIdentity identity = ServerCertificates.resolve(config.tls(), dataDir, config.vaultDnsSuffix(),
                revocationList == null ? null : CaRevocationList.url(endpoints.serviceBase()), clock);
        TlsPolicy.present(tls, identity);

        Path databaseFile = dataDir.resolve("coffer.db");
        Path rootKeyFile = dataDir.resolve("root.key");
        if (Files.exists(databaseFile) && !Files.exists(rootKeyFile)) {
            throw new IllegalStateException("the data dir holds a database but no root.key: refusing to start, "
                    + "because sealed values could not be opened");
        }
        // The root key comes first: a start that fails later must not leave a database without its key behind.
        var rootKey = FileRootKey.loadOrCreate(rootKeyFile, random);
        Store store = SqliteStore.open(databaseFile);
        AuditFile auditFile = new AuditFile(dataDir.resolve("audit"), dev.coffer.auditlog.AuditSigner.loadOrCreate(dataDir),
                dev.coffer.auditlog.AuditLogPolicy.defaults(), clock);
        dev.coffer.observability.Observability observability =
                new dev.coffer.observability.Observability(observe, auditFile, dataDir, store);
        Directory directory;
        dev.coffer.events.Events events = null;
        SigningKeys signingKeysOf;
        IdentityServices identityOf = null;
        try {
            Barrier barrier = Barrier.open(store, rootKey, random, clock);
            directory = new Directory(store, clock, random);
            SigningKeys signingKeys = new SigningKeys(store, barrier, clock, IdentityServices.signingKeyLifetime());
            signingKeysOf = signingKeys;
            Audiences audiences = new Audiences(endpoints);
            TokenIssuer issuer = new TokenIssuer(signingKeys, endpoints, clock);
            TokenValidator validator = new TokenValidator(signingKeys, endpoints, audiences, clock);
            Subscriptions subscriptions = new Subscriptions(store, clock);
            var virtualNetworks = network.virtualNetworks(store, clock);
            Vaults vaults = new Vaults(store, subscriptions, clock, virtualNetworks);
            ResourceGroups groups = new ResourceGroups(store, vaults, clock, virtualNetworks);
            RoleAssignments assignments = new RoleAssignments(store, clock);
            DirectoryRoles directoryRoles = new DirectoryRoles(directory);

            if (Installation.homeTenant(directory).isEmpty()) {
                Installation.FirstStart first = Installation.bootstrap(directory, subscriptions, assignments,
                        directoryRoles);
                boolean localCa = config.tls().certificateFile() == null && config.tls().pkcs12File() == null;
                Path ca = localCa ? dataDir.resolve(ServerCertificates.TLS_DIRECTORY).resolve("ca.pem") : null;
                BootstrapFile.write(dataDir.resolve("bootstrap.json"), first, endpoints, ca);
                first.secret().secretText().destroy();
                LOG.info("first start: wrote the administrator credential to {}", dataDir.resolve("bootstrap.json"));
            }
            String homeTenant = Installation.homeTenant(directory).orElseThrow().tenantId();

            Authorizer authorizer = new Authorizer(assignments, directoryRoles, new TenantPolicy(directory), clock);
            Dispatcher dispatcher = new Dispatcher(authorizer, new Audit(auditOfOperations.apply(auditFile)),
                    clock, observability.metrics());
            identityOf = IdentityServices.create(store, barrier, clock, random, directory, directoryRoles, signingKeys,
                    issuer, validator, audiences, endpoints, homeTenant, dispatcher);
            BearerAuthenticator authenticator = identityOf.authenticator();

            Router<DataRoute> dataRoutes = new Router<>();
            SecretService secretService = new SecretService(store, barrier, clock, random);
            new SecretRoutes(secretService).register(dataRoutes);
            dev.coffer.crypto.Hsm hsm = dev.coffer.crypto.pkcs11.Pkcs11Hsm.fromEnvironment(random);
            if (hsm.available()) {
                observability.micrometer().gauge("coffer.hsm.up", "1 while the PKCS#11 token answers, else 0",
                        () -> hsm.healthy() ? 1 : 0);
            }
            var keyEngines = dev.coffer.keys.KeyEngines.create(store, barrier, clock, random, hsm, dispatcher,
                    dev.coffer.keys.KeyEventSink.LOG, network.keyMeter());
            new dev.coffer.http.KeyRoutes(keyEngines).register(dataRoutes);
            // A purged vault's HSM keys leave objects in the token that only the keys engine can destroy.
            vaults.releaseOnPurge(dev.coffer.store.ObjectKind.KEY, keyEngines.keys()::release);
            var retention = new dev.coffer.jobs.RetentionPurge(store, secretService, keyEngines.keys(), vaults,
                    dispatcher, clock);
            // The background jobs live as long as Jetty does (close() stops Jetty first).
            jetty.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                @Override
                public void lifeCycleStarted(org.eclipse.jetty.util.component.LifeCycle event) {
                    keyEngines.startScheduler(config.jobs().rotationEvery());
                    retention.start(config.jobs().purgeEvery());
                }

                @Override
                public void lifeCycleStopping(org.eclipse.jetty.util.component.LifeCycle event) {
                    retention.close();
                    keyEngines.close();
                }
            });
            DataPlane data = new DataPlane(endpoints, vaults, authenticator, dispatcher, homeTenant, dataRoutes,
                    network.vaultGates(directory, authenticator, dispatcher));

            Router<ManagementRoute> managementRoutes = new Router<>();
            new ResourceRoutes(subscriptions, groups).register(managementRoutes);
            new VaultRoutes(vaults, subscriptions, endpoints).register(managementRoutes);
            new RoleRoutes(assignments, directory, subscriptions, groups, vaults).register(managementRoutes);
            new dev.coffer.observability.AuditEventRoutes(vaults, auditFile).register(managementRoutes);
            events = new dev.coffer.events.Events(dataDir, auditFile, store, vaults,
                    name -> "https://" + name.toLowerCase(java.util.Locale.ROOT) + "."
                            + endpoints.vaultResource().substring("https://".length()),
                    config.publicHost(), clock, observe.eventRetryBase(), observe.expiryScanEvery());
            events.register(managementRoutes);
            ManagementPlane management = new ManagementPlane(endpoints, authenticator, dispatcher, homeTenant,
                    managementRoutes, dev.coffer.identity.Plane.MANAGEMENT, network.managementGate());
            TokenEndpoints tokens = identityOf.tokenEndpoints();
            Router<ManagementRoute> graphRoutes = new Router<>();
            identityOf.registerGraph(graphRoutes);
            network.registerRoutes(managementRoutes, graphRoutes, subscriptions);
            ManagementPlane graph = new ManagementPlane(endpoints, authenticator, dispatcher, homeTenant, graphRoutes,
                    dev.coffer.identity.Plane.GRAPH);
            ServicePlane service = new ServicePlane(tokens, new ServicePlane.MetadataEndpointsFactory(endpoints),
                    management, graph, observability::ready, revocationList == null ? java.util.List.of()
                            // Clients may keep it an hour; the list is valid for a week and re-signed daily.
                            : java.util.List.of(new ServicePlane.PublicDocument(CaRevocationList.PATH,
                                    CaRevocationList.CONTENT_TYPE, 3600, revocationList::der)));

            jetty.setHandler(network.edge(new CofferHandler(config.vaultDnsSuffix(), data, service)));
            jetty.setStopTimeout(5_000);
            jetty.start();
        } catch (Exception | Error e) {
            jetty.stop();
            if (identityOf != null) {
                identityOf.close();
            }
            if (events != null) {
                events.close();
            }
            observability.close();
            auditFile.close();
            store.close();
            throw e;
        }
        LOG.info("Coffer listening on https://{}:{} (service {}, vaults https://<vault>.{}:{}) in {} ms",
                config.bindAddress(), port, endpoints.serviceBase(), config.vaultDnsSuffix(), port,
                (System.nanoTime() - started) / 1_000_000);
        CofferServer server = new CofferServer(jetty, store, auditFile, endpoints, port, dataDir, directory);
        server.observability = observability;
        server.events = events;
        server.signingKeys = signingKeysOf;
        server.identity = identityOf;
        return server;
    }

    private dev.coffer.observability.Observability observability;
    private dev.coffer.events.Events events;
    private SigningKeys signingKeys;
    private IdentityServices identity;

    /** The token-signing keys, for tests that must mint tokens Coffer's own key signed (attack vectors). */
    public SigningKeys signingKeys() {
        return signingKeys;
    }

    /** Metrics, audit sinks and the metrics listener of this server. */
    public dev.coffer.observability.Observability observability() {
        return observability;
    }

    private static void createPrivateDirectory(Path dir) {
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data dir " + dir, e);
        }
    }

    public int port() {
        return port;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The directory, for administration that has no HTTP API yet (creating principals in tests). */
    public Directory directory() {
        return directory;
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
        if (identity != null) {
            identity.close();
        }
        events.close();
        observability.close();
        auditFile.close();
        store.close();
    }
}
